"""The workflow rules as plain functions: who may move a result where, what is missing, sign-off."""
import pytest

from genderseal.assessments import workflow
from genderseal.assessments.models import ResultState, RoundKind
from genderseal.core.models import Role

S, F, C, A = Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR
DRAFT, SUBMITTED, APPROVED, RETURNED = ResultState.values

# (role, transition, from state, owner of the result) -> allowed
TABLE = [
    (F, "submit", DRAFT, True, True),
    (F, "submit", RETURNED, True, True),
    (F, "submit", DRAFT, False, False),  # another unit's result
    (F, "submit", SUBMITTED, True, False),
    (F, "approve", SUBMITTED, True, False),
    (F, "return", SUBMITTED, True, False),
    (S, "submit", DRAFT, False, True),
    (S, "approve", SUBMITTED, False, True),
    (S, "approve", DRAFT, False, False),
    (S, "approve", APPROVED, False, False),
    (S, "return", SUBMITTED, False, True),
    (S, "return", APPROVED, False, True),  # reopen an approved result, with a comment
    (S, "return", DRAFT, False, False),
    (C, "submit", DRAFT, False, False),
    (C, "approve", SUBMITTED, False, False),
    (C, "return", SUBMITTED, False, False),
    (A, "submit", DRAFT, False, False),
    (A, "approve", SUBMITTED, False, False),
    (A, "return", SUBMITTED, False, False),
    (S, "publish", SUBMITTED, False, False),  # no such transition
]


@pytest.mark.parametrize("role,name,state,owner,expected", TABLE)
def test_it_allows_exactly_the_transitions_of_the_table(role, name, state, owner, expected):
    assert workflow.may(role, name, state, owner=owner) is expected


@pytest.mark.parametrize("role", [S, F, C, A])
@pytest.mark.parametrize("name", list(workflow.TRANSITIONS))
def test_nothing_moves_in_a_locked_round(role, name):
    for state in ResultState.values:
        assert not workflow.may(role, name, state, owner=True, read_only=True)


def test_it_lists_what_a_role_may_do_in_display_order():
    assert [t.name for t in workflow.available(S, SUBMITTED)] == ["approve", "return"]
    assert [t.name for t in workflow.available(F, RETURNED, owner=True)] == ["submit"]
    assert workflow.available(C, SUBMITTED) == []


def test_the_lead_unit_owns_a_result_and_without_one_the_responsible_units_do():
    assert workflow.owns({1, 2}, 2)
    assert not workflow.owns({1}, 2, responsible_unit_ids=[1])  # a supporting unit does not submit
    assert workflow.owns({1}, None, responsible_unit_ids=[1, 3])
    assert not workflow.owns(set(), None, responsible_unit_ids=[1])


def test_a_submit_needs_only_the_fields_its_actor_can_fill():
    """The rating is the secretariat's in a self-assessment and the assessors' otherwise: a focal point's
    submit never waits for it (the observed dead end "Fill in before submitting: result")."""
    assert workflow.required_fields(F, RoundKind.EXTERNAL) == ["response"]
    assert workflow.required_fields(F, RoundKind.UNDP_REVIEW) == ["response"]
    assert workflow.required_fields(F, RoundKind.SELF) == ["response"]
    assert workflow.required_fields(S, RoundKind.SELF) == ["result_code", "response", "lead_unit"]
    assert workflow.required_fields(S, RoundKind.EXTERNAL) == ["response", "lead_unit"]


def test_the_committee_signs_off_only_when_every_result_is_approved():
    done = workflow.progress({APPROVED: 40})
    assert done == {"draft": 0, "submitted": 0, "approved": 40, "returned": 0, "total": 40}
    assert workflow.can_sign_off(C, done)
    assert not workflow.can_sign_off(S, done)
    assert not workflow.can_sign_off(C, workflow.progress({APPROVED: 39, SUBMITTED: 1}))
    assert not workflow.can_sign_off(C, workflow.progress({}))
    assert not workflow.can_sign_off(C, done, locked=True)
    assert not workflow.can_sign_off(C, done, closed=True)


def test_only_the_secretariat_unlocks_and_only_with_a_reason():
    assert workflow.can_unlock(S, locked=True, reason="UNDP asked for a correction")
    assert not workflow.can_unlock(S, locked=True, reason="  ")
    assert not workflow.can_unlock(C, locked=True, reason="x")
    assert not workflow.can_unlock(S, locked=False, reason="x")


def test_it_names_what_a_focal_point_still_has_to_fill(settings):
    from django.utils import translation

    from genderseal.assessments.models import AssessmentRound, BenchmarkResult

    external = AssessmentRound(kind=RoundKind.EXTERNAL)
    with translation.override("en"):
        assert workflow.missing_fields(BenchmarkResult(round=external, result_code="", response=" ")) == [
            "institution's response"]
        assert workflow.missing_fields(BenchmarkResult(round=external, result_code="", response="ok")) == []
        assert workflow.missing_fields(BenchmarkResult(round=AssessmentRound(kind=RoundKind.SELF), response=""),
                                       role=S) == ["result", "institution's response", "lead unit"]
