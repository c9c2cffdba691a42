"""Worksheet and screening form as PDF and Word: the project's analysis in the text, Sarabun embedded,
BE dates, signature lines, scoping; a page image saved for a look by eye."""
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from genderseal.analysis import documents
from genderseal.analysis.models import Screening, Worksheet
from genderseal.reports import typography
from genderseal.reports.typography import Style

from tests.documents import docx_text, embedded_fonts, pdf_text, save_pages
from tests.factories import make_planning, make_worksheet

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "analysis"
PROBLEM = "นักเรียนหญิงขาดเรียนเพราะเข้าไม่ถึงผ้าอนามัย"
SOURCE = "ผลวิจัยของ สยป."
NOTE = "สอดคล้องกับเป้าหมาย SDG 5.6"
APPROVED_ON = timezone.make_aware(datetime(2025, 2, 20, 10, 0))  # 20 กุมภาพันธ์ 2568


@pytest.fixture
def analysed(world):
    make_planning(world)
    world.secretariat.first_name, world.secretariat.last_name = "สมศรี", "ใจดี"
    world.secretariat.save()
    worksheet = make_worksheet(world, status="approved")
    Worksheet.objects.filter(pk=worksheet.pk).update(
        problem=PROBLEM, confirmed_marker="GEN3", submitted_by=world.focal_point, submitted_at=APPROVED_ON,
        reviewed_by=world.secretariat, reviewed_at=APPROVED_ON,
        baseline=[{"label": "วันขาดเรียนต่อเดือน", "kind": "count", "women": "5", "men": "0", "diverse": "",
                   "source": SOURCE}])
    screening = Screening.objects.create(
        institution=world.institution, project=worksheet.project, fiscal_year=2568, status="approved",
        international="yes", international_note=NOTE, national="yes", national_note="แผนชาติ",
        institution_plan="partly", institution_plan_note="ยุทธศาสตร์เรียนดี", leadership="yes",
        leadership_note="นโยบายผู้ว่าฯ", fit="yes", fit_note="สอดคล้อง", recommendation="approve",
        recommendation_note="เสนอให้ความเห็นชอบ", submitted_by=world.secretariat, submitted_at=APPROVED_ON,
        reviewed_by=world.secretariat, reviewed_at=APPROVED_ON, review_comment="เห็นชอบ")
    return worksheet, screening


def url(name, code="P-1", slug="bma"):
    return reverse(name, args=[slug, code])


def save_page_images(content, name):
    """The PDF and its first pages as PNG under var/screenshots/analysis/ (skipped without pdftoppm)."""
    return save_pages("analysis", name, content, resolution=70)


def squeeze(text):
    return "".join(text.split())


