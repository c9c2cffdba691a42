"""The one review workflow (core/workflow.py): the table as plain rules, and every kind moved through it."""
from datetime import date

import pytest
from django.urls import reverse

from genderseal.core import workflow
from genderseal.core.errors import Invalid, NotAllowed
from genderseal.core.models import Membership, Role
from genderseal.core.permissions import ACTIONS
from genderseal.notifications.models import Notification

S, F, C, A = Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR
DRAFT, SUBMITTED, APPROVED, RETURNED = workflow.State.values
KINDS = ["result", "evidence", "report", "worksheet", "screening"]


# --- the table, without the database -------------------------------------------------------------

def test_every_reviewable_kind_is_declared_with_the_shared_states():
    assert sorted(workflow.FLOWS) == sorted(KINDS)
    for flow in workflow.FLOWS.values():
        for step in flow.steps.values():
            assert step.action in ACTIONS, step.action
            assert set(step.sources) | {step.target} <= set(workflow.State.values)


@pytest.mark.parametrize("kind", KINDS)
def test_returning_always_asks_for_a_reason(kind):
    step = workflow.FLOWS[kind].step("return")
    assert step.reason and step.target == RETURNED and step.actor == workflow.REVIEWER


@pytest.mark.parametrize("kind, owner_role", [("result", F), ("evidence", F), ("report", F), ("worksheet", F),
                                              ("screening", S)])
def test_whoever_must_act_can_always_move_a_returned_record_on(kind, owner_role):
    flow = workflow.FLOWS[kind]
    assert [s.name for s in workflow.available(flow, RETURNED, owner_role, owner=True)] == ["submit"]
    assert workflow.next_actor(flow.step("submit")) == workflow.REVIEWER
    assert workflow.next_actor(flow.step("return")) == workflow.OWNER


@pytest.mark.parametrize("kind", ["result", "evidence", "report", "worksheet"])
def test_a_focal_point_moves_only_their_units_records_and_never_reviews(kind):
    flow = workflow.FLOWS[kind]
    assert workflow.may(flow, "submit", DRAFT, F, owner=True)
    assert not workflow.may(flow, "submit", DRAFT, F, owner=False)
    assert workflow.may(flow, "submit", DRAFT, S, owner=False)  # the secretariat acts for every unit
    assert not workflow.may(flow, "approve", SUBMITTED, F, owner=True)
    assert not workflow.may(flow, "return", SUBMITTED, F, owner=True)
    assert workflow.available(flow, SUBMITTED, C) == []
    assert not workflow.may(flow, "approve", SUBMITTED, S, read_only=True)


def test_an_approved_report_or_screening_form_is_not_returned_but_a_result_or_worksheet_can_be():
    assert not workflow.may(workflow.FLOWS["report"], "return", APPROVED, S)
    assert not workflow.may(workflow.FLOWS["screening"], "return", APPROVED, S)
    assert workflow.may(workflow.FLOWS["result"], "return", APPROVED, S)
    assert workflow.may(workflow.FLOWS["worksheet"], "return", APPROVED, S)


def test_a_step_requires_only_the_fields_its_actor_can_fill():
    submit = workflow.FLOWS["result"].step("submit")
    assert workflow.required(submit, F, context=set()) == ["response"]  # external round: no rating asked
    assert workflow.required(submit, F, context={"internal"}) == ["response"]  # focal points never rate
    assert workflow.required(submit, S, context={"internal"}) == ["result_code", "response", "lead_unit"]
    for flow in workflow.FLOWS.values():
        for step in flow.steps.values():
            for role in (S, F, C, A):
                for name in workflow.required(step, role, context={"internal"}):
                    need = next(n for n in step.needs if n.field == name)
                    assert role in ACTIONS[need.action]


# --- every kind moved: submit, return with a reason, resubmit, approve ------------------------------

def member(world, persona):
    return Membership.objects.select_related("institution").prefetch_related("units").get(
        user=getattr(world, persona), institution=world.institution)


