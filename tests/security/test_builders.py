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
    "dossier-old-download": "none: redirects an old dossier id to dossier-download (reports/old_dossiers.py)",
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


# --- Every file builder against the page that shows the same data ------------------------------------
# Route of a file -> the page showing the same data to the same member. No role may get the file where the
# page is closed to it (the declarations in core/permissions.py; assignment and status are checked below).
FILE_PAGE = {
    "round-report-pdf": "round-detail", "round-report-docx": "round-detail", "round-results-xlsx": "round-detail",
    "report-download": "report-detail", "evidence-download": "evidence-detail", "dossier-download": "dossier-detail",
    "dossier-old-download": "dossier-old",
    "planning-export": "planning-dashboard",
    "analysis-worksheet-pdf": "analysis-detail", "analysis-worksheet-docx": "analysis-detail",
    "analysis-screening-pdf": "analysis-detail", "analysis-screening-docx": "analysis-detail",  # its screening card
    "my-briefing": "my-schedule", "interviewee-briefing": "session-list", "executive-briefing": "session-list",
    "certificate-scan": "certificate-list", "survey-results-xlsx": "survey-results",
    "opendata-csv": "opendata-page", "opendata-json": "opendata-page", "opendata-dcat": "opendata-page",
    "opendata-ckan": "opendata-page",
}


def test_no_role_gets_a_file_whose_page_is_closed_to_it():
    from genderseal.core.permissions import allowed

    access = {}
    for entry in _patterns():
        access[entry.name] = entry.callback.access
    assert set(FILE_PAGE) == {name for name in FILE_BUILDERS if not name.startswith("/api/")}
    for file, page in FILE_PAGE.items():
        if access[file] == "public":
            assert access[page] == "public", file
            continue
        for role in (Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR):
            assert not allowed(role, access[file]) or allowed(role, access[page]), (role, file, page)


def _patterns(patterns=None):
    from django.urls import URLPattern, URLResolver

    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace != "api":
            yield from _patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def cells_of(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for v in row if v is not None)


def personas(world, login, unassigned):
    """(label, browser, API headers) for an assessor assigned to round 1, one assigned to nothing, a focal point."""
    from genderseal.core.models import ApiToken

    focal = Membership.objects.get(user=world.focal_point)
    return [("assessor", login("assessor"), Membership.objects.get(user=world.assessor)),
            ("unassigned", unassigned, unassigned.membership),
            ("focal point", login("focal_point"), focal)], ApiToken


def holds_no_more(label, what, held, shown, sentinels):
    for word in sentinels:
        assert (word in held) <= (word in shown), f"{label}: the {what} holds {word!r}, the pages do not show it"


@pytest.fixture
def months(world):
    """IND-1 with October approved (613 women, narrative AUTUMN-OK) and November submitted (947, DRAFT-NOV)."""
    from datetime import date

    from genderseal.planning import services

    from tests.factories import make_planning

    indicator = make_planning(world)
    secretariat = Membership.objects.get(user=world.secretariat)
    october = services.save_report(secretariat, indicator, date(2024, 10, 1), {"female": 613, "male": 1},
                                   narrative="AUTUMN-OK", progress="10", submit=True)
    services.transition(secretariat, october, "approve")
    services.save_report(secretariat, indicator, date(2024, 11, 1), {"female": 947, "male": 2},
                         narrative="DRAFT-NOV", progress="20", submit=True)
    return ["AUTUMN-OK", "613", "DRAFT-NOV", "947"]


def test_planning_export_and_api_hold_no_month_the_planning_pages_hide(world, login, unassigned, months, client):
    people, ApiToken = personas(world, login, unassigned)
    for label, browser, membership in people:
        shown = " ".join(browser.get(url).content.decode() for url in (
            "/i/bma/plan/?fy=2568", "/i/bma/plan/indicators/IND-1/?fy=2568",
            "/i/bma/plan/indicators/IND-1/report/?period=2024-10-01",
            "/i/bma/plan/indicators/IND-1/report/?period=2024-11-01"))
        export = browser.get("/i/bma/plan/export/")
        assert export.status_code == 200, label
        holds_no_more(label, "planning export", cells_of(export.content), shown, months)
        key = ApiToken.issue(membership, "builders")
        api = client.get("/api/institutions/bma/indicators/IND-1/reports", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert api.status_code == 200, label
        holds_no_more(label, "reports API", api.content.decode(), shown, months)
        if label != "focal point":  # assessors: approved months only, in every form
            assert "DRAFT-NOV" not in shown and "AUTUMN-OK" in shown
    assert "DRAFT-NOV" in cells_of(login("focal_point").get("/i/bma/plan/export/").content)  # the pages show it


def test_open_data_files_hold_the_published_snapshot_and_no_unapproved_month(world, client, login, months):
    from tests.factories import make_published

    make_published(world, items=("indicators",))
    page = client.get("/open/bma/").content.decode()
    assessor_page = login("assessor").get("/i/bma/plan/indicators/IND-1/?fy=2568").content.decode()
    for name in ("data.csv", "data.json", "dcat.json", "ckan.json"):
        held = client.get(f"/open/bma/{name}").content.decode()
        holds_no_more("the public", name, held, page, months)
        holds_no_more("the public", name, held, assessor_page, months)  # never more than the least-trusted member
    assert "613" in client.get("/open/bma/data.csv").content.decode()


def test_analysis_documents_follow_the_analysis_page(world, login, unassigned):
    from tests.factories import make_planning, make_worksheet

    make_planning(world)
    worksheet = make_worksheet(world, status="submitted")
    people, _token = personas(world, login, unassigned)
    for status in ("submitted", "approved"):
        type(worksheet).objects.filter(pk=worksheet.pk).update(status=status)
        for label, browser, _membership in people:
            page = browser.get("/i/bma/analysis/projects/P-1/").content.decode()
            shows = "Girls miss 3-5 school days" in page
            for url in ("/i/bma/analysis/projects/P-1/worksheet.pdf", "/i/bma/analysis/projects/P-1/worksheet.docx"):
                assert (browser.get(url).status_code == 200) <= shows, (label, status, url)
            if label != "focal point":
                assert shows == (status == "approved"), (label, status)


def test_evidence_and_round_apis_list_what_the_pages_show(world, login, unassigned, client):
    people, ApiToken = personas(world, login, unassigned)
    make_evidence(world.institution, "EVIDENCE-SEEN", status="approved", benchmarks=["1.1.1"])
    make_evidence(world.institution, "EVIDENCE-DRAFT", status="draft", benchmarks=["1.1.1"])
    sentinels = ["EVIDENCE-SEEN", "EVIDENCE-DRAFT"]
    for label, browser, membership in people:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(membership, 'builders')}"}
        shown = browser.get("/i/bma/evidence/").content.decode()
        holds_no_more(label, "evidence API", client.get("/api/institutions/bma/evidence", **headers).content.decode(),
                      shown, sentinels)
        page = browser.get("/i/bma/rounds/1/")
        results = client.get("/api/institutions/bma/rounds/1/results", **headers)
        assert (results.status_code == 200) <= (page.status_code == 200), label
        rounds = {r["number"] for r in client.get("/api/institutions/bma/rounds", **headers).json()}
        listed = browser.get("/i/bma/rounds/").content.decode()
        assert all(f"/i/bma/rounds/{n}/" in listed for n in rounds), (label, rounds)


