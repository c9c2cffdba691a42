"""Review workflow rules for benchmark results as plain functions, over the shared table in core/workflow.py.

The lead unit's focal point (or the secretariat) submits the institution's answer; the rating is
the secretariat's (self-assessment) or the assessors' (UNDP review, external round), so a focal
point's submit never waits for it; the secretariat approves or returns with a reason; when every
result of a round is approved the committee signs the round off and it locks; only the secretariat
unlocks it, giving a reason. No ORM here: services (assessments/review.py) load the data and call these.
"""
from genderseal.core import workflow as core
from genderseal.core.models import Role
from genderseal.core.permissions import allowed

from .models import ResultState

DRAFT, SUBMITTED, APPROVED, RETURNED = (ResultState.DRAFT, ResultState.SUBMITTED, ResultState.APPROVED,
                                        ResultState.RETURNED)
FLOW = core.FLOWS["result"]
TRANSITIONS = FLOW.steps


def owns(unit_ids, lead_unit_id, responsible_unit_ids=()):
    """Does a focal point of these units own the result? The lead unit does; without one, any responsible unit."""
    unit_ids = set(unit_ids)
    if lead_unit_id is not None:
        return lead_unit_id in unit_ids
    return bool(unit_ids & set(responsible_unit_ids))


def may(role, name, state, *, owner=False, read_only=False):
    """May a member of this role apply transition `name` to a result in `state`?"""
    return core.may(FLOW, name, state, role, owner=owner, read_only=read_only)


def available(role, state, *, owner=False, read_only=False):
    """The transitions this role may apply now, in display order."""
    return core.available(FLOW, state, role, owner=owner, read_only=read_only)


def context(round_kind):
    """The rating is part of the answer only in a self-assessment; otherwise it is the assessors'."""
    from .models import RoundKind

    return {"internal"} if round_kind == RoundKind.SELF else set()


def required_fields(role, round_kind):
    """The fields a submit needs from this role in this kind of round."""
    return core.required(FLOW.steps["submit"], role, context(round_kind))


def missing_fields(result, role=Role.FOCAL_POINT):
    """The fields `role` must still fill before submitting this result, named in the user's language
    (the rating is never asked of a focal point; see `required_fields`)."""
    missing = []
    for name in required_fields(role, result.round.kind):
        field = result._meta.get_field(name)
        if core.blank(getattr(result, field.attname)):
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
