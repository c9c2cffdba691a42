"""Worksheet steps, workflow, marker confirmation, screening form, pages and their query counts."""
import pytest
from django.urls import reverse

from genderseal.analysis.models import Screening, Worksheet
from genderseal.core.models import AuditEvent
from genderseal.planning.models import Indicator, Project

from tests.factories import make_planning, make_worksheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning(world):
    return make_planning(world)


def en(client):
    client.post("/language/", {"language": "en"})
    return client


def step_url(step, code="P-1"):
    return reverse("analysis-step", args=["bma", code, step])


def move_url(name, code="P-1"):
    return reverse("analysis-transition", args=["bma", code, name])


def detail_url(code="P-1"):
    return reverse("analysis-detail", args=["bma", code])


STEP1 = {"problem": "Girls miss school", "affected": "Schoolgirls", "causes": "Cost of pads", "version": "1",
         "fy": "2568", "fig-TOTAL_FORMS": "2", "fig-INITIAL_FORMS": "0",
         "fig-0-label": "Days missed a month", "fig-0-kind": "count", "fig-0-women": "4", "fig-0-men": "0",
         "fig-0-source": "Research", "fig-1-kind": "count"}


def test_focal_point_fills_step_one_and_the_change_is_audited(world, login, planning):
    client = login("focal_point")
    response = client.post(step_url(1), STEP1)
    assert response.status_code == 302
    worksheet = Worksheet.objects.get(project__code="P-1")
    assert worksheet.version == 2 and worksheet.fiscal_year == 2568 and worksheet.status == "draft"
    assert worksheet.baseline == [{"label": "Days missed a month", "kind": "count", "women": "4", "men": "0",
                                   "diverse": "", "source": "Research"}]
    event = AuditEvent.objects.get(action="analysis.worksheet.edit")
    assert event.detail["after"]["problem"] == "Girls miss school" and event.detail["before"]["problem"] == ""


@pytest.mark.parametrize("change,fragment", [
    ({"fig-0-source": ""}, "needs a source"),
    ({"fig-0-kind": "percent", "fig-0-women": "140"}, "over 100"),
    ({"fig-0-men": "-1"}, "negative"),
])
def test_bad_baseline_figures_are_refused(world, login, planning, change, fragment):
    client = en(login("focal_point"))
    response = client.post(step_url(1), {**STEP1, **change})
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert not Worksheet.objects.exists()


def test_a_stale_edit_is_refused(world, login, planning):
    make_worksheet(world)
    response = login("focal_point").post(step_url(1), {**STEP1, "version": "0"})
    assert response.status_code == 409
    assert Worksheet.objects.get().problem.startswith("Girls miss 3-5")


def test_step_two_links_only_the_projects_indicators(world, login, planning):
    worksheet = make_worksheet(world, complete=False)
    data = {"goals": "No girl misses school", "goal_focus": "principal", "effect_women": "a", "effect_men": "b",
            "effect_diverse": "c", "do_no_harm": "d", "linked_indicators": [planning.pk], "version": "1"}
    assert login("secretariat").post(step_url(2), data).status_code == 302
    worksheet.refresh_from_db()
    assert list(worksheet.indicators.values_list("code", flat=True)) == ["IND-1"]
    assert worksheet.goal_focus == "principal"


