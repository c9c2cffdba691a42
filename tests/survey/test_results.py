"""Results for the secretariat and committee: the minimum group size on the page, in the API and in
the export; free text; recording as evidence; managing surveys, links and QR codes."""
import io

import pytest
from django.test import Client
from django.urls import reverse

from genderseal.core.models import Membership
from genderseal.evidence.models import Evidence
from genderseal.standards.models import Benchmark, Goal
from genderseal.survey.models import Survey, SurveyQuestion

from tests.factories import make_survey

pytestmark = pytest.mark.django_db

# 30 women, 25 men from สยป., 3 gender-diverse people from the other unit, 2 not stated
PEOPLE = ([{"sex": "female", "unit": "21000000", "value": 4, "age_group": "30-39"}] * 30
          + [{"sex": "male", "unit": "21000000", "value": 2, "age_group": "40-49"}] * 25
          + [{"sex": "diverse", "unit": "03000000", "value": 5, "age_group": "u30", "text": "ความเห็นส่วนตัว"}] * 3
          + [{"value": 3, "age_group": "u30"}] * 2)


@pytest.fixture
def survey(world):
    return make_survey(world, status="closed", responses=PEOPLE)


def page(login, persona, survey):
    return login(persona).get(reverse("survey-results", args=["bma", survey.pk]))


def test_results_show_groups_of_five_and_pool_the_small_ones(login, survey):
    response = page(login, "secretariat", survey)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="total">60<' in html
    sex = html.split('data-testid="breakdown-sex"')[1].split("</section>")[0]
    assert 'data-group="female"' in sex and 'data-group="male"' in sex
    assert 'data-group="diverse"' not in sex  # 3 responses: never a row of its own
    assert 'data-group="other"' in sex  # diverse + not stated = 5, shown only together
    unit = html.split('data-testid="breakdown-unit"')[1].split("</section>")[0]
    assert unit.count("data-group=") == 2  # สยป. (55) and the pooled rest (3 + 2)


def test_a_group_under_five_appears_nowhere_when_it_cannot_be_pooled(login, world):
    people = ([{"sex": "female", "value": 4}] * 10 + [{"sex": "male", "value": 2}] * 6
              + [{"sex": "diverse", "value": 5}] * 2)
    survey = make_survey(world, status="closed", responses=people)
    html = page(login, "committee", survey).content.decode()
    sex = html.split('data-testid="breakdown-sex"')[1].split("</section>")[0]
    # male (6) joins diverse (2) so that "all minus women" is a pool of 8, not the 2 diverse answers
    assert 'data-group="diverse"' not in sex and 'data-group="male"' not in sex
    assert 'data-group="female"' in sex and 'data-group="other"' in sex
    api = login("committee").get(f"/api/institutions/bma/surveys/{survey.pk}/results").json()
    sex_api = next(b for b in api["breakdowns"] if b["dimension"] == "sex")
    assert [g["key"] for g in sex_api["groups"]] == ["female", "other"]
    assert [g["respondents"] for g in sex_api["groups"]] == [10, 8]


def test_free_text_is_shown_only_from_five_responses_and_never_by_group(login, world, survey):
    html = page(login, "secretariat", survey).content.decode()
    assert html.count("ความเห็นส่วนตัว") == 3
    few = make_survey(world, status="closed", responses=PEOPLE[-4:])  # 4 responses, 2 with text
    html = page(login, "secretariat", few).content.decode()
    assert "ความเห็นส่วนตัว" not in html
    assert 'data-testid="too-few"' in html
    assert 'data-testid="overall"' not in html and "breakdown-" not in html


def test_the_overall_mean_and_distribution(login, survey):
    api = login("secretariat").get(f"/api/institutions/bma/surveys/{survey.pk}/results").json()
    first = api["questions"][0]["overall"]
    assert first["n"] == 60
    assert first["counts"] == [0, 25, 2, 30, 3]
    assert first["mean"] == round((25 * 2 + 2 * 3 + 30 * 4 + 3 * 5) / 60, 2)


