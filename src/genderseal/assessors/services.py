"""The verbs of the assessor workspace: assign, rate, publish, ask and answer. Each change is audited.

Services take the membership (never the request) and raise `AssessorError` with a message
for the user; `StaleRating` when the page was out of date.
"""
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.assessments.models import ASSESSED_KINDS, AssessmentRound, BenchmarkResult, ResultState
from genderseal.core import errors
from genderseal.core.audit import record
from genderseal.core.errors import NotAllowed  # noqa: F401 (re-exported)
from genderseal.core.models import Membership, Role
from genderseal.core.scoping import get_scoped
from genderseal.standards.models import ResultOption

from .models import (
    AssessorAssignment,
    Clarification,
    ClarificationMessage,
    ClarificationStatus,
    ExternalRating,
    RatingPublication,
)

# The institution's results an assessor reviews: sent for review or approved, never a draft.
REVIEWABLE = (ResultState.SUBMITTED, ResultState.APPROVED)


AssessorError = errors.DomainError
StaleRating = errors.StaleEdit


def round_ref(round):
    return f"assessments.round:{round.pk}"


def _name(user):
    return user.get_full_name() or user.username


# --- Rounds and assignments ------------------------------------------------------------------

def external_rounds(membership):
    return (AssessmentRound.objects.for_member(membership).filter(kind__in=ASSESSED_KINDS)
            .select_related("framework", "rating_publication").order_by("-number"))


def assigned_round(membership, number):
    """The round an assessor works on, or 404 when they are not assigned to it (or no assessor acts on it)."""
    rounds = AssessmentRound.objects.select_related("framework", "institution").filter(kind__in=ASSESSED_KINDS)
    if membership.role == Role.ASSESSOR:
        rounds = rounds.filter(assessor_assignments__user=membership.user)
    return get_scoped(rounds, membership, number=number)


def publication(round):
    return RatingPublication.objects.filter(round=round).first()


def assessor_members(institution):
    return (Membership.objects.filter(institution=institution, role=Role.ASSESSOR, is_active=True)
            .select_related("user").order_by("user__username"))


def assign(membership, round, user):
    if round.kind not in ASSESSED_KINDS:
        raise AssessorError(_("Assessors are assigned to UNDP review and external assessment rounds only."))
    if not Membership.objects.filter(institution=membership.institution, user=user, role=Role.ASSESSOR,
                                     is_active=True).exists():
        raise AssessorError(_("Only assessor accounts of this institution can be assigned."))
    assignment, created = AssessorAssignment.objects.get_or_create(
        round=round, user=user, defaults={"assigned_by": membership.user})
    if created:
        record("assessor.assign", f"{round.number}: {user.username}", institution=membership.institution,
               actor=membership.user, ref=round_ref(round), before={}, after={"assessor": user.username})
        from genderseal.notifications import services as notifications

        notifications.notify([user.pk], membership.institution, "assessor_assigned", actor=membership.user,
                             params={"round": round.number, "institution": membership.institution.name_th},
                             link=reverse("assess-workspace", args=[membership.institution.slug, round.number]))
    return assignment


def unassign(membership, round, user):
    deleted, _rows = AssessorAssignment.objects.filter(round=round, user=user).delete()
    if deleted:
        record("assessor.unassign", f"{round.number}: {user.username}", institution=membership.institution,
               actor=membership.user, ref=round_ref(round), before={"assessor": user.username}, after={})
    return bool(deleted)


def invite_assessor(membership, *, email, base_url=None):
    """Invite an assessor by e-mail, through the institutions-and-people invitations.

    Nobody becomes a member without accepting: a new person sets a password, someone with an account
    (of any institution) signs in and accepts. The reply is the same either way, so it tells nothing
    about other institutions' users.
    """
    from genderseal.accounts import services as people

    try:
        invitation, _token = people.invite(membership.institution, email, Role.ASSESSOR, actor=membership.user,
                                           base_url=base_url)
    except people.PeopleError as error:
        raise AssessorError(str(error)) from None
    return invitation


