"""The verbs on evidence: create, edit, add revisions, link, review, delete and restore.

Services take a membership and plain values, never the request, and audit every change.
"""
import errno
import re
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from genderseal.core import errors, workflow
from genderseal.core.audit import record
from genderseal.core.errors import NotAllowed, StaleEdit, StorageFull  # noqa: F401 (re-exported)
from genderseal.core.models import Role
from genderseal.notifications import services as notifications
from genderseal.standards.models import Benchmark

from . import filetypes, tasks
from .extract import can_extract
from .models import Evidence, EvidenceKind, EvidenceLink, EvidenceRevision, ExtractionState, means_of_verification
from .search import reindex
from .storage import get_store

EvidenceError = errors.DomainError


EDITABLE = ["title_th", "title_en", "description", "kind", "owner_unit", "evidence_date", "expires_on", "tags"]
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")


def check_plain_text(label, value):
    """Titles, descriptions and tags are plain text: markup is refused, not silently stripped."""
    if value and _TAG.search(str(value)):
        raise EvidenceError(_("%(field)s must be plain text without HTML or script.") % {"field": label})


def ref(evidence):
    return f"evidence:{evidence.pk}"


def _audit(action, membership, evidence, **detail):
    record(action, evidence, institution=membership.institution, actor=membership.user, ref=ref(evidence), **detail)


def _require_edit(membership, evidence):
    if not evidence.editable_by(membership):
        raise NotAllowed(_("You may not change this evidence."))


@transaction.atomic
def create_evidence(membership, **values):
    if membership.role == Role.FOCAL_POINT:
        unit = values.get("owner_unit")
        if unit is None or unit.pk not in {u.pk for u in membership.units.all()}:
            raise NotAllowed(_("Focal points record evidence for their own units only."))
    elif membership.role != Role.SECRETARIAT:
        raise NotAllowed(_("You may not record evidence."))
    for name in ("title_th", "title_en", "description", "tags"):
        check_plain_text(Evidence._meta.get_field(name).verbose_name, values.get(name))
    if not (values.get("title_th") or values.get("title_en")):
        raise EvidenceError(_("Give the evidence a title."))
    evidence = Evidence.objects.create(institution=membership.institution, created_by=membership.user, **values)
    _audit("evidence.create", membership, evidence, after=values)
    reindex(evidence)
    return evidence


@transaction.atomic
def update_evidence(membership, evidence, changes, version):
    """Save `changes` if nobody saved since `version` (one conditional UPDATE)."""
    _require_edit(membership, evidence)
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    for name in ("title_th", "title_en", "description", "tags"):
        check_plain_text(Evidence._meta.get_field(name).verbose_name, changes.get(name))
    if membership.role == Role.FOCAL_POINT and "owner_unit" in changes:
        if changes["owner_unit"] is None or changes["owner_unit"].pk not in {u.pk for u in membership.units.all()}:
            raise NotAllowed(_("Focal points record evidence for their own units only."))
    before = {k: getattr(evidence, k) for k in changes}
    updated = Evidence.objects.filter(pk=evidence.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes)
    if not updated:
        raise StaleEdit(_("Someone else saved this evidence in the meantime. Reload it and make your change again."))
    evidence.refresh_from_db()
    _audit("evidence.update", membership, evidence, before=before, after=changes)
    reindex(evidence)
    return evidence


@transaction.atomic
def set_shared_units(membership, evidence, units):
    """The units that answer for this evidence with its owner (their focal points edit it too)."""
    _require_edit(membership, evidence)
    units = [u for u in units if u.institution_id == evidence.institution_id and u.pk != evidence.owner_unit_id]
    before = sorted(str(u) for u in evidence.shared_units.all())
    after = sorted(str(u) for u in units)
    if before != after:
        evidence.shared_units.set(units)
        _audit("evidence.shared_units", membership, evidence, before={"shared_units": before},
               after={"shared_units": after})


def _next_number(evidence):
    last = EvidenceRevision.objects.filter(evidence=evidence).order_by("-number").values_list("number", flat=True)
    return (last.first() or 0) + 1


def add_file(membership, evidence, upload, note=""):
    """Check and store one uploaded file as a new revision; extraction runs in the background."""
    _require_edit(membership, evidence)
    name = filetypes.check_name(upload.name)
    found = filetypes.detect(name, upload, upload.size)
    upload.seek(0)
    try:
        stored = get_store().put(upload)  # outside the transaction: a file without a row is harmless
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise StorageFull(_("There is no space left to store %(name)s, so it was not saved. Please tell the "
                            "administrator; other work goes on.") % {"name": name}) from error
    with transaction.atomic():
        Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
        revision = EvidenceRevision.objects.create(
            evidence=evidence, number=_next_number(evidence), storage_name=stored.name, sha256=stored.sha256,
            size=stored.size, content_type=found.content_type, original_name=name, note=note[:500],
            created_by=membership.user,
            extraction=ExtractionState.PENDING if can_extract(found.content_type) else ExtractionState.NONE,
        )
        _audit("evidence.upload", membership, evidence, revision=revision.number, file=name, sha256=stored.sha256,
               size=stored.size)
        if revision.extraction == ExtractionState.PENDING:
            tasks.after_commit(tasks.extract_revision, revision.pk)
    return revision


def check_url(url):
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in " \t\r\n<>\"'"):
        raise EvidenceError(_("%(url)s is not a web link (http or https).") % {"url": url[:200]})
    return url


