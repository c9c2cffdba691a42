"""The comparison and action-plan progress reports (PDF, DOCX) built through the background path:
content read back from the files, pages rendered to images, every Thai character in the embedded font."""
import shutil
from datetime import date, datetime, timezone

import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import Membership
from genderseal.reports import comparison, progress
from genderseal.reports.models import IssuedReport
from genderseal.reports.typography import Style

from .conftest import save_pages
from tests.documents import docx_text, embedded_fonts, missing_glyphs, pdf_text
from tests.factories import DEMO_MET, make_planning, make_round

pytestmark = pytest.mark.django_db


def _issue(client, capture, **data):
    with capture(execute=True):
        client.post(reverse("report-request", kwargs={"slug": "bma"}), data)
    report = IssuedReport.objects.latest("pk")
    assert report.state == "done", report.error
    response = client.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
    return report, b"".join(response.streaming_content)


@pytest.fixture
def round2(world):
    """Round 2: 1.1.1 and 1.1.2 now met, 3.1.1 lost; dimension 1 up, dimension 3 down."""
    met = [c for c in DEMO_MET if c != "3.1.1"] + ["1.1.1", "1.1.2"]
    return make_round(world.institution, world.framework, number=2, met=met, title="รอบประเมินตนเอง 2568",
                      result_on=date(2025, 8, 15))


def test_comparison_report_pdf_shows_both_rounds_and_what_changed(world, login, round2,
                                                                  django_capture_on_commit_callbacks):
    report, content = _issue(login("secretariat"), django_capture_on_commit_callbacks,
                             kind="comparison", round=2, other=1, format="pdf")
    assert report.filename == "bma-round-2-vs-1.pdf"
    text, reader = pdf_text(content)
    flat = "".join(text.split())
    assert "รอบประเมินตนเอง2568" in flat and "กรุงเทพมหานคร" in text
    assert "10 / 40" in text and "11 / 40" in text  # credit of round 1 and round 2
    assert "25.0%" in text and "27.5%" in text
    assert "+25.0" in text and "−12.5" in text  # dimension 1: 2 of 8 more benchmarks; dimension 3: 1 fewer
    for code in ("1.1.1", "1.1.2", "3.1.1"):
        assert code in text
    assert "1.2.1" not in text  # unchanged benchmarks are counted, not listed
    assert "37" in text  # benchmarks that kept their result
    assert any("Sarabun" in name for name in embedded_fonts(reader))
    pages = save_pages("comparison", content)  # for a look by eye; none without pdftoppm
    assert len(pages) == len(reader.pages) or not shutil.which("pdftoppm")


def test_comparison_report_docx_has_the_same_content_and_charts(world, login, round2,
                                                                django_capture_on_commit_callbacks):
    _report, content = _issue(login("committee"), django_capture_on_commit_callbacks,
                              kind="comparison", round=2, other=1, format="docx", digits="thai")
    text, document = docx_text(content)
    assert "รอบประเมินตนเอง 2568" in text and "๑๑ / ๔๐" in text and "+๒๕.๐" in text
    assert "1.1.1" in text  # benchmark codes stay as written
    assert len(document.inline_shapes) == 5  # a pair of bars per dimension
    assert document.styles["Normal"].font.name == "Sarabun"


def test_comparison_of_rounds_with_other_frameworks_is_refused(world, login):
    from tests.factories import make_framework

    other = make_framework(code="other-seal", dimensions=1, goals_per_dimension=1, benchmarks_per_goal=1)
    make_round(world.institution, other, number=3)
    response = login("secretariat").post(reverse("report-request", kwargs={"slug": "bma"}),
                                         {"kind": "comparison", "round": 3, "other": 1})
    assert response.status_code == 400 and not IssuedReport.objects.exists()  # the form again, with the reason


def test_comparison_text_is_all_in_the_embedded_font(world, round2):
    membership = Membership.objects.select_related("institution").get(user=world.secretariat)
    for language in ("th", "en"):
        html = comparison.comparison_html(comparison.build(membership, round2, world.round, Style(language)))
        assert not missing_glyphs(html)
    assert "มิติ" in html or "Dimension" in html


