"""Evidence, its revisions, links and review; Thai search; the dossier. Scoped like the pages."""
import datetime

from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from genderseal.assessments.models import AssessmentRound
from genderseal.core.models import OrgUnit
from genderseal.core.scoping import get_scoped, membership_for
from genderseal.evidence import dossier as dossiers
from genderseal.evidence import search as engine
from genderseal.evidence import services
from genderseal.evidence.models import Evidence, EvidenceRevision
from genderseal.reports import old_dossiers

from .schemas import ErrorOut

router = Router(tags=["evidence"])


class RevisionOut(Schema):
    number: int
    original_name: str
    url: str
    sha256: str
    size: int
    content_type: str
    created_at: datetime.datetime


class LinkOut(Schema):
    benchmark: str
    means: list[int]
    note: str


class EvidenceOut(Schema):
    id: int
    title_th: str
    title_en: str
    description: str
    kind: str
    owner_unit: str | None
    evidence_date: datetime.date | None
    expires_on: datetime.date | None
    tags: list[str]
    status: str
    review_comment: str
    version: int
    deleted: bool
    links: list[LinkOut]
    revisions: list[RevisionOut] = []


class EvidenceIn(Schema):
    title_th: str
    title_en: str = ""
    description: str = ""
    kind: str = "document"
    owner_unit: str  # unit code
    evidence_date: datetime.date | None = None
    expires_on: datetime.date | None = None
    tags: str = ""


class LinkIn(Schema):
    benchmark: str
    means: list[int] = []  # 0-based indexes into the benchmark's means of verification
    note: str = ""


class ReviewIn(Schema):
    comment: str = ""
    version: int | None = None


class HitOut(Schema):
    id: int
    title: str
    status: str
    score: float
    snippet: str
    matched: str = Field("words", description="How the item matched: `words` (the query's words or text are "
                                              "in it) or `meaning` (`sentence` of it means what the query says, "
                                              "in Thai or English).")
    sentence: str = Field("", description="For a meaning match: the item's sentence closest to the query.")


class SearchOut(Schema):
    total: int = Field(description="Items found; a lower bound when `capped` is true.")
    capped: bool = Field(False, description="More items match than were ranked (1,000 of each kind): `total` "
                                           "is then a lower bound and a narrower query finds the rest.")
    page: int
    hits: list[HitOut] = Field(description="Word matches first; on the last page, then meaning matches.")


class DossierOut(Schema):
    id: int
    round: int
    state: str
    progress: int
    files: int
    size: int
    sha256: str



def _filtered(items, status, unit, benchmark):
    """The items of a status, owned by a unit (its code), linked to a benchmark (its code): each filter optional."""
    if status:
        items = items.filter(status=status)
    if unit:
        items = items.filter(owner_unit__code=unit)
    if benchmark:
        items = items.filter(links__benchmark__code=benchmark)
    return items


def _items(membership):
    return Evidence.objects.for_member(membership).select_related("owner_unit").prefetch_related("links__benchmark")


def _out(e, revisions=None):
    return {
        "id": e.pk, "title_th": e.title_th, "title_en": e.title_en, "description": e.description, "kind": e.kind,
        "owner_unit": e.owner_unit.code if e.owner_unit else None, "evidence_date": e.evidence_date,
        "expires_on": e.expires_on, "tags": e.tag_list, "status": e.status, "review_comment": e.review_comment,
        "version": e.version, "deleted": e.is_deleted,
        "links": [{"benchmark": link.benchmark.code, "means": link.means, "note": link.note} for link in e.links.all()],
        "revisions": revisions or [],
    }


@router.get("/institutions/{slug}/evidence", response=list[EvidenceOut])
def list_evidence(request, slug: str, status: str = "", unit: str = "", benchmark: str = ""):
    membership = membership_for(request.user, slug, "evidence.view")
    items = _filtered(_items(membership).filter(deleted_at=None), status, unit, benchmark)
    return [_out(e) for e in items[:500]]


