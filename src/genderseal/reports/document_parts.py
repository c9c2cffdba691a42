"""The public parts every generated document is built from (reports, readiness, analysis, evidence).

DOCX: `new_document()` (A4, Sarabun 16 pt, official margins), `add_cover`, `add_table`, `add_row`,
`set_widths`, `finish()` (Thai word breaks, tables in the smaller size, the bytes). PDF:
`html_context()` for a template in the Thai look and `pdf_from_html()` (WeasyPrint, Thai word breaks).
Both: `official_style()` (the institution's emblem and names, the options asked), `document_number()`.
"""
import io
import logging

from . import linebreak, typography

logger = logging.getLogger(__name__)


def emblem_bytes(institution) -> bytes:
    """The institution's emblem image, or b"" when none is set or its file cannot be read."""
    emblem = getattr(institution, "emblem", None)
    if not emblem:
        return b""
    try:
        with emblem.open("rb") as f:
            return f.read()
    except OSError:
        logger.warning("emblem of %s cannot be read", institution.slug, exc_info=True)
        return b""


def institution_names(institution) -> tuple:
    """The institution's and its units' names (Thai and English), kept whole when lines are broken."""
    from genderseal.core.models import OrgUnit

    names = {institution.name_th, institution.name_en}
    for th, en in OrgUnit.objects.filter(institution=institution).values_list("name_th", "name_en"):
        names.update((th, en))
    return tuple(sorted(n for n in names if n and len(n) <= linebreak.LONG_NAME))


def official_style(institution, language="th", digits="arabic", number="") -> typography.Style:
    """The style of a document the institution issues: its emblem, its names kept whole, the options asked."""
    return typography.Style(language, digits, number=number, emblem=emblem_bytes(institution),
                            names=institution_names(institution))


def document_number(report) -> str:
    """An issued report's number on its cover: the report's number in the register / the BE year."""
    from django.utils import timezone

    from genderseal.thai.dates import be_year

    moment = timezone.localtime(report.requested_at).date() if report.requested_at else timezone.localdate()
    return f"{report.pk}/{be_year(moment.year)}"


def add_cover(document, style, institution, title, lines):
    """The cover page of a Word document: emblem, institution, title, lines, number, date; then a new page."""
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for _i in range(3 if style.emblem else 6):
        document.add_paragraph()
    if style.emblem:
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(style.emblem), height=Cm(3))
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(linebreak.docx_name(institution)).bold = True
    document.add_heading(title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines:
        if line:
            document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_section(WD_SECTION.NEW_PAGE)


def new_document():
    """An A4 Word document in the official look: Sarabun 16 pt, margins of an official letter."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    typography.set_docx_fonts(document)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    return document


def finish(document, names=()) -> bytes:
    """Thai words breakable between, names held (see linebreak.docx_text), tables in the smaller size,
    then the file's bytes."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for element in document.element.body.iter(qn("w:t")):
        if element.text and linebreak.WORD_JOINER not in element.text and linebreak.ZWSP not in element.text:
            element.text = linebreak.docx_text(element.text, names)
    for bold in list(document.element.body.iter(qn("w:b"))):  # Thai (complex script) bold is w:bCs
        if bold.getparent().find(qn("w:bCs")) is None:
            bold.addnext(bold.makeelement(qn("w:bCs"), dict(bold.attrib)))
    for table in document.tables:
        for cell in (c for r in table.rows for c in r.cells):
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(typography.SMALL_PT)
                    typography.complex_size(run._r.get_or_add_rPr(), typography.SMALL_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_context(**context):
    """What every HTML (PDF) template needs for the Thai look, plus the document's own context."""
    return {"font": typography.FONT_FAMILY, "font_faces": typography.font_face_css(), "body_pt": typography.BODY_PT,
            **context}


def pdf_from_html(html: str, names=()) -> bytes:
    """The PDF of a document's HTML, Thai lines broken between words (names never broken)."""
    from weasyprint import HTML

    return HTML(string=linebreak.html(html, names), base_url=str(typography.FONT_DIR)).write_pdf()


def add_table(document, headers):
    """A grid table whose first row holds the bold headers and repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    _repeat_header(table.rows[0])
    return table


def add_row(table, values):
    """A row of text cells (None shows as empty)."""
    for cell, value in zip(table.add_row().cells, values):
        cell.text = str(value or "")


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def set_widths(table, widths):
    """Column widths (docx.shared lengths): in the grid (LibreOffice reads these) and on every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
