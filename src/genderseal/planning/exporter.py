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


def _in_year(queryset, prefix, fy):
    """The rows of fiscal year `fy` (all when None), by the period found at `prefix`."""
    if not fy:
        return queryset
    from genderseal.thai.dates import FiscalYear

    return queryset.filter(**{f"{prefix}__gte": FiscalYear(fy).start, f"{prefix}__lte": FiscalYear(fy).end})


def _indicator_rows(indicators):
    for i in indicators.select_related("owner_unit", "project").prefetch_related("categories").order_by("code"):
        yield (i.code, i.title_th, i.title_en, i.project.code if i.project else None, i.owner_unit.code,
               i.unit_of_measure, i.kind, i.direction, i.aggregation, i.frequency, _number(i.baseline),
               i.first_fy, i.last_fy, "yes" if i.by_sex else "no",
               ",".join(c.code for c in i.categories.all()) or None)


def _target_rows(indicators):
    for code, year, quarter, value in IndicatorTarget.objects.filter(indicator__in=indicators).order_by(
            "indicator__code", "fiscal_year", "quarter").values_list(
            "indicator__code", "fiscal_year", "quarter", "value"):
        yield code, year, quarter or None, _number(value)


def _month_and_quarter(frequency, period):
    year = fiscal_year(period)
    if frequency == "quarterly":
        return year, None, year.quarter_of(period)
    return year, MONTHS_TH_SHORT[period.month - 1], None


def _value_rows(periods, fy):
    values = _in_year(Value.objects.filter(report__in=periods), "report__period", fy)
    for code, frequency, period, key, number in values.order_by(
            "report__indicator__code", "report__period", "option_key").values_list(
            "report__indicator__code", "report__indicator__frequency", "report__period", "option_key",
            "number").iterator(chunk_size=5000):
        year, month, quarter = _month_and_quarter(frequency, period)
        yield code, year.be, month, quarter, key, _number(number)


def _report_rows(periods, fy):
    reports = _in_year(periods, "period", fy)
    for code, frequency, period, progress, narrative in reports.order_by(
            "indicator__code", "period").values_list(
            "indicator__code", "indicator__frequency", "period", "progress_percent",
            "narrative").iterator(chunk_size=5000):
        year, month, quarter = _month_and_quarter(frequency, period)
        yield code, year.be, month, quarter, _number(progress), narrative or None


def rows(membership, fy=None):
    """{sheet: iterator of rows} for the member's institution (values of one fiscal year when given)."""
    indicators = Indicator.objects.for_member(membership)
    if fy:
        indicators = indicators.filter(first_fy__lte=fy, last_fy__gte=fy)
    # Periods (and so their values) through the periods' own restriction: an assessor's export holds only
    # approved periods, as their pages and the API show.
    periods = PeriodReport.objects.for_member(membership).filter(indicator__in=indicators)
    return {"indicators": _indicator_rows(indicators), "targets": _target_rows(indicators),
            "values": _value_rows(periods, fy), "reports": _report_rows(periods, fy)}


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
