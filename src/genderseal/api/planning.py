"""Plans, projects, indicators, period values (bulk write for other systems) and reporting rates."""
from datetime import date

from django.db import transaction
from django.utils import timezone
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from genderseal.core.scoping import get_scoped, membership_for
from genderseal.planning import queries, services
from genderseal.planning.models import Indicator, PeriodReport, Plan, Project
from genderseal.thai.dates import FiscalYear, fiscal_year

from .schemas import ErrorOut

router = Router(tags=["planning"])


class PlanOut(Schema):
    code: str
    title_th: str
    title_en: str
    first_fy: int
    last_fy: int


class ProjectOut(Schema):
    code: str
    title_th: str
    title_en: str
    owner_unit: str
    first_fy: int
    last_fy: int
    budget: float | None
    gender_marker: str
    strategic_area: str | None
    sdg_targets: list[str]
    benchmarks: list[str]


class IndicatorOut(Schema):
    code: str
    title_th: str
    title_en: str
    owner_unit: str
    project: str | None
    unit_of_measure: str
    frequency: str
    direction: str
    options: list[str]


class ReportIn(Schema):
    indicator: str
    period: date  # first day of the month or fiscal quarter
    values: dict[str, str | float | int]
    narrative: str | None = None
    submit: bool = False


class ReportOut(Schema):
    indicator: str
    period: date
    status: str
    version: int
    values: dict[str, float]
    total: float


class BulkIn(Schema):
    reports: list[ReportIn]


class BulkOut(Schema):
    saved: int


class BulkError(Schema):
    detail: str
    errors: list[dict]


class RateOut(Schema):
    unit: str
    expected: int
    received: int
    on_time: int
    rate: float | None
    on_time_rate: float | None
    points_lost: float


def _report_out(r):
    values = {v.option_key: float(v.number) for v in r.values.all()}
    return {"indicator": r.indicator.code, "period": r.period, "status": r.status, "version": r.version,
            "values": values, "total": sum(values.values())}


@router.get("/institutions/{slug}/plans", response=list[PlanOut])
def list_plans(request, slug: str):
    return list(Plan.objects.for_member(membership_for(request.user, slug)))


def fiscal_year_query():
    """A fiscal year in Buddhist Era; bounded, so a huge number is a 422, not a date overflow."""
    return Query(None, ge=2400, le=2800, description="fiscal year (Buddhist Era)")


@router.get("/institutions/{slug}/projects", response=list[ProjectOut])
def list_projects(request, slug: str, fy: int | None = fiscal_year_query()):
    rows = (Project.objects.for_member(membership_for(request.user, slug))
            .select_related("owner_unit", "strategic_area").prefetch_related("sdg_targets", "benchmarks"))
    if fy:
        rows = rows.filter(first_fy__lte=fy, last_fy__gte=fy)
    return [{"code": p.code, "title_th": p.title_th, "title_en": p.title_en, "owner_unit": p.owner_unit.code,
             "first_fy": p.first_fy, "last_fy": p.last_fy, "budget": float(p.budget) if p.budget is not None else None,
             "gender_marker": p.gender_marker, "strategic_area": p.strategic_area.code if p.strategic_area else None,
             "sdg_targets": [s.code for s in p.sdg_targets.all()], "benchmarks": [b.code for b in p.benchmarks.all()]}
            for p in rows]


@router.get("/institutions/{slug}/indicators", response=list[IndicatorOut])
def list_indicators(request, slug: str):
    rows = (Indicator.objects.for_member(membership_for(request.user, slug))
            .select_related("owner_unit", "project").prefetch_related("categories__options"))
    return [{"code": i.code, "title_th": i.title_th, "title_en": i.title_en, "owner_unit": i.owner_unit.code,
             "project": i.project.code if i.project else None, "unit_of_measure": i.unit_of_measure,
             "frequency": i.frequency, "direction": i.direction, "options": i.option_keys(list(i.categories.all()))}
            for i in rows]


