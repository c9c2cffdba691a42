"""Server-drawn charts for the public page: dimension bars (reports.charts.bar_svg) and sex-split bars."""
from types import SimpleNamespace
from xml.sax.saxutils import quoteattr

from django.utils.safestring import mark_safe

from genderseal.reports.charts import bar_svg

SEX_COLOURS = {"female": "#8e24aa", "male": "#1e88e5", "other": "#9e9e9e"}


def dimension_bar(percent, thresholds):
    """The dimension's share of applicable credit, with a tick at each level threshold."""
    markers = [SimpleNamespace(percent=t["min_percent"], label=t["label"]) for t in thresholds]
    return mark_safe(bar_svg(percent or 0, markers, width=420, height=18))


def sex_bar(female, male, other, labels, width=240, height=14):
    """One stacked bar: women, men, other or not stated; `labels` names each part for the tooltip."""
    values = {"female": float(female or 0), "male": float(male or 0), "other": float(other or 0)}
    total = sum(values.values())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
             f'aria-label={quoteattr(", ".join(f"{labels[k]} {values[k]:g}" for k in values))}>',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eceff3"/>']
    x = 0.0
    if total:
        for key, value in values.items():
            w = width * value / total
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{SEX_COLOURS[key]}">'
                             f"<title>{quoteattr(labels[key])[1:-1]} {value:g}</title></rect>")
            x += w
    parts.append("</svg>")
    return mark_safe("".join(parts))