def test_the_api_gives_aggregates_only_with_the_same_groups(login, survey):
    response = login("secretariat").get(f"/api/institutions/bma/surveys/{survey.pk}/results")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 60 and data["minimum"] == 5 and data["shown"]
    text = response.content.decode()
    assert "ความเห็นส่วนตัว" not in text  # no free text
    sex = next(b for b in data["breakdowns"] if b["dimension"] == "sex")
    assert {g["key"] for g in sex["groups"]} == {"female", "male", "other"}
    assert all(g["respondents"] >= 5 for b in data["breakdowns"] for g in b["groups"])
    units = next(b for b in data["breakdowns"] if b["dimension"] == "unit")
    assert {g["key"] for g in units["groups"]} == {"21000000", "other"}
    listing = login("secretariat").get("/api/institutions/bma/surveys").json()
    assert listing[0]["responses"] == 60


def test_the_api_shows_nothing_under_five_responses(login, world):
    few = make_survey(world, status="closed", responses=PEOPLE[:4])
    data = login("secretariat").get(f"/api/institutions/bma/surveys/{few.pk}/results").json()
    assert data["shown"] is False and data["breakdowns"] == []
    assert all(q["overall"] is None for q in data["questions"])


def _sheets(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [[c for c in row] for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_the_export_holds_the_same_groups_only(login, survey):
    client = login("committee")
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    response = client.get(reverse("survey-results-xlsx", args=["bma", survey.pk]))
    assert response.status_code == 200
    sheets = _sheets(response.content)
    cells = [str(c) for rows in sheets.values() for row in rows for c in row if c is not None]
    assert "ความเห็นส่วนตัว" not in cells
    by_sex = sheets["By sex"]
    assert {row[0] for row in by_sex[1:]} == {"Female", "Male", "Other groups combined"}
    assert {row[0] for row in sheets["By unit"][1:]} == {"สยป.", "Other groups combined"}
    assert all(row[1] >= 5 for row in by_sex[1:])
    assert not any("LGBTIQ" in str(row[0]) or "หลากหลาย" in str(row[0]) for row in by_sex[1:])


def test_the_export_under_five_has_no_figures(login, world):
    few = make_survey(world, status="closed", responses=PEOPLE[:3])
    sheets = _sheets(login("secretariat").get(reverse("survey-results-xlsx", args=["bma", few.pk])).content)
    assert len(sheets) == 1  # only the survey sheet, with the note


def test_who_sees_results(login, survey):
    for persona in ("secretariat", "committee"):
        assert page(login, persona, survey).status_code == 200
    for persona in ("focal_point", "assessor", "outsider"):
        assert page(login, persona, survey).status_code == 404
        assert login(persona).get(f"/api/institutions/bma/surveys/{survey.pk}/results").status_code == 404


def test_the_results_page_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    big = make_survey(world, status="closed", responses=PEOPLE * 3)
    client = login("secretariat")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("survey-results", args=["bma", big.pk])).status_code == 200


# --- Evidence for dimension 3 ----------------------------------------------------------------

@pytest.fixture
def benchmark_333(world):
    dimension = world.framework.dimensions.get(code="3")
    goal = Goal.objects.create(framework=world.framework, dimension=dimension, code="3.3", title_th="เป้าหมาย 3.3",
                               order=99)
    return Benchmark.objects.create(framework=world.framework, goal=goal, code="3.3.3", order=99,
                                    title_th="สำรวจความคิดเห็นบุคลากร", title_en="Staff opinion survey",
                                    evidence_th="แบบสำรวจและรายงานผลจำแนกตามเพศ", evidence_en="Questionnaire")


def test_recording_the_results_as_evidence(login, world, survey, benchmark_333, settings_tmp_media):
    from genderseal.core.models import OrgUnit

    Survey.objects.filter(pk=survey.pk).update(owner_unit=OrgUnit.objects.get(institution=world.institution,
                                                                              code="03000000"))
    client = login("secretariat")
    response = client.post(reverse("survey-evidence", args=["bma", survey.pk]))
    survey.refresh_from_db()
    evidence = Evidence.objects.get(pk=survey.evidence_id)
    assert response.status_code == 302 and response["Location"].endswith(f"/evidence/{evidence.pk}/")
    assert evidence.owner_unit.code == "03000000" and evidence.status == "draft"
    assert list(evidence.links.values_list("benchmark__code", flat=True)) == ["3.3.3"]
    revision = evidence.revisions.get()
    assert revision.original_name.endswith(".xlsx")
    # a second time is refused
    client.post(reverse("survey-evidence", args=["bma", survey.pk]))
    assert Evidence.objects.count() == 1
    html = page(login, "secretariat", survey).content.decode()
    assert 'data-testid="evidence-item"' in html


def test_an_open_survey_or_one_under_five_cannot_be_recorded(login, world, benchmark_333):
    open_survey = make_survey(world, status="open", responses=PEOPLE)
    few = make_survey(world, status="closed", responses=PEOPLE[:4])
    for s in (open_survey, few):
        login("secretariat").post(reverse("survey-evidence", args=["bma", s.pk]))
    assert not Evidence.objects.exists()
    assert login("committee").post(reverse("survey-evidence", args=["bma", few.pk])).status_code == 404


# --- Managing surveys, links and QR codes -----------------------------------------------------

def test_the_secretariat_starts_from_the_standard_questions(login, world):
    client = login("secretariat")
    response = client.post(reverse("survey-create", args=["bma"]), {"standard": "on", "title_th": "",
                                                                    "opens_at": "2026-01-05T08:30",
                                                                    "closes_at": "2026-01-23T16:30"})
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert survey.title_en == "Staff opinion survey on gender equality in the workplace"
    topics = list(survey.questions.values_list("topic", flat=True))
    assert "harassment-reporting" in topics and "work-life-balance" in topics and "policy-awareness" in topics
    assert all(q.text_th and q.text_en for q in survey.questions.all())
    assert survey.questions.filter(kind="text").count() == 1
    assert survey.status == "draft"


def test_closing_must_follow_opening(login):
    response = login("secretariat").post(reverse("survey-create", args=["bma"]), {
        "standard": "on", "opens_at": "2026-01-23T08:30", "closes_at": "2026-01-05T16:30"})
    assert response.status_code == 400 and not Survey.objects.exists()


def test_open_close_and_closing_is_final(login, world):
    survey = make_survey(world, status="draft", links=0)
    client = login("secretariat")
    client.post(reverse("survey-move", args=["bma", survey.pk, "open"]))
    survey.refresh_from_db()
    assert survey.status == "open"
    client.post(reverse("survey-move", args=["bma", survey.pk, "close"]))
    survey.refresh_from_db()
    assert survey.status == "closed" and survey.closes_at is not None
    client.post(reverse("survey-move", args=["bma", survey.pk, "open"]))  # results may have been read: no reopening
    survey.refresh_from_db()
    assert survey.status == "closed"
    assert login("committee").post(reverse("survey-move", args=["bma", survey.pk, "open"])).status_code == 404


def batch(client, survey, unit="21000000", staff=30, **data):
    from genderseal.core.models import OrgUnit

    unit = OrgUnit.objects.get(institution=survey.institution, code=unit)
    return client.post(reverse("survey-links", args=["bma", survey.pk]),
                       {"unit": str(unit.pk), "staff_count": str(staff), **data})


def test_links_by_email_one_to_each_address(login, world, mailoutbox):
    import re

    survey = make_survey(world, links=0)
    client = login("secretariat")
    response = batch(client, survey, staff=3, delivery="email",
                     emails="somchai@bangkok.go.th\nsomying@bangkok.go.th, SOMCHAI@bangkok.go.th\n")
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["somchai@bangkok.go.th"], ["somying@bangkok.go.th"]]
    links = [re.search(r"http://testserver(/s/[^/\s]+/)", m.body).group(1) for m in mailoutbox]
    assert len(set(links)) == 2 and survey.invitations.count() == 2
    assert "\n" not in mailoutbox[0].subject and survey.title_th in mailoutbox[0].subject
    assert Client().get(links[0]).status_code == 200  # the link answers
    recorded = survey.batches.get()
    assert (recorded.unit.code, recorded.count, recorded.staff_count, recorded.delivery) == ("21000000", 2, 3, "email")
    assert recorded.made_by.username == "secretariat"
    html = client.get(reverse("survey-detail", args=["bma", survey.pk])).content.decode()
    assert "/s/" not in html and "somchai" not in html  # no link, no address on the page


