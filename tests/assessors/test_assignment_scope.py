"""Issue 14 items 1 and 2: an assessor reads and acts only on the rounds assigned to them, on pages, API,
exports and documents; the round pages and the results API are read-only for them; the planning export
holds only what an assessor's pages show."""
import io

import pytest
from django.test import Client

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind, RoundStatus
from genderseal.assessors.models import AssessorAssignment
from genderseal.core.models import ApiToken, Role

from tests.factories import make_evidence, make_round, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(world):
    """A freshly created assessor of BMA, assigned to nothing."""
    user = make_user("newcomer", world.institution, Role.ASSESSOR)
    browser = Client()
    browser.force_login(user)
    browser.user = user
    return browser


ROUND_1 = ["/i/bma/rounds/1/", "/i/bma/rounds/1/results.xlsx", "/i/bma/rounds/1/report.pdf",
           "/i/bma/rounds/1/report.docx", "/i/bma/rounds/1/compare/1/", "/i/bma/rounds/1/results/1.1.1/"]


def test_an_unassigned_assessor_reads_nothing_of_a_finished_review_round(world, newcomer):
    for url in ROUND_1:
        assert newcomer.get(url).status_code == 404, url
    assert 'href="/i/bma/rounds/1/"' not in newcomer.get("/i/bma/rounds/").content.decode()
    key = ApiToken.issue(newcomer.user, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/institutions/bma/rounds").json() == []
    for url in ("/api/institutions/bma/rounds/1", "/api/institutions/bma/rounds/1/results",
                "/api/institutions/bma/rounds/1/summary"):
        assert api.get(url).status_code == 404, url


def test_the_assigned_assessor_reads_the_round(world, login):
    browser = login("assessor")
    for url in ROUND_1[:5]:
        assert browser.get(url).status_code == 200, url
    assert 'href="/i/bma/rounds/1/"' in browser.get("/i/bma/rounds/").content.decode()


def test_no_assessor_rewrites_a_result_on_the_round_pages_or_the_api(world, login):
    """The attack: the level of BMA's UNDP review round 1 moved from 25.0% to 27.5%."""
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1")
    before = (result.result_code, result.assessor_comment, result.version)
    browser = login("assessor")
    assert browser.post("/i/bma/rounds/1/results/1.1.1/",
                        {"result_code": "met", "assessor_comment": "x", "version": result.version}).status_code == 404
    key = ApiToken.issue(world.assessor, "test")
    response = Client().patch("/api/institutions/bma/rounds/1/results/1.1.1",
                              {"result": "met", "assessor_comment": "x", "version": result.version},
                              content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code in (403, 404)
    result.refresh_from_db()
    assert (result.result_code, result.assessor_comment, result.version) == before


def test_evidence_reaches_an_assessor_only_through_an_assigned_round(world, newcomer, login):
    item = make_evidence(world.institution, "หลักฐานรอบหนึ่ง", status="approved", benchmarks=["1.1.1"])
    assert newcomer.get(f"/i/bma/evidence/{item.pk}/").status_code == 404
    assert login("assessor").get(f"/i/bma/evidence/{item.pk}/").status_code == 200


def test_a_review_round_can_be_assigned_and_then_opens_to_that_assessor(world, newcomer, login):
    response = login("secretariat").post("/i/bma/assess/assign/", {"op": "add", "round": 1,
                                                                  "user": newcomer.user.pk})
    assert response.status_code in (200, 302)
    assert AssessorAssignment.objects.filter(round=world.round, user=newcomer.user).exists()
    assert newcomer.get("/i/bma/rounds/1/").status_code == 200
    self_round = make_round(world.institution, world.framework, number=7, kind=RoundKind.SELF)
    login("secretariat").post("/i/bma/assess/assign/", {"op": "add", "round": 7, "user": newcomer.user.pk})
    assert not AssessorAssignment.objects.filter(round=self_round).exists()  # no outside assessor acts on it


def test_an_assessors_issued_reports_are_their_own(world, newcomer, login, settings_tmp_media):
    from tests.factories import make_issued_report

    report = make_issued_report(world)  # built for the assigned assessor, round 1
    assert login("assessor").get(f"/i/bma/reports/{report.pk}/").status_code == 200
    assert newcomer.get(f"/i/bma/reports/{report.pk}/").status_code == 404
    assert newcomer.get(f"/i/bma/reports/{report.pk}/download/").status_code == 404


def test_the_planning_export_holds_no_more_than_an_assessors_pages(world, login):
    """The attack: unapproved monthly values and narratives in the assessor's planning export."""
    from openpyxl import load_workbook

    from genderseal.planning.models import PeriodReport, ReportStatus, Value

    from tests.factories import make_planning

    make_planning(world)
    indicator = world.institution.indicators.get(code="IND-1") if hasattr(world.institution, "indicators") else None
    from genderseal.planning.models import Indicator

    indicator = indicator or Indicator.objects.get(institution=world.institution, code="IND-1")
    approved = PeriodReport.objects.create(indicator=indicator, period="2024-10-01", status=ReportStatus.APPROVED,
                                           narrative="approved words")
    draft = PeriodReport.objects.create(indicator=indicator, period="2024-11-01", status=ReportStatus.SUBMITTED,
                                        narrative="secret draft words")
    Value.objects.create(report=approved, option_key="female", number=11)
    Value.objects.create(report=draft, option_key="female", number=777)
    response = login("assessor").get("/i/bma/plan/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content),
                         read_only=True)
    cells = {str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row}
    assert "approved words" in cells and "11" in cells
    assert "secret draft words" not in cells and "777" not in cells
    assert AssessmentRound.objects.filter(status=RoundStatus.REVIEWED).exists()
