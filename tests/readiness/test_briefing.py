"""Briefing packs: content (sessions, benchmarks, results, evidence, indicator results, agreed answers) in PDF
and DOCX, built in the background as issued reports (progress, history, download), who may have whose pack,
another institution's interviewee, bounded queries."""
import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import Membership, OrgUnit
from genderseal.planning.models import PeriodReport, Value
from genderseal.readiness import briefing
from genderseal.readiness.models import Interviewee, InterviewSession, Question
from genderseal.standards.models import Benchmark, Dimension, ResultOption

from tests.documents import docx_text, pdf_text
from tests.factories import make_evidence, make_planning, make_readiness

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "readiness"
EVIDENCE = "แผนปฏิบัติการส่งเสริมความเท่าเทียม"
ANSWER = "ขับเคลื่อนเมืองด้วยข้อมูลแยกเพศ"  # Thai words without the vowel pdftotext drops
QUESTION = "Is gender considered upstream in planning?"


@pytest.fixture
def pack_world(world):
    """Session 1 (dimension 1 + benchmark 1.1.1) names the focal point; session 2 (dimension 5) names them and
    a director without an account; evidence, an indicator report on 1.1.3 and agreed answers."""
    _milestone, question, session = make_readiness(world)
    question.answer_th, question.question_en = ANSWER, QUESTION
    question.save()
    session.benchmarks.set(Benchmark.objects.filter(framework=world.framework, code="1.1.1"))
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    second = InterviewSession.objects.create(institution=world.institution, number=2, title_th="สัมภาษณ์มิติที่ 5",
                                             title_en="Interview, dimension 5", held_on=datetime.date(2026, 2, 13),
                                             starts_at=datetime.time(13), place="ห้องประชุม 2",
                                             online_link="https://meet.example.org/d5")
    second.dimensions.set(Dimension.objects.filter(framework=world.framework, code="5"))
    Interviewee.objects.create(session=second, role="Focal point", unit=unit, user=world.focal_point)
    director = Interviewee.objects.create(session=second, name="Director", role="ผู้อำนวยการ", unit=unit)
    # The focal point's unit leads 2.1.1 (not in their dimensions: left out) and 5.2.4 (in: kept).
    BenchmarkResult.objects.filter(round=world.round, benchmark__code__in=["2.1.1", "5.2.4"]).update(lead_unit=unit)
    make_evidence(world.institution, EVIDENCE, status="approved", benchmarks=["1.1.1"],
                  evidence_date=datetime.date(2025, 3, 6))
    make_evidence(world.institution, "ร่างที่ยังไม่อนุมัติ", status="draft", benchmarks=["1.1.1"])
    indicator = make_planning(world)  # project P-1 names 1.1.3 and 1.1.4
    report = PeriodReport.objects.create(indicator=indicator, period=datetime.date(2025, 1, 1), status="approved")
    Value.objects.bulk_create([Value(report=report, option_key="female", number=70),
                               Value(report=report, option_key="male", number=50)])
    general = Question.objects.create(institution=world.institution, order=9, question_th="ถ้าไม่มี UN แล้ว ระบบจะเดินได้อย่างไร",
                                      answer_th="กลไกของกรุงเทพมหานครเอง")
    other_dimension = Question.objects.create(institution=world.institution, order=10,
                                              dimension=Dimension.objects.get(framework=world.framework, code="3"),
                                              question_th="คำถามมิติที่สาม", answer_th="ไม่เกี่ยวข้อง")
    return {"session": session, "second": second, "director": director, "general": general,
            "other_question": other_dimension}


def _membership(world, persona):
    return Membership.objects.select_related("institution").get(user=getattr(world, persona),
                                                                 institution=world.institution)


def _pdf_text(content):
    return pdf_text(content)[0]


def _flat(text):
    """Lines wrap anywhere in a table cell: compare without white space."""
    return "".join(text.split())


def _docx_text(content):
    return docx_text(content)[0]


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "bma", **kwargs})


