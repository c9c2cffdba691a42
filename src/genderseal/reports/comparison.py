"""The comparison of two rounds of one institution: level, credit, per-dimension change, benchmarks that moved.

The figures come from `assessments.services.summarize_rounds` and `standards.rules.compare`, as on the
round comparison page; this module only shapes them for the PDF and Word files.
"""
import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.assessments import services
from genderseal.standards import rules
from genderseal.standards.models import Benchmark, Dimension, Level, ResultOption

from . import charts, document_parts
from .readiness import _credit
from .typography import Style


@dataclass
class Side:
    number: str
    title: str
    date: str
    level: str
    credit: str
    applicable: str
    percent: str


@dataclass
class DimensionRow:
    code: str
    title: str
    before: float
    after: float
    before_label: str
    after_label: str
    delta: str
    direction: str  # up, down, same

    @property
    def svg(self):
        return charts.pair_svg(self.before, self.after)


@dataclass
class ChangeRow:
    code: str
    title: str
    before: str
    after: str
    change: str  # improved, worsened, changed
    label: str


@dataclass
class ComparisonReport:
    style: Style
    institution: str
    issued: str
    before: Side
    after: Side
    dimensions: list[DimensionRow]
    changes: list[ChangeRow]
    unchanged: str  # how many benchmarks kept their result, in the document's digits


def _labels():
    return {"improved": _("Improved"), "worsened": _("Worsened"), "changed": _("Changed, same credit")}


def build(membership, round, other, style: Style, today: date | None = None) -> ComparisonReport:
    """`other` is the earlier round the report compares `round` against (both already scoped)."""
    today = today or timezone.localdate()
    old, new = services.summarize_rounds([other, round])
    benchmarks, dimensions = rules.compare(old.summary, new.summary, old.results, new.results)
    framework = round.framework
    levels = {lv.code: lv.t("label") for lv in Level.objects.filter(framework=framework)}
    titles = {b.code: b.t("title") for b in Benchmark.objects.filter(framework=framework)}
    dim_titles = {d.code: d.t("title") for d in Dimension.objects.filter(framework=framework)}
    options = {o.code: o.t("label") for o in ResultOption.objects.filter(framework=framework)}

    def side(summary):
        s = summary.summary
        return Side(style.number(summary.round.number), summary.round.title, style.date(summary.round.date),
                    levels.get(s.level, s.level or "") if s.level else "", style.number(_credit(s.total.credit)),
                    style.number(s.total.applicable), style.percent(s.total.percent))

    rows = []
    for d in dimensions:
        delta = float(d.delta)
        sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
        rows.append(DimensionRow(d.code, dim_titles.get(d.code, d.code), float(d.before.percent),
                                 float(d.after.percent), style.percent(d.before.percent),
                                 style.percent(d.after.percent), sign + style.number(f"{abs(delta):.1f}"),
                                 "up" if delta > 0 else "down" if delta < 0 else "same"))
    labels = _labels()
    changes = [
        ChangeRow(c.code, titles.get(c.code, c.code), options.get(c.before, c.before or "–"),
                  options.get(c.after, c.after or "–"), c.change, labels[c.change])
        for c in benchmarks if c.change != "same"
    ]
    return ComparisonReport(style, membership.institution.t("name"), style.date(today), side(old), side(new), rows,
                            changes, style.number(len(benchmarks) - len(changes)))


def comparison_cover(report):
    before, after = report.before, report.after
    return document_parts.cover(report.style, report.institution, _("Comparison of two rounds"), [
        f"{_('Round')} {after.number}: {after.title}", f"{_('compared with round')} {before.number}: {before.title}",
    ], issued=report.issued)


def comparison_html(report) -> str:
    return render_to_string("reports/comparison.html", document_parts.html_context(
        report=report, cover=comparison_cover(report)))


def comparison_pdf(report) -> bytes:
    return document_parts.pdf_from_html(comparison_html(report), report.style.names)


def comparison_docx(report) -> bytes:
    from docx.shared import Cm

    style, before, after = report.style, report.before, report.after
    document = document_parts.new_document()
    document_parts.add_cover(document, style, comparison_cover(report))

    document.add_heading(_("Summary"), level=2)
    table = document_parts.add_table(document, ["", f"{_('Round')} {before.number}", f"{_('Round')} {after.number}"])
    document_parts.add_row(table, [_("Round date"), before.date or "–", after.date or "–"])
    document_parts.add_row(table, [_("Level reached"), before.level or _("No level yet"), after.level or _("No level yet")])
    document_parts.add_row(table, [_("Credit"), f"{before.credit} / {before.applicable}", f"{after.credit} / {after.applicable}"])
    document_parts.add_row(table, [_("Percent"), before.percent, after.percent])
    document_parts.set_widths(table, [Cm(5), Cm(5.5), Cm(5.5)])

    document.add_heading(_("Results by dimension"), level=2)
    document.add_paragraph(_("Upper bar: round %(before)s (grey); lower bar: round %(after)s (blue).")
                           % {"before": before.number, "after": after.number})
    chart = document_parts.add_table(document, [_("Dimension"), "", f"{_('Round')} {before.number}",
                                        f"{_('Round')} {after.number}", _("Change (points)")])
    for row in report.dimensions:
        cells = chart.add_row().cells
        cells[0].text = f"{row.code} {row.title}"
        cells[1].paragraphs[0].add_run().add_picture(io.BytesIO(charts.pair_png(row.before, row.after)),
                                                     width=Cm(5))
        cells[2].text, cells[3].text, cells[4].text = row.before_label, row.after_label, row.delta
    document_parts.set_widths(chart, [Cm(4.5), Cm(5.4), Cm(2), Cm(2), Cm(2.4)])

    document.add_heading(_("Benchmarks whose result changed"), level=2)
    if report.changes:
        table = document_parts.add_table(document, [_("Code"), _("Benchmark"), f"{_('Round')} {before.number}",
                                            f"{_('Round')} {after.number}", _("Change")])
        for c in report.changes:
            document_parts.add_row(table, [c.code, c.title, c.before, c.after, c.label])
        document_parts.set_widths(table, [Cm(1.6), Cm(7.2), Cm(2.6), Cm(2.6), Cm(2.4)])
    else:
        document.add_paragraph(_("No benchmark changed its result."))
    document.add_paragraph(_("%(n)s benchmarks kept the same result.") % {"n": report.unchanged})
    return document_parts.finish(document, style.names)
