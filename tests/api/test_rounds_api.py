import pytest

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(world, client):
    def for_persona(persona):
        key = ApiToken.issue(getattr(world, persona), "test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return for_persona


def test_it_gives_the_round_summary_in_the_scoring_shape(world, token_client):
    data = token_client("committee").get("/api/institutions/bma/rounds/1/summary").json()
    assert data["framework"] == "test-seal" and data["round"] == 1
    assert (data["credit"], data["applicable"], data["percent"], data["level"]) == (10.0, 40, 25.0, None)
    assert data["next_level"]["code"] == "bronze" and data["next_level"]["credit_needed"] == 14.0
    assert [d["code"] for d in data["dimensions"]] == ["1", "2", "3", "4", "5"]


def test_it_lists_frameworks_rounds_and_results(world, token_client):
    api = token_client("secretariat")
    assert [f["code"] for f in api.get("/api/frameworks").json()] == ["test-seal"]
    detail = api.get("/api/frameworks/test-seal").json()
    assert sum(len(g["benchmarks"]) for d in detail["dimensions"] for g in d["goals"]) == 40
    assert [r["number"] for r in api.get("/api/institutions/bma/rounds").json()] == [1]
    results = api.get("/api/institutions/bma/rounds/1/results").json()
    assert len(results) == 40 and results[0]["benchmark"] == "1.1.1"


def test_the_secretariat_records_a_rating_and_a_stale_version_is_refused(world, token_client):
    api = token_client("secretariat")
    url = "/api/institutions/bma/rounds/1/results/1.1.1"
    response = api.patch(url, {"version": 1, "result": "met", "assessor_comment": "ครบ"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = api.patch(url, {"version": 1, "result": "not_met"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["detail"]
    assert BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1").result_code == "met"


def test_it_refuses_an_unknown_result_code_with_a_json_error(world, token_client):
    response = token_client("secretariat").patch("/api/institutions/bma/rounds/1/results/1.1.1",
                                                  {"version": 1, "result": "passed"}, content_type="application/json")
    assert response.status_code == 400 and "passed" in response.json()["detail"]


def test_assessors_rate_in_their_workspace_never_through_the_results_api(world, token_client):
    response = token_client("assessor").patch("/api/institutions/bma/rounds/1/results/1.1.1",
                                              {"version": 1, "result": "met"}, content_type="application/json")
    assert response.status_code == 403
    assert BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1").result_code == "not_met"


def test_it_refuses_rating_by_the_committee(world, token_client):
    response = token_client("committee").patch("/api/institutions/bma/rounds/1/results/1.1.1",
                                               {"version": 1, "result": "met"}, content_type="application/json")
    assert response.status_code == 403
    assert BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1").result_code == "not_met"


def test_it_hides_another_institution(world, token_client):
    api = token_client("outsider")
    assert api.get("/api/institutions/bma/rounds").status_code == 404
    assert api.get("/api/institutions/bma/rounds/1/summary").status_code == 404
    assert api.patch("/api/institutions/bma/rounds/1/results/1.1.1", {"version": 1, "result": "met"},
                     content_type="application/json").status_code == 404


def test_it_needs_a_token_or_a_session(world, client, login):
    assert client.get("/api/institutions/bma/rounds").status_code == 401
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer not-a-token"
    assert client.get("/api/institutions/bma/rounds").status_code == 401
    assert login("secretariat").get("/api/institutions/bma/rounds").status_code == 200


def test_it_checks_csrf_on_session_writes(world, login):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.secretariat)
    response = browser.patch("/api/institutions/bma/rounds/1/results/1.1.1", {"version": 1, "result": "met"},
                             content_type="application/json")
    assert response.status_code == 403


def test_it_publishes_its_openapi_schema(world, login):
    assert login("secretariat").get("/api/docs").status_code == 200
    schema = login("secretariat").get("/api/openapi.json").json()
    assert "/api/institutions/{slug}/rounds/{number}/summary" in schema["paths"]


def test_it_answers_the_summary_in_a_fixed_number_of_queries(world, token_client, django_assert_max_num_queries):
    from tests.factories import make_round

    api = token_client("secretariat")
    with django_assert_max_num_queries(12) as before:
        api.get("/api/institutions/bma/rounds/1/results")
    for number in range(2, 5):
        make_round(world.institution, world.framework, number=number)
    with django_assert_max_num_queries(len(before.captured_queries)):
        api.get("/api/institutions/bma/rounds/4/results")
    with django_assert_max_num_queries(14):  # the first also reads the standard's own rows (standards/kept.py)
        api.get("/api/institutions/bma/rounds/4/summary")
    with django_assert_max_num_queries(8):
        api.get("/api/institutions/bma/rounds/3/summary")