@router.get("/institutions/{slug}/evidence/{evidence_id}", response={200: EvidenceOut, 404: ErrorOut})
def get_evidence(request, slug: str, evidence_id: int):
    membership = membership_for(request.user, slug, "evidence.view")
    evidence = get_scoped(_items(membership), membership, pk=evidence_id)
    return _out(evidence, list(EvidenceRevision.objects.filter(evidence=evidence)))


@router.post("/institutions/{slug}/evidence", response={201: EvidenceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def create_evidence(request, slug: str, payload: EvidenceIn):
    membership = membership_for(request.user, slug, "evidence.edit")
    unit = OrgUnit.objects.for_member(membership).filter(code=payload.owner_unit).first()
    if unit is None:
        return Status(400, {"detail": "unknown unit"})
    values = payload.dict()
    values["owner_unit"] = unit
    evidence = services.create_evidence(membership, **values)
    return Status(201, _out(get_scoped(_items(membership), membership, pk=evidence.pk)))


@router.post("/institutions/{slug}/evidence/{evidence_id}/revisions",
             response={201: RevisionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def add_revision(request, slug: str, evidence_id: int, file: UploadedFile | None = File(None),
                 url: str = Form(""), note: str = Form("")):
    """Upload a file (multipart `file`) or add a link (`url`): either way a new revision."""
    membership = membership_for(request.user, slug, "evidence.edit")
    evidence = get_scoped(_items(membership), membership, pk=evidence_id)
    if file is not None:
        revision = services.add_file(membership, evidence, file, note=note)
    else:
        revision = services.add_link(membership, evidence, url, note=note)
    return Status(201, revision)


@router.get("/institutions/{slug}/evidence/{evidence_id}/revisions/{number}/download")
def download_revision(request, slug: str, evidence_id: int, number: int):
    from genderseal.evidence.storage import get_store

    membership = membership_for(request.user, slug, "evidence.view")
    # The item by its own key first: a foreign-key lookup with a number past the database's integers fails
    # (500) where a primary-key lookup finds nothing (404).
    evidence = get_scoped(Evidence.objects.all(), membership, pk=evidence_id)
    revision = get_scoped(EvidenceRevision.objects.all(), membership, evidence=evidence, number=number)
    if not revision.is_file:
        raise Http404
    return FileResponse(get_store().open(revision.storage_name), as_attachment=True,
                        filename=revision.original_name, content_type=revision.content_type)


@router.post("/institutions/{slug}/evidence/{evidence_id}/links",
             response={200: EvidenceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def link_benchmark(request, slug: str, evidence_id: int, payload: LinkIn):
    membership = membership_for(request.user, slug, "evidence.edit")
    evidence = get_scoped(_items(membership), membership, pk=evidence_id)
    benchmark = services.usable_benchmarks(membership).filter(code=payload.benchmark).first()
    if benchmark is None:
        return Status(400, {"detail": f"benchmark {payload.benchmark} is not part of a standard this institution uses"})
    services.link_benchmark(membership, evidence, benchmark, payload.means, payload.note)
    return Status(200, _out(get_scoped(_items(membership), membership, pk=evidence.pk)))


@router.delete("/institutions/{slug}/evidence/{evidence_id}/links/{code}",
               response={204: None, 403: ErrorOut, 404: ErrorOut})
def unlink_benchmark(request, slug: str, evidence_id: int, code: str):
    membership = membership_for(request.user, slug, "evidence.edit")
    evidence = get_scoped(_items(membership), membership, pk=evidence_id)
    link = evidence.links.select_related("benchmark").filter(benchmark__code=code).first()
    if link is None:
        raise Http404
    services.unlink_benchmark(membership, evidence, link.benchmark)
    return Status(204, None)


@router.post("/institutions/{slug}/evidence/{evidence_id}/review/{name}",
             response={200: EvidenceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def review(request, slug: str, evidence_id: int, name: str, payload: ReviewIn):
    """`submit`, `approve`, `return` (with a comment) or `reopen`."""
    membership = membership_for(request.user, slug, "evidence.view")
    evidence = get_scoped(_items(membership), membership, pk=evidence_id)
    services.transition(membership, evidence, name, payload.comment, version=payload.version)
    return Status(200, _out(get_scoped(_items(membership), membership, pk=evidence.pk)))


@router.get("/institutions/{slug}/evidence-search", response={200: SearchOut, 400: ErrorOut, 404: ErrorOut})
def search_evidence(request, slug: str, q: str = "", page: int = 1, status: str = "", unit: str = "",
                    benchmark: str = ""):
    membership = membership_for(request.user, slug, "evidence.view")
    candidates = _filtered(Evidence.objects.for_member(membership).filter(deleted_at=None), status, unit, benchmark)
    results = engine.search(candidates, q, membership.institution_id, page=page,
                            terms=engine.institution_terms(membership.institution_id))
    return {"total": results.total, "capped": results.capped, "page": results.page, "hits": [
        {"id": h.evidence.pk, "title": h.evidence.title, "status": h.evidence.status, "score": h.score,
         "snippet": str(h.snippet), "matched": h.how, "sentence": h.sentence} for h in results.all_hits]}


# A dossier is an issued file (reports.IssuedReport of kind "dossier", also listed by /issued-reports); this
# answer keeps the shape it had as a model of its own: "pending" for a dossier waiting for a worker.
DOSSIER_STATES = {"queued": "pending"}


def _dossiers():
    from genderseal.reports.models import IssuedReport, ReportKind

    return IssuedReport.objects.filter(kind=ReportKind.DOSSIER)


def _dossier(request, membership, dossier_id):
    """The dossier with this id; else, when the id is one from before dossiers were issued files (reports
    migration 0004), a permanent redirect to the same route with the record's id; else 404."""
    try:
        return get_scoped(_dossiers(), membership, pk=dossier_id)
    except Http404:
        record = old_dossiers.moved(membership, dossier_id)
        if record is None:
            raise
        prefix = f"/dossiers/{dossier_id}"
        head, _sep, tail = request.path.partition(prefix)
        return HttpResponsePermanentRedirect(f"{head}/dossiers/{record.pk}{tail}")


def _dossier_out(d):
    return {"id": d.pk, "round": d.parameters["round"], "state": DOSSIER_STATES.get(d.state, d.state),
            "progress": d.progress, "files": d.detail.get("files", 0), "size": d.size, "sha256": d.sha256}


@router.post("/institutions/{slug}/rounds/{number}/dossiers", response={202: DossierOut, 404: ErrorOut})
def start_dossier(request, slug: str, number: int):
    membership = membership_for(request.user, slug, "dossier.build")
    round = get_scoped(AssessmentRound.objects.all(), membership, number=number)
    return Status(202, _dossier_out(dossiers.start(membership, round)))


@router.get("/institutions/{slug}/dossiers/{dossier_id}", response={200: DossierOut, 404: ErrorOut})
def dossier_status(request, slug: str, dossier_id: int):
    membership = membership_for(request.user, slug, "dossier.view")
    dossier = _dossier(request, membership, dossier_id)
    return dossier if isinstance(dossier, HttpResponsePermanentRedirect) else _dossier_out(dossier)


@router.get("/institutions/{slug}/dossiers/{dossier_id}/download")
def dossier_download(request, slug: str, dossier_id: int):
    from genderseal.reports.storage import get_store

    membership = membership_for(request.user, slug, "dossier.view")
    dossier = _dossier(request, membership, dossier_id)
    if isinstance(dossier, HttpResponsePermanentRedirect):
        return dossier
    if not dossier.is_ready:
        raise Http404
    return FileResponse(get_store().open(dossier.storage_name), as_attachment=True, filename=dossier.filename,
                        content_type=dossier.content_type)