def test_round_files_and_api_hold_no_draft_result_the_round_pages_hide(world, login, unassigned, client):
    """External round 2 (assigned to the world's assessor): a draft, a submitted and an approved result, each
    with its own response, and a return comment meant for the institution."""
    from genderseal.assessments.models import BenchmarkResult

    from tests.documents import docx_text
    from tests.factories import make_external_round

    make_external_round(world, number=2, thread=False)
    sentinels = {"1.1.1": "SUBMITTED-RESP", "1.1.2": "APPROVED-RESP", "1.1.3": "DRAFT-RESP"}
    for code, text in sentinels.items():
        BenchmarkResult.objects.filter(round__number=2, benchmark__code=code).update(
            response=text, return_comment=f"RETURN-{code}", result_code="met" if code != "1.1.3" else "")
    words = [*sentinels.values(), *(f"RETURN-{code}" for code in sentinels)]
    people, ApiToken = personas(world, login, unassigned)
    for label, browser, membership in people:
        pages = ["/i/bma/rounds/2/", "/i/bma/assess/rounds/2/", "/i/bma/assess/rounds/2/results/",
                 *(f"/i/bma/rounds/2/results/{code}/" for code in sentinels),
                 *(f"/i/bma/assess/rounds/2/rate/{code}/" for code in sentinels)]
        answered = [browser.get(url) for url in pages]
        shown = " ".join(r.content.decode() for r in answered if r.status_code == 200)
        files = {"results.xlsx": browser.get("/i/bma/rounds/2/results.xlsx"),
                 "report.docx": browser.get("/i/bma/rounds/2/report.docx")}
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(membership, 'builders')}"}
        files["results API"] = client.get("/api/institutions/bma/rounds/2/results", **headers)
        if answered[0].status_code != 200:  # the round page is closed: so is every file of it
            assert all(f.status_code == 404 for f in files.values()), (label, {k: f.status_code for k, f in files.items()})
            continue
        held = {"results.xlsx": cells_of(files["results.xlsx"].content),
                "report.docx": docx_text(files["report.docx"].content)[0],
                "results API": files["results API"].content.decode()}
        for what, text in held.items():
            holds_no_more(label, what, text, shown, words)
        assert "APPROVED-RESP" in held["results.xlsx"], label  # the files do hold the round's results
    assert login("assessor").get("/i/bma/rounds/2/").status_code == 200
    assert unassigned.get("/i/bma/rounds/2/").status_code == 404


@pytest.fixture
def issued(settings, tmp_path, django_capture_on_commit_callbacks):
    """Request an issued report as `browser` and return its file (built at once, as the worker would)."""
    from django.urls import reverse

    from genderseal.reports.models import IssuedReport

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def issue(browser, **data):
        with django_capture_on_commit_callbacks(execute=True):
            assert browser.post(reverse("report-request", kwargs={"slug": "bma"}), data).status_code == 302
        report = IssuedReport.objects.latest("pk")
        assert report.state == "done", report.error
        response = browser.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
        return b"".join(response.streaming_content)

    return issue


def test_issued_planning_reports_hold_no_month_the_planning_pages_hide(world, login, unassigned, months, issued):
    from tests.documents import docx_text

    people, _token = personas(world, login, unassigned)
    for label, browser, _membership in people:
        shown = " ".join(browser.get(url).content.decode() for url in (
            "/i/bma/plan/?fy=2568", "/i/bma/plan/indicators/IND-1/?fy=2568"))
        workbook = cells_of(issued(browser, kind="indicators_xlsx", fiscal_year=2568))
        holds_no_more(label, "issued indicators workbook", workbook, shown, months)
        progress = docx_text(issued(browser, kind="action_plan_progress", fiscal_year=2568, quarter=0,
                                    format="docx"))[0]
        holds_no_more(label, "issued progress report", progress, shown, months)
        assert "613" in workbook, label  # the approved month is there for everyone
