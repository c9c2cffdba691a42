"""Review workflow rules as plain functions: which role may move a result where, what is missing.

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                   │ return               │ return (reopen, with a comment)
      └──── returned ◀────┴──────────────────────┘   returned ──submit──▶ submitted

The lead unit's focal point (or the secretariat) submits; the secretariat approves or
returns with a comment; when every result of a round is approved the committee signs the
round off and it locks; only the secretariat unlocks it, giving a reason. No ORM here:
services (assessments/review.py) load the data and call these.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Role
from genderseal.core.permissions import allowed

from .models import ResultState

DRAFT, SUBMITTED, APPROVED, RETURNED = (ResultState.DRAFT, ResultState.SUBMITTED, ResultState.APPROVED,
                                        ResultState.RETURNED)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    action: str  # the permission in core/permissions.py
    label: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", frozenset({DRAFT, RETURNED}), SUBMITTED, "result.submit", _("Submit for review")),
        Transition("approve", frozenset({SUBMITTED}), APPROVED, "result.approve", _("Approve")),
        Transition("return", frozenset({SUBMITTED, APPROVED}), RETURNED, "result.approve", _("Return")),
    )
}

# Fields a result needs before it can be submitted, in the order they are named.
REQUIRED_FIELDS = ("result_code", "response", "lead_unit")


def owns(unit_ids, lead_unit_id, responsible_unit_ids=()):
    """Does a focal point of these units own the result? The lead unit does; without one, any responsible unit."""
    unit_ids = set(unit_ids)
    if lead_unit_id is not None:
        return lead_unit_id in unit_ids
    return bool(unit_ids & set(responsible_unit_ids))


def may(role, name, state, *, owner=False, read_only=False):
    """May a member of this role apply transition `name` to a result in `state`?"""
    transition = TRANSITIONS.get(name)
    if transition is None or read_only or state not in transition.sources:
        return False
    if not allowed(role, transition.action):
        return False
    if role == Role.FOCAL_POINT and not owner:
        return False
    return True


def available(role, state, *, owner=False, read_only=False):
    """The transitions this role may apply now, in display order."""
    return [t for name, t in TRANSITIONS.items() if may(role, name, state, owner=owner, read_only=read_only)]


def missing_fields(result):
    """The required fields still empty, each named in the user's language (empty list: ready to submit)."""
    missing = []
    for name in REQUIRED_FIELDS:
        field = result._meta.get_field(name)
        value = getattr(result, field.attname)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(field.verbose_name))
    return missing


def progress(counts):
    """{state: n} -> counts for every state plus the total, zeros included."""
    figures = {state: counts.get(state, 0) for state in ResultState.values}
    figures["total"] = sum(figures.values())
    return figures


def can_sign_off(role, figures, *, closed=False, locked=False):
    """The committee signs a round off once every result in it is approved."""
    if closed or locked or not allowed(role, "round.signoff"):
        return False
    return figures["total"] > 0 and figures[APPROVED] == figures["total"]


def can_unlock(role, *, locked, reason):
    return locked and allowed(role, "round.unlock") and bool((reason or "").strip())
