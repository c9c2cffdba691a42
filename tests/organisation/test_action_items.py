"""Action items: from an assessor's comment or by hand; who may move them; stale edits; the list."""
import re

import pytest
from django.urls import reverse

from genderseal.core.models import AuditEvent, OrgUnit, Role
from genderseal.organisation.models import ActionItem, ActionStatus

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def unit(world, code="21000000"):
    return OrgUnit.objects.get(institution=world.institution, code=code)


def item(world, **fields):
    fields.setdefault("owner_unit", unit(world))
    fields.setdefault("number", ActionItem.objects.filter(institution=world.institution).count() + 1)
    return ActionItem.objects.create(institution=world.institution, title=fields.pop("title", "Do it"), **fields)


def detail(number=1):
    return reverse("action-detail", args=["bma", number])


def form(current, **changes):
    data = {"version": current.version, "status": current.status, "progress_note": current.progress_note}
    data.update(changes)
    return data


def test_it_creates_an_item_from_an_assessor_comment(world, login):
    result = world.round.results.get(benchmark__code="1.1.1")
    result.assessor_comment = "- จัดทำแผนความเท่าเทียม\n- มีกลไกติดตาม"
    result.lead_unit = unit(world)
    result.save()
    client = login("secretariat")
    page = client.get(reverse("round-detail", args=["bma", 1])).content.decode()
    assert f'{reverse("action-create", args=["bma"])}?result={result.pk}' in page
    response = client.get(reverse("action-create", args=["bma"]) + f"?result={result.pk}")
    assert response.status_code == 200
    assert "1.1.1: จัดทำแผนความเท่าเทียม" in response.content.decode()
    response = client.post(reverse("action-create", args=["bma"]), {
        "result": result.pk, "title": "1.1.1: จัดทำแผน", "description": result.assessor_comment,
        "owner_unit": unit(world).pk, "due_on": "2026-01-25", "status": "open"})
    assert response.status_code == 302
    created = ActionItem.objects.get()
    assert (created.number, created.result, created.owner_unit, str(created.due_on)) == (
        1, result, unit(world), "2026-01-25")
    assert AuditEvent.objects.get(action="action_item.create").detail["after"]["result"] == "1/1.1.1 เกณฑ์ 1.1.1"
    # The focal point of the owner unit hears about it.
    from genderseal.notifications.models import Notification

    assert Notification.objects.filter(recipient=world.focal_point, kind="action_assigned").exists()
    # No button for roles that may not create, and no page either.
    assert 'data-testid="make-action-item"' not in login("assessor").get(
        reverse("round-detail", args=["bma", 1])).content.decode()
    assert login("focal_point").get(reverse("action-create", args=["bma"])).status_code == 404


def test_a_result_of_another_institution_cannot_seed_an_item(world, login):
    theirs = world.other.rounds.get().results.first()
    assert login("secretariat").get(reverse("action-create", args=["bma"]) + f"?result={theirs.pk}").status_code == 404


def test_the_owner_units_focal_point_moves_it_but_may_not_drop_it(world, login):
    current = item(world)
    client = login("focal_point")
    assert client.post(detail(), form(current, status="in_progress", progress_note="ร่างแล้ว")).status_code == 302
    current.refresh_from_db()
    assert (current.status, current.progress_note, current.version) == ("in_progress", "ร่างแล้ว", 2)
    event = AuditEvent.objects.get(action="action_item.update")
    assert event.detail["before"] == {"status": "open", "progress_note": ""}
    assert event.detail["after"] == {"status": "in_progress", "progress_note": "ร่างแล้ว"}
    # Dropping is the secretariat's: the choice is not even offered.
    response = client.post(detail(), form(current, status="dropped", drop_reason="ไม่ทำ"))
    assert response.status_code == 400
    assert client.post(detail(), form(current, status="done")).status_code == 302
    current.refresh_from_db()
    assert current.status == "done" and current.closed_at is not None
    # A done item goes back to in progress at most.
    assert client.post(detail(), form(current, status="open")).status_code == 400
    # The focal point may not retitle it.
    response = client.post(detail(), form(current, title="ใหม่"))
    current.refresh_from_db()
    assert current.title == "Do it"


