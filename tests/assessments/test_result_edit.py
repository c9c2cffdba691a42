"""Editing a result in place (HTMX): the level updates, stale edits are refused."""
import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import AuditEvent

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def edit_url(code="1.1.1", number=1):
    return reverse("result-edit", kwargs={"slug": "bma", "number": number, "code": code})


def result(code, world):
    return BenchmarkResult.objects.get(round=world.round, benchmark__code=code)


def test_it_saves_a_result_and_sends_back_the_new_level(world, login):
    target = "5.2.4"
    response = login("secretariat").post(edit_url(target), {"version": 1, "result_code": "met",
                                                            "assessor_comment": "ครบถ้วน", "response": ""}, **HX)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'hx-swap-oob="true"' in page and "27.5%" in page  # 11 of 40
    saved = result(target, world)
    assert (saved.result_code, saved.assessor_comment, saved.version) == ("met", "ครบถ้วน", 2)
    assert AuditEvent.objects.filter(action="result.update", actor=world.secretariat).exists()


def test_it_refuses_a_stale_edit_and_keeps_the_other_persons_change(world, login):
    first, second = login("secretariat"), login("secretariat")
    assert first.post(edit_url(), {"version": 1, "result_code": "met", "assessor_comment": "A",
                                   "response": ""}, **HX).status_code == 200
    response = second.post(edit_url(), {"version": 1, "result_code": "not_met", "assessor_comment": "B"}, **HX)
    assert response.status_code == 409
    assert "บันทึก" in response.content.decode()
    assert (result("1.1.1", world).result_code, result("1.1.1", world).assessor_comment) == ("met", "A")


def test_it_refuses_a_result_code_the_framework_does_not_define(world, login):
    response = login("secretariat").post(edit_url(), {"version": 1, "result_code": "passed"}, **HX)
    assert response.status_code == 400
    assert result("1.1.1", world).result_code == "not_met"


def test_it_lets_a_focal_point_answer_only_for_their_own_units(world, login):
    browser = login("focal_point")
    form = browser.get(edit_url("1.1.1"), **HX).content.decode()
    assert 'name="response"' in form and 'name="result_code"' not in form
    assert browser.post(edit_url("1.1.1"), {"version": 1, "response": "แนบแผนฯ แล้ว"}, **HX).status_code == 200
    assert result("1.1.1", world).response == "แนบแผนฯ แล้ว"
    assert browser.get(edit_url("2.1.1"), **HX).status_code == 404  # not their unit's benchmark


def test_it_gives_committee_members_nothing_to_edit(world, login):
    assert login("committee").get(edit_url(), **HX).status_code == 404
    assert login("committee").post(edit_url(), {"version": 1, "result_code": "met"}, **HX).status_code == 404


def test_it_keeps_a_closed_round_read_only(world, login):
    world.round.status = "closed"
    world.round.save()
    assert login("secretariat").post(edit_url(), {"version": 1, "result_code": "met"}, **HX).status_code == 404
    assert result("1.1.1", world).result_code == "not_met"


def test_it_hides_results_of_another_institution(world, login):
    assert login("outsider").post(edit_url(), {"version": 1, "result_code": "met"}, **HX).status_code == 404
