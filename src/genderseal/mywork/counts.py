"""The badges of the navigation in one query per page: the count next to งานของฉัน and the inbox's unread.

Both are shown on every page of a member; each was a query of its own. `badges(membership, today)`
reads them as one row of scalar subqueries, compiled once per role, number of units and set of badges
(core/compiled.py): building and compiling the row cost twice what running it does.
"""
from datetime import date

from django.db.models import Exists, Func, IntegerField, OuterRef, Subquery

from genderseal.analysis.models import Status, Worksheet
from genderseal.assessments.models import BenchmarkResult, ResultState
from genderseal.assessors.models import Clarification, ClarificationStatus
from genderseal.core.compiled import fetch_one
from genderseal.core.models import Institution, Membership, Role
from genderseal.evidence.models import Evidence, EvidenceStatus
from genderseal.notifications.models import Notification
from genderseal.organisation.models import ActionItem

from .queries import _TO_DO, _returned_reports, _unit_ids, rounds_in_progress

MY_WORK, INBOX = "my-work", "inbox"
BADGES = (MY_WORK, INBOX)


class _Count(Func):
    function = "COUNT"
    template = "%(function)s(*)"
    output_field = IntegerField()


def _n(queryset):
    return Subquery(queryset.order_by().annotate(n=_Count()).values("n")[:1], output_field=IntegerField())


def count_parts(membership, today: date, units=None):
    """{name: queryset} whose row counts add up to the member's count of things to do now.

    Reads nothing but the membership's role, institution_id and user_id, and `units` (the focal point's
    unit ids, else taken from the membership): the count is compiled once with stand-ins (badges).
    """
    role = membership.role
    if role == Role.SECRETARIAT:
        from .queue import queue_sources

        return queue_sources(membership)
    if role == Role.FOCAL_POINT:
        units = _unit_ids(membership) if units is None else units
        led = BenchmarkResult.objects.filter(round=OuterRef("round"), benchmark=OuterRef("benchmark"),
                                             lead_unit__in=units)
        return {
            "results": BenchmarkResult.objects.for_member(membership).filter(
                round__in=rounds_in_progress(membership), lead_unit__in=units, benchmark__retired=False,
                state__in=_TO_DO),
            "evidence": Evidence.objects.for_member(membership).alive().filter(
                owner_unit__in=units, status=EvidenceStatus.RETURNED),
            "reports": _returned_reports(membership, units),
            "worksheets": Worksheet.objects.for_member(membership).filter(
                project__owner_unit__in=units, status=Status.RETURNED),
            "actions": ActionItem.objects.for_member(membership).overdue(today).filter(owner_unit__in=units),
            "clarifications": Clarification.objects.filter(
                round__institution=membership.institution_id, status=ClarificationStatus.OPEN).filter(Exists(led)),
        }
    if role == Role.COMMITTEE:  # rounds in progress whose every result is approved: a decision waits
        not_approved = BenchmarkResult.objects.filter(round=OuterRef("pk"), benchmark__retired=False).exclude(
            state=ResultState.APPROVED)
        return {"decisions": rounds_in_progress(membership).filter(
            Exists(BenchmarkResult.objects.filter(round=OuterRef("pk")))).exclude(Exists(not_approved))}
    if role == Role.ASSESSOR:
        return {"clarifications": Clarification.objects.for_member(membership).filter(
            status=ClarificationStatus.OPEN)}
    return {}


def _count_row(parts, institution_id, unread=None):
    """One row: the inbox's unread first (when asked for), then one count per part of my work."""
    columns = {"unread": _n(unread)} if unread is not None else {}
    columns.update({f"todo_{name}": _n(qs) for name, qs in parts.items()})
    return Institution.objects.filter(pk=institution_id).annotate(**columns).values_list(*columns)[:1]


def badges(membership, today: date, keys=BADGES):
    """{badge: number} for the badges named by `keys` (my work, inbox): one query for all of them."""
    keys = tuple(k for k in BADGES if k in keys)
    role = membership.role
    units = _unit_ids(membership) if role == Role.FOCAL_POINT and MY_WORK in keys else []

    def build(institution_id, user_id, day, *unit_ids):
        stand_in = Membership(role=role, institution_id=institution_id, user_id=user_id)
        unread = Notification.objects.for_member(stand_in).unread() if INBOX in keys else None
        parts = count_parts(stand_in, day, units=list(unit_ids)) if MY_WORK in keys else {}
        return _count_row(parts, institution_id, unread)

    if not keys:
        return {}
    row = fetch_one(("badges", role, len(units), keys), build,
                    [membership.institution_id, membership.user_id, today, *units]) or ()
    out = {}
    if INBOX in keys:
        out[INBOX], row = (row[0] if row else 0), row[1:]
    if MY_WORK in keys:
        out[MY_WORK] = sum(row)
    return out


def nav_count(membership, today: date):
    """The number shown next to งานของฉัน."""
    return badges(membership, today, (MY_WORK,))[MY_WORK]