def test_worksheet_pdf_has_the_four_steps_marker_be_dates_and_embeds_sarabun(analysed, login):
    response = login("assessor").get(url("analysis-worksheet-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bma-P-1-gender-analysis.pdf"'
    text, reader = pdf_text(response.content)
    flat = squeeze(text)
    assert squeeze(PROBLEM) in flat and squeeze(SOURCE) in flat  # step 1 and its baseline source
    assert "Each term" in text and "Pads and absences by sex" in text  # steps 4 and 3
    assert "IND-1" in text and "GEN3" in text  # linked indicator, marker
    assert "P-1" in text and "กรุงเทพมหานคร" in text  # project and institution
    assert "20 กุมภาพันธ์ 2568" in text  # approval date in BE
    assert squeeze("(สมศรี ใจดี)") in flat  # the approver's name under the signature line
    assert any("Sarabun" in name for name in embedded_fonts(reader))
    images = save_page_images(response.content, "worksheet")
    if shutil.which("pdftoppm"):
        assert images and images[0].stat().st_size > 10_000


def test_worksheet_docx_has_the_content_in_sarabun_with_signature_lines(analysed, login):
    response = login("committee").get(url("analysis-worksheet-docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('gender-analysis.docx"')
    text, document = docx_text(response.content)
    assert PROBLEM in text and SOURCE in text and "Each term" in text and "IND-1" in text
    assert "20 กุมภาพันธ์ 2568" in text and "GEN3" in text
    assert "(สมศรี ใจดี)" in text and "(focal)" in text  # who approved (full name), who prepared (user name)
    normal = document.styles["Normal"]
    assert normal.font.name == "Sarabun" and normal.font.size.pt == 16
    from docx.oxml.ns import qn
    assert normal.element.rPr.rFonts.get(qn("w:cs")) == "Sarabun"


def test_screening_pdf_and_docx_have_the_alignment_recommendation_and_decision(analysed, login):
    client = login("secretariat")
    response = client.get(url("analysis-screening-pdf") + "?fy=2568")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bma-P-1-screening-2568.pdf"'
    text, reader = pdf_text(response.content)
    flat = squeeze(text)
    assert squeeze(NOTE) in flat and squeeze("เสนอให้ความเห็นชอบ") in flat and squeeze("เห็นชอบ") in flat
    assert "20 กุมภาพันธ์ 2568" in text
    assert any("Sarabun" in name for name in embedded_fonts(reader))
    save_page_images(response.content, "screening")
    text, _document = docx_text(client.get(url("analysis-screening-docx")).content)  # latest year by default
    assert NOTE in text and "เสนอให้ความเห็นชอบ" in text and "ยุทธศาสตร์เรียนดี" in text


def test_a_draft_says_it_is_not_approved_and_leaves_the_approver_line_blank(analysed, login):
    Worksheet.objects.update(status="submitted", reviewed_by=None, reviewed_at=None)
    client = login("secretariat")
    client.post("/language/", {"language": "en"})
    text, _document = docx_text(client.get(url("analysis-worksheet-docx")).content)
    assert "Not approved yet" in text
    assert "(สมศรี ใจดี)" not in text and "(" + "." * 40 + ")" in text


def test_assessors_get_approved_documents_only_and_other_institutions_nothing(analysed, login):
    Worksheet.objects.update(status="submitted")
    Screening.objects.update(status="returned")
    assessor = login("assessor")
    for name in ("analysis-worksheet-pdf", "analysis-worksheet-docx", "analysis-screening-pdf",
                 "analysis-screening-docx"):
        assert assessor.get(url(name)).status_code == 404
        assert login("outsider").get(url(name)).status_code == 404
        assert login("secretariat").get(url(name, slug="other")).status_code == 404
        assert login("secretariat").get(url(name, code="NOPE")).status_code == 404
    assert login("secretariat").get(url("analysis-screening-pdf") + "?fy=2560").status_code == 404


def test_every_character_of_the_documents_is_in_the_embedded_font(analysed):
    from fontTools.ttLib import TTFont

    worksheet, screening = analysed
    cmap = TTFont(typography.FONT_FILES[("normal", "normal")]).getBestCmap()
    for document in (documents.worksheet_document(worksheet, Style("th"), "กรุงเทพมหานคร"),
                     documents.screening_document(screening, Style("th"), "กรุงเทพมหานคร")):
        body = documents.render_html(document).split("<body>", 1)[1]
        missing = {ch for ch in body if ord(ch) > 127 and ord(ch) not in cmap}
        assert not missing, missing


def test_thai_digits_are_an_option(analysed, login):
    text, _document = docx_text(login("secretariat").get(url("analysis-worksheet-docx") + "?digits=thai").content)
    assert "๒๐ กุมภาพันธ์ ๒๕๖๘" in text


def test_the_pages_link_to_the_downloads(analysed, login):
    content = login("focal_point").get(url("analysis-detail")).content.decode()
    assert url("analysis-worksheet-pdf") in content and url("analysis-worksheet-docx") in content
    assert url("analysis-screening-pdf") + "?fy=2568" in content
    form = login("secretariat").get(url("analysis-screening") + "?fy=2568").content.decode()
    assert url("analysis-screening-docx") + "?fy=2568" in form
