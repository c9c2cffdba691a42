"""The read-only readiness API: milestones, interview sessions, the question bank (and surveys, see tests/survey)."""
import pytest

from tests.factories import make_readiness, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    return make_readiness(world)


def get(login, persona, path):
    return login(persona).get(f"/api/institutions/bma/{path}")


def test_milestones_with_dates_owner_and_status(login, records):
    data = get(login, "assessor", "milestones").json()
    assert len(data) == 1
    m = data[0]
    assert (m["kind"], m["due_on"], m["ends_on"], m["owner_unit"]) == ("external_assessment", "2026-02-09",
                                                                       "2026-02-13", "21000000")
    assert m["status"] == "planned" and "overdue" in m and "days_left" in m


def test_interview_sessions_with_people_and_my_schedule(login, records):
    data = get(login, "assessor", "interviews").json()
    assert [s["number"] for s in data] == [1]
    session = data[0]
    assert session["dimensions"] == ["1"] and session["assessors"] == ["Gender expert, UNDP"]
    assert session["interviewees"] == [{"name": "", "role": "Focal point", "unit": "21000000", "username": "focal"}]
    assert len(get(login, "focal_point", "interviews?mine=true").json()) == 1
    assert get(login, "secretariat", "interviews?mine=true").json() == []


def test_questions_with_agreed_answers_but_not_for_assessors(login, records):
    data = get(login, "committee", "questions").json()
    assert data[0]["question_en"] == "Is gender used upstream in planning?"
    assert data[0]["answer_en"] == "Yes: data-driven planning." and data[0]["benchmarks"] == ["1.1.1"]
    assert get(login, "committee", "questions?dimension=2").json() == []
    assert len(get(login, "committee", "questions?dimension=1").json()) == 1
    assert get(login, "assessor", "questions").status_code == 404  # like the question bank pages


def test_surveys_follow_the_pages_permissions(login, world):
    survey = make_survey(world, status="closed")
    assert get(login, "committee", "surveys").json()[0]["id"] == survey.pk
    for persona in ("assessor", "focal_point"):
        assert get(login, persona, "surveys").status_code == 404
        assert get(login, persona, f"surveys/{survey.pk}/results").status_code == 404


def test_another_institution_sees_none_of_it(login, records, world):
    survey = make_survey(world)
    for path in ("milestones", "interviews", "questions", "surveys", f"surveys/{survey.pk}/results"):
        assert get(login, "outsider", path).status_code == 404


def test_bearer_tokens_work_like_the_session(client, records, world):
    from genderseal.core.models import ApiToken

    key = ApiToken.issue(world.secretariat, "test")
    response = client.get("/api/institutions/bma/milestones", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and len(response.json()) == 1
