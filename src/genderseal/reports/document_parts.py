"""The public parts every generated document is built from (reports, readiness, analysis, evidence).

DOCX: `new_document()` (A4, Sarabun 16 pt, official margins), `add_table`, `add_row`,
`set_widths`, `finish()` (tables in the smaller size, the bytes). PDF: `html_context()` for a
template in the Thai look and `pdf_from_html()` (WeasyPrint).
"""
import io

from . import typography


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


def finish(document) -> bytes:
    """Tables in the smaller size, then the file's bytes."""
    from docx.shared import Pt

    for table in document.tables:
        for cell in (c for r in table.rows for c in r.cells):
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(typography.SMALL_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_context(**context):
    """What every HTML (PDF) template needs for the Thai look, plus the document's own context."""
    return {"font": typography.FONT_FAMILY, "font_faces": typography.font_face_css(), "body_pt": typography.BODY_PT,
            **context}


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(typography.FONT_DIR)).write_pdf()


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
    """Column widths (docx.shared lengths), set on every cell as Word needs."""
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
