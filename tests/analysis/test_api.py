"""The analysis API: worksheets with their steps and marker, screening forms, projects by marker; scoped."""
import pytest

from genderseal.analysis.models import Screening, Worksheet
from genderseal.core.models import ApiToken
from genderseal.planning.models import Project

from tests.factories import make_planning, make_worksheet

pytestmark = pytest.mark.django_db
BASE = "/api/institutions/bma/analysis"


@pytest.fixture
def api(world, client):
    def for_persona(persona):
        key = ApiToken.issue(getattr(world, persona), "test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return for_persona


@pytest.fixture
def records(world):
    make_planning(world)
    worksheet = make_worksheet(world, status="approved")  # suggests GEN3
    Worksheet.objects.filter(pk=worksheet.pk).update(confirmed_marker="GEN2", marker_reason="Shared goal")
    project = worksheet.project
    Screening.objects.create(institution=world.institution, project=project, fiscal_year=2568, status="returned",
                             international="yes", international_note="SDG 5.6", recommendation="rework",
                             review_comment="Add outcome indicators")
    return worksheet


def test_a_worksheet_has_its_four_steps_baseline_and_marker(records, api):
    data = api("committee").get(f"{BASE}/worksheets/P-1").json()
    assert data["project"] == "P-1" and data["status"] == "approved" and data["fiscal_year"] == 2568
    assert [s["number"] for s in data["steps"]] == [1, 2, 3, 4] and all(s["complete"] for s in data["steps"])
    assert data["steps"][0]["answers"]["problem"].startswith("Girls miss 3-5")
    assert data["steps"][3]["answers"]["review_when"] == "Each term"
    assert data["baseline"][0]["women"] == "4" and data["baseline"][0]["source"].startswith("Research")
    assert data["indicators"] == ["IND-1"]
    marker = data["marker"]
    assert (marker["suggested"], marker["rule"], marker["confirmed"], marker["override_reason"]) == \
        ("GEN3", 0, "GEN2", "Shared goal")


def test_incomplete_steps_are_flagged_and_the_list_filters(world, api):
    make_planning(world)
    make_worksheet(world, complete=False)
    client = api("secretariat")
    rows = client.get(f"{BASE}/worksheets").json()
    assert len(rows) == 1 and [s["complete"] for s in rows[0]["steps"]] == [False] * 4
    assert rows[0]["marker"]["confirmed"] is None
    assert client.get(f"{BASE}/worksheets?status=approved").json() == []
    assert client.get(f"{BASE}/worksheets?fy=2569").json() == []


def test_screening_forms_with_recommendation_and_decision(records, api):
    rows = api("secretariat").get(f"{BASE}/screenings?project=P-1").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["alignment"][0] == {"criterion": "international", "alignment": "yes", "justification": "SDG 5.6"}
    assert row["recommendation"] == "rework" and row["decision"] == "returned"
    assert row["decision_comment"] == "Add outcome indicators"


def test_assessors_see_approved_ones_only(records, api):
    client = api("assessor")
    assert [w["project"] for w in client.get(f"{BASE}/worksheets").json()] == ["P-1"]
    assert client.get(f"{BASE}/screenings").json() == []  # returned for rework
    Worksheet.objects.update(status="submitted")
    assert client.get(f"{BASE}/worksheets").json() == []
    assert client.get(f"{BASE}/worksheets/P-1").status_code == 404


def test_other_institutions_and_anonymous_callers_see_nothing(records, api, client):
    assert client.get(f"{BASE}/worksheets").status_code == 401
    outsider = api("outsider")
    for path in ("worksheets", "worksheets/P-1", "screenings", "markers"):
        assert outsider.get(f"{BASE}/{path}").status_code == 404
    assert outsider.get("/api/institutions/other/analysis/worksheets").json() == []


def test_projects_and_budget_by_marker(records, api):
    Project.objects.filter(code="P-1").update(gender_marker="GEN3")
    rows = api("committee").get(f"{BASE}/markers?fy=2568").json()
    assert rows == [{"gender_marker": "GEN3", "projects": 1, "budget": 1000000.0}]
    assert api("committee").get(f"{BASE}/markers?fy=2580").json() == []


def test_the_list_runs_a_fixed_number_of_queries(records, world, api, django_assert_max_num_queries):
    from genderseal.planning.models import Indicator

    unit = records.project.owner_unit
    for number in range(2, 9):
        project = Project.objects.create(institution=world.institution, code=f"P-{number}", title_th="x",
                                         owner_unit=unit, first_fy=2568, last_fy=2570)
        worksheet = Worksheet.objects.create(institution=world.institution, project=project, fiscal_year=2568)
        worksheet.indicators.set([Indicator.objects.create(
            institution=world.institution, project=project, code=f"I-{number}", title_th="x", owner_unit=unit,
            unit_of_measure="คน", first_fy=2568, last_fy=2570)])
    client = api("secretariat")
    with django_assert_max_num_queries(8):
        assert len(client.get(f"{BASE}/worksheets").json()) == 8


def test_a_worksheet_moves_through_the_api_with_the_marker_confirmed_or_overridden(world, api):
    make_planning(world)
    make_worksheet(world, status="draft")  # complete; suggests GEN3
    url = f"{BASE}/worksheets/P-1"
    focal = api("focal_point")
    response = focal.post(f"{url}/submit", {"version": 1}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert focal.post(f"{url}/approve", {"version": 2}, content_type="application/json").status_code == 403
    secretariat = api("secretariat")
    stale = secretariat.post(f"{url}/approve", {"version": 1}, content_type="application/json")
    assert stale.status_code == 409
    refused = secretariat.post(f"{url}/approve", {"version": 2, "marker": "GEN2"}, content_type="application/json")
    assert refused.status_code == 400 and "GEN3" in refused.json()["detail"]  # another marker needs a reason
    done = secretariat.post(f"{url}/approve", {"version": 2, "marker": "GEN2", "reason": "Shared goal"},
                            content_type="application/json")
    assert done.status_code == 200
    assert done.json()["marker"] == {"suggested": "GEN3", "rule": 0, "rule_text": done.json()["marker"]["rule_text"],
                                     "confirmed": "GEN2", "override_reason": "Shared goal", "project": "GEN2"}
    assert api("committee").post(f"{url}/return", {"version": 3, "comment": "x"},
                                 content_type="application/json").status_code == 404  # committee only reads
    assert secretariat.post(f"{BASE}/worksheets/NOPE/submit", {"version": 1},
                            content_type="application/json").status_code == 404


def test_submitting_an_incomplete_worksheet_through_the_api_names_the_steps(world, api):
    make_planning(world)
    make_worksheet(world, complete=False)
    response = api("secretariat").post(f"{BASE}/worksheets/P-1/submit", {"version": 1},
                                       content_type="application/json")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert all(f"{n}. " in detail for n in (1, 2, 3, 4)), detail  # each empty step by number and title
    assert Worksheet.objects.get().status == "draft"
