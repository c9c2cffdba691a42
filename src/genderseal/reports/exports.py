"""XLSX exports of evidence, action items, indicators and their values: scoped, cells through `put`.

Every row is read through the member's scope (`for_member`), so an export holds what its requester's
role sees; text that a spreadsheet would read as a formula is written as text (spreadsheets.put).
"""
import io
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.evidence.models import Evidence, EvidenceRevision
from genderseal.organisation.models import ActionItem
from genderseal.planning import queries, rules
from genderseal.planning.models import Indicator, PeriodReport, Value
from genderseal.thai.dates import FiscalYear
from genderseal.thai.periods import period_label

from .spreadsheets import write_table


def _workbook():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _sheet(workbook, title, headers, rows, widths=()):
    sheet = workbook.create_sheet(str(title)[:31])
    write_table(sheet, headers, rows)
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    return sheet


def _save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _local(moment):
    """Excel has no time zones: local wall time, naive."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def evidence_xlsx(membership, step=lambda percent: None) -> bytes:
    items = list(Evidence.objects.for_member(membership).select_related("owner_unit")
                 .prefetch_related("links__benchmark").order_by("pk"))
    step(30)
    revisions = defaultdict(list)
    for r in (EvidenceRevision.objects.for_member(membership).filter(evidence__in=[e.pk for e in items])
              .order_by("evidence_id", "number").iterator(chunk_size=2000)):
        revisions[r.evidence_id].append(r)
    step(60)
    workbook = _workbook()
    rows = []
    for e in items:
        revs = revisions.get(e.pk, [])
        rows.append([
            e.pk, e.title_th, e.title_en, e.get_kind_display(), e.owner_unit.code if e.owner_unit_id else "",
            str(e.owner_unit or ""), e.get_status_display(), e.evidence_date, e.expires_on, e.tags,
            ", ".join(sorted({link.benchmark.code for link in e.links.all()})),
            revs[-1].number if revs else None,
            "; ".join(f"{r.number}: {r.sha256}" for r in revs if r.sha256),
            _local(e.deleted_at),
        ])
    _sheet(workbook, _("Evidence"), [
        _("ID"), _("Title (Thai)"), _("Title (English)"), _("Kind"), _("Owner unit code"), _("Owner unit"),
        _("Status"), _("Date of the evidence"), _("Expires on"), _("Tags"), _("Linked benchmarks"),
        _("Latest revision"), _("Revision hashes (sha256)"), _("Deleted on"),
    ], rows, (8, 50, 40, 14, 12, 30, 14, 14, 14, 24, 24, 10, 70, 16))
    _sheet(workbook, _("Revisions"), [
        _("Evidence ID"), _("Evidence"), _("Revision"), _("File name"), _("Link"), "sha256", _("Size (bytes)"),
        _("Content type"), _("Added on"),
    ], ([e.pk, e.title_th, r.number, r.original_name, r.url, r.sha256, r.size or None, r.content_type,
         _local(r.created_at)] for e in items for r in revisions.get(e.pk, [])), (10, 50, 9, 40, 40, 66, 12, 24, 18))
    return _save(workbook)


def action_items_xlsx(membership, step=lambda percent: None) -> bytes:
    items = (ActionItem.objects.for_member(membership)
             .select_related("owner_unit", "result__benchmark", "result__round")
             .annotate(evidence_count=Count("evidence")).order_by("number"))
    workbook = _workbook()
    rows = ([
        a.number, a.title, a.description, a.result.round.number if a.result_id else None,
        a.result.benchmark.code if a.result_id else "", a.owner_unit.code, str(a.owner_unit), a.due_on,
        a.get_status_display(), a.progress_note, a.drop_reason, _local(a.created_at), _local(a.closed_at),
        a.evidence_count,
    ] for a in items)
    _sheet(workbook, _("Action items"), [
        _("No."), _("Title"), _("Description"), _("Round"), _("Benchmark"), _("Owner unit code"), _("Owner unit"),
        _("Due date"), _("Status"), _("Progress note"), _("Reason for dropping"), _("Created"), _("Closed"),
        _("Evidence items"),
    ], rows, (6, 50, 50, 7, 10, 12, 30, 12, 14, 40, 30, 18, 18, 10))
    step(80)
    return _save(workbook)


def indicators_xlsx(membership, be: int, language="th", step=lambda percent: None) -> bytes:
    fy = FiscalYear(be)
    indicators = list(Indicator.objects.for_member(membership).filter(first_fy__lte=be, last_fy__gte=be)
                      .select_related("owner_unit", "project").order_by("code"))
    figures = {f.pk: f for f in queries.indicator_figures(membership, fy)}
    step(30)
    workbook = _workbook()
    rows = []
    for i in indicators:
        f = figures.get(i.pk)
        split = f.split if f else rules.SexSplit()
        rows.append([
            i.code, i.title_th, i.title_en, i.project.code if i.project_id else "", i.owner_unit.code,
            i.unit_of_measure, i.get_kind_display(), i.get_direction_display(), i.get_aggregation_display(),
            i.get_frequency_display(), _number(i.baseline), _("yes") if i.by_sex else _("no"),
            _number(f.target) if f else None, _number(f.actual) if f and f.actual is not None else None,
            f.progress if f else None,
            _number(split.female) if split.total else None, _number(split.male) if split.total else None,
            _number(split.other) if split.total else None,
        ])
    _sheet(workbook, _("Indicators"), [
        _("Code"), _("Title (Thai)"), _("Title (English)"), _("Project"), _("Owner unit"), _("Unit of measure"),
        _("Kind of number"), _("Direction"), _("Yearly figure"), _("Reporting frequency"), _("Baseline"),
        _("Split by sex"), _("Target (FY %(fy)s)") % {"fy": be}, _("Actual"), _("Achievement (%)"), _("Women"),
        _("Men"), _("Other"),
    ], rows, (12, 50, 40, 10, 12, 12, 12, 10, 14, 12, 10, 8, 12, 12, 12, 10, 10, 10))
    reports = (PeriodReport.objects.for_member(membership)
               .filter(indicator__in=[i.pk for i in indicators], period__gte=fy.start, period__lte=fy.end))
    values = defaultdict(dict)
    for report_id, key, number in Value.objects.filter(report__in=reports).values_list("report_id", "option_key",
                                                                                       "number"):
        values[report_id][key] = number
    step(60)
    periods = list(reports.select_related("indicator").order_by("indicator__code", "period"))
    period_rows, value_rows = [], []
    for r in periods:
        label = period_label(r.period, r.indicator.frequency, language)
        own = values.get(r.pk, {})
        split = rules.split_by_sex(own)
        period_rows.append([r.indicator.code, r.period, label, r.get_status_display(),
                            _number(rules.total(own)) if own else None,
                            *(_number(getattr(split, o)) if r.indicator.by_sex and own else None
                              for o in rules.SEX_OPTIONS), r.narrative])
        value_rows.extend([r.indicator.code, r.period, label, r.get_status_display(), key, _number(number)]
                          for key, number in sorted(own.items()))
    _sheet(workbook, _("Periods"), [
        _("Indicator"), _("Period"), _("Period name"), _("Status"), _("Total"), _("Women"), _("Men"), _("Other"),
        _("Narrative"),
    ], period_rows, (12, 12, 16, 12, 10, 10, 10, 10, 60))
    _sheet(workbook, _("Values"), [
        _("Indicator"), _("Period"), _("Period name"), _("Status"), _("Disaggregation option"), _("Value"),
    ], value_rows, (12, 12, 16, 12, 24, 10))
    return _save(workbook)