def test_dropping_needs_a_reason_and_the_secretariat(world, login):
    current = item(world)
    client = login("secretariat")
    base = {"version": 1, "title": current.title, "description": "", "owner_unit": unit(world).pk, "due_on": "",
            "status": "dropped", "drop_reason": "", "progress_note": ""}
    response = client.post(detail(), base)
    assert response.status_code == 400
    current.refresh_from_db()
    assert current.status == "open"
    assert client.post(detail(), {**base, "drop_reason": "ซ้ำกับข้อ 2"}).status_code == 302
    current.refresh_from_db()
    assert (current.status, current.drop_reason) == ("dropped", "ซ้ำกับข้อ 2")
    # Reopened by the secretariat.
    assert client.post(detail(), {**base, "version": 2, "status": "open", "drop_reason": "ซ้ำกับข้อ 2"}).status_code == 302
    current.refresh_from_db()
    assert current.status == "open" and current.closed_at is None


def test_others_may_read_but_not_move_it(world, login):
    current = item(world, owner_unit=unit(world, "03000000"))
    # สยป.'s focal point: not their unit.
    response = login("focal_point").post(detail(), form(current, status="done"))
    assert response.status_code == 403
    assert b'data-testid="action-form"' not in login("focal_point").get(detail()).content
    response = login("committee").post(detail(), form(current, status="done"))
    assert response.status_code == 403
    current.refresh_from_db()
    assert current.status == "open"
    assert login("assessor").get(detail()).status_code == 404
    assert login("outsider").get(detail()).status_code == 404
    # A focal point of the owner unit may.
    from django.test import Client

    other = Client()
    other.force_login(make_user("focal2", world.institution, Role.FOCAL_POINT, units=[unit(world, "03000000")]))
    assert other.post(detail(), form(current, status="done")).status_code == 302


def test_a_stale_edit_is_refused(world, login):
    current = item(world)
    first, second = login("secretariat"), login("focal_point")
    opened = form(current, status="in_progress", progress_note="first")
    assert second.post(detail(), form(current, progress_note="second")).status_code == 302
    response = first.post(detail(), {**opened, "title": current.title, "owner_unit": unit(world).pk,
                                     "description": "", "due_on": "", "drop_reason": ""})
    assert response.status_code == 409
    current.refresh_from_db()
    assert (current.progress_note, current.status) == ("second", "open")


def test_the_list_filters_by_unit_status_and_overdue(world, login):
    item(world, title="late", due_on="2020-01-01")
    item(world, title="future", due_on="2999-01-01", status=ActionStatus.IN_PROGRESS)
    item(world, title="done late", due_on="2020-01-01", status=ActionStatus.DONE)
    item(world, title="theirs", owner_unit=unit(world, "03000000"))
    client = login("committee")
    url = reverse("action-list", args=["bma"])

    def numbers(query=""):
        page = client.get(url + query).content.decode()
        return {int(n) for n in re.findall(r'data-number="(\d+)"', page)}

    assert numbers() == {1, 2, 3, 4}
    assert numbers("?unit=03000000") == {4}
    assert numbers("?status=done") == {3}
    assert numbers("?status=pending") == {1, 2, 4}
    assert numbers("?overdue=on") == {1}
    assert login("assessor").get(url).status_code == 404


def test_the_list_runs_the_same_queries_with_more_items(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = world.round.results.get(benchmark__code="1.1.1")
    item(world, result=result)
    client = login("secretariat")
    url = reverse("action-list", args=["bma"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(40):
        item(world, result=result if n % 2 else None, owner_unit=unit(world, "03000000" if n % 3 else "21000000"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_api_lists_creates_and_updates_items(world, login):
    client = login("secretariat")
    base = "/api/institutions/bma/action-items"
    response = client.post(base, {"title": "API item", "owner_unit": "21000000", "round": 1, "benchmark": "1.1.2",
                                  "due_on": "2026-01-25"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["benchmark"] == "1.1.2" and response.json()["number"] == 1
    assert [i["title"] for i in client.get(base + "?unit=21000000").json()] == ["API item"]
    focal = login("focal_point")
    response = focal.patch(base + "/1", {"version": 1, "status": "in_progress"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert focal.patch(base + "/1", {"version": 1, "status": "done"},
                       content_type="application/json").status_code == 409
    assert focal.patch(base + "/1", {"version": 2, "status": "dropped", "drop_reason": "x"},
                       content_type="application/json").status_code == 403
    assert focal.post(base, {"title": "x", "owner_unit": "21000000"},
                      content_type="application/json").status_code == 404
    assert login("outsider").get(base).status_code == 404
    assert client.get("/api/institutions/bma/units").status_code == 200