@router.get("/institutions/{slug}/indicators/{code}/reports", response={200: list[ReportOut], 404: ErrorOut})
def list_reports(request, slug: str, code: str, fy: int | None = fiscal_year_query()):
    membership = membership_for(request.user, slug)
    indicator = get_scoped(Indicator.objects.all(), membership, code=code)
    rows = PeriodReport.objects.for_member(membership).filter(indicator=indicator).select_related(
        "indicator").prefetch_related("values")
    if fy:
        rows = rows.filter(period__gte=FiscalYear(fy).start, period__lte=FiscalYear(fy).end)
    return [_report_out(r) for r in rows]


@router.post("/institutions/{slug}/reports", response={200: BulkOut, 400: BulkError, 403: ErrorOut, 404: ErrorOut,
                                                       409: BulkError})
def write_reports(request, slug: str, payload: BulkIn):
    """Write many periods' values at once: all or nothing, every bad report named by its index."""
    membership = membership_for(request.user, slug)
    codes = {r.indicator for r in payload.reports}
    indicators = {i.code: i for i in Indicator.objects.for_member(membership).filter(code__in=codes)
                  .prefetch_related("categories__options")}
    errors, status = [], 400
    try:
        with transaction.atomic():
            for n, item in enumerate(payload.reports):
                indicator = indicators.get(item.indicator)
                if indicator is None:
                    errors.append({"index": n, "field": "indicator", "message": f"no indicator {item.indicator}"})
                    continue
                try:
                    services.save_report(membership, indicator, item.period, item.values, narrative=item.narrative,
                                         submit=item.submit, actor=request.user,
                                         keys=indicator.option_keys(list(indicator.categories.all())))
                except services.PlanningError as error:
                    if error.status in (403, 404):  # answered as a whole (api/urls.py)
                        raise
                    errors.extend({"index": n, "field": k, "message": str(v)}
                                  for k, v in (error.problems or {"period": error.message}).items())
                    status = max(status, error.status)
            if errors:
                raise _Rollback
    except _Rollback:
        return Status(status, {"detail": "nothing was saved", "errors": errors})
    return Status(200, {"saved": len(payload.reports)})


class _Rollback(Exception):
    pass


@router.get("/institutions/{slug}/reporting", response=list[RateOut])
def reporting_rates(request, slug: str, fy: int | None = fiscal_year_query()):
    """Per unit over the fiscal year to date (the current one unless `fy` is given)."""
    membership = membership_for(request.user, slug)
    today = timezone.localdate()
    rows = queries.reporting(membership, FiscalYear(fy) if fy else fiscal_year(today), today)
    return [{"unit": r.unit.code, "expected": r.tally.expected, "received": r.tally.received,
             "on_time": r.tally.on_time, "rate": r.tally.rate, "on_time_rate": r.tally.on_time_rate,
             "points_lost": float(r.points)} for r in rows]


class FeedProblem(Schema):
    file: str
    sheet: str
    row: int
    column: str
    message: str


class FeedOut(Schema):
    dry_run: bool
    values: int
    reports: int
    unchanged: int


class FeedError(Schema):
    problems: list[FeedProblem]


@router.post("/institutions/{slug}/feeds/{mapping_id}", response={200: FeedOut, 400: FeedError, 404: ErrorOut})
def import_feed(request, slug: str, mapping_id: int, file: UploadedFile = File(...), dry_run: bool = False):
    """A system-to-system feed: another system's monthly export through a saved column mapping, under the
    same rules as the page (projects by their id there, every bad row named, all or nothing)."""
    from genderseal.core.imports import ImportProblems
    from genderseal.planning import feeds
    from genderseal.planning.models import ImportMapping

    membership = membership_for(request.user, slug, "planning.manage")
    mapping = get_scoped(ImportMapping.objects.select_related("institution"), membership, pk=mapping_id)
    data = file.read()
    try:
        if dry_run:
            result = feeds.preview(mapping, data, file.name)
        else:
            result = feeds.import_feed(mapping, data, file.name, actor=request.user)
    except ImportProblems as error:
        return Status(400, {"problems": [p.as_dict() for p in error.problems]})
    return {"dry_run": dry_run, "values": result["values"], "reports": result["reports"],
            "unchanged": result["unchanged"]}