def test_a_wrong_address_is_named_and_nothing_is_sent(login, world, mailoutbox):
    survey = make_survey(world, links=0)
    response = batch(login("secretariat"), survey, delivery="email", emails="ok@bangkok.go.th\nnot-an-address")
    assert response.status_code == 400 and "not-an-address" in response.content.decode()
    assert "ok@bangkok.go.th" in response.content.decode()  # what was typed is kept
    assert not mailoutbox and not survey.invitations.exists() and not survey.batches.exists()


def test_sealed_slips_one_per_page_and_only_in_the_pdf(login, world):
    import re

    from pypdf import PdfReader

    survey = make_survey(world, links=0)
    response = batch(login("secretariat"), survey, staff=4, delivery="slips", count="3")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    text = [page.extract_text() for page in reader.pages]
    links = [re.search(r"/s/([A-Za-z0-9_-]{20,})/", t.replace("\n", "")).group(0) for t in text]
    assert len(set(links)) == 3
    assert Client().get(links[0]).status_code == 200
    assert survey.invitations.count() == 3 and survey.batches.get().delivery == "slips"


def test_a_mail_failure_makes_no_link(login, world, monkeypatch):
    import smtplib

    from genderseal.survey import services

    def fail(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(services, "send_links", fail)
    survey = make_survey(world, links=0)
    response = batch(login("secretariat"), survey, delivery="email", emails="a@bangkok.go.th")
    assert response.status_code == 400 and "connection lost" in response.content.decode()
    assert not survey.invitations.exists() and not survey.batches.exists()


def test_a_batch_larger_than_the_unit_is_refused(login, world):
    survey = make_survey(world, links=0)
    response = batch(login("secretariat"), survey, staff=3, delivery="slips", count="8")
    assert response.status_code == 400 and 'data-testid="batch-form"' in response.content.decode()
    assert not survey.invitations.exists() and not survey.batches.exists()
    assert batch(login("committee"), survey, staff=30, delivery="slips", count="2").status_code == 404


def test_questions_are_locked_once_answers_came_in(login, world):
    survey = make_survey(world, responses=PEOPLE[:1])
    client = login("secretariat")
    html = client.get(reverse("survey-edit", args=["bma", survey.pk])).content.decode()
    assert 'data-testid="questions-locked"' in html and 'data-testid="questions-form"' not in html


def test_editing_questions_and_a_stale_save_is_refused(login, world):
    survey = make_survey(world, standard=False)
    client = login("secretariat")
    base = {"title_th": "แบบสำรวจ", "title_en": "Survey", "version": str(survey.version),
            "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
            "questions-0-order": "1", "questions-0-kind": "likert", "questions-0-text_th": "คำถาม",
            "questions-0-labels_th": "", "questions-0-labels_en": ""}
    assert client.post(reverse("survey-edit", args=["bma", survey.pk]), base).status_code == 302
    assert SurveyQuestion.objects.filter(survey=survey).count() == 1
    stale = client.post(reverse("survey-edit", args=["bma", survey.pk]), dict(base, **{"questions-TOTAL_FORMS": "0"}))
    assert stale.status_code == 400  # version was bumped by the first save


def test_the_list_and_nav(login, survey):
    html = login("committee").get(reverse("survey-list", args=["bma"])).content.decode()
    assert 'data-testid="survey-link"' in html and survey.title_th in html
    assert 'data-testid="survey-create"' not in html
    html = login("focal_point").get(reverse("dashboard", args=["bma"])).content.decode()
    assert 'data-testid="survey-link"' not in html


def test_membership_scoping_of_surveys(login, world, survey):
    other_survey = Survey.objects.create(institution=world.other, title_th="อื่น")
    assert login("secretariat").get(reverse("survey-detail", args=["bma", other_survey.pk])).status_code == 404
    assert Membership.objects.filter(user=world.outsider).exists()


def test_the_survey_list_and_page_lead_to_survey_results_not_assessment_results(login, survey):
    client = login("secretariat")
    for url in (reverse("survey-list", args=["bma"]), reverse("survey-detail", args=["bma", survey.pk])):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
        assert "ผลการสำรวจ</a>" in html and "ผลการประเมิน</a>" not in html
