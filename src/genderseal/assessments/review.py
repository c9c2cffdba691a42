"""The verbs of the review workflow: submit, approve, return, sign a round off, unlock it.

Rules are in workflow.py; this module loads, checks, writes (one conditional UPDATE against
the version, so a stale page cannot move a result), records the audit event and notifies.
Services never read the request; `now` is passed in (a fake clock in tests).
"""
from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from genderseal.core import workflow as core
from genderseal.core.audit import record
from genderseal.core.models import Role
from genderseal.notifications import services as notifications

from . import workflow
from .models import AssessmentRound, BenchmarkResult, ResultState
from .services import NotAllowed, ResultError, StaleEdit


def round_ref(round_id):
    return f"assessments.round:{round_id}"


def result_ref(result):
    return f"assessments.round:{result.round_id}/benchmark:{result.benchmark_id}"


def result_label(result):
    return f"{result.round.number}/{result.benchmark.code}"


def member_owns(membership, result):
    return workflow.owns((u.pk for u in membership.units.all()), result.lead_unit_id,
                         (u.pk for u in result.responsible_units.all()))


class ResultKind(core.Kind):
    """Benchmark results in the shared workflow (core/workflow.py)."""

    flow = workflow.FLOW
    model = BenchmarkResult
    state_field = "state"
    reason_field = "return_comment"
    audit_prefix = "result"
    noun = _l("result")

    def owns(self, membership, result):
        return membership.role != Role.FOCAL_POINT or member_owns(membership, result)

    def read_only(self, result):
        return _("This round is locked and can no longer be changed.") if result.round.is_read_only else ""

    def context(self, result):
        return workflow.context(result.round.kind)

    def label(self, result):
        return result_label(result)

    def ref(self, result):
        return result_ref(result)

    def link(self, result):
        return result_link(result)

    def owners(self, result):
        owners = super().owners(result)
        if result.lead_unit_id:
            owners |= notifications.focal_points(result.round.institution, [result.lead_unit_id])
        return owners

    def reviewers(self, result):
        return notifications.members(result.round.institution, Role.SECRETARIAT)

    def notice(self, result, step):
        kind = {"submit": "submitted", "approve": "approved", "return": "returned"}[step.name]
        return kind, {"code": result.benchmark.code, "round": result.round.number}

    def notify_more(self, membership, result, step, now):
        round = result.round
        if step.name == "approve" and _all_approved(round):
            notifications.notify(notifications.members(membership.institution, Role.COMMITTEE), membership.institution,
                                 "ready", params={"round": round.number}, link=_round_link(round),
                                 actor=membership.user, now=now)


KIND = ResultKind()


def result_link(result):
    """The result's own row on the round page."""
    return f"{_round_link(result.round)}#result-{result.pk}"


def available(membership, result):
    """The transitions the member may apply to this result now."""
    return core.steps_for(KIND, membership, result)


def _round_link(round, code=None):
    return reverse("round-detail", args=[round.institution.slug, round.number])


def transition(membership, result, name, expected_version, *, comment="", now=None):
    """Move a result along the workflow (core/workflow.py `move`): role, ownership, state, version,
    the fields this actor must fill, the reason when returning; audited and notified."""
    return core.move(KIND, membership, result, name, expected_version, reason=comment, now=now)


def state_counts(round, held=None):
    """{state: n} for the round's current benchmarks, one aggregate query; none when the page `held` every
    result of the round with its benchmark."""
    if held is not None:
        return dict(Counter(r.state for r in held if not r.benchmark.retired))
    rows = (BenchmarkResult.objects.filter(round=round, benchmark__retired=False)
            .values("state").annotate(n=Count("pk")).order_by())
    return {row["state"]: row["n"] for row in rows}


def _all_approved(round):
    figures = progress(round)
    return figures["total"] > 0 and figures[ResultState.APPROVED] == figures["total"]


def progress(round, held=None):
    return workflow.progress(state_counts(round, held))


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
