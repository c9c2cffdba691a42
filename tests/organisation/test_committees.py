"""Committees and working groups: pages, members, meetings, dimension-2 benchmarks, stale edits."""
import pytest
from django.urls import reverse

from genderseal.core.models import AuditEvent, OrgUnit
from genderseal.organisation.models import Body, Meeting, Seat
from genderseal.standards.models import Benchmark

from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_the_list_and_detail_show_order_members_meetings_and_benchmarks(world, login):
    make_organisation(world)
    response = login("assessor").get(reverse("committee-list", args=["bma"]))
    assert response.status_code == 200 and b'data-code="committee"' in response.content
    page = login("focal_point").get(reverse("committee-detail", args=["bma", "committee"])).content.decode()
    assert "4708/2567" in page
    assert page.count('data-role="chair"') == 1 and page.count('data-role="member"') == 1
    assert 'data-number="1"' in page
    benchmarks = page[page.index('data-testid="benchmarks"'):].split("</dd>")[0]
    assert "2.1.1" in benchmarks and "2.1.4" in benchmarks and "1.1.1" not in benchmarks
    assert login("outsider").get(reverse("committee-detail", args=["bma", "committee"])).status_code == 404


def test_the_secretariat_creates_a_working_group_under_the_committee(world, login):
    body, _item = make_organisation(world)
    client = login("secretariat")
    form = client.get(reverse("committee-create", args=["bma"])).content.decode()
    b211 = Benchmark.objects.get(framework=world.framework, code="2.1.1")
    b111 = Benchmark.objects.get(framework=world.framework, code="1.1.1")
    assert f'name="benchmarks" value="{b211.pk}"' in form
    assert f'name="benchmarks" value="{b111.pk}"' not in form
    response = client.post(reverse("committee-create", args=["bma"]), {
        "code": "wg-plan", "kind": "working_group", "parent": body.pk, "name_th": "คณะทำงานจัดทำแผน",
        "name_en": "Action plan working group", "mandate": "จัดทำแผน", "order_number": "1/2568",
        "order_date": "2025-03-06", "benchmarks": [b211.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Body.objects.get(code="wg-plan")
    assert group.parent == body and str(group.order_date) == "2025-03-06"
    assert list(group.benchmarks.values_list("code", flat=True)) == ["2.1.1"]
    assert AuditEvent.objects.get(action="committee.create").detail["after"]["order_number"] == "1/2568"
    assert login("committee").get(reverse("committee-create", args=["bma"])).status_code == 404


def test_a_stale_committee_edit_is_refused(world, login):
    body, _item = make_organisation(world)
    client = login("secretariat")
    data = {"kind": "committee", "name_th": "ชื่อใหม่", "name_en": "", "mandate": "", "order_number": "4708/2567",
            "order_date": "2024-12-17", "version": 1}
    assert client.post(reverse("committee-edit", args=["bma", "committee"]), data).status_code == 302
    body.refresh_from_db()
    assert (body.name_th, body.version) == ("ชื่อใหม่", 2)
    response = client.post(reverse("committee-edit", args=["bma", "committee"]), {**data, "name_th": "เก่า"})
    assert response.status_code == 409
    body.refresh_from_db()
    assert body.name_th == "ชื่อใหม่"
    event = AuditEvent.objects.get(action="committee.update")
    assert event.detail["before"]["name_th"] == "คณะกรรมการ"
    assert set(event.detail["after"]["benchmarks"]) == set()  # the form sent none: unlinked, and recorded


def test_members_are_edited_by_role_and_unit_with_an_optional_person(world, login):
    body, _item = make_organisation(world)
    seats = list(Seat.objects.filter(body=body).order_by("order"))
    unit = OrgUnit.objects.get(institution=world.institution, code="03000000")
    data = {"form-TOTAL_FORMS": 3, "form-INITIAL_FORMS": 2, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
            "form-0-id": seats[0].pk, "form-0-role": "chair", "form-0-position": "Deputy Governor",
            "form-0-unit": "", "form-0-person": "",
            "form-1-id": seats[1].pk, "form-1-role": "member", "form-1-position": "Head", "form-1-unit": "",
            "form-1-person": "", "form-1-DELETE": "on",
            "form-2-role": "secretary", "form-2-position": "Director", "form-2-unit": unit.pk, "form-2-person": ""}
    response = login("secretariat").post(reverse("committee-seats", args=["bma", "committee"]), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert [(s.role, s.unit_id) for s in Seat.objects.filter(body=body)] == [("chair", None), ("secretary", unit.pk)]
    event = AuditEvent.objects.get(action="committee.seats")
    assert len(event.detail["before"]["seats"]) == 2 and event.detail["after"]["seats"][1]["unit"] == (
        "03000000 สำนักงาน ก.ก.")


def test_meetings_are_added_with_agenda_and_minutes(world, login):
    body, _item = make_organisation(world)
    client = login("secretariat")
    response = client.post(reverse("meeting-create", args=["bma", "committee"]), {
        "title": "2/2569", "held_on": "2026-03-02", "agenda": "ผลการประเมิน", "minutes": "รับทราบ"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=body, number=2)
    assert (meeting.agenda, str(meeting.held_on)) == ("ผลการประเมิน", "2026-03-02")
    response = client.post(reverse("meeting-edit", args=["bma", "committee", 2]), {
        "title": "2/2569", "held_on": "2026-03-03", "agenda": "ผลการประเมิน", "minutes": "รับทราบ"})
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="meeting.update").detail == {
        "before": {"held_on": "2026-03-02"}, "after": {"held_on": "2026-03-03"}}
    assert client.get(reverse("meeting-edit", args=["bma", "committee", 9])).status_code == 404
    assert login("focal_point").get(reverse("meeting-create", args=["bma", "committee"])).status_code == 404


def test_the_api_lists_committees(world, login):
    make_organisation(world)
    data = login("assessor").get("/api/institutions/bma/committees").json()
    assert data[0]["code"] == "committee" and data[0]["meetings"][0]["number"] == 1
    assert login("outsider").get("/api/institutions/bma/committees").status_code == 404
