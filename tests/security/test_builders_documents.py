"""Issue 14 item 2, by content: the readiness and comparison documents, briefing packs, the survey results
workbook and the dossier hold no more than the same role's pages show of the same data. Each test plants
marker strings a role must not see (and some it must, so the test can fail), builds the file through its
real route (background builds run at once, as the worker would) and reads it back."""
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from genderseal.core.models import Membership, Role

from tests.documents import docx_text, pdf_text
from tests.factories import make_evidence, make_upload, make_user

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def holds_no_more(label, what, held, shown, markers):
    for word in markers:
        assert (word in held) <= (word in shown), f"{label}: the {what} holds {word!r}, the pages do not show it"


def cells_of(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for v in row if v is not None)


def shown_on(browser, urls):
    """The text of the pages that answer 200 (a page closed to the member shows nothing)."""
    return " ".join(r.content.decode() for r in (browser.get(url) for url in urls) if r.status_code == 200)


@pytest.fixture
def people(world, login):
    """{label: browser}: an assessor assigned to rounds 1 and 2, one assigned to nothing, a focal point, the
    committee and the secretariat."""
    unassigned = Client()
    unassigned.force_login(make_user("unassigned", world.institution, Role.ASSESSOR))
    return {"assessor": login("assessor"), "unassigned": unassigned, "focal point": login("focal_point"),
            "committee": login("committee"), "secretariat": login("secretariat")}


@pytest.fixture
def issue(settings, tmp_path, django_capture_on_commit_callbacks):
    """issue(browser, url=None, **form) -> the file of an issued report asked for through the page (built at once, as the
    worker would), or None when nothing is built (refused with a 404, or a message such as "you are named in
    no session")."""
    from genderseal.reports.models import IssuedReport

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE

    def request(browser, url=None, **data):
        before = IssuedReport.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            answer = browser.post(url or reverse("report-request", kwargs={"slug": "bma"}), data)
        assert answer.status_code in (302, 404), answer.status_code
        if IssuedReport.objects.count() == before:  # refused (404), or nothing to build (a message)
            return None
        report = IssuedReport.objects.latest("pk")
        assert report.state == "done", report.error
        download = browser.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
        return b"".join(download.streaming_content)

    return request


# --- Readiness and comparison documents -------------------------------------------------------------

@pytest.fixture
def round_two(world):
    """External round 2 (assigned to the world's assessor) with a response per result state, an internal
    return comment on each and a unit's contribution; round 1's 1.1.1 with its own response."""
    from genderseal.assessments.models import BenchmarkResult, ResultContribution
    from genderseal.core.models import OrgUnit

    from tests.factories import make_external_round

    make_external_round(world, number=2, thread=False)
    states = {"1.1.1": "SUBMITTED", "1.1.2": "APPROVED", "1.1.3": "DRAFT"}
    for code, state in states.items():
        BenchmarkResult.objects.filter(round__number=2, round__institution=world.institution, benchmark__code=code
                                       ).update(response=f"{state}RESP", return_comment=f"RETURN{state}",
                                                result_code="met" if state != "DRAFT" else "")
    draft = BenchmarkResult.objects.get(round__number=2, round__institution=world.institution, benchmark__code="1.1.3")
    ResultContribution.objects.create(result=draft, unit=OrgUnit.objects.get(institution=world.institution,
                                                                               code="21000000"), text="CONTRIBDRAFT")
    BenchmarkResult.objects.filter(round__institution=world.other).update(response="OTHERINSTRESP")
    return ["SUBMITTEDRESP", "APPROVEDRESP", "DRAFTRESP", "RETURNSUBMITTED", "RETURNAPPROVED", "RETURNDRAFT",
            "CONTRIBDRAFT", "OTHERINSTRESP"]


