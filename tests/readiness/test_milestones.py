"""Milestones: list with overdue flags, edits audited, and the dashboard countdown."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from genderseal.core.models import AuditEvent
from genderseal.readiness.models import Milestone

from tests.factories import make_readiness, make_round

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "bma", **kwargs})


def milestone(world, kind="result", days=0, status="planned", **fields):
    return Milestone.objects.create(institution=world.institution, kind=kind, title_th="ผล", title_en=kind,
                                    due_on=TODAY + datetime.timedelta(days=days), status=status, **fields)


def test_the_list_flags_open_milestones_past_their_date(world, login):
    late = milestone(world, "submission", days=-3)
    done = milestone(world, "engage", days=-30, status="done")
    ahead = milestone(world, "result", days=10)
    Milestone.objects.create(institution=world.other, kind="award", title_th="อื่น", due_on=TODAY)
    page = login("assessor").get(url("milestone-list")).content.decode()
    assert page.count('data-testid="overdue"') == 1
    assert f'data-kind="{late.kind}" data-status="planned" class="overdue"' in page
    assert f'data-kind="{done.kind}" data-status="done">' in page
    assert 'data-days="10"' in page and ahead.kind in page
    assert "award" not in page  # another institution's


def test_an_overdue_range_counts_from_its_end():
    m = Milestone(kind="external_assessment", due_on=TODAY - datetime.timedelta(days=4), ends_on=TODAY)
    assert not m.is_overdue(TODAY)
    assert m.is_overdue(TODAY + datetime.timedelta(days=1))
    m.status = "done"
    assert not m.is_overdue(TODAY + datetime.timedelta(days=1))


def test_the_secretariat_creates_and_edits_a_milestone_with_an_audit_trail(world, login):
    browser = login("secretariat")
    response = browser.post(url("milestone-create"), {"kind": "result", "title_th": "ประกาศผล", "title_en": "Result",
                                                      "due_on": "2026-03-01", "status": "planned"})
    assert response.status_code == 302
    m = Milestone.objects.get(institution=world.institution)
    assert m.due_on == datetime.date(2026, 3, 1)
    response = browser.post(url("milestone-edit", pk=m.pk), {"kind": "result", "title_th": "ประกาศผล",
                                                              "due_on": "2026-03-20", "status": "done"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="milestone.update").get()
    assert event.detail["before"] == {"due_on": "2026-03-01", "status": "planned", "title_en": "Result"}
    assert event.detail["after"] == {"due_on": "2026-03-20", "status": "done", "title_en": ""}
    assert event.ref == f"readiness.milestone:{m.pk}"
    assert AuditEvent.objects.filter(action="milestone.create").count() == 1


def test_bad_dates_and_other_roles_are_refused(world, login):
    data = {"kind": "result", "title_th": "ผล", "due_on": "2026-03-10", "ends_on": "2026-03-01", "status": "planned"}
    assert login("secretariat").post(url("milestone-create"), data).status_code == 400
    assert login("focal_point").post(url("milestone-create"), data).status_code == 404
    other = Milestone.objects.create(institution=world.other, kind="award", title_th="อื่น")
    assert login("secretariat").get(url("milestone-edit", pk=other.pk)).status_code == 404
    assert not Milestone.objects.filter(institution=world.institution).exists()


def test_the_dashboard_counts_down_to_the_next_open_milestone(world, login):
    milestone(world, "submission", days=2, status="done")  # done: not counted
    milestone(world, "result", days=5)
    milestone(world, "award", days=40)
    make_round(world.institution, world.framework, number=2, status="submitted", kind="external",
               starts_on=TODAY + datetime.timedelta(days=3))
    page = login("committee").get(url("dashboard")).content.decode()
    assert 'data-testid="countdown">5' in page and 'data-testid="next-milestone"' in page


def test_without_open_milestones_ahead_the_dashboard_falls_back_to_rounds(world, login):
    milestone(world, "submission", days=-2)
    make_round(world.institution, world.framework, number=2, status="submitted", kind="external",
               starts_on=TODAY + datetime.timedelta(days=3))
    page = login("committee").get(url("dashboard")).content.decode()
    assert 'data-testid="countdown">3' in page and 'data-testid="next-milestone"' not in page


def test_the_list_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    browser = login("secretariat")
    make_readiness(world)
    with django_assert_max_num_queries(8):
        assert browser.get(url("milestone-list")).status_code == 200
    for kind in ("engage", "baseline", "action_plan", "submission", "result", "award", "renewal"):
        milestone(world, kind, days=3, owner_unit=world.round.results.first().lead_unit)
    with django_assert_max_num_queries(8):
        assert browser.get(url("milestone-list")).status_code == 200


def test_english_labels(world, login):
    browser = login("secretariat")
    browser.post("/language/", {"language": "en"})
    milestone(world, "external_assessment", days=1)
    page = browser.get(url("milestone-list")).content.decode()
    assert "External assessment" in page and "Milestones" in page
