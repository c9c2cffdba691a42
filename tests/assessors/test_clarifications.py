"""Clarification threads: the assessor asks, the lead unit or the secretariat answers, both see the thread."""
import pytest

from genderseal.assessors.models import Clarification, ClarificationStatus
from genderseal.core.models import AuditEvent, OrgUnit, Role
from genderseal.notifications.models import Notification

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(world):
    from tests.factories import make_external_round

    return make_external_round(world, thread=False)


def test_question_answer_and_follow_up(world, login, external):
    assessor, focal = login("assessor"), login("focal_point")
    response = assessor.post("/i/bma/assess/rounds/2/ask/1.1.1/", {"body": "Do executives use gender data?"})
    assert response.status_code == 302 and response["Location"] == "/i/bma/assess/rounds/2/clarifications/1/"
    thread = Clarification.objects.get(round=external, number=1)
    assert thread.status == ClarificationStatus.OPEN
    assert AuditEvent.objects.filter(action="clarification.ask").exists()
    told = set(Notification.objects.filter(kind="clarification_asked").values_list("recipient__username", flat=True))
    assert told == {"secretariat", "focal"}
    assert "1.1.1" in Notification.objects.filter(kind="clarification_asked").first().text

    page = focal.get("/i/bma/assess/rounds/2/clarifications/1/")
    assert "Do executives use gender data?" in page.content.decode()
    assert focal.post("/i/bma/assess/rounds/2/clarifications/1/", {"body": "Yes: data-driven city."}).status_code == 302
    thread.refresh_from_db()
    assert thread.status == ClarificationStatus.ANSWERED
    assert Notification.objects.filter(kind="clarification_answered", recipient=world.assessor).exists()

    html = assessor.get("/i/bma/assess/rounds/2/clarifications/1/").content.decode()
    assert "Do executives use gender data?" in html and "Yes: data-driven city." in html
    assessor.post("/i/bma/assess/rounds/2/clarifications/1/", {"body": "Which minutes show it?"})
    thread.refresh_from_db()
    assert thread.status == ClarificationStatus.OPEN and thread.messages.count() == 3
    assert 'data-status="open"' in login("secretariat").get("/i/bma/assess/rounds/2/clarifications/").content.decode()


def test_only_the_secretariat_or_the_lead_units_focal_point_answers(world, login, client, external):
    login("assessor").post("/i/bma/assess/rounds/2/ask/1.1.1/", {"body": "Question"})
    other_unit = OrgUnit.objects.get(institution=world.institution, code="03000000")
    make_user("focal-other", world.institution, Role.FOCAL_POINT, units=[other_unit])
    client.force_login(type(world.assessor).objects.get(username="focal-other"))
    assert client.post("/i/bma/assess/rounds/2/clarifications/1/", {"body": "Not mine"}).status_code == 403
    assert login("committee").post("/i/bma/assess/rounds/2/clarifications/1/", {"body": "x"}).status_code == 403
    assert login("secretariat").post("/i/bma/assess/rounds/2/clarifications/1/", {"body": "Answer"}).status_code == 302
    assert Clarification.objects.get().messages.count() == 2


def test_an_empty_question_is_refused(login, external):
    login("assessor").post("/i/bma/assess/rounds/2/ask/1.1.1/", {"body": "   "})
    assert not Clarification.objects.exists()


def test_clarifications_over_the_api(login, external):
    assessor = login("assessor")
    asked = assessor.post("/api/institutions/bma/assess/rounds/2/clarifications",
                          {"benchmark": "1.1.2", "body": "Minutes?"}, content_type="application/json")
    assert asked.status_code == 200 and asked.json()["number"] == 1
    secretariat = login("secretariat")
    answered = secretariat.post("/api/institutions/bma/assess/rounds/2/clarifications/1/messages",
                                {"body": "Attached."}, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    listed = assessor.get("/api/institutions/bma/assess/rounds/2/clarifications").json()
    assert [m["body"] for m in listed[0]["messages"]] == ["Minutes?", "Attached."]
    refused = secretariat.post("/api/institutions/bma/assess/rounds/2/clarifications",
                               {"benchmark": "1.1.2", "body": "x"}, content_type="application/json")
    assert refused.status_code == 404
