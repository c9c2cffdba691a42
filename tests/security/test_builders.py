"""Issue 14 item 2: every builder of a file reads through the scoping helper, so a file holds no more
than the same role's pages show. FILE_BUILDERS lists them all (a new one must be added here), with the
model whose `restrict_for` decides what it holds; the tests then compare files with pages."""
import io

import pytest
from django.test import Client
from django.urls import get_resolver

from genderseal.core.models import Membership, Role

from tests.factories import make_evidence, make_user

pytestmark = pytest.mark.django_db

FILE_BUILDERS = {
    # Pages (route name): what decides the content.
    "round-report-pdf": "AssessmentRound, BenchmarkResult", "round-report-docx": "AssessmentRound, BenchmarkResult",
    "round-results-xlsx": "AssessmentRound, BenchmarkResult",
    "report-download": "IssuedReport (audience; an assessor's own), built through the requester's scope",
    "evidence-download": "EvidenceRevision -> Evidence", "dossier-download": "IssuedReport of kind dossier (dossier.view)",
    "planning-export": "Indicator, PeriodReport, Value",
    "analysis-worksheet-pdf": "Worksheet", "analysis-worksheet-docx": "Worksheet",
    "analysis-screening-pdf": "Screening", "analysis-screening-docx": "Screening",
    "my-briefing": "Interview (the member's own)", "interviewee-briefing": "Interview (briefing.manage)",
    "executive-briefing": "Interview, Question (briefing.view), built through the requester's scope",
    "certificate-scan": "Certificate", "survey-results-xlsx": "Survey results (survey.view)",
    "opendata-csv": "Publication (published snapshot only)", "opendata-json": "Publication",
    "opendata-dcat": "Publication", "opendata-ckan": "Publication",
    # API (path)
    "/api/institutions/{slug}/evidence/{evidence_id}/revisions/{number}/download": "EvidenceRevision -> Evidence",
    "/api/institutions/{slug}/dossiers/{dossier_id}/download": "IssuedReport of kind dossier",
    "/api/institutions/{slug}/issued-reports/{report_id}/file": "IssuedReport",
}
FILE_WORDS = ("pdf", "docx", "xlsx", "csv", "json", "download", "export", "briefing", "scan", "qr", "sheet",
              "dcat", "ckan")
API_FILE_WORDS = ("download", "/file", "pdf", "docx", "xlsx", ".csv", "export")


def page_routes(patterns=None):
    from django.urls import URLPattern, URLResolver

    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace != "api":
            yield from page_routes(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_builder_of_a_file_is_listed():
    from genderseal.api.urls import api

    found = {name for name in page_routes() if any(word in name for word in FILE_WORDS)}
    found |= {path for path in api.get_openapi_schema()["paths"] if any(word in path for word in API_FILE_WORDS)}
    assert found == set(FILE_BUILDERS), (f"new file builders to list (and check): {found - set(FILE_BUILDERS)}; "
                                         f"gone: {set(FILE_BUILDERS) - found}")


@pytest.fixture
def unassigned(world):
    user = make_user("unassigned", world.institution, Role.ASSESSOR)
    browser = Client()
    browser.force_login(user)
    browser.membership = Membership.objects.get(user=user)
    return browser


def test_round_files_follow_the_round_page(world, login, unassigned):
    assigned = login("assessor")
    for url in ("/i/bma/rounds/1/report.pdf", "/i/bma/rounds/1/report.docx", "/i/bma/rounds/1/results.xlsx"):
        assert assigned.get(url).status_code == 200 and assigned.get("/i/bma/rounds/1/").status_code == 200
        assert unassigned.get(url).status_code == 404 and unassigned.get("/i/bma/rounds/1/").status_code == 404


def test_an_issued_report_of_a_round_not_assigned_cannot_be_asked_for(world, unassigned):
    from django.http import Http404

    from genderseal.reports import issuing

    for kind in ("readiness", "results_xlsx"):
        with pytest.raises(Http404):
            issuing.request(unassigned.membership, kind, {"round": "1", "format": "pdf", "language": "th"})


def titles_in_xlsx(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return {str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v}


def test_the_evidence_export_holds_what_the_evidence_pages_show(world, login, unassigned):
    from genderseal.reports import exports

    shown = make_evidence(world.institution, "หลักฐานที่เห็น", status="approved", benchmarks=["1.1.1"])
    make_evidence(world.institution, "หลักฐานร่าง", status="draft", benchmarks=["1.1.1"])
    make_evidence(world.institution, "หลักฐานไม่ผูกเกณฑ์", status="approved")
    for browser, membership in ((login("assessor"), Membership.objects.get(user=world.assessor)),
                                (unassigned, unassigned.membership)):
        page = browser.get("/i/bma/evidence/").content.decode()
        cells = titles_in_xlsx(exports.evidence_xlsx(membership))
        for title in ("หลักฐานที่เห็น", "หลักฐานร่าง", "หลักฐานไม่ผูกเกณฑ์"):
            assert (title in cells) <= (title in page), (membership.user.username, title)
    assert shown.title_th in login("assessor").get("/i/bma/evidence/").content.decode()
    assert shown.title_th not in unassigned.get("/i/bma/evidence/").content.decode()
