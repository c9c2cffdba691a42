"""Moving results through review on the round page (HTMX) and the API; locking and unlocking."""
import pytest
from django.core import mail
from django.urls import reverse

from genderseal.assessments import review
from genderseal.assessments.models import AssessmentRound, BenchmarkResult
from genderseal.core.models import AuditEvent, Membership
from genderseal.notifications.models import Notification

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def move_url(name, code="1.1.1", number=1):
    return reverse("result-transition", kwargs={"slug": "bma", "number": number, "code": code, "name": name})


def fresh(result):
    return BenchmarkResult.objects.get(pk=result.pk)


def english(client):
    client.post("/language/", {"language": "en"})
    return client


def test_a_focal_point_submits_and_the_secretariat_hears_of_it(world, login, owned):
    response = login("focal_point").post(move_url("submit"), {"version": owned.version}, **HX)
    assert response.status_code == 200
    assert 'data-state="submitted"' in response.content.decode()
    assert 'id="workflow-progress" data-testid="workflow-progress" hx-swap-oob="true"' in response.content.decode()
    saved = fresh(owned)
    assert (saved.state, saved.submitted_by, saved.version) == ("submitted", world.focal_point, owned.version + 1)
    note = Notification.objects.get(recipient=world.secretariat)
    assert note.kind == "submitted" and note.params["code"] == "1.1.1"
    assert [m.to for m in mail.outbox] == [["secretariat@example.org"]]
    event = AuditEvent.objects.get(action="result.submit")
    assert event.detail["before"] == {"state": "draft"} and event.detail["after"] == {"state": "submitted"}


def test_submit_is_blocked_naming_each_missing_field(world, login, owned):
    BenchmarkResult.objects.filter(pk=owned.pk).update(response="", result_code="")
    browser = english(login("secretariat"))
    response = browser.post(move_url("submit"), {"version": owned.version}, **HX)
    assert response.status_code == 400
    page = response.content.decode()
    # Round 1 is a UNDP review: the rating is UNDP's, so only the institution's own answer is asked for.
    assert "Fill in before submitting: institution&#x27;s response" in page
    assert 'data-testid="workflow-error"' in page
    assert fresh(owned).state == "draft"
    assert not Notification.objects.exists()


def test_a_focal_point_cannot_submit_another_units_result(world, login, owned):
    assert login("focal_point").post(move_url("submit", code="2.1.1"), {"version": 1}, **HX).status_code == 403
    # Responsible units without a lead unit: the responsible unit's focal point may submit; the lead unit is
    # the secretariat's to set, so it is not asked of the focal point.
    BenchmarkResult.objects.filter(pk=owned.pk).update(lead_unit=None)
    response = english(login("focal_point")).post(move_url("submit"), {"version": owned.version}, **HX)
    assert response.status_code == 200 and fresh(owned).state == "submitted"


def test_the_secretariat_approves_and_the_focal_point_hears_of_it(world, login, owned):
    review.transition(Membership.objects.get(user=world.focal_point), owned, "submit", owned.version)
    mail.outbox.clear()
    response = login("secretariat").post(move_url("approve"), {"version": fresh(owned).version}, **HX)
    assert response.status_code == 200
    saved = fresh(owned)
    assert (saved.state, saved.reviewed_by) == ("approved", world.secretariat)
    assert Notification.objects.filter(recipient=world.focal_point, kind="approved").count() == 1
    assert [m.to for m in mail.outbox] == [["focal@example.org"]]


def test_returning_needs_a_comment_and_sends_it_to_the_owner(world, login, owned):
    review.transition(Membership.objects.get(user=world.focal_point), owned, "submit", owned.version)
    browser = login("secretariat")
    version = fresh(owned).version
    assert browser.post(move_url("return"), {"version": version}, **HX).status_code == 400
    page = browser.get(reverse("round-detail", kwargs={"slug": "bma", "number": 1})).content.decode()
    assert 'data-testid="return-form"' in page and "hx-prompt" not in page  # the one inline form, no prompt
    response = browser.post(move_url("return"), {"version": version, "comment": "แนบคำสั่งแต่งตั้ง"}, **HX)
    assert response.status_code == 200
    assert 'data-testid="return-reason">แนบคำสั่งแต่งตั้ง<' in response.content.decode()
    saved = fresh(owned)
    assert (saved.state, saved.return_comment) == ("returned", "แนบคำสั่งแต่งตั้ง")
    note = Notification.objects.get(recipient=world.focal_point)
    assert note.kind == "returned" and note.params["comment"] == "แนบคำสั่งแต่งตั้ง"
    # Returned results can be answered again and resubmitted.
    assert login("focal_point").post(move_url("submit"), {"version": saved.version}, **HX).status_code == 200


def test_a_stale_transition_is_refused(world, login, owned):
    browser = login("secretariat")
    assert browser.post(move_url("submit"), {"version": owned.version}, **HX).status_code == 200
    assert browser.post(move_url("approve"), {"version": owned.version}, **HX).status_code == 409
    assert fresh(owned).state == "submitted"


@pytest.mark.parametrize("persona", ["committee", "assessor"])
def test_committee_and_assessors_move_nothing(world, login, owned, persona):
    assert login(persona).post(move_url("submit"), {"version": owned.version}, **HX).status_code == 403
    assert fresh(owned).state == "draft"


