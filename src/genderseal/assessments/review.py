"""The verbs of the review workflow: submit, approve, return, sign a round off, unlock it.

Rules are in workflow.py; this module loads, checks, writes (one conditional UPDATE against
the version, so a stale page cannot move a result), records the audit event and notifies.
Services never read the request; `now` is passed in (a fake clock in tests).
"""
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.core import errors
from genderseal.core.models import Role
from genderseal.core.audit import record
from genderseal.notifications import services as notifications

from . import workflow
from .models import AssessmentRound, BenchmarkResult, ResultState
from .services import NotAllowed, ResultError, StaleEdit


class MissingFields(errors.Invalid):
    def __init__(self, fields):
        self.fields = fields
        super().__init__(_("Fill in before submitting: %(fields)s") % {"fields": ", ".join(fields)},
                         problems={f: _("Fill in before submitting.") for f in fields})


def round_ref(round_id):
    return f"assessments.round:{round_id}"


def result_ref(result):
    return f"assessments.round:{result.round_id}/benchmark:{result.benchmark_id}"


def result_label(result):
    return f"{result.round.number}/{result.benchmark.code}"


def member_owns(membership, result):
    return workflow.owns((u.pk for u in membership.units.all()), result.lead_unit_id,
                         (u.pk for u in result.responsible_units.all()))


def available(membership, result):
    """The transitions the member may apply to this result now."""
    owner = membership.role == Role.FOCAL_POINT and member_owns(membership, result)
    return workflow.available(membership.role, result.state, owner=owner, read_only=result.round.is_read_only)


def _round_link(round, code=None):
    return reverse("round-detail", args=[round.institution.slug, round.number])


def transition(membership, result, name, expected_version, *, comment="", now=None):
    """Move a result along the workflow; refuses what the rules refuse, names missing fields, refuses stale pages."""
    now = now or timezone.now()
    rule = workflow.TRANSITIONS.get(name)
    if result.round.is_read_only:
        raise ResultError(_("This round is locked and can no longer be changed."))
    if rule is None or name not in {t.name for t in available(membership, result)}:
        raise NotAllowed(_("You may not do this to a result that is %(state)s.") % {
            "state": result.get_state_display()})
    if name == "return" and not comment.strip():
        raise ResultError(_("Say why you return it: the comment is required."))
    if name == "submit":
        missing = workflow.missing_fields(result)
        if missing:
            raise MissingFields(missing)
    changes = {"state": rule.target}
    if name == "submit":
        changes.update(submitted_by=membership.user, submitted_at=now, return_comment="")
    else:
        changes.update(reviewed_by=membership.user, reviewed_at=now)
        if name == "return":
            changes["return_comment"] = comment.strip()
    before = result.state
    with transaction.atomic():
        updated = BenchmarkResult.objects.filter(pk=result.pk, version=expected_version, state=before).update(
            version=expected_version + 1, **changes
        )
        if not updated:
            raise StaleEdit(_("Someone else changed this result after you opened it. Reload to see the change."))
        result.refresh_from_db()
        record(f"result.{name}", result_label(result), institution=membership.institution, actor=membership.user,
               ref=result_ref(result), before={"state": before},
               after={"state": result.state, **({"comment": result.return_comment} if name == "return" else {})},
               version=result.version)
        _notify_transition(membership, result, name, now)
    return result


def _notify_transition(membership, result, name, now):
    round = result.round
    params = {"code": result.benchmark.code, "round": round.number, "actor": membership.user.get_full_name()
              or membership.user.username}
    link = _round_link(round, result.benchmark.code)
    institution = membership.institution
    if name == "submit":
        notifications.notify(notifications.members(institution, Role.SECRETARIAT), institution, "submitted",
                             params=params, link=link, actor=membership.user, now=now)
        return
    owners = notifications.focal_points(institution, [result.lead_unit_id]) if result.lead_unit_id else set()
    if result.submitted_by_id:
        owners.add(result.submitted_by_id)
    kind = "approved" if name == "approve" else "returned"
    if kind == "returned":
        params["comment"] = result.return_comment
    notifications.notify(owners, institution, kind, params=params, link=link, actor=membership.user, now=now)
    if kind == "approved" and _all_approved(round):
        notifications.notify(notifications.members(institution, Role.COMMITTEE), institution, "ready",
                             params={"round": round.number}, link=_round_link(round), actor=membership.user, now=now)


def state_counts(round):
    """{state: n} for the round's current benchmarks, one aggregate query."""
    rows = (BenchmarkResult.objects.filter(round=round, benchmark__retired=False)
            .values("state").annotate(n=Count("pk")).order_by())
    return {row["state"]: row["n"] for row in rows}


def _all_approved(round):
    figures = progress(round)
    return figures["total"] > 0 and figures[ResultState.APPROVED] == figures["total"]


def progress(round):
    return workflow.progress(state_counts(round))


def sign_off(membership, round, *, now=None):
    """The committee signs the round off once every benchmark is approved; the round locks."""
    now = now or timezone.now()
    figures = progress(round)
    if not membership.can("round.signoff"):
        raise NotAllowed(_("Only the committee signs a round off."))
    if not workflow.can_sign_off(membership.role, figures, closed=round.is_closed, locked=round.is_locked):
        raise ResultError(_("Every benchmark must be approved before the round is signed off "
                            "(%(approved)s of %(total)s approved).") % figures)
    with transaction.atomic():
        updated = AssessmentRound.objects.filter(pk=round.pk, locked_at=None).update(
            signed_off_by=membership.user, signed_off_at=now, locked_at=now)
        if not updated:
            raise StaleEdit(_("This round was already signed off."))
        round.refresh_from_db()
        record("round.signoff", round, institution=membership.institution, actor=membership.user,
               ref=round_ref(round.pk), before={"locked": False}, after={"locked": True})
        notifications.notify(notifications.members(membership.institution, Role.SECRETARIAT), membership.institution,
                             "signed_off", params={"round": round.number}, link=_round_link(round),
                             actor=membership.user, now=now)
    return round


def unlock(membership, round, reason, *, now=None):
    """Only the secretariat unlocks a signed-off round, and only with a reason; it is recorded."""
    now = now or timezone.now()
    if not membership.can("round.unlock"):
        raise NotAllowed(_("Only the secretariat unlocks a round."))
    if not round.is_locked:
        raise ResultError(_("This round is not locked."))
    if not (reason or "").strip():
        raise ResultError(_("Give a reason for unlocking the round."))
    with transaction.atomic():
        before = {"locked": True, "signed_off_at": round.signed_off_at.isoformat() if round.signed_off_at else None}
        AssessmentRound.objects.filter(pk=round.pk).update(locked_at=None, signed_off_at=None, signed_off_by=None)
        round.refresh_from_db()
        record("round.unlock", round, institution=membership.institution, actor=membership.user,
               ref=round_ref(round.pk), before=before, after={"locked": False}, reason=reason.strip())
        recipients = (notifications.members(membership.institution, Role.COMMITTEE)
                      | notifications.members(membership.institution, Role.SECRETARIAT))
        notifications.notify(recipients, membership.institution, "unlocked",
                             params={"round": round.number, "reason": reason.strip()}, link=_round_link(round),
                             actor=membership.user, now=now)
    return round