def round_pages(number, codes=("1.1.1", "1.1.2", "1.1.3")):
    return [f"/i/bma/rounds/{number}/", f"/i/bma/assess/rounds/{number}/", f"/i/bma/assess/rounds/{number}/results/",
            *(f"/i/bma/rounds/{number}/results/{code}/" for code in codes),
            *(f"/i/bma/rounds/{number}/results/{code}/narrative/" for code in codes),
            *(f"/i/bma/assess/rounds/{number}/rate/{code}/" for code in codes)]


def test_readiness_and_comparison_documents_hold_no_more_than_the_round_pages(world, people, issue, round_two):
    for label in ("assessor", "unassigned", "focal point"):  # the committee and the secretariat see all of it
        browser = people[label]
        shown = shown_on(browser, round_pages(2) + ["/i/bma/rounds/2/compare/1/"])
        readiness = issue(browser, kind="readiness", round=2, format="pdf", language="th")
        comparison = issue(browser, kind="comparison", round=2, other=1, format="pdf", language="th")
        if label == "unassigned":  # the round page is closed: so is every document of it
            assert readiness is None and comparison is None and "APPROVEDRESP" not in shown
            continue
        for what, content in (("readiness PDF", readiness), ("comparison PDF", comparison)):
            holds_no_more(label, what, pdf_text(content)[0], shown, round_two)
        assert "APPROVEDRESP" in pdf_text(readiness)[0], label  # the document does hold the round's results
        if label == "focal point":
            assert "CONTRIBDRAFT" in shown and "DRAFTRESP" in shown  # the institution sees its own drafts


# --- Briefing packs ----------------------------------------------------------------------------------

def test_briefing_packs_hold_no_more_than_the_readiness_pages(world, people, issue):
    from genderseal.assessments.models import BenchmarkResult
    from genderseal.evidence.models import Evidence
    from genderseal.readiness.models import Interviewee, Question

    from tests.factories import make_readiness

    _milestone, question, session = make_readiness(world)
    session.benchmarks.set(question.benchmarks.all())
    Question.objects.filter(pk=question.pk).update(answer_th="BRIEFANSWER")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(
        response="BRIEFRESPONSE", return_comment="BRIEFINTERNAL")
    for title, status in (("BRIEFAPPROVED", "approved"), ("BRIEFDRAFT", "draft"), ("BRIEFRETURNED", "returned")):
        make_evidence(world.institution, title, status=status, benchmarks=["1.1.1"])
    Evidence.objects.filter(title_th="BRIEFRETURNED").update(review_comment="BRIEFREVIEWNOTE")
    make_evidence(world.other, "BRIEFOTHERINST", status="approved", benchmarks=["1.1.1"])
    Interviewee.objects.create(session=session, role="Secretary", user=world.secretariat)
    markers = ["BRIEFANSWER", "BRIEFRESPONSE", "BRIEFINTERNAL", "BRIEFAPPROVED", "BRIEFDRAFT", "BRIEFRETURNED",
               "BRIEFREVIEWNOTE", "BRIEFOTHERINST"]
    pages = ["/i/bma/readiness/interviews/", "/i/bma/readiness/questions/", "/i/bma/evidence/", "/i/bma/rounds/1/",
             "/i/bma/rounds/1/results/1.1.1/", "/i/bma/rounds/1/results/1.1.1/narrative/"]
    for label, browser in people.items():
        shown = shown_on(browser, pages)
        packs = {"own pack": issue(browser, "/i/bma/readiness/interviews/mine/briefing.docx", language="th"),
                 "executive pack": issue(browser, "/i/bma/readiness/interviews/executive/briefing.docx", language="th")}
        if label in ("assessor", "unassigned"):  # briefing packs are the institution's own preparation
            assert set(packs.values()) == {None}, label
            assert issue(browser, kind="briefing", executive=1, format="pdf") is None
            continue
        for what, content in packs.items():
            if content is not None:
                holds_no_more(label, what, docx_text(content)[0], shown, markers)
        text = docx_text(packs["executive pack"])[0]
        assert "BRIEFANSWER" in text and "BRIEFAPPROVED" in text, label
    # the secretariat's pack of the focal point: what the secretariat's pages show
    row = Interviewee.objects.get(user=world.focal_point)
    url = f"/i/bma/readiness/interviews/people/{row.pk}/briefing.pdf"  # one PDF: the PDF holds the same pack
    pack = issue(people["secretariat"], url, language="th")
    holds_no_more("secretariat", "interviewee pack", pdf_text(pack)[0], shown_on(people["secretariat"], pages), markers)
    assert issue(people["focal point"], url) is None