@pytest.fixture(autouse=True)
def report_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def prepare(django_capture_on_commit_callbacks):
    """prepare(browser, route, **kwargs) -> (the issued report, its file): asked for, built in the background
    (run at commit here), then downloaded from the report's page as the person who asked."""
    from genderseal.reports.models import IssuedReport

    def ask(browser, route, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = browser.post(url(route, **kwargs))
        assert response.status_code == 302, response.status_code
        report = IssuedReport.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
        assert response["Location"] == url("report-detail", pk=report.pk)
        assert report.kind == "briefing_pack" and report.state == "done", (report.state, report.error)
        page = browser.get(response["Location"]).content.decode()
        assert 'data-testid="report-download"' in page
        download = browser.get(url("report-download", pk=report.pk))
        return report, b"".join(download.streaming_content)

    return ask


def test_the_pack_holds_the_sessions_benchmarks_and_their_reasons(world, pack_world):
    pack = briefing.build(_membership(world, "focal_point"), user=world.focal_point)
    assert [s.number for s in pack.sessions] == [1, 2]
    codes = [b.code for b in pack.benchmarks]
    # Session 1 names 1.1.1 (so dimension 1 stands for that benchmark only); session 2 names dimension 5 only
    # (so all of it); the unit's lead benchmark outside their dimensions (2.1.1) is left out.
    assert codes[0] == "1.1.1" and "1.1.2" not in codes
    assert {"5.1.1", "5.2.4"} <= set(codes) and "2.1.1" not in codes
    b511 = next(b for b in pack.benchmarks if b.code == "5.2.4")
    assert len(b511.why) == 2  # session 2 and the unit leads it
    b111 = pack.benchmarks[0]
    assert b111.result == ResultOption.objects.get(framework=world.framework, code="not_met").t("label")
    assert [e.title for e in b111.evidence] == [EVIDENCE]  # approved only, not the draft
    assert b111.questions and pack.answers[b111.questions[0] - 1].answer == ANSWER
    answered = {a.question for a in pack.answers}
    assert pack_world["general"].question_th in answered  # general questions are for everyone
    assert "คำถามมิติที่สาม" not in answered  # dimension 3 is not in their sessions


def test_indicator_results_follow_the_project_benchmarks(world, pack_world):
    Interviewee.objects.create(session=pack_world["session"], role="Focal point", user=world.committee)
    pack_world["session"].benchmarks.add(*Benchmark.objects.filter(framework=world.framework, code="1.1.3"))
    # An indicator of no project with an approved report feeds 1.1.3/1.1.4 (planning.queries.SEAL_BENCHMARKS), not 1.1.1.
    from genderseal.planning.models import Indicator

    first = Indicator.objects.get(code="IND-1")
    other = Indicator.objects.create(institution=world.institution, code="IND-2", title_th="ตัวชี้วัดอื่น",
                                     owner_unit=first.owner_unit, unit_of_measure="คน", first_fy=2568, last_fy=2570)
    PeriodReport.objects.create(indicator=other, period=datetime.date(2025, 2, 1), status="approved")
    PeriodReport.objects.create(indicator=other, period=datetime.date(2025, 3, 1), status="draft")
    pack = briefing.build(_membership(world, "secretariat"), user=world.committee)
    b113 = next(b for b in pack.benchmarks if b.code == "1.1.3")
    assert [i.code for i in b113.indicators] == ["IND-1", "IND-2"]
    assert b113.indicators[0].total.startswith("120") and "70" in b113.indicators[0].by_sex
    assert not next(b for b in pack.benchmarks if b.code == "1.1.1").indicators


def test_my_pack_as_pdf_and_docx_has_sessions_benchmarks_evidence_and_answers(world, pack_world, login, prepare):
    browser = login("focal_point")
    page = browser.get(url("my-schedule")).content.decode()
    assert url("my-briefing", fmt="pdf") in page
    assert browser.get(url("my-briefing", fmt="pdf")).status_code == 405  # asking builds: a POST
    report, content = prepare(browser, "my-briefing", fmt="pdf")
    assert report.content_type == "application/pdf" and report.requested_by == world.focal_point
    assert report.filename.startswith("bma-briefing-") and report.filename.endswith(".pdf")
    text = _pdf_text(content)
    flat = _flat(text)
    assert _flat("สัมภาษณ์มิติที่ 1") in flat and _flat("สัมภาษณ์มิติที่ 5") in flat
    assert "1.1.1" in text and "5.2.4" in text
    assert _flat(EVIDENCE) in flat
    assert _flat(ANSWER) in flat
    assert _flat("9 กุมภาพันธ์ 2569") in flat  # BE date of the session
    if shutil.which("pdftoppm"):  # the first pages as images, for a look by eye
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "briefing.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "3", str(SCREENSHOTS / "briefing.pdf"),
                        str(SCREENSHOTS / "briefing-page")], check=True, timeout=60)
        assert list(SCREENSHOTS.glob("briefing-page*.png"))

    report, content = prepare(browser, "my-briefing", fmt="docx")
    assert report.filename.endswith(".docx")
    text = _docx_text(content)
    assert "สัมภาษณ์มิติที่ 1" in text and "https://meet.example.org/d5" in text
    assert EVIDENCE in text and ANSWER in text and "ถ้าไม่มี UN แล้ว" in text
    assert "13 กุมภาพันธ์ 2569" in text
    history = browser.get(url("report-list")).content.decode()  # both in the reports' history
    assert url("report-detail", pk=report.pk) in history and url("report-detail", pk=report.pk - 1) in history


