"""The public parts every generated document is built from (reports, readiness, analysis, evidence).

Every official document has the same cover (`Cover`: emblem, institution, title, document number, BE
date) and, when it is signed, the same signature block (`Signature`: name, position, role, date), drawn
once for each format: the templates `reports/_cover.html` and `reports/_signatures.html` (PDF), and
`add_cover` and `add_signatures` (Word).

DOCX: `new_document()` (A4, Sarabun 16 pt, official margins), `add_cover`, `add_table`, `add_row`,
`set_widths` (columns widened to hold their longest word), `add_signatures`, `finish()` (Thai word
breaks, tables in the smaller size, the bytes). PDF: `html_context()` for a template in the Thai look and
`pdf_from_html()` (WeasyPrint, Thai word breaks). Both: `official_style()` (the institution's emblem and
names, the options asked), `document_number()`, `person()`.
"""
import io
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

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


@dataclass
class Cover:
    """The cover page of an official document: the emblem (from the style), the institution, the title,
    lines under it, then facts (label, value), the document number and the date of issue (BE)."""

    institution: str
    title: str
    lines: list = field(default_factory=list)
    facts: list = field(default_factory=list)  # (label, value); empty values are left out
    number: str = ""
    issued: str = ""
    note: str = ""  # a warning in red under the title, e.g. not approved yet

    @property
    def meta(self) -> list:
        from django.utils.translation import gettext as _

        rows = [(label, value) for label, value in self.facts if value]
        if self.number:
            rows.append((_("Document number"), self.number))
        if self.issued:
            rows.append((_("Issued on"), self.issued))
        return rows


def cover(style, institution, title, lines=(), facts=(), issued="", note="") -> Cover:
    """The cover of a document written with `style` (its number is the style's document number)."""
    return Cover(str(institution), str(title), [str(line) for line in lines if line], list(facts),
                 style.document_number, issued, str(note))


@dataclass
class Signature:
    """One signature block: a line to sign on, the name in brackets (dots when not known), the position,
    the part the signer plays in this document, the date (dots when not signed yet)."""

    role: str = ""
    name: str = ""
    position: str = ""
    date: str = ""


def report_signatures(prepared_by) -> list:
    """A report's signatures: who prepared it (named) and who approves it (to fill in by hand)."""
    from django.utils.translation import gettext as _

    return [Signature(_("Prepared by"), prepared_by), Signature(_("Approved by"))]


def person(user) -> str:
    """A user's name as it is printed under a signature."""
    return (user.get_full_name() or user.get_username()) if user else ""