# --- Survey results workbook -------------------------------------------------------------------------

def test_the_survey_workbook_shows_the_groups_the_results_page_shows(world, people):
    from django.utils import translation

    from genderseal.core.models import OrgUnit
    from genderseal.survey.models import Sex

    from tests.factories import make_survey

    answers = ([{"sex": "female", "unit": "21000000", "value": 4, "text": "SURVEYTEXT"}] * 6
               + [{"sex": "male", "unit": "21000000", "value": 5}] * 5
               + [{"sex": "diverse", "unit": "03000000", "value": 1}])
    survey = make_survey(world, status="open", responses=answers)
    with translation.override("th"):
        small_unit = str(OrgUnit.objects.get(institution=world.institution, code="03000000"))
        labels = [str(Sex.FEMALE.label), str(Sex.MALE.label), str(Sex.DIVERSE.label), small_unit]
    markers = [*labels, "SURVEYTEXT"]
    page, workbook = f"/i/bma/survey/{survey.pk}/results/", f"/i/bma/survey/{survey.pk}/results.xlsx"
    for status in ("open", "closed"):
        type(survey).objects.filter(pk=survey.pk).update(status=status)
        for label, browser in people.items():
            shown, got = shown_on(browser, [page]), browser.get(workbook)
            if label not in ("committee", "secretariat"):  # survey.view: the results are closed to them
                assert got.status_code == 404 and not shown, (label, got.status_code)
                continue
            held = cells_of(got.content)
            holds_no_more(label, f"workbook of a survey {status}", held, shown, markers)
            assert (labels[0] in held) == (status == "closed"), (label, status)  # by sex, once closed
            assert labels[2] not in held and small_unit not in held  # the one gender-diverse person, their unit


# --- Dossier contents --------------------------------------------------------------------------------

