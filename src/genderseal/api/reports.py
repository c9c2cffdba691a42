"""Issued reports (/issued-reports: /reports is the planning bulk write): request one (reusing an identical one
being written), the history, one report, its file."""
import datetime

from django.http import FileResponse, Http404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from genderseal.core.scoping import get_scoped, membership_for
from genderseal.reports import issuing
from genderseal.reports.models import IssuedReport, ReportKind
from genderseal.reports.storage import get_store

from .schemas import ErrorOut

router = Router(tags=["reports"])


class ReportIn(Schema):
    kind: ReportKind
    round: int | None = None
    other: int | None = None
    fiscal_year: int | None = None
    quarter: int | None = None
    format: str | None = None  # pdf or docx for documents
    language: str | None = None  # th or en
    digits: str | None = None  # arabic or thai


class ReportOut(Schema):
    id: int
    kind: str
    parameters: dict
    state: str
    progress: int
    error: str
    detail: dict = Field(default_factory=dict, description="What the build found: a dossier's `files`.")
    requested_by: str | None
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    filename: str
    content_type: str
    size: int
    sha256: str
    download_url: str | None
    page_url: str
    reused: bool = False



def _out(report, slug, reused=False):
    ready = report.is_ready
    return {
        "id": report.pk, "kind": report.kind, "parameters": report.parameters, "state": report.state,
        "progress": report.progress, "error": report.error, "detail": report.detail,
        "requested_by": report.requested_by.username if report.requested_by_id else None,
        "requested_at": report.requested_at, "finished_at": report.finished_at, "filename": report.filename,
        "content_type": report.content_type, "size": report.size, "sha256": report.sha256,
        "download_url": reverse("api:report_file", kwargs={"slug": slug, "report_id": report.pk}) if ready else None,
        "page_url": reverse("report-detail", kwargs={"slug": slug, "pk": report.pk}),
        "reused": reused,
    }


def _reports(membership):
    return IssuedReport.objects.for_member(membership).select_related("requested_by")


@router.post("/institutions/{slug}/issued-reports", response={202: ReportOut, 400: ErrorOut, 404: ErrorOut})
def request_report(request, slug: str, payload: ReportIn):
    """Queue a report; while an identical one is queued or being written, that one is returned (`reused`)."""
    membership = membership_for(request.user, slug, "reports.request")
    raw = {k: v for k, v in payload.dict().items() if v is not None and k != "kind"}
    report, created = issuing.request(membership, payload.kind.value, raw)
    return Status(202, _out(report, slug, reused=not created))


@router.get("/institutions/{slug}/issued-reports", response={200: list[ReportOut], 404: ErrorOut})
def list_reports(request, slug: str, kind: ReportKind | None = None, limit: int = 50):
    """The history, newest first."""
    membership = membership_for(request.user, slug, "reports.view")
    issuing.expire_stale()
    reports = _reports(membership)
    if kind:
        reports = reports.filter(kind=kind.value)
    return [_out(r, slug) for r in reports[:max(1, min(limit, 200))]]


@router.get("/institutions/{slug}/issued-reports/{report_id}", response={200: ReportOut, 404: ErrorOut})
def get_report(request, slug: str, report_id: int):
    membership = membership_for(request.user, slug, "reports.view")
    issuing.expire_stale()
    return _out(get_scoped(_reports(membership), membership, pk=report_id), slug)


@router.get("/institutions/{slug}/issued-reports/{report_id}/file", url_name="report_file")
def report_file(request, slug: str, report_id: int):
    membership = membership_for(request.user, slug, "reports.view")
    report = get_scoped(_reports(membership), membership, pk=report_id)
    if not report.is_ready:
        raise Http404
    return FileResponse(get_store().open(report.storage_name), as_attachment=True, filename=report.filename,
                        content_type=report.content_type)