def test_the_secretariat_gets_a_pack_per_interviewee_even_without_an_account(world, pack_world, login, prepare):
    browser = login("secretariat")
    director = pack_world["director"]
    page = browser.get(url("session-list")).content.decode()
    assert url("interviewee-briefing", pk=director.pk, fmt="pdf") in page
    report, content = prepare(browser, "interviewee-briefing", pk=director.pk, fmt="docx")
    assert report.parameters["interviewee"] == director.pk and report.parameters["person"] == "Director"
    text = _docx_text(content)
    assert "Director" in text and "สัมภาษณ์มิติที่ 5" in text
    assert "สัมภาษณ์มิติที่ 1" not in text  # the director is only in session 2
    assert "5.1.1" in text


def test_the_same_pack_asked_for_again_while_it_is_written_is_the_same_report(world, pack_world, login):
    from genderseal.reports.models import IssuedReport

    browser = login("focal_point")
    first = browser.post(url("my-briefing", fmt="pdf"))  # not committed in this test: stays queued
    second = browser.post(url("my-briefing", fmt="pdf"))
    assert first["Location"] == second["Location"] and IssuedReport.objects.count() == 1
    assert IssuedReport.objects.get().state == "queued"
    assert "briefing_pack" not in login("secretariat").get(url("report-list")).content.decode().split(
        'name="kind"', 1)[1].split("</select>", 1)[0]  # not offered by the Reports page's form


def test_interviewees_get_their_own_pack_only(world, pack_world, login):
    from genderseal.reports.models import IssuedReport

    director = pack_world["director"]
    assert login("focal_point").post(url("interviewee-briefing", pk=director.pk, fmt="pdf")).status_code == 404
    assert login("assessor").post(url("my-briefing", fmt="pdf")).status_code == 404  # answers are not theirs
    # Not scheduled: back to the schedule page, no pack.
    response = login("committee").post(url("my-briefing", fmt="pdf"))
    assert response.status_code == 302 and response["Location"] == url("my-schedule")
    assert login("secretariat").post(url("interviewee-briefing", pk=director.pk, fmt="exe")).status_code == 404
    assert not IssuedReport.objects.exists()


def test_another_institution_s_interviewee_is_not_found(world, pack_world, login):
    other = InterviewSession.objects.create(institution=world.other, number=1, title_th="อื่น",
                                            held_on=datetime.date(2026, 2, 9), starts_at=datetime.time(9))
    stranger = Interviewee.objects.create(session=other, role="Director")
    assert login("secretariat").post(url("interviewee-briefing", pk=stranger.pk, fmt="pdf")).status_code == 404
    assert login("outsider").post(url("interviewee-briefing", pk=pack_world["director"].pk,
                                     fmt="pdf")).status_code == 404


def test_the_pack_takes_a_fixed_number_of_queries(world, pack_world, django_assert_max_num_queries):
    membership = _membership(world, "secretariat")
    with django_assert_max_num_queries(30) as small:
        briefing.build(membership, user=world.focal_point)
    for code in ["2", "3", "4"]:
        pack_world["second"].dimensions.add(Dimension.objects.get(framework=world.framework, code=code))
    for i in range(10):
        make_evidence(world.institution, f"หลักฐาน {i}", status="approved", benchmarks=["2.1.1", "3.1.1", "4.1.1"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        pack = briefing.build(membership, user=world.focal_point)
    assert len(pack.benchmarks) > 30


def test_the_executive_pack_covers_every_dimension_and_unit(world, pack_world, login, django_assert_max_num_queries,
                                                            prepare):
    """The seed: interviewees should know the work "ครบทุกมิติและทุกหน่วยงาน", not only their own sessions."""
    membership = _membership(world, "committee")
    with django_assert_max_num_queries(30):
        pack = briefing.build_executive(membership)
    codes = {b.code for b in pack.benchmarks}
    assert codes == set(world.framework.benchmarks.filter(retired=False).values_list("code", flat=True))
    assert {"2.1.1", "3.1.1", "5.2.4"} <= codes  # beyond anyone's own sessions
    assert [s.number for s in pack.sessions] == [1, 2]
    assert "คำถามมิติที่สาม" in {a.question for a in pack.answers}  # every dimension's agreed answers
    browser = login("committee")
    assert url("executive-briefing", fmt="pdf") in browser.get(url("my-schedule")).content.decode()
    report, content = prepare(browser, "executive-briefing", fmt="docx")  # 40 benchmarks: in the background
    assert report.parameters["executive"] == 1 and report.requested_by == world.committee
    text = _docx_text(content)
    assert "3.1.1" in text and "คำถามมิติที่สาม" in text
    assert login("assessor").post(url("executive-briefing", fmt="pdf")).status_code == 404
    assert login("outsider").post(url("executive-briefing", fmt="pdf")).status_code == 404