def zip_text(content):
    """Every member of a ZIP as text: the index workbook's cells, the cover's text, other files as they are."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    parts = {}
    for name in archive.namelist():
        data = archive.read(name)
        if name.endswith(".xlsx"):
            parts[name] = cells_of(data)
        elif name == "cover.pdf":
            parts[name] = pdf_text(data)[0]
        else:
            parts[name] = data.decode("utf-8", "ignore")
    return " ".join([*parts, *parts.values()])


def test_the_dossier_holds_the_approved_evidence_and_no_more_than_the_pages(world, people, settings, tmp_path,
                                                                         django_capture_on_commit_callbacks):
    from django.utils import timezone

    from genderseal.assessments.models import BenchmarkResult
    from genderseal.evidence import services
    from genderseal.evidence.models import Evidence
    from genderseal.reports.models import IssuedReport

    from tests.factories import make_external_round

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE
    secretariat = Membership.objects.get(user=world.secretariat)
    files = {}
    for title in ("DOSAPPROVED", "DOSDRAFT", "DOSRETURNED", "DOSDELETED", "DOSEXPIRED"):
        item = make_evidence(world.institution, title, status="draft", benchmarks=["1.1.1"])
        if title == "DOSAPPROVED":
            services.add_file(secretariat, item, make_upload(f"{title}-old.txt", b"FILEOLDREVISION"))
        services.add_file(secretariat, item, make_upload(f"{title}.txt", f"FILE{title}".encode()))
        files[title] = item
    for title, item in files.items():
        Evidence.objects.filter(pk=item.pk).update(
            status="approved" if title in ("DOSAPPROVED", "DOSDELETED", "DOSEXPIRED") else title[3:].lower(),
            deleted_at=timezone.now() if title == "DOSDELETED" else None,
            expires_on=timezone.localdate().replace(year=2000) if title == "DOSEXPIRED" else None)
    make_evidence(world.other, "DOSOTHERINST", status="approved", benchmarks=["1.1.1"])
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(
        response="DOSRESPONSE", return_comment="DOSINTERNAL")
    make_external_round(world, number=2, thread=False)
    BenchmarkResult.objects.filter(round__number=2, round__institution=world.institution).update(response="DOSROUNDTWO")
    markers = ["DOSAPPROVED", "FILEDOSAPPROVED", "DOSRESPONSE", "DOSDRAFT", "FILEDOSDRAFT", "DOSRETURNED",
               "FILEDOSRETURNED", "DOSDELETED", "FILEDOSDELETED", "DOSEXPIRED", "FILEDOSEXPIRED", "DOSOTHERINST",
               "DOSINTERNAL", "DOSROUNDTWO", "FILEOLDREVISION"]

    with django_capture_on_commit_callbacks(execute=True):
        people["secretariat"].post(reverse("dossier-start", kwargs={"slug": "bma"}), {"round": 1})
    dossier = IssuedReport.objects.get(kind="dossier")
    assert dossier.state == "done", dossier.error
    urls = {name: reverse(name, kwargs={"slug": "bma", "pk": dossier.pk}) for name in ("dossier-detail",
                                                                                       "dossier-download")}
    approved = files["DOSAPPROVED"]
    pages = ["/i/bma/evidence/", f"/i/bma/evidence/{approved.pk}/", "/i/bma/rounds/1/",
             "/i/bma/rounds/1/results/1.1.1/", "/i/bma/rounds/1/results/1.1.1/narrative/"]
    for label, browser in people.items():
        got = {name: browser.get(url) for name, url in urls.items()}
        if label not in ("committee", "secretariat"):  # dossier.view
            assert {r.status_code for r in got.values()} == {404}, label
            continue
        held = zip_text(b"".join(got["dossier-download"].streaming_content))
        shown = shown_on(browser, pages) + " FILEDOSAPPROVED"  # the file behind the item's download link
        assert browser.get(f"/i/bma/evidence/{approved.pk}/").status_code == 200
        holds_no_more(label, "dossier", held, shown, markers)
        assert "DOSAPPROVED" in held and "FILEDOSAPPROVED" in held and "DOSRESPONSE" in held, label
        for word in ("FILEOLDREVISION", "DOSDRAFT", "DOSRETURNED", "DOSDELETED", "DOSEXPIRED", "DOSOTHERINST",
                     "DOSROUNDTWO", "DOSINTERNAL"):
            assert word not in held, (label, word)  # the latest approved file of the round's institution only


def test_an_assessor_sees_no_response_the_institution_has_not_sent_for_review(world, people, round_two):
    """docs/assessors.md: while a round is under assessment the assessor reads what the institution sent for
    review or approved, never its drafts: the workspace, the round pages, results.xlsx and the results API
    alike. Once the round is reviewed it is the record of what was assessed, and all of it reads."""
    from genderseal.assessments.models import AssessmentRound, RoundStatus

    assessor = people["assessor"]
    api = assessor.get("/api/institutions/bma/rounds/2/results")
    assert api.status_code == 200
    held = " ".join([shown_on(assessor, ["/i/bma/assess/rounds/2/", "/i/bma/rounds/2/"]),
                     cells_of(assessor.get("/i/bma/rounds/2/results.xlsx").content), api.content.decode()])
    assert "SUBMITTEDRESP" in held and "APPROVEDRESP" in held
    assert "DRAFTRESP" not in held
    assert assessor.get("/i/bma/rounds/2/results/1.1.3/").status_code == 404

    AssessmentRound.objects.filter(institution=world.institution, number=2).update(status=RoundStatus.REVIEWED)
    assert "DRAFTRESP" in shown_on(assessor, ["/i/bma/rounds/2/"])