def test_another_institution_gets_404(world, login, owned):
    assert login("outsider").post(move_url("submit"), {"version": owned.version}, **HX).status_code == 404


def test_a_submitted_answer_is_frozen_for_the_focal_point(world, login, owned):
    review.transition(Membership.objects.get(user=world.focal_point), owned, "submit", owned.version)
    edit = reverse("result-edit", kwargs={"slug": "bma", "number": 1, "code": "1.1.1"})
    assert login("focal_point").get(edit, **HX).status_code == 404


def approve_all(world):
    BenchmarkResult.objects.filter(round=world.round).update(state="approved")


def test_the_committee_signs_off_when_all_are_approved_and_the_round_locks(world, login, owned):
    signoff = reverse("round-signoff", kwargs={"slug": "bma", "number": 1})
    committee = login("committee")
    committee.post(signoff)
    assert not AssessmentRound.objects.get(pk=world.round.pk).is_locked  # 1 of 40 is not enough
    approve_all(world)
    page = committee.get(reverse("round-detail", kwargs={"slug": "bma", "number": 1})).content.decode()
    assert 'data-testid="sign-off"' in page
    assert committee.post(signoff).status_code == 302
    rnd = AssessmentRound.objects.get(pk=world.round.pk)
    assert rnd.is_locked and rnd.signed_off_by == world.committee
    # Locked: read-only like a closed round, for every role.
    edit = reverse("result-edit", kwargs={"slug": "bma", "number": 1, "code": "1.1.1"})
    assert login("secretariat").post(edit, {"version": fresh(owned).version, "result_code": "met"}, **HX).status_code == 404
    assert login("secretariat").post(move_url("return"), {"version": fresh(owned).version, "comment": "x"},
                                     **HX).status_code == 409
    assert Notification.objects.filter(recipient=world.secretariat, kind="signed_off").exists()
    assert AuditEvent.objects.filter(action="round.signoff", ref=f"assessments.round:{rnd.pk}").exists()


def test_only_the_secretariat_unlocks_with_a_reason_and_it_is_recorded(world, login, owned):
    approve_all(world)
    review.sign_off(Membership.objects.get(user=world.committee), world.round)
    unlock = reverse("round-unlock", kwargs={"slug": "bma", "number": 1})
    assert login("committee").post(unlock, {"reason": "x"}).status_code == 404
    assert login("secretariat").post(unlock, {"reason": ""}).status_code == 302
    assert AssessmentRound.objects.get(pk=world.round.pk).is_locked
    assert login("secretariat").post(unlock, {"reason": "UNDP asked to correct 1.1.1"}).status_code == 302
    assert not AssessmentRound.objects.get(pk=world.round.pk).is_locked
    event = AuditEvent.objects.get(action="round.unlock")
    assert event.actor == world.secretariat and event.detail["reason"] == "UNDP asked to correct 1.1.1"
    assert event.detail["before"]["locked"] is True and event.detail["after"] == {"locked": False}


def test_the_round_page_counts_states_and_filters_by_state(world, login, owned):
    BenchmarkResult.objects.filter(round=world.round, benchmark__code__startswith="2.").update(state="submitted")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code__startswith="3.").update(state="approved")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="4.1.1").update(state="returned")
    url = reverse("round-detail", kwargs={"slug": "bma", "number": 1})
    page = english(login("secretariat")).get(url).content.decode()
    assert "8 of 40 approved" in page and "8 submitted" in page and "23 draft" in page and "1 returned" in page
    filtered = login("secretariat").get(url, {"state": "submitted"}).content.decode()
    assert filtered.count('data-testid="state" data-state="submitted"') == 8 and 'data-testid="state" data-state="draft"' not in filtered
    assert 'data-testid="transition-approve"' in filtered


def test_the_api_moves_results_and_reports_progress(world, owned, client):
    from genderseal.core.models import ApiToken

    focal = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world.focal_point, 't')}"}
    sec = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world.secretariat, 't')}"}
    base = "/api/institutions/bma/rounds/1"
    response = client.post(f"{base}/results/1.1.1/transitions", {"name": "submit", "version": owned.version},
                           content_type="application/json", **focal)
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    stale = client.post(f"{base}/results/1.1.1/transitions", {"name": "approve", "version": owned.version},
                        content_type="application/json", **sec)
    assert stale.status_code == 409
    assert client.post(f"{base}/results/1.1.1/transitions", {"name": "approve", "version": owned.version + 1},
                       content_type="application/json", **focal).status_code == 403
    assert client.post(f"{base}/results/1.1.1/transitions", {"name": "approve", "version": owned.version + 1},
                       content_type="application/json", **sec).json()["state"] == "approved"
    assert client.get(f"{base}/progress", **sec).json() == {"draft": 39, "submitted": 0, "approved": 1,
                                                            "returned": 0, "total": 40, "locked": False}
    assert client.post(f"{base}/results/2.1.1/transitions", {"name": "submit", "version": 1},
                       content_type="application/json", **sec).status_code == 400  # no response, no lead unit
    assert client.get("/api/institutions/other/rounds/1/progress", **sec).status_code == 404
