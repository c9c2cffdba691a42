"""Read-side helpers: the fiscal year's projects with their worksheet and screening, marker counts."""
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from genderseal.planning import queries as planning_queries
from genderseal.planning.models import IndicatorTarget, Project
from genderseal.thai.dates import fiscal_year

from .models import Screening, Status, Worksheet


def current_fy():
    return fiscal_year(timezone.localdate()).be


def year_overview(membership, fy):
    """Projects running in `fy` with their worksheet and that year's screening form (3 queries)."""
    projects = list(Project.objects.for_member(membership).filter(first_fy__lte=fy, last_fy__gte=fy)
                    .select_related("owner_unit").order_by("code"))
    ids = [p.pk for p in projects]
    worksheets = {w.project_id: w for w in Worksheet.objects.for_member(membership).filter(project_id__in=ids)}
    screenings = {s.project_id: s for s in Screening.objects.for_member(membership).filter(
        project_id__in=ids, fiscal_year=fy)}
    for project in projects:
        project.analysis = worksheets.get(project.pk)
        project.screening = screenings.get(project.pk)
    return projects


def marker_counts(membership, fy):
    """Projects and budget by gender marker among the projects running in `fy` (one query, shared with the
    planning dashboard)."""
    return planning_queries.marker_totals(membership, fy)


def year_counts(membership, fy, gender_targets=False):
    """How many projects' worksheets and screening forms of `fy` were approved (two queries); with
    `gender_targets`, only projects carrying gender targets count."""
    worksheets = Worksheet.objects.for_member(membership).filter(fiscal_year=fy, status=Status.APPROVED)
    screenings = Screening.objects.for_member(membership).filter(fiscal_year=fy, status=Status.APPROVED)
    if gender_targets:
        worksheets, screenings = with_gender_targets(worksheets), with_gender_targets(screenings)
    return {"analysed": worksheets.count(), "screened": screenings.count()}  # one form per project and year


# A project "carries gender targets" (benchmark 1.1.3: "explicit gender indicators and targets") when gender
# equality is one of its goals, i.e. its marker is GEN2 or GEN3 (the approver's confirmed marker is written to
# the project), AND at least one of its indicators is reported by sex and has a target set for some fiscal
# year. A GEN1 project only considers gender, without a gender goal; an indicator by sex without a target
# measures people but targets nothing. Both halves come from planning's own records, so the feed follows a
# marker confirmed on the worksheet and a target entered on the indicator page.
GENDER_GOAL_MARKERS = ("GEN2", "GEN3")


def with_gender_targets(rows, project="project"):
    """`rows` (worksheets, screening forms or, with project="", projects) limited to projects with gender targets."""
    prefix = f"{project}__" if project else ""
    outer = project or "pk"
    targeted = IndicatorTarget.objects.filter(indicator__project=OuterRef(outer), indicator__by_sex=True)
    return rows.filter(**{f"{prefix}gender_marker__in": GENDER_GOAL_MARKERS}).filter(Exists(targeted))


def approved_worksheets(membership, limit=24, gender_targets=False):
    rows = Worksheet.objects.for_member(membership).filter(status=Status.APPROVED)
    if gender_targets:
        rows = with_gender_targets(rows)
    return list(rows.select_related("project__owner_unit").order_by("-fiscal_year", "project__code")[:limit])


def approved_screenings(membership, limit=24, gender_targets=False):
    rows = Screening.objects.for_member(membership).filter(status=Status.APPROVED)
    if gender_targets:
        rows = with_gender_targets(rows)
    return list(rows.select_related("project__owner_unit", "reviewed_by")
                .order_by("-fiscal_year", "project__code")[:limit])


def worksheet_for(membership, project):
    return (Worksheet.objects.for_member(membership).filter(project=project)
            .select_related("submitted_by", "reviewed_by")
            .prefetch_related(Prefetch("indicators")).first())


def worksheet_for_export(membership, project):
    """The project's worksheet with everything its document shows (None when the member may not see one)."""
    return (Worksheet.objects.for_member(membership).filter(project=project)
            .select_related("project__owner_unit", "project__strategic_area", "submitted_by", "reviewed_by")
            .prefetch_related("indicators", "project__sdg_targets").first())


def screening_for_export(membership, project, fy=None):
    """The screening form of `fy` (the latest one visible when no year is given) with what its document shows."""
    rows = (Screening.objects.for_member(membership).filter(project=project)
            .select_related("project__owner_unit", "project__strategic_area", "submitted_by", "reviewed_by")
            .prefetch_related("project__sdg_targets").order_by("-fiscal_year"))
    if fy:
        rows = rows.filter(fiscal_year=fy)
    return rows.first()


# Feeding the Seal's benchmark page. Benchmark 1.1.2 (a systematic gender analysis mechanism): this fiscal
# year's analysed and screened projects, and the approved worksheets and screening forms as evidence.
# Benchmark 1.1.3 (projects with explicit gender indicators and targets): the same, limited to projects
# carrying gender targets (with_gender_targets says what that means).
SEAL_BENCHMARKS = ("1.1.2", "1.1.3")


def benchmark_context(membership, benchmark):
    if benchmark.code not in SEAL_BENCHMARKS or not membership.can("analysis.view"):
        return {}
    fy = current_fy()
    targets = benchmark.code == "1.1.3"
    return {"analysis_fy": fy, "analysis_gender_targets": targets,
            "analysis_counts": year_counts(membership, fy, gender_targets=targets),
            "analysis_worksheets": approved_worksheets(membership, gender_targets=targets),
            "analysis_screenings": approved_screenings(membership, gender_targets=targets)}