@pytest.fixture
def planning(world):
    """IND-1 (target 120 in FY2568, by sex) with approved reports for Oct-Dec 2024 and one for January."""
    from genderseal.planning.models import IndicatorTarget, PeriodReport, Value

    indicator = make_planning(world)
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2568, quarter=1, value=30)
    numbers = {date(2024, 10, 1): (10, 8, 1), date(2024, 11, 1): (12, 9, 0), date(2024, 12, 1): (6, 4, 0),
               date(2025, 1, 1): (50, 50, 0)}
    for period, (women, men, other) in numbers.items():
        report = PeriodReport.objects.create(indicator=indicator, period=period, status="approved",
                                             submitted_at=datetime(period.year, period.month, 20, tzinfo=timezone.utc))
        Value.objects.bulk_create([Value(report=report, option_key="female", number=women),
                                   Value(report=report, option_key="male", number=men),
                                   Value(report=report, option_key="other", number=other)])
    return indicator


def test_progress_report_pdf_for_a_quarter(world, login, planning, django_capture_on_commit_callbacks):
    report, content = _issue(login("secretariat"), django_capture_on_commit_callbacks,
                             kind="action_plan_progress", fiscal_year=2568, quarter=1, format="pdf")
    assert report.filename == "bma-action-plan-2568-q1.pdf"
    text, reader = pdf_text(content)
    assert "IND-1" in text and "กรุงเทพมหานคร" in text
    assert "2568" in text and "31 ธันวาคม 2567" in text  # end of Q1 FY2568, in BE
    assert "120" in text and "30" in text  # the year's and the quarter's target
    assert "50" in text and "41.7%" in text  # Oct-Dec: 28 women + 21 men + 1 other = 50 of 120
    assert "28" in text and "21" in text
    assert "56.0%" in text  # women's share
    assert "100.0%" in text  # สยป. sent its three monthly reports of the quarter
    assert any("Sarabun" in name for name in embedded_fonts(reader))
    save_pages("progress", content)


def test_progress_report_docx_for_the_whole_year(world, login, planning, django_capture_on_commit_callbacks):
    _report, content = _issue(login("focal_point"), django_capture_on_commit_callbacks,
                              kind="action_plan_progress", fiscal_year=2568, quarter=0, format="docx")
    text, document = docx_text(content)
    assert "จำนวนผู้รับบริการ" in text
    assert "150" in text and "125.0%" in text  # with January: 150 of 120
    assert "78" in text and "71" in text  # women, men over the year
    assert len(document.inline_shapes) >= 2  # achievement bar and sex split


def test_assessors_progress_counts_approved_reports_only(world, planning):
    from genderseal.planning.models import PeriodReport

    PeriodReport.objects.filter(period=date(2025, 1, 1)).update(status="submitted")
    assessor = Membership.objects.select_related("institution").get(user=world.assessor)
    secretariat = Membership.objects.select_related("institution").get(user=world.secretariat)
    seen = progress.build(assessor, 2568, 0, Style("en"), today=date(2025, 10, 30))
    full = progress.build(secretariat, 2568, 0, Style("en"), today=date(2025, 10, 30))
    assert seen.indicators[0].actual == "50" and full.indicators[0].actual == "150"


def test_progress_text_is_all_in_the_embedded_font(world, planning):
    membership = Membership.objects.select_related("institution").get(user=world.secretariat)
    html = progress.progress_html(progress.build(membership, 2568, 2, Style("th", "thai")))
    assert not missing_glyphs(html)
    assert "จำนวนผู้รับบริการ" in html and "๒๕๖๘" in html


def test_readiness_report_through_the_background_path_renders_thai(world, login, django_capture_on_commit_callbacks):
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.2").update(
        assessor_comment="ควรเพิ่มข้อมูลแยกเพศ")
    _report, content = _issue(login("assessor"), django_capture_on_commit_callbacks,
                              kind="readiness", round=1, format="pdf", language="th")
    text, _reader = pdf_text(content)
    assert "ควรเพิ่มข้อมูลแยกเพศ" in "".join(text.split())
    save_pages("readiness", content)