def notices(user, kind_prefix):
    return list(Notification.objects.filter(recipient=user, kind__startswith=kind_prefix).order_by("pk"))


def run_through(world, move, reload, owner, reviewer_user, owner_user, notice_prefix):
    """submit -> return (reason) -> resubmit -> approve, checking states, reasons and notices."""
    record = move(owner, reload(), "submit")
    assert record.status_value == SUBMITTED
    assert notices(reviewer_user, notice_prefix)[-1].link  # the reviewer is told, with a link to the record
    secretariat = member(world, "secretariat")
    with pytest.raises(Invalid):
        move(secretariat, reload(), "return", reason="  ")
    record = move(secretariat, reload(), "return", reason="ตัวเลขไม่ครบ")
    assert record.status_value == RETURNED and record.reason_value == "ตัวเลขไม่ครบ"
    told = notices(owner_user, notice_prefix)[-1]
    assert told.params["comment"] == "ตัวเลขไม่ครบ" and "ตัวเลขไม่ครบ" in told.text
    record = move(owner, reload(), "submit")
    assert record.status_value == SUBMITTED and record.reason_value == ""
    record = move(secretariat, reload(), "approve")
    assert record.status_value == APPROVED
    return told


def _wrap(obj, state_field, reason_field):
    obj.status_value = getattr(obj, state_field)
    obj.reason_value = getattr(obj, reason_field)
    return obj


def test_a_result_moves_through_review_and_the_focal_point_submits_without_the_rating(world):
    """Round 2 is external: the focal point submits the answer; the rating stays the assessors'."""
    from genderseal.assessments import review
    from genderseal.assessments.models import BenchmarkResult

    from tests.factories import make_external_round

    rnd = make_external_round(world, submitted=(), approved=(), thread=False)
    result = BenchmarkResult.objects.get(round=rnd, benchmark__code="1.1.1")
    assert result.result_code in ("", None)

    def reload():
        return BenchmarkResult.objects.select_related("round__institution", "benchmark").get(pk=result.pk)

    def move(membership, obj, name, reason=""):
        return _wrap(review.transition(membership, obj, name, obj.version, comment=reason), "state", "return_comment")

    told = run_through(world, move, reload, member(world, "focal_point"), world.secretariat, world.focal_point, "")
    assert told.kind == "returned"
    assert told.link == reverse("round-detail", args=["bma", 2]) + f"#result-{result.pk}"


def test_an_evidence_item_moves_through_review_and_everyone_concerned_hears_of_it(world):
    from genderseal.evidence import services
    from genderseal.evidence.models import Evidence

    from tests.factories import make_evidence

    evidence = make_evidence(world.institution, created_by=world.focal_point)

    def move(membership, obj, name, reason=""):
        return _wrap(services.transition(membership, obj, name, reason, version=obj.version), "status",
                     "review_comment")

    told = run_through(world, move, lambda: Evidence.objects.get(pk=evidence.pk), member(world, "focal_point"),
                       world.secretariat, world.focal_point, "evidence_")
    assert told.link == reverse("evidence-detail", args=["bma", evidence.pk]) + "#review"
    assert [n.kind for n in notices(world.focal_point, "evidence_")] == ["evidence_return", "evidence_approve"]
    assert [n.kind for n in notices(world.secretariat, "evidence_")] == ["evidence_submit", "evidence_submit"]


def test_a_monthly_report_moves_through_review(world):
    from genderseal.planning import services
    from genderseal.planning.models import PeriodReport

    from tests.factories import make_planning

    indicator = make_planning(world)
    focal = member(world, "focal_point")
    report = services.save_report(focal, indicator, date(2024, 11, 1), {"female": 3, "male": 2})

    def move(membership, obj, name, reason=""):
        return _wrap(services.transition(membership, obj, name, comment=reason, version=obj.version), "status",
                     "review_comment")

    told = run_through(world, move, lambda: PeriodReport.objects.select_related("indicator").get(pk=report.pk), focal,
                       world.secretariat, world.focal_point, "report_")
    assert told.link == reverse("planning-indicator", args=["bma", "IND-1"]) + "?fy=2568#period-2024-11-01"
    with pytest.raises(Exception) as refused:  # approved: the period is locked
        services.transition(member(world, "secretariat"), PeriodReport.objects.get(pk=report.pk), "return",
                            comment="x")
    assert refused.value.status == 409


