"""The action-plan progress report of a fiscal year, to the end of a quarter (or the whole year).

Per indicator: the year's target (and the quarter's, when set), the actual from received reports up to
the quarter's end, the achievement and the split by sex (women / men / other, as the planning models hold
them); per unit: the reporting rate. Every figure comes from `planning.queries` and `planning.rules`
(the dashboard's own functions); this module only picks the window and shapes the rows.
"""
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.core.models import OrgUnit
from genderseal.planning import presenters, queries
from genderseal.planning.models import Indicator, IndicatorTarget, PlanningRule
from genderseal.planning.rules import SEX_OPTIONS
from genderseal.thai.dates import FiscalYear
from genderseal.thai.periods import MONTHLY, QUARTERLY, deadline, period_end, periods

from . import charts, document_parts
from .typography import Style


@dataclass(frozen=True)
class YearToDate(FiscalYear):
    """A fiscal year cut at `until`: `planning.queries.indicator_figures` reads values up to `end`."""

    until: date | None = None

    @property
    def end(self) -> date:
        return self.until or FiscalYear(self.be).end


@dataclass
class IndicatorRow:
    code: str
    title: str
    unit: str
    measure: str
    target: str
    quarter_target: str
    actual: str
    achievement: str
    achievement_pct: float | None
    by_sex: bool
    women: str
    men: str
    other: str
    shares: list  # [(percent, colour)] for the stacked bar
    share_labels: str

    @property
    def achievement_svg(self):
        return charts.bar_svg(min(self.achievement_pct or 0.0, 100.0), width=300, height=14)

    @property
    def sex_svg(self):
        return charts.stacked_svg(self.shares, width=300, height=14)


@dataclass
class UnitRate:
    unit: str
    expected: str
    received: str
    on_time: str
    rate: str
    on_time_rate: str
    rate_pct: float

    @property
    def svg(self):
        return charts.bar_svg(self.rate_pct, width=200, height=12)


@dataclass
class ProgressReport:
    style: Style
    institution: str
    issued: str
    fiscal_year: str
    quarter: int
    quarter_label: str
    until: str
    indicators: list[IndicatorRow]
    units: list[UnitRate]
    total: UnitRate | None
    prepared_by: str = ""  # who asked for it: the name under "Prepared by"


def window(be: int, quarter: int) -> YearToDate:
    fy = FiscalYear(be)
    if not quarter:
        return YearToDate(be, fy.end)
    return YearToDate(be, period_end(periods(fy, QUARTERLY)[quarter - 1], QUARTERLY))