@transaction.atomic
def add_link(membership, evidence, url, note=""):
    _require_edit(membership, evidence)
    url = check_url(url)
    Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    revision = EvidenceRevision.objects.create(evidence=evidence, number=_next_number(evidence), url=url,
                                               note=note[:500], created_by=membership.user)
    _audit("evidence.link_revision", membership, evidence, revision=revision.number, url=url)
    return revision


def usable_benchmarks(membership):
    """Benchmarks of the frameworks this institution assesses itself against."""
    from genderseal.assessments.models import AssessmentRound

    frameworks = AssessmentRound.objects.filter(institution=membership.institution).values("framework")
    return Benchmark.objects.filter(framework__in=frameworks, retired=False)


def latest_benchmarks(membership, codes):
    """These benchmarks in the framework of the institution's latest round (a link stays in one framework)."""
    from genderseal.assessments.models import AssessmentRound

    latest = AssessmentRound.objects.filter(institution=membership.institution).order_by("-number").first()
    if latest is None:
        return []
    return list(Benchmark.objects.filter(framework=latest.framework_id, code__in=codes, retired=False))


@transaction.atomic
def link_benchmark(membership, evidence, benchmark, means=(), note=""):
    _require_edit(membership, evidence)
    if not usable_benchmarks(membership).filter(pk=benchmark.pk).exists():
        raise EvidenceError(_("Benchmark %(code)s is not part of a standard this institution uses.")
                            % {"code": benchmark.code})
    other = evidence.links.exclude(benchmark__framework=benchmark.framework_id).first()
    if other is not None:
        raise EvidenceError(_("Benchmark %(code)s belongs to another framework than this item's other links.")
                            % {"code": benchmark.code})
    count = len(means_of_verification(benchmark))
    means = sorted({int(m) for m in means})
    if any(m < 0 or m >= count for m in means):
        raise EvidenceError(_("Benchmark %(code)s has no such means of verification.") % {"code": benchmark.code})
    check_plain_text(_("note"), note)
    link, created = EvidenceLink.objects.update_or_create(
        evidence=evidence, benchmark=benchmark,
        defaults={"means": means, "note": note[:500], "created_by": membership.user})
    _audit("evidence.link", membership, evidence, benchmark=benchmark.code, means=means)
    return link


def link_as_proof(membership, evidence, benchmarks, note=""):
    """Link a document the system made (an approved analysis, survey results) to each benchmark, answering its
    first means of verification where it has any; returns the codes linked."""
    linked = []
    for benchmark in benchmarks:
        link_benchmark(membership, evidence, benchmark, means=[0] if means_of_verification(benchmark) else [],
                       note=note)
        linked.append(benchmark.code)
    return linked


@transaction.atomic
def unlink_benchmark(membership, evidence, benchmark):
    _require_edit(membership, evidence)
    deleted, _rows = EvidenceLink.objects.filter(evidence=evidence, benchmark=benchmark).delete()
    if deleted:
        _audit("evidence.unlink", membership, evidence, benchmark=benchmark.code)
    return bool(deleted)


# Review: draft -> submitted -> approved | returned (-> submitted ...)
class EvidenceReview(workflow.Kind):
    """Evidence items in the shared review workflow (core/workflow.py): the owner unit submits, the
    secretariat approves, returns (with a reason) or reopens an approved item."""

    flow = workflow.FLOWS["evidence"]
    model = Evidence
    submitter_field = None  # the item's creator and its unit's focal points are its owners
    audit_prefix = "evidence"
    noun = _l("evidence item")

    def owns(self, membership, evidence):
        return evidence.editable_by(membership)

    def read_only(self, evidence):
        return _("This evidence is deleted.") if evidence.is_deleted else ""

    def extra(self, membership, evidence, step, now, options):
        return {"updated_at": now}

    def label(self, evidence):
        return evidence.title

    def ref(self, evidence):
        return ref(evidence)

    def link(self, evidence):
        return reverse("evidence-detail", args=[evidence.institution.slug, evidence.pk]) + "#review"

    def owners(self, evidence):
        owners = {evidence.created_by_id} if evidence.created_by_id else set()
        if evidence.owner_unit_id:
            owners |= notifications.focal_points(evidence.institution, [evidence.owner_unit_id])
        return owners

    def notice(self, evidence, step):
        return f"evidence_{step.name}", {"title": evidence.title}


KIND = EvidenceReview()
TRANSITIONS = KIND.flow.steps


def available_transitions(membership, evidence):
    return [s.name for s in workflow.steps_for(KIND, membership, evidence)]


def transition(membership, evidence, name, comment="", version=None):
    check_plain_text(_("comment"), comment)
    return workflow.move(KIND, membership, evidence, name, version, reason=comment)


@transaction.atomic
def delete_evidence(membership, evidence):
    _require_edit(membership, evidence)
    Evidence.objects.filter(pk=evidence.pk).update(deleted_at=timezone.now(), deleted_by=membership.user,
                                                   version=F("version") + 1)
    evidence.refresh_from_db()
    _audit("evidence.delete", membership, evidence)
    return evidence


@transaction.atomic
def restore_evidence(membership, evidence):
    if not membership.can("evidence.restore"):
        raise NotAllowed(_("You may not restore evidence."))
    Evidence.objects.filter(pk=evidence.pk).update(deleted_at=None, deleted_by=None, version=F("version") + 1)
    evidence.refresh_from_db()
    _audit("evidence.restore", membership, evidence)
    return evidence


def kind_for(content_type):
    if content_type.startswith("image/"):
        return EvidenceKind.IMAGE
    if content_type in ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
        return EvidenceKind.DATASET
    return EvidenceKind.DOCUMENT