# --- What the assessors review -----------------------------------------------------------------

def reviewable_results(membership, round):
    """The institution's results of the round that are submitted or approved, in benchmark order."""
    return (BenchmarkResult.objects.for_member(membership)
            .filter(round=round, state__in=REVIEWABLE, benchmark__retired=False)
            .select_related("benchmark__goal__dimension", "lead_unit")
            .order_by("benchmark__order"))


def reviewable_result(membership, round, code):
    return get_scoped(reviewable_results(membership, round), membership, benchmark__code=code)


# --- Ratings --------------------------------------------------------------------------------------

def save_rating(membership, round, result, *, result_code, comment, expected_version):
    """Create or change the rating of one reviewable benchmark; `expected_version` 0 = no rating yet.

    The version check and the write are one statement, so two assessors saving at once cannot both win.
    """
    if RatingPublication.objects.filter(round=round).exists():
        raise errors.Locked(_("The ratings of this round are published and can no longer be changed."))
    if not ResultOption.objects.filter(framework_id=round.framework_id, code=result_code).exists():
        raise AssessorError(_('"%(code)s" is not a result of this framework.') % {"code": result_code})
    stale = StaleRating(_("Another assessor saved this rating after you opened it. "
                          "Your change was not saved; reload to see theirs."))
    code = result.benchmark.code
    with transaction.atomic():
        current = ExternalRating.objects.filter(round=round, benchmark=result.benchmark).first()
        before = {"result": current.result_code, "comment": current.comment} if current else {}
        if current is None:
            if expected_version != 0:
                raise stale
            try:
                with transaction.atomic():
                    rating = ExternalRating.objects.create(round=round, benchmark=result.benchmark,
                                                           result_code=result_code, comment=comment,
                                                           assessor=membership.user)
            except IntegrityError:
                raise stale from None
        else:
            updated = ExternalRating.objects.filter(pk=current.pk, version=expected_version, published_at=None).update(
                result_code=result_code, comment=comment, assessor=membership.user, version=expected_version + 1,
                updated_at=timezone.now())
            if not updated:
                raise stale
            rating = ExternalRating.objects.get(pk=current.pk)
        after = {"result": rating.result_code, "comment": rating.comment}
        changed = [k for k in after if before.get(k) != after[k]]
        if changed:
            # Kept out of the institution's trail (institution=None) until publication, which records every
            # published rating: the institution's audit page and history panels must not show drafts.
            record("rating.save", f"{membership.institution.slug}/{round.number}/{code}", actor=membership.user,
                   ref=f"assessors.round:{round.pk}/benchmark:{result.benchmark_id}",
                   before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed},
                   version=rating.version)
    return rating


def publish(membership, round, now=None):
    """Publish the round's ratings to the institution; once only."""
    now = now or timezone.now()
    with transaction.atomic():
        count = ExternalRating.objects.filter(round=round).count()
        if not count:
            raise errors.Conflict(_("Rate at least one benchmark before publishing."))
        try:
            with transaction.atomic():
                RatingPublication.objects.create(round=round, published_by=membership.user, published_at=now)
        except IntegrityError:
            raise errors.Conflict(_("The ratings of this round are already published.")) from None
        ExternalRating.objects.filter(round=round, published_at=None).update(published_at=now)
        published = {r.benchmark.code: {"result": r.result_code, "comment": r.comment}
                     for r in ExternalRating.objects.filter(round=round).select_related("benchmark")}
        record("rating.publish", f"{round.number}", institution=membership.institution, actor=membership.user,
               ref=round_ref(round), before={"published": False}, after={"published": True, "ratings": published})
    from genderseal.notifications import services as notifications

    institution = membership.institution
    readers = (notifications.members(institution, Role.SECRETARIAT) | notifications.members(institution, Role.COMMITTEE)
               | set(AssessorAssignment.objects.filter(round=round).values_list("user_id", flat=True)))
    notifications.notify(readers, institution, "ratings_published", params={"round": round.number},
                         link=reverse("assess-results", args=[institution.slug, round.number]), actor=membership.user)
    return count


