"""Request, build and expire issued files (reports, briefing packs, dossiers): the one service for files
built in the background.

A request names a kind and its parameters. While an identical report (same institution, kind,
parameters and audience) is queued or running, asking again returns that one: the row holds a
`running_key` under a unique constraint, so two simultaneous requests cannot both start a build.
The worker claims a queued report with one conditional UPDATE, writes progress as it goes and
stores the file by content hash (a renderer gives bytes, or a finished temporary file for a big ZIP). A task
retried after its worker died claims its running report again and starts over. A worker that died leaves a report running with no progress:
`expire_stale` marks it failed (and frees the key) after `REPORTS_STALE_MINUTES` minutes.
"""
import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from genderseal.assessments.models import AssessmentRound
from genderseal.assessments.review import round_ref
from genderseal.core import errors
from genderseal.core.audit import record
from genderseal.core.models import Membership
from genderseal.core.scoping import get_scoped
from genderseal.thai.dates import fiscal_year

from .models import KIND_ACTIONS, REQUEST_ACTIONS, SAME_FOR_EVERY_ROLE, IssuedReport, ReportKind, ReportState
from .storage import put_bytes, put_file

logger = logging.getLogger(__name__)

DOCUMENT_KINDS = (ReportKind.READINESS, ReportKind.COMPARISON, ReportKind.PROGRESS)
FIELDS = {
    ReportKind.READINESS: ("round", "format", "language", "digits"),
    ReportKind.COMPARISON: ("round", "other", "format", "language", "digits"),
    ReportKind.PROGRESS: ("fiscal_year", "quarter", "format", "language", "digits"),
    ReportKind.RESULTS_XLSX: ("round", "language"),
    ReportKind.EVIDENCE_XLSX: ("language",),
    ReportKind.ACTIONS_XLSX: ("language",),
    ReportKind.INDICATORS_XLSX: ("fiscal_year", "language"),
    ReportKind.BRIEFING: ("interviewee", "format", "language", "digits"),
    ReportKind.DOSSIER: ("round",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
QUEUED_FACTOR = 4  # a queued report waits for a free worker: it is given this many times longer


RequestError = errors.Invalid  # parameters that do not make a report
NotAllowed = errors.NotFound  # the member may not have this kind of report (answered as 404)


def stale_minutes():
    return getattr(settings, "REPORTS_STALE_MINUTES", 15)


def _int(raw, name, low, high, default=None):
    value = raw.get(name)
    if value in (None, ""):
        if default is not None:
            return default
        raise RequestError(_("Choose a value for %(field)s.") % {"field": name})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RequestError(_("%(field)s must be a whole number.") % {"field": name}) from None
    if not low <= number <= high:
        raise RequestError(_("%(field)s is out of range.") % {"field": name})
    return number


def _choice(raw, name, options):
    value = raw.get(name) or options[0]
    if value not in options:
        raise RequestError(_("%(field)s must be one of %(options)s.") % {"field": name, "options": ", ".join(options)})
    return value


def clean_parameters(membership, kind, raw, today=None):
    """The parameters a report of `kind` is built from, checked against what the member sees.

    Another institution's round, or one the member does not see, is a 404 (never a message).
    """
    if kind not in ReportKind.values or not membership.can(REQUEST_ACTIONS.get(kind, KIND_ACTIONS[kind])):
        raise NotAllowed(kind)
    fields, params = FIELDS[ReportKind(kind)], {}
    rounds = AssessmentRound.objects.all()
    if "round" in fields:
        params["round"] = _int(raw, "round", 1, 10**6)
        round = get_scoped(rounds, membership, number=params["round"])
    if "other" in fields:
        params["other"] = _int(raw, "other", 1, 10**6)
        other = get_scoped(rounds, membership, number=params["other"])
        if other.pk == round.pk:
            raise RequestError(_("Choose two different rounds."))
        if other.framework_id != round.framework_id:
            raise RequestError(_("These rounds use different frameworks and cannot be compared."))
    if "interviewee" in fields:
        params.update(_briefing_person(membership, raw))
    if "fiscal_year" in fields:
        params["fiscal_year"] = _int(raw, "fiscal_year", 2500, 2700,
                                     default=fiscal_year(today or timezone.localdate()).be)
    if "quarter" in fields:
        params["quarter"] = _int(raw, "quarter", 0, 4, default=0)
    if "format" in fields:
        params["format"] = _choice(raw, "format", ("pdf", "docx"))
    params["language"] = _choice(raw, "language", ("th", "en"))
    if "digits" in fields:
        params["digits"] = _choice(raw, "digits", ("arabic", "thai"))
    return params


def _briefing_person(membership, raw):
    """{"interviewee": pk, "person": name} for the secretariat asking for someone's pack, {"executive": 1, ...}
    for the executive pack, else {"user": id, "person": name} for the member's own; NoBriefing when no session
    names them."""
    from genderseal.readiness import briefing
    from genderseal.readiness.models import Interviewee

    if raw.get("executive"):  # every dimension and unit: the member's own copy
        user = membership.user
        return {"executive": 1, "person": user.get_full_name() or user.username}
    if raw.get("interviewee"):
        if not membership.can("briefing.manage"):
            raise NotAllowed(ReportKind.BRIEFING)
        pk = _int(raw, "interviewee", 1, 2**63 - 1)
        row = get_scoped(Interviewee.objects.select_related("user"), membership, pk=pk)
        rows, person = [row], {"interviewee": pk}
    else:
        rows, person = briefing.interviewee_rows(membership, user=membership.user), {"user": membership.user_id}
    if not rows:
        raise NoBriefing()
    first = rows[0]
    person["person"] = ((first.user.get_full_name() or first.user.username) if first.user
                        else (first.name or first.role))
    return person


class NoBriefing(RequestError):
    """The member is named in no interview session."""


def running_key(institution_id, kind, params, audience):
    text = json.dumps([institution_id, str(kind), params, str(audience)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def audit_ref(membership, report):
    """The audit ref of a report's request: a dossier's sits inside its round, so the round's history shows it."""
    own = f"reports.issued:{report.pk}"
    if report.kind != ReportKind.DOSSIER:
        return own
    round_pk = get_scoped(AssessmentRound.objects.all(), membership, number=report.parameters["round"]).pk
    return f"{round_ref(round_pk)}/{own}"


def request(membership, kind, raw):
    """(report, created): a new queued report, or the identical one already queued or running."""
    params = clean_parameters(membership, kind, raw)
    expire_stale()
    audience = "" if kind in SAME_FOR_EVERY_ROLE else membership.role
    key = running_key(membership.institution_id, kind, params, audience)
    existing = IssuedReport.objects.filter(running_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = IssuedReport.objects.create(
                institution=membership.institution, kind=kind, parameters=params, audience=membership.role,
                running_key=key, requested_by=membership.user, touched_at=timezone.now())
            record("report.request", report, institution=membership.institution, actor=membership.user,
                   ref=audit_ref(membership, report), kind=str(kind), **params)
            from . import tasks

            transaction.on_commit(lambda: tasks.build_report.enqueue(report.pk))
    except IntegrityError:  # an identical request committed first: use it
        return IssuedReport.objects.get(running_key=key), False
    return report, True


def expire_stale(now=None):
    """Reports with no sign of life for too long become failed, and may be requested again."""
    now = now or timezone.now()
    minutes = stale_minutes()
    message = "stopped: no progress for %s minutes (the worker may have stopped)"
    running = IssuedReport.objects.filter(state=ReportState.RUNNING, touched_at__lt=now - timedelta(minutes=minutes))
    queued = IssuedReport.objects.filter(state=ReportState.QUEUED,
                                         touched_at__lt=now - timedelta(minutes=minutes * QUEUED_FACTOR))
    if not (running | queued).exists():  # the usual case, and pages poll: read, do not write
        return 0
    n = running.update(state=ReportState.FAILED, running_key=None, finished_at=now, error=message % minutes)
    n += queued.update(state=ReportState.FAILED, running_key=None, finished_at=now,
                       error=message % (minutes * QUEUED_FACTOR))
    return n


def _member(report):
    """The requester's view of the institution, as it was when asked: the report's audience."""
    return Membership(institution=report.institution, user=report.requested_by, role=report.audience)


def _progress(report_id):
    def step(percent):
        IssuedReport.objects.filter(pk=report_id, state=ReportState.RUNNING).update(
            progress=max(1, min(int(percent), 99)), touched_at=timezone.now())
    return step


def build(report_id):
    """Run by the worker: claim the queued report, write the file, store it, record the outcome."""
    now = timezone.now()
    # Queued, or running when this task is tried again after its worker died (one task per report).
    claimed = IssuedReport.objects.filter(pk=report_id, state__in=(ReportState.QUEUED, ReportState.RUNNING)).update(
        state=ReportState.RUNNING, started_at=now, touched_at=now, progress=1)
    if not claimed:  # expired, or given up
        return None
    report = IssuedReport.objects.select_related("institution", "requested_by").get(pk=report_id)
    step = _progress(report.pk)
    try:
        with translation.override(report.parameters.get("language", "th")):
            content, filename = render(report, _member(report), step)
        step(95)
        stored = put_bytes(content) if isinstance(content, bytes) else put_file(content)
        IssuedReport.objects.filter(pk=report.pk, state=ReportState.RUNNING).update(
            state=ReportState.DONE, progress=100, storage_name=stored.name, sha256=stored.sha256, size=stored.size,
            filename=filename, content_type=CONTENT_TYPES[report.format], finished_at=timezone.now(),
            touched_at=timezone.now(), running_key=None, detail=report.detail)
    except Exception as error:  # recorded on the report; the queue goes on
        logger.exception("report %s failed", report_id)
        IssuedReport.objects.filter(pk=report.pk, state=ReportState.RUNNING).update(
            state=ReportState.FAILED, error=(str(error) or error.__class__.__name__)[:2000],
            finished_at=timezone.now(), running_key=None)
    return report.pk


def render(report, membership, step):
    """(bytes, file name) of a report; `step(percent)` records progress."""
    from . import renderers

    return renderers.render(report, membership, step)
