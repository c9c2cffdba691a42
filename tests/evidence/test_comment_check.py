"""The parts of a reviewer's comment that the evidence linked to a benchmark does not address yet,
on real Thai texts from the seed (UNDP's comment on 1.1.2 and BMA's evidence for it)."""
import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import Membership
from genderseal.evidence import comment_check, meaning

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db

# UNDP's comment on 1.1.2 in round 1, verbatim from the seed.
COMMENT = ("- ต้องมีหลักฐานแสดงให้เห็นกลไกในการวิเคราะห์เพศและการนำเพศมาเป็นข้อมูลในการทำงาน\n"
           "- จัดทำคู่มือหรือแนวทางเกี่ยวกับแนวคิดการส่งเสริมความเท่าเทียมทางเพศและการนำไปปฏิบัติให้กับเจ้าหน้าที่"
           "ของกรุงเทพมหานครในการจัดทำแผนนโยบาย โครงการ หรือบริการของกรุงเทพมหานคร")
MANUAL = "คู่มือการวิเคราะห์และบูรณาการมิติเรื่องเพศเข้าสู่นโยบายสาธารณะ แผนงาน โครงการ หรือการบริการของกรุงเทพมหานคร"
ANALYSIS = "กระบวนการและผลการวิเคราะห์ด้านเพศสภาพของโครงการในแผนปฏิบัติการ"


def test_a_comment_is_cut_into_its_parts():
    assert comment_check.parts("- first part\n\n- second part\n") == ["first part", "second part"]
    assert comment_check.parts("(1) แผน\n2. คู่มือ\n• ข้อมูล") == ["แผน", "คู่มือ", "ข้อมูล"]
    assert comment_check.parts("") == []


def test_without_linked_evidence_every_part_is_unanswered():
    found = comment_check.check(["a plan", "a manual"], [])
    assert [(p.text, p.addressed) for p in found] == [("a plan", False), ("a manual", False)]


@pytest.fixture
def checked(world, settings):
    """1.1.2 not met with UNDP's comment; BMA links the manual only. The analysis item exists unlinked in BMA
    and linked in the other institution: neither may count."""
    settings.EVIDENCE_MEANING = True
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.2")
    assert result.result_code == "not_met"
    result.assessor_comment = COMMENT
    result.save()
    manual = make_evidence(world.institution, MANUAL, status="approved", benchmarks=["1.1.2"])
    unlinked = make_evidence(world.institution, ANALYSIS, status="approved")
    theirs = make_evidence(world.other, ANALYSIS, unit_code=None, status="approved", benchmarks=["1.1.2"])
    for item in (manual, unlinked, theirs):
        meaning.embed_evidence(item)
    return result, manual, unlinked


def test_the_part_the_linked_manual_answers_is_addressed_and_the_other_is_not(world, checked):
    result, manual, _unlinked = checked
    membership = Membership.objects.get(user=world.secretariat)
    parts = comment_check.for_result(membership, result)
    assert [p.addressed for p in parts] == [False, True], [(p.text[:30], p.score) for p in parts]
    assert parts[1].evidence == manual and "คู่มือ" in parts[1].sentence
    assert parts[0].score < comment_check.ADDRESSED <= parts[1].score


def test_the_benchmark_page_shows_each_part_in_a_bounded_number_of_queries(world, login, checked,
                                                                          django_assert_max_num_queries):
    result, manual, unlinked = checked
    browser = login("focal_point")
    url = reverse("benchmark-detail", args=["bma", result.benchmark.framework.code, "1.1.2"])
    with django_assert_max_num_queries(40):
        page = browser.get(url).content.decode()
    assert 'data-testid="comment-check"' in page
    assert page.count('data-addressed="0"') == 1 and page.count('data-addressed="1"') == 1
    assert reverse("evidence-detail", args=["bma", manual.pk]) in page


def test_a_benchmark_met_has_no_check(world, login, checked):
    result, _manual, _unlinked = checked
    result.result_code = "met"
    result.save()
    page = login("secretariat").get(
        reverse("benchmark-detail", args=["bma", result.benchmark.framework.code, "1.1.2"])).content.decode()
    assert 'data-testid="comment-check"' not in page


def test_the_readiness_report_lists_the_parts_still_unanswered(world, checked):
    from genderseal.reports import readiness
    from genderseal.reports.typography import Style

    membership = Membership.objects.get(user=world.secretariat)
    report = readiness.build(membership, world.round, Style("th"))
    row = next(r for r in report.rows if r.code == "1.1.2")
    notes = dict(row.notes)
    unanswered = next(text for label, text in notes.items() if "no linked evidence" in label.lower()
                      or "ยังไม่มีหลักฐาน" in label)
    assert "กลไกในการวิเคราะห์เพศ" in unanswered and "คู่มือ" not in unanswered


def test_linked_evidence_not_read_yet_is_not_called_unanswered(world, login, settings):
    """Before the worker has read the linked items there is nothing to compare: the page says so."""
    settings.EVIDENCE_MEANING = True
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.2")
    result.assessor_comment = COMMENT
    result.save()
    make_evidence(world.institution, MANUAL, status="approved", benchmarks=["1.1.2"])  # no vectors yet
    page = login("secretariat").get(
        reverse("benchmark-detail", args=["bma", result.benchmark.framework.code, "1.1.2"])).content.decode()
    assert page.count('data-addressed="unread"') == 2 and 'data-addressed="0"' not in page
    assert 'data-testid="comment-part-unread"' in page
