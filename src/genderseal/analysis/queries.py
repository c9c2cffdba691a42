"""Read-side helpers: the fiscal year's projects with their worksheet and screening, marker counts."""
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from genderseal.planning.models import Project
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
    """Projects and budget by gender marker among the projects running in `fy` (one query)."""
    rows = (Project.objects.for_member(membership).filter(first_fy__lte=fy, last_fy__gte=fy)
            .values("gender_marker").annotate(n=Count("pk"), budget=Sum("budget")).order_by("gender_marker"))
    return list(rows)


def year_counts(membership, fy):
    """How many worksheets and screening forms of `fy` were approved (two queries)."""
    return {
        "analysed": Worksheet.objects.for_member(membership).filter(fiscal_year=fy, status=Status.APPROVED).count(),
        "screened": Screening.objects.for_member(membership).filter(fiscal_year=fy, status=Status.APPROVED).count(),
    }


def approved_worksheets(membership, limit=24):
    return list(Worksheet.objects.for_member(membership).filter(status=Status.APPROVED)
                .select_related("project__owner_unit").order_by("-fiscal_year", "project__code")[:limit])


def worksheet_for(membership, project):
    return (Worksheet.objects.for_member(membership).filter(project=project)
            .select_related("submitted_by", "reviewed_by")
            .prefetch_related(Prefetch("indicators")).first())