# --- Clarification threads -------------------------------------------------------------------------

def thread_link(round, clarification):
    return reverse("assess-thread", args=[round.institution.slug, round.number, clarification.number])


def ask(membership, round, result, body):
    body = (body or "").strip()
    if not body:
        raise AssessorError(_("Write the question first."))
    with transaction.atomic():
        number = (Clarification.objects.filter(round=round).aggregate(n=Max("number"))["n"] or 0) + 1
        thread = Clarification.objects.create(round=round, benchmark=result.benchmark, number=number,
                                              asked_by=membership.user)
        ClarificationMessage.objects.create(clarification=thread, author=membership.user, from_assessor=True, body=body)
        record("clarification.ask", f"{round.number}/{result.benchmark.code} #{number}",
               institution=membership.institution, actor=membership.user,
               ref=f"{round_ref(round)}/benchmark:{result.benchmark_id}", before={}, after={"question": body})
    from genderseal.notifications import services as notifications

    institution = membership.institution
    units = [result.lead_unit] if result.lead_unit_id else list(result.responsible_units.all())
    readers = notifications.members(institution, Role.SECRETARIAT) | notifications.focal_points(institution, units)
    notifications.notify(readers, institution, "clarification_asked", actor=membership.user,
                         params={"actor": _name(membership.user), "code": result.benchmark.code, "round": round.number},
                         link=thread_link(round, thread))
    return thread


def may_answer(membership, result):
    """The secretariat, or a focal point of the benchmark's lead unit (a responsible unit when there is none)."""
    if not membership.can("clarification.answer"):
        return False
    if membership.role == Role.SECRETARIAT:
        return True
    mine = {u.pk for u in membership.units.all()}
    if result is None:
        return False
    if result.lead_unit_id:
        return result.lead_unit_id in mine
    return bool(mine & {u.pk for u in result.responsible_units.all()})


def may_reply(membership, result):
    return membership.role == Role.ASSESSOR or may_answer(membership, result)


def reply(membership, thread, result, body):
    body = (body or "").strip()
    if not body:
        raise AssessorError(_("Write the message first."))
    if not may_reply(membership, result):
        raise NotAllowed(_("Only the secretariat or the lead unit's focal point answers this question."))
    from_assessor = membership.role == Role.ASSESSOR
    status = ClarificationStatus.OPEN if from_assessor else ClarificationStatus.ANSWERED
    with transaction.atomic():
        message = ClarificationMessage.objects.create(clarification=thread, author=membership.user,
                                                      from_assessor=from_assessor, body=body)
        previous = thread.status
        Clarification.objects.filter(pk=thread.pk).update(status=status)
        thread.status = status
        record("clarification.reply", f"{thread.round.number}/{thread.benchmark.code} #{thread.number}",
               institution=membership.institution, actor=membership.user,
               ref=f"{round_ref(thread.round)}/benchmark:{thread.benchmark_id}",
               before={"status": previous}, after={"status": status, "message": body})
    from genderseal.notifications import services as notifications

    institution = membership.institution
    params = {"actor": _name(membership.user), "code": thread.benchmark.code, "round": thread.round.number}
    link = thread_link(thread.round, thread)
    if from_assessor:
        units = [] if result is None else ([result.lead_unit] if result.lead_unit_id else
                                           list(result.responsible_units.all()))
        readers = notifications.members(institution, Role.SECRETARIAT) | notifications.focal_points(institution, units)
        notifications.notify(readers, institution, "clarification_asked", params=params, link=link,
                             actor=membership.user)
    else:
        readers = set(AssessorAssignment.objects.filter(round=thread.round).values_list("user_id", flat=True))
        notifications.notify(readers, institution, "clarification_answered", params=params, link=link,
                             actor=membership.user)
    return message