def test_a_worksheet_moves_through_review_and_the_marker_is_confirmed(world):
    from genderseal.analysis import services
    from genderseal.analysis.models import Worksheet

    from tests.factories import make_planning, make_worksheet

    make_planning(world)
    worksheet = make_worksheet(world)

    def move(membership, obj, name, reason=""):
        return _wrap(services.move_worksheet(membership, obj, name, obj.version, actor=membership.user,
                                             comment=reason), "status", "review_comment")

    told = run_through(world, move, lambda: Worksheet.objects.select_related("project").get(pk=worksheet.pk),
                       member(world, "focal_point"), world.secretariat, world.focal_point, "worksheet_")
    assert told.link == reverse("analysis-detail", args=["bma", "P-1"]) + "#worksheet"
    assert Worksheet.objects.get(pk=worksheet.pk).confirmed_marker


def test_a_screening_form_moves_through_review(world):
    from genderseal.analysis import services
    from genderseal.analysis.models import Screening
    from genderseal.planning.models import Project

    from tests.factories import make_planning, make_user

    make_planning(world)
    analyst = make_user("analyst", world.institution, Role.SECRETARIAT)
    screening = Screening.objects.create(
        institution=world.institution, project=Project.objects.get(code="P-1"), fiscal_year=2568,
        international="yes", international_note="SDG 5.6", national="yes", national_note="แผนชาติ",
        institution_plan="partly", institution_plan_note="ยุทธศาสตร์", leadership="yes", leadership_note="นโยบาย",
        fit="yes", fit_note="สอดคล้อง", recommendation="approve", recommendation_note="เสนอให้ความเห็นชอบ")

    def move(membership, obj, name, reason=""):
        return _wrap(services.move_screening(membership, obj, name, obj.version, actor=membership.user,
                                             comment=reason), "status", "review_comment")

    told = run_through(world, move, lambda: Screening.objects.select_related("project").get(pk=screening.pk),
                       Membership.objects.select_related("institution").get(user=analyst),
                       world.secretariat, analyst, "screening_")
    assert told.link.endswith("?fy=2568#screening")


def test_a_focal_point_cannot_move_another_units_record(world):
    from genderseal.evidence import services

    from tests.factories import make_evidence

    evidence = make_evidence(world.institution, unit_code="03000000")
    with pytest.raises(NotAllowed):
        services.transition(member(world, "focal_point"), evidence, "submit")


# --- the notice opens the record's own row ---------------------------------------------------------

def test_a_returned_notice_opens_the_results_own_row(world, login):
    from genderseal.assessments import review
    from genderseal.assessments.models import BenchmarkResult

    from tests.factories import make_external_round

    rnd = make_external_round(world, submitted=("1.1.1",), approved=(), thread=False)
    result = BenchmarkResult.objects.select_related("round__institution", "benchmark").get(
        round=rnd, benchmark__code="1.1.1")
    review.transition(member(world, "secretariat"), result, "return", result.version, comment="เพิ่มหลักฐาน")
    note = Notification.objects.get(recipient=world.focal_point, kind="returned")
    browser = login("focal_point")
    opened = browser.post(reverse("inbox-open", args=["bma"]), {"id": note.pk})
    assert opened.status_code == 302 and opened.url == note.link
    path, anchor = note.link.split("#")
    page = browser.get(path).content.decode()
    assert f'id="{anchor}"' in page  # the element the browser scrolls to
    assert "เพิ่มหลักฐาน" in page and 'data-testid="return-reason"' in page  # the reason shows on the record
