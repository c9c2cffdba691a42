"""งานของฉัน: each role's home lists what to do now, each line opens the exact record, queries stay bounded."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from genderseal.analysis.models import Worksheet
from genderseal.assessments.models import BenchmarkResult, ResultState
from genderseal.assessments.services import next_medal_codes
from genderseal.core.models import Membership, OrgUnit
from genderseal.evidence.models import Evidence
from genderseal.mywork import counts, queries, queue
from genderseal.organisation.models import ActionItem
from genderseal.planning.models import PeriodReport, Value

from tests.factories import make_evidence, make_external_round, make_organisation, make_planning, make_worksheet

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 1, 10)  # FY2568: Nov 2567 report due on 15 Dec (overdue), Dec due on 15 Jan


def member(world, persona):
    return Membership.objects.select_related("institution", "user").prefetch_related("units").get(
        user=getattr(world, persona), institution=world.institution)


def returned_result(world, code="1.1.1", reason="Add the 2567 budget figures"):
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    result = world.round.results.get(benchmark__code=code)
    BenchmarkResult.objects.filter(pk=result.pk).update(state=ResultState.RETURNED, return_comment=reason,
                                                        lead_unit=unit)
    return result


def test_focal_point_sees_what_was_returned_with_the_reason_and_the_row(world):
    result = returned_result(world)
    work = queries.focal_point(member(world, "focal_point"), TODAY)
    line = next(x for x in work["returned"] if x.kind == "result")
    assert line.code == "1.1.1" and line.reason == "Add the 2567 budget figures"
    assert line.url == reverse("round-detail", args=["bma", 1]) + f"#result-{result.pk}"
    # The other benchmarks of the unit (1.x, supported) are listed with their state, not approved ones.
    codes = [x.code for x in work["benchmarks"]]
    assert "1.1.2" in codes and "1.1.1" not in codes and not any(c.startswith("2.") for c in codes)


def test_focal_point_reports_due_and_overdue_and_returned(world):
    indicator = make_planning(world)
    nov = PeriodReport.objects.create(indicator=indicator, period=datetime.date(2024, 11, 1), status="returned",
                                      review_comment="Split by sex")
    Value.objects.create(report=nov, option_key="female", number=3)
    work = queries.focal_point(member(world, "focal_point"), TODAY)
    due = [(x.code, x.period) for x in work["reports_due"]]
    overdue = [(x.code, x.period) for x in work["reports_overdue"]]
    assert due == [("IND-1", datetime.date(2024, 12, 1))]
    assert ("IND-1", datetime.date(2024, 10, 1)) in overdue and ("IND-1", datetime.date(2024, 11, 1)) not in overdue
    back = next(x for x in work["returned"] if x.kind == "report")
    assert back.reason == "Split by sex" and back.url.endswith("/plan/indicators/IND-1/report/?fy=2568&month=11")


def test_focal_point_action_items_clarifications_and_evidence(world):
    _body, item = make_organisation(world)
    make_external_round(world)  # clarification #1 on 1.1.1, led by สยป.
    make_evidence(world.institution, "คำสั่ง", status="returned", review_comment="Wrong year")
    make_evidence(world.institution, "รายงาน", status="approved", expires_on=TODAY + datetime.timedelta(days=20))
    make_evidence(world.institution, "ของหน่วยอื่น", unit_code="03000000", status="returned")
    work = queries.focal_point(member(world, "focal_point"), TODAY)
    assert [x.url for x in work["actions"]] == [reverse("action-detail", args=["bma", item.number])]
    assert [x.code for x in work["clarifications"]] == ["1.1.1"]
    assert work["clarifications"][0].url == reverse("assess-thread", args=["bma", 2, 1])
    assert [x.reason for x in work["returned"] if x.kind == "evidence"] == ["Wrong year"]
    assert [x.title for x in work["evidence"]] == ["รายงาน"]


def queue_world(world):
    """One submitted record of each kind."""
    indicator = make_planning(world)
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(
        state=ResultState.SUBMITTED, submitted_at=timezone.now() - datetime.timedelta(days=3), response="Done")
    make_evidence(world.institution, "ส่งตรวจ", status="submitted", submitted_at=timezone.now())
    report = PeriodReport.objects.create(indicator=indicator, period=datetime.date(2024, 10, 1), status="submitted",
                                         submitted_at=timezone.now() - datetime.timedelta(days=5))
    Value.objects.create(report=report, option_key="female", number=3)
    make_worksheet(world, status="submitted")
    Worksheet.objects.update(submitted_at=timezone.now() - datetime.timedelta(days=1))
    return report


def test_secretariat_queue_has_every_kind_oldest_first(world):
    queue_world(world)
    lines, waiting = queue.review_queue(member(world, "secretariat"))
    assert [x.kind for x in lines] == ["report", "result", "worksheet", "evidence"]
    assert waiting == 4  # every kind held in full: the count next to my work is the queue's length


def test_secretariat_approves_and_returns_from_the_queue(world, login):
    report = queue_world(world)
    browser = login("secretariat")
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1")
    url = reverse("my-work-move", args=["bma", "result", result.pk, "return"])
    answer = browser.post(url, {"version": result.version, "comment": ""}, follow=True)
    assert BenchmarkResult.objects.get(pk=result.pk).state == ResultState.SUBMITTED  # a reason is required
    assert "required" in answer.content.decode() or "ต้อง" in answer.content.decode()
    browser.post(url, {"version": result.version, "comment": "Attach the order"})
    result.refresh_from_db()
    assert result.state == ResultState.RETURNED and result.return_comment == "Attach the order"
    browser.post(reverse("my-work-move", args=["bma", "report", report.pk, "approve"]), {"version": report.version})
    assert PeriodReport.objects.get(pk=report.pk).status == "approved"
    evidence = Evidence.objects.get(title_th="ส่งตรวจ")
    browser.post(reverse("my-work-move", args=["bma", "evidence", evidence.pk, "approve"]),
                 {"version": evidence.version})
    assert Evidence.objects.get(pk=evidence.pk).status == "approved"


def test_only_the_secretariat_moves_from_the_queue(world, login):
    queue_world(world)
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1")
    url = reverse("my-work-move", args=["bma", "result", result.pk, "approve"])
    assert login("focal_point").post(url, {"version": result.version}).status_code == 404
    assert BenchmarkResult.objects.get(pk=result.pk).state == ResultState.SUBMITTED


def test_secretariat_blockers_follow_the_candidates_rule(world):
    lines, gap, working = queries.blockers(member(world, "secretariat"))
    assert working == world.round
    wanted = next_medal_codes(gap)
    assert [x.code for x in lines] == wanted == gap.candidates[:len(wanted)]
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code=wanted[0]).update(lead_unit=unit)
    work = queries.secretariat(member(world, "secretariat"), TODAY)
    assert wanted[0] not in [x.code for x in work["blockers"]]
    assert wanted[0] in [x.code for x in work["owned_blockers"]]


def test_secretariat_overdue_action_items_and_late_units(world):
    make_organisation(world)  # action item #1 due 25 Jan 2026
    make_planning(world)
    work = queries.secretariat(member(world, "secretariat"), datetime.date(2026, 2, 1))
    assert [x.code for x in work["actions"]] == ["#1"]
    assert [row["unit"].code for row in work["late_units"]] == ["21000000"]


def test_committee_sees_sign_off_readiness(world):
    work = queries.committee(member(world, "committee"), TODAY)
    (only,) = work["readiness"]
    assert only["figures"]["approved"] == 0 and only["figures"]["total"] == 40 and not only["ready"]
    BenchmarkResult.objects.filter(round=world.round).update(state=ResultState.APPROVED)
    work = queries.committee(member(world, "committee"), TODAY)
    assert work["readiness"][0]["ready"] and len(work["decisions"]) == 1
    assert counts.nav_count(member(world, "committee"), TODAY) == 1


def test_assessor_sees_rounds_left_to_rate_and_open_questions(world):
    make_external_round(world)
    work = queries.assessor(member(world, "assessor"), TODAY)
    round_work = next(a for a in work["assignments"] if a["round"].number == 2)
    assert round_work["left"] == 40 and round_work["lines"][0]["url"].endswith("/assess/rounds/2/#bench-111")
    assert [x.code for x in work["clarifications"]] == ["1.1.1"]


def test_sign_in_lands_on_my_work_with_a_count(world, login):
    returned_result(world)
    browser = login("focal_point")
    assert browser.get("/").url == reverse("my-work", args=["bma"])
    page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    assert 'data-testid="my-work-count"' in page and "Add the 2567 budget figures" in page


@pytest.mark.parametrize("persona", ["secretariat", "focal_point", "committee", "assessor"])
def test_every_link_on_my_work_opens(world, login, persona):
    make_organisation(world)
    make_external_round(world)
    queue_world(world)
    returned_result(world, "1.2.1")
    browser = login(persona)
    page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    main = page.split("<main", 1)[1]
    links = set(re.findall(r'href="(/i/bma/[^"#]*)', main))
    assert links
    for link in links:
        assert browser.get(link.replace("&amp;", "&")).status_code == 200, link


def grow(world, n):
    """n more of everything a list shows."""
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    for i in range(n):
        make_evidence(world.institution, f"ส่ง {i}", status="submitted", submitted_at=timezone.now())
        make_evidence(world.institution, f"คืน {i}", status="returned")
        ActionItem.objects.create(institution=world.institution, number=100 + i, title=f"Do {i}", owner_unit=unit,
                                  due_on=datetime.date(2020, 1, 1))
    BenchmarkResult.objects.filter(round=world.round).update(lead_unit=unit, state=ResultState.SUBMITTED,
                                                            submitted_at=timezone.now())


# The page's queries (5 of them are the session, user, profile and membership), whatever the data size.
MOST_QUERIES = {"secretariat": 26, "focal_point": 18, "committee": 14, "assessor": 14}


@pytest.mark.parametrize("persona", MOST_QUERIES)
def test_query_count_does_not_grow_with_the_data(world, login, persona, django_assert_max_num_queries):
    make_external_round(world)
    make_planning(world)
    browser = login(persona)
    url = reverse("my-work", args=["bma"])
    with django_assert_max_num_queries(MOST_QUERIES[persona]):
        browser.get(url)
    grow(world, 40)
    with django_assert_max_num_queries(MOST_QUERIES[persona]):
        assert browser.get(url).status_code == 200