def _num(style, value):
    """'1,250' or '12.5' (no trailing zeros), in the document's digits; '–' for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
    return style.number(text)


def _rate(style, name, tally):
    return UnitRate(name, style.number(tally.expected), style.number(tally.received), style.number(tally.on_time),
                    style.percent(tally.rate) if tally.rate is not None else "–",
                    style.percent(tally.on_time_rate) if tally.on_time_rate is not None else "–",
                    float(tally.rate or 0))


def build(membership, be: int, quarter: int, style: Style, today: date | None = None) -> ProgressReport:
    today = today or timezone.localdate()
    span = window(be, quarter)
    figures = queries.indicator_figures(membership, span)
    meta = {pk: (measure, by_sex) for pk, measure, by_sex in Indicator.objects.for_member(membership).filter(
        pk__in=[f.pk for f in figures]).values_list("pk", "unit_of_measure", "by_sex")}
    quarter_targets = {}
    if quarter:
        quarter_targets = dict(IndicatorTarget.objects.for_member(membership).filter(
            indicator__in=[f.pk for f in figures], fiscal_year=be, quarter=quarter).values_list("indicator_id", "value"))
    units = {u.pk: str(u) for u in OrgUnit.objects.for_member(membership)}
    rows = []
    for f in figures:
        measure, by_sex = meta.get(f.pk, ("", False))
        split = f.split
        shares = [(split.share(o), charts.SEX_COLOURS[o]) for o in SEX_OPTIONS] if split.total else []
        labels = " · ".join(f"{name} {style.percent(split.share(o))}" for o, name in zip(SEX_OPTIONS, _sex_names()))
        rows.append(IndicatorRow(
            f.code, f.title, units.get(f.unit_id, ""), measure, _num(style, f.target),
            _num(style, quarter_targets.get(f.pk)), _num(style, f.actual),
            style.percent(f.progress) if f.progress is not None else "–", f.progress, by_sex and bool(split.total),
            _num(style, split.female), _num(style, split.male), _num(style, split.other), shares,
            labels if split.total else ""))
    # Reporting rates: periods whose deadline has passed by the quarter's end (and by today).
    rule = PlanningRule.for_institution(membership.institution_id)
    last_month = periods(FiscalYear(be), MONTHLY)[(quarter or 4) * 3 - 1]
    cutoff = min(today, deadline(last_month, MONTHLY, rule.deadline_days) + timedelta(days=1))
    unit_rows = queries.reporting(membership, FiscalYear(be), cutoff, rule)
    rates = [_rate(style, str(r.unit), r.tally) for r in unit_rows]
    total = _rate(style, _("All units"), presenters.total_tally(unit_rows)) if unit_rows else None
    return ProgressReport(style, membership.institution.t("name"), style.date(today), style.number(be), quarter,
                          (_("Quarter %(q)s") % {"q": style.number(quarter)}) if quarter else _("Whole year"),
                          style.date(span.end), rows, rates, total, document_parts.person(membership.user))


def _sex_names():
    return (_("Women"), _("Men"), _("Other or not stated"))


def progress_cover(report):
    return document_parts.cover(report.style, report.institution, _("Action-plan progress report"), [
        f"{_('Fiscal year')} {report.fiscal_year} · {report.quarter_label}",
    ], [(_("Figures up to"), report.until)], issued=report.issued)


def progress_html(report) -> str:
    return render_to_string("reports/progress.html", document_parts.html_context(
        report=report, sexes=list(zip(_sex_names(), [charts._hex(charts.SEX_COLOURS[o]) for o in SEX_OPTIONS])),
        cover=progress_cover(report), signatures=document_parts.report_signatures(report.prepared_by)))


def progress_pdf(report) -> bytes:
    return document_parts.pdf_from_html(progress_html(report), report.style.names)


def progress_docx(report) -> bytes:
    from docx.shared import Cm

    document = document_parts.new_document()
    document_parts.add_cover(document, report.style, progress_cover(report))

    document.add_heading(_("Indicators"), level=2)
    if report.indicators:
        headers = [_("Indicator"), _("Target"), _("Actual"), _("Achievement"), _("Women"), _("Men"), _("Other")]
        table = document_parts.add_table(document, headers)
        for row in report.indicators:
            target = row.target + (f" ({_('quarter')}: {row.quarter_target})" if row.quarter_target != "–" else "")
            cells = table.add_row().cells
            values = [f"{row.code} {row.title} ({row.measure}) · {row.unit}", target, row.actual]
            for cell, value in zip(cells, values):
                cell.text = value
            cells[3].text = row.achievement
            if row.achievement_pct is not None:
                cells[3].add_paragraph().add_run().add_picture(
                    io.BytesIO(charts.bar_png(min(row.achievement_pct, 100.0), width=120, height=10)), width=Cm(1.8))
            for cell, value in zip(cells[4:], (row.women, row.men, row.other)):
                cell.text = value if row.by_sex else "–"
            if row.by_sex:
                notes = table.add_row().cells
                merged = notes[0].merge(notes[-1])
                merged.text = ""
                run = merged.paragraphs[0].add_run()
                run.add_picture(io.BytesIO(charts.stacked_png(row.shares, width=300, height=10)), width=Cm(6))
                merged.paragraphs[0].add_run(f"  {row.share_labels}")
        document_parts.set_widths(table, [Cm(6), Cm(2), Cm(1.8), Cm(2), Cm(1.6), Cm(1.6), Cm(1.5)])
    else:
        document.add_paragraph(_("No indicator in this fiscal year."))

    document.add_heading(_("Reporting rate of units"), level=2)
    if report.units:
        table = document_parts.add_table(document, [_("Unit"), _("Expected"), _("Received"), _("On time"), _("Rate"),
                                            _("On-time rate")])
        for rate in report.units + [report.total]:
            document_parts.add_row(table, [rate.unit, rate.expected, rate.received, rate.on_time, rate.rate,
                                       rate.on_time_rate])
        document_parts.set_widths(table, [Cm(6), Cm(2), Cm(2), Cm(2), Cm(2), Cm(2.4)])
    else:
        document.add_paragraph(_("No report was due yet."))
    document_parts.add_signatures(document, document_parts.report_signatures(report.prepared_by))
    return document_parts.finish(document, report.style.names)
