"""Readiness report (PDF, DOCX) and round XLSX: content, Thai rendering, neutralised cells, scoping."""
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import Membership
from genderseal.reports import charts, documents, readiness, typography
from genderseal.reports.typography import Style

from tests.documents import docx_text, pdf_text

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "reports"
TITLE = "รอบประเมินครั้งแรก UNDP"
COMMENT = "ควรเพิ่มข้อมูลแยกเพศ"  # Thai words without the vowel that pdftotext drops
RESPONSE = "=HYPERLINK(\"http://example.com\")"


@pytest.fixture
def report_round(world):
    from tests.factories import make_organisation

    make_organisation(world)  # action item #1 "Write the plan" on 1.1.1
    rnd = world.round
    rnd.title = TITLE
    rnd.result_on = date(2024, 2, 20)
    rnd.save()
    BenchmarkResult.objects.filter(round=rnd, benchmark__code="1.1.2").update(assessor_comment=COMMENT,
                                                                              response=RESPONSE)
    return rnd


def _url(name, number=1, slug="bma"):
    return reverse(name, kwargs={"slug": slug, "number": number})


def test_pdf_report_has_the_round_benchmarks_thai_and_embeds_sarabun(report_round, login):
    response = login("committee").get(_url("round-report-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text, reader = pdf_text(response.content)
    assert TITLE in text
    assert "1.1.2" in text and "5.2.4" in text
    assert "กรุงเทพมหานคร" in text  # institution on the cover
    assert COMMENT in "".join(text.split())  # wrapped in its table cell
    assert "กุมภาพันธ์ 2567" in text  # BE date of the round
    assert "Write the plan" in text  # open action item #1 on 1.1.1
    fonts = {str(font.get("/BaseFont")) for page in reader.pages
             for font in (page.get("/Resources") or {}).get("/Font", {}).get_object().values()
             for font in [font.get_object()]}
    assert any("Sarabun" in name for name in fonts), fonts
    if shutil.which("pdftoppm"):  # pages as images, for a look by eye
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "readiness.pdf").write_bytes(response.content)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / "readiness.pdf"),
                        str(ARTIFACTS / "readiness")], check=True, timeout=60)


def test_docx_report_has_the_content_in_sarabun_16pt(report_round, login):
    response = login("assessor").get(_url("round-report-docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('readiness.docx"')
    text, document = docx_text(response.content)
    assert TITLE in text
    assert "1.1.2" in text and "5.2.4" in text
    assert "กรุงเทพมหานคร" in text and COMMENT in text
    assert "20 กุมภาพันธ์ 2567" in text
    assert "Write the plan" in text
    normal = document.styles["Normal"]
    assert normal.font.name == "Sarabun" and normal.font.size.pt == 16
    fonts = normal.element.rPr.rFonts
    from docx.oxml.ns import qn
    assert fonts.get(qn("w:cs")) == "Sarabun"  # Thai is a complex script in Word
    assert len(document.inline_shapes) == 5  # one chart per dimension


def test_thai_digits_are_an_option(report_round, login):
    text, _document = docx_text(login("committee").get(_url("round-report-docx") + "?digits=thai").content)
    assert "๒๕๖๗" in text and "2567" not in text


def test_every_character_of_the_report_is_in_the_embedded_font(report_round, world):
    from fontTools.ttLib import TTFont

    membership = Membership.objects.get(user=world.secretariat)
    report = readiness.build(membership, report_round, Style("th"))
    html = documents.readiness_html(report)
    cmap = TTFont(typography.FONT_FILES[("normal", "normal")]).getBestCmap()
    body = html.split("<body>", 1)[1]
    missing = {ch for ch in body if ord(ch) > 127 and ord(ch) not in cmap}
    assert not missing, missing
    assert "เกณฑ์" in body  # Thai benchmark wording


def test_xlsx_neutralises_formula_looking_cells(report_round, login):
    from openpyxl import load_workbook

    BenchmarkResult.objects.filter(round=report_round, benchmark__code="1.1.3").update(
        assessor_comment="+1+1", response="@SUM(A1)")
    BenchmarkResult.objects.filter(round=report_round, benchmark__code="1.1.4").update(assessor_comment="-2")
    response = login("secretariat").get(_url("round-results-xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for value in (RESPONSE, "+1+1", "@SUM(A1)", "-2"):
        assert value in cells, value
        assert cells[value].data_type == "s" and cells[value].quotePrefix
    codes = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert len(codes) == 40 and codes[0] == "1.1.1"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("name", ["round-report-pdf", "round-report-docx", "round-results-xlsx"])
def test_another_institutions_round_is_404(world, login, name):
    assert login("outsider").get(_url(name)).status_code == 404  # BMA's round, outsider's membership
    assert login("secretariat").get(_url(name, slug="other")).status_code == 404
    assert login("secretariat").get(_url(name, number=99)).status_code == 404


def test_round_page_links_to_the_downloads(world, login):
    page = login("committee").get(reverse("round-detail", kwargs={"slug": "bma", "number": 1}))
    assert _url("round-report-pdf").encode() in page.content
    assert _url("round-results-xlsx").encode() in page.content


def test_png_bar_is_a_valid_image():
    png = charts.bar_png(42.5, [])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in png[-12:]
    assert 'width="178.5"' in charts.bar_svg(42.5, width=420)