def test_submitting_with_a_step_empty_names_the_step(world, login, planning):
    make_worksheet(world, complete=False)
    response = en(login("focal_point")).post(move_url("submit"), {"version": "1"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Define the problem" in content and "Monitoring and evaluation" in content
    assert Worksheet.objects.get().status == "draft"


def test_submit_then_approve_writes_the_confirmed_marker_to_the_project(world, login, planning):
    Project.objects.filter(code="P-1").update(gender_marker="GEN1")
    worksheet = make_worksheet(world)
    focal = login("focal_point")
    assert focal.post(move_url("submit"), {"version": "1"}).status_code == 302
    assert focal.post(move_url("approve"), {"version": "2"}).status_code == 403  # focal points do not approve
    secretariat = en(login("secretariat"))
    detail = secretariat.get(detail_url())
    assert 'data-testid="suggested-marker">GEN3<' in detail.content.decode()
    assert secretariat.post(move_url("approve"), {"version": "2", "marker": "GEN3"}).status_code == 302
    worksheet.refresh_from_db()
    assert worksheet.status == "approved" and worksheet.confirmed_marker == "GEN3" and worksheet.marker_reason == ""
    assert Project.objects.get(code="P-1").gender_marker == "GEN3"
    assert AuditEvent.objects.filter(action="planning.project.marker").count() == 1
    # approved: no more edits until returned
    assert login("focal_point").post(step_url(1), {**STEP1, "version": "3"}).status_code == 400


def test_overriding_the_suggestion_needs_a_reason(world, login, planning):
    make_worksheet(world, status="submitted")  # suggests GEN3
    client = en(login("secretariat"))
    response = client.post(move_url("approve"), {"version": "1", "marker": "GEN2"})
    assert response.status_code == 400 and "instead of the suggested GEN3" in response.content.decode()
    assert client.post(move_url("approve"), {"version": "1", "marker": "GEN2", "reason": "Shared goal"}).status_code == 302
    worksheet = Worksheet.objects.get()
    assert worksheet.confirmed_marker == "GEN2" and worksheet.marker_reason == "Shared goal"
    assert Project.objects.get(code="P-1").gender_marker == "GEN2"


def test_return_needs_a_comment_and_reopens_the_worksheet(world, login, planning):
    make_worksheet(world, status="submitted")
    client = login("secretariat")
    assert client.post(move_url("return"), {"version": "1"}).status_code == 400
    assert client.post(move_url("return"), {"version": "1", "comment": "Add a source"}).status_code == 302
    worksheet = Worksheet.objects.get()
    assert worksheet.status == "returned" and worksheet.review_comment == "Add a source" and worksheet.editable
    assert client.post(move_url("return"), {"version": "1", "comment": "again"}).status_code == 409


def test_assessors_see_only_approved_worksheets(world, login, planning):
    worksheet = make_worksheet(world, status="submitted")
    client = login("assessor")
    assert 'data-status="none"' in client.get(detail_url()).content.decode()
    Worksheet.objects.filter(pk=worksheet.pk).update(status="approved")
    assert 'data-status="approved"' in client.get(detail_url()).content.decode()


def test_focal_points_do_not_edit_other_units_projects(world, login, planning):
    from genderseal.core.models import OrgUnit

    other = OrgUnit.objects.filter(institution=world.institution).exclude(code="21000000").first()
    Project.objects.create(institution=world.institution, code="P-2", title_th="อื่น", owner_unit=other,
                           first_fy=2568, last_fy=2570)
    assert login("focal_point").get(step_url(1, "P-2")).status_code == 404
    assert login("secretariat").get(step_url(1, "P-2")).status_code == 200


SCREEN = {"international": "yes", "international_note": "SDG 5.6", "national": "yes", "national_note": "Plan",
          "institution_plan": "partly", "institution_plan_note": "Good education", "leadership": "yes",
          "leadership_note": "Livable city", "fit": "yes", "fit_note": "Consistent", "recommendation": "approve",
          "recommendation_note": "", "version": "1", "fy": "2568"}


def test_screening_form_recommendation_and_decision(world, login, planning):
    client = en(login("secretariat"))
    url = reverse("analysis-screening", args=["bma", "P-1"])
    assert login("focal_point").get(url).status_code == 404
    assert client.post(url, {**SCREEN, "fit": ""}).status_code == 302
    screening = Screening.objects.get()
    assert screening.fiscal_year == 2568 and screening.version == 1
    submit = reverse("analysis-screening-transition", args=["bma", "P-1", "submit"])
    response = client.post(submit, {"version": "1", "fy": "2568"})
    assert response.status_code == 400 and "fit between goals" in response.content.decode()
    assert client.post(url, {**SCREEN, "version": "1"}).status_code == 302
    assert client.post(url, {**SCREEN, "version": "1"}).status_code == 409  # stale
    assert client.post(submit, {"version": "2", "fy": "2568"}).status_code == 302
    back = reverse("analysis-screening-transition", args=["bma", "P-1", "return"])
    assert client.post(back, {"version": "3", "fy": "2568", "comment": "Add outcome indicators"}).status_code == 302
    screening.refresh_from_db()
    assert screening.status == "returned" and screening.review_comment == "Add outcome indicators"
    assert AuditEvent.objects.filter(action__startswith="analysis.screening.").count() == 4


def test_pages_render_in_a_bounded_number_of_queries(world, login, planning, django_assert_max_num_queries):
    make_worksheet(world, status="approved")
    client = login("secretariat")
    for number in range(2, 8):
        project = Project.objects.create(institution=world.institution, code=f"P-{number}", title_th="x",
                                         owner_unit=planning.owner_unit, first_fy=2568, last_fy=2570, budget=10)
        Indicator.objects.create(institution=world.institution, project=project, code=f"I-{number}", title_th="x",
                                 owner_unit=planning.owner_unit, unit_of_measure="คน", first_fy=2568, last_fy=2570)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("analysis-list", args=["bma"]) + "?fy=2568")
    assert response.status_code == 200 and response.content.decode().count("data-code=") == 7
    with django_assert_max_num_queries(16):
        assert client.get(detail_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("analysis-guide", args=["bma"])).status_code == 200
    for step in (1, 2, 3, 4):
        with django_assert_max_num_queries(14):
            assert client.get(step_url(step)).status_code == 200


def test_marker_counts_by_projects_and_budget(world, login, planning):
    response = login("secretariat").get(reverse("analysis-list", args=["bma"]) + "?fy=2568")
    assert '<tr data-marker="GEN2"><td>GEN2</td><td class="num">1</td><td class="num">1,000,000</td>' in \
        response.content.decode()


def test_project_page_links_to_its_analysis(world, login, planning):
    response = login("committee").get(reverse("planning-project", args=["bma", "P-1"]))
    assert detail_url() in response.content.decode()


def test_the_guide_is_reachable_from_every_step(world, login, planning):
    client = login("focal_point")
    guide = reverse("analysis-guide", args=["bma"])
    for step in (1, 2, 3, 4):
        assert f'href="{guide}#step-{step}"' in client.get(step_url(step)).content.decode()
    content = en(client).get(guide).content.decode()
    assert 'id="step-4"' in content and "3–5 school days a month" in content