def add_cover(document, style, cover):
    """The cover page of a Word document (see `Cover`), then a new page."""
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    for _i in range(3 if style.emblem else 6):
        document.add_paragraph()
    if style.emblem:
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(style.emblem), height=Cm(3))
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(linebreak.docx_name(cover.institution))
    run.bold, run.font.size = True, Pt(20)
    typography.complex_size(run._r.get_or_add_rPr(), 20)
    document.add_heading(cover.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in cover.lines:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cover.note:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = note.add_run(cover.note)
        run.bold, run.font.color.rgb = True, RGBColor(0xB9, 0x1C, 0x1C)
    document.add_paragraph()
    for label, value in cover.meta:
        document.add_paragraph(f"{label}: {value}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_section(WD_SECTION.NEW_PAGE)


def add_signatures(document, signatures, letter=False):
    """The signature blocks at the end of a Word document: one on the right half of the page, several side
    by side. A letter's block (the memo) is the name in brackets and the position under space to sign."""
    from django.utils.translation import gettext as _
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    def lines(signature):
        name = f"({linebreak.docx_name(signature.name)})" if signature.name else "(" + "." * 40 + ")"
        if letter:
            return ["", "", name, signature.position]
        return [f"{_('Signed')} " + "." * 40, name, f"{_('Position')} {signature.position or '.' * 30}", signature.role,
                f"{_('Date')} {signature.date or '.' * 30}"]

    def fill(paragraphs, signature):
        for number, text in enumerate(t for t in lines(signature) if t is not None):
            paragraph = paragraphs(number)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.space_before = Pt(24 if number == 0 and not letter else 0)
            paragraph.paragraph_format.keep_with_next = True
            if text:
                paragraph.add_run(text)

    if len(signatures) == 1:
        def right_half(number):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(7)
            return paragraph

        fill(right_half, signatures[0])
        return
    table = document.add_table(rows=1, cols=len(signatures))
    _describe(table, SIGNATURES)
    for cell, signature in zip(table.rows[0].cells, signatures):
        cell.text = ""
        fill(lambda number, cell=cell: cell.paragraphs[0] if number == 0 else cell.add_paragraph(), signature)
    _keep_row_together(table.rows[0])


SIGNATURES = "signatures"


def _describe(table, text):
    """The table's description (w:tblDescription), which tells `finish` what the table is for."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    description = OxmlElement("w:tblDescription")
    description.set(qn("w:val"), text)
    table._tbl.tblPr.append(description)


def _is_signatures(table):
    from docx.oxml.ns import qn

    description = table._tbl.tblPr.find(qn("w:tblDescription"))
    return description is not None and description.get(qn("w:val")) == SIGNATURES


def _keep_row_together(row):
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


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
    """Thai words breakable between, names held (see linebreak.docx_text), tables in the smaller size with
    every column wide enough for its longest word, then the file's bytes."""
    from docx.oxml.ns import qn

    for element in document.element.body.iter(qn("w:t")):
        if element.text and linebreak.WORD_JOINER not in element.text and linebreak.ZWSP not in element.text:
            element.text = linebreak.docx_text(element.text, names)
    for bold in list(document.element.body.iter(qn("w:b"))):  # Thai (complex script) bold is w:bCs
        if bold.getparent().find(qn("w:bCs")) is None:
            bold.addnext(bold.makeelement(qn("w:bCs"), dict(bold.attrib)))
    for table in document.tables:
        if _is_signatures(table):  # in the body size, as a single block is
            continue
        _table_size(table, typography.SMALL_PT)
        fit_columns(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_context(**context):
    """What every HTML (PDF) template needs for the Thai look, plus the document's own context."""
    return {"font": typography.FONT_FAMILY, "font_faces": typography.font_face_css(), "body_pt": typography.BODY_PT,
            **context}


def pdf_from_html(html: str, names=()) -> bytes:
    """The PDF of a document's HTML, Thai lines broken between words (names never broken)."""
    return laid_out(html, names).write_pdf()


def laid_out(html: str, names=()):
    """The document's pages as WeasyPrint lays them out (before they are written as a PDF)."""
    from weasyprint import HTML

    return HTML(string=linebreak.html(html, names), base_url=str(typography.FONT_DIR)).render()


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
    """Column widths (docx.shared lengths): in the grid (LibreOffice reads these) and on every cell (Word).
    `finish` widens a column that is narrower than its longest word (see `fit_columns`)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


CELL_PADDING_EMU = 2 * 68580 + 72000  # Table Grid's 0.19 cm each side, and 2 mm LibreOffice needs more


TABLE_SIZES = (typography.SMALL_PT, 13, 12, 11)  # points: a table too narrow for its words is set smaller


def fit_columns(table):
    """Widen each column of a table with set widths to hold the longest word of its cells, taking the room
    from the columns that have some to spare, so a word processor never cuts a word to fit its column.
    When the words do not fit the table's width in the table size, the table is set smaller (to 11 pt)."""
    from docx.shared import Emu

    widths = [column.width for column in table.columns]
    if not widths or None in widths:
        return
    for points in TABLE_SIZES:
        needs = column_words(table, points)
        if sum(needs) <= sum(widths):
            break
    if points != typography.SMALL_PT:
        _table_size(table, points)
    fitted = fit_widths([int(w) for w in widths], needs)
    if fitted != widths:
        set_widths(table, [Emu(w) for w in fitted])


def _table_size(table, points):
    from docx.shared import Pt

    for cell in (c for r in table.rows for c in r.cells):
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(points)
                typography.complex_size(run._r.get_or_add_rPr(), points)


def column_words(table, points=typography.SMALL_PT) -> list:
    """For each column, the width (EMU) of the longest piece of text no line may cut: a Thai word
    (newmm), a name held by word joiners, a Latin word (a longer one, a URL, wraps anywhere).
    Cells spanning several columns are left out."""
    widest = [0] * len(table.columns)
    for row in table.rows:
        cells = row.cells
        for index, cell in enumerate(cells):
            if sum(1 for other in cells if other._tc is cell._tc) > 1:
                continue
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    for piece in _pieces(run.text):
                        widest[index] = max(widest[index], _text_emu(piece, bool(run.bold), points))
    return widest


def _pieces(text):
    for chunk in re.split(r"[\s\u200b]+", text or ""):
        if not chunk:
            continue
        if linebreak.WORD_JOINER in chunk:  # a name: one piece
            yield linebreak.plain(chunk)
        elif linebreak.has_thai(chunk):
            yield from (w for w in linebreak.words(chunk) if w.strip())
        else:
            yield chunk[:linebreak.LONG_TOKEN + 1]


@lru_cache(maxsize=4)
def _font(bold):
    from PIL import ImageFont

    return ImageFont.truetype(str(typography.FONT_FILES[("bold" if bold else "normal", "normal")]), 100)


def _text_emu(text, bold, points):
    return int(_font(bold).getlength(text) / 100 * points * 12700 * 1.02) + CELL_PADDING_EMU


def fit_widths(widths, needs) -> list:
    """`widths` with each column at least its `needs`, what is added taken from the columns with room to
    spare (in proportion to it); the total stays the same. When there is not room enough, every column
    short of its need gets its share of what there is."""
    widths = list(widths)
    short = [max(0, need - width) for need, width in zip(needs, widths)]
    spare = [max(0, width - need) for need, width in zip(needs, widths)]
    deficit, room = sum(short), sum(spare)
    if not deficit or not room:
        return widths
    share = min(1.0, room / deficit)
    moved = sum(int(s * share) for s in short)
    return [width + int(s * share) - int(moved * r / room) for width, s, r in zip(widths, short, spare)]
