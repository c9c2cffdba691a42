"""Export the planning template (the same sheets and columns the importer reads): a lossless round trip."""
import io

from openpyxl import Workbook

from genderseal.reports.spreadsheets import text_row
from genderseal.thai.dates import MONTHS_TH_SHORT, fiscal_year

from .models import Indicator, IndicatorTarget, PeriodReport, Value
from .template import SHEETS


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def rows(membership, fy=None):
    """{sheet: iterator of rows} for the member's institution (values of one fiscal year when given)."""
    indicators = Indicator.objects.for_member(membership)
    if fy:
        indicators = indicators.filter(first_fy__lte=fy, last_fy__gte=fy)

    def indicator_rows():
        for i in indicators.select_related("owner_unit", "project").prefetch_related("categories").order_by("code"):
            yield (i.code, i.title_th, i.title_en, i.project.code if i.project else None, i.owner_unit.code,
                   i.unit_of_measure, i.kind, i.direction, i.aggregation, i.frequency, _number(i.baseline),
                   i.first_fy, i.last_fy, "yes" if i.by_sex else "no",
                   ",".join(c.code for c in i.categories.all()) or None)

    def target_rows():
        for code, year, quarter, value in IndicatorTarget.objects.filter(indicator__in=indicators).order_by(
                "indicator__code", "fiscal_year", "quarter").values_list(
                "indicator__code", "fiscal_year", "quarter", "value"):
            yield code, year, quarter or None, _number(value)

    # Periods (and so their values) through the periods' own restriction: an assessor's export holds only
    # approved periods, as their pages and the API show.
    periods = PeriodReport.objects.for_member(membership).filter(indicator__in=indicators)

    def value_rows():
        values = Value.objects.filter(report__in=periods)
        if fy:
            from genderseal.thai.dates import FiscalYear

            values = values.filter(report__period__gte=FiscalYear(fy).start, report__period__lte=FiscalYear(fy).end)
        for code, frequency, period, key, number in values.order_by(
                "report__indicator__code", "report__period", "option_key").values_list(
                "report__indicator__code", "report__indicator__frequency", "report__period", "option_key",
                "number").iterator(chunk_size=5000):
            year = fiscal_year(period)
            if frequency == "quarterly":
                yield code, year.be, None, year.quarter_of(period), key, _number(number)
            else:
                yield code, year.be, MONTHS_TH_SHORT[period.month - 1], None, key, _number(number)

    def report_rows():
        reports = periods
        if fy:
            from genderseal.thai.dates import FiscalYear

            reports = reports.filter(period__gte=FiscalYear(fy).start, period__lte=FiscalYear(fy).end)
        for code, frequency, period, progress, narrative in reports.order_by(
                "indicator__code", "period").values_list(
                "indicator__code", "indicator__frequency", "period", "progress_percent",
                "narrative").iterator(chunk_size=5000):
            year = fiscal_year(period)
            month, quarter = ((None, year.quarter_of(period)) if frequency == "quarterly"
                              else (MONTHS_TH_SHORT[period.month - 1], None))
            yield code, year.be, month, quarter, _number(progress), narrative or None

    return {"indicators": indicator_rows(), "targets": target_rows(), "values": value_rows(),
            "reports": report_rows()}


def export_xlsx(membership, fy=None):
    workbook = Workbook(write_only=True)
    for name, data in rows(membership, fy).items():
        sheet = workbook.create_sheet(name)
        sheet.append(SHEETS[name])
        for row in data:
            sheet.append(text_row(sheet, row))  # titles and narratives are never formulas
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
