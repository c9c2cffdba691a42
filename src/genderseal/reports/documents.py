"""Render a readiness report as PDF (WeasyPrint) or DOCX (python-docx), and a round as XLSX."""
import io
import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import charts, linebreak, typography

logger = logging.getLogger(__name__)


def _bars(report):
    return [
        {
            "code": bar.code,
            "title": bar.title,
            "label": report.style.percent(bar.percent),
            "percent": bar.percent,
            "svg": charts.bar_svg(bar.percent, report.markers),
        }
        for bar in report.bars
    ]


def readiness_html(report) -> str:
    return render_to_string("reports/readiness.html", html_context(report=report, bars=_bars(report)))


def readiness_pdf(report) -> bytes:
    return pdf_from_html(readiness_html(report), report.style.names)


def readiness_docx(report) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    style = report.style
    document = new_document()

    # Cover
    add_cover(document, style, report.institution, _("Readiness report"), [
        report.round.title,
        f"{_('Round')} {style.number(report.round.number)} · {report.round.get_kind_display()}",
        f"{_('Round date')}: {report.round_date}" if report.round_date else "",
        f"{_('Document number')}: {style.document_number}" if style.document_number else "",
        f"{_('Issued on')}: {report.issued}",
    ])

    # Summary
    document.add_heading(_("Summary"), level=2)
    document.add_paragraph(f"{_('Level reached')}: {report.level or _('No level yet')}")
    document.add_paragraph(f"{_('Credit')}: {report.credit} / {style.number(report.applicable)} ({report.percent})")
    if report.gap_level:
        gap = _("%(credit)s more benchmarks for %(level)s") % {"credit": report.gap_credit, "level": report.gap_level}
        if report.gap_mandatory:
            gap += f"; {_('mandatory still missing')}: {', '.join(report.gap_mandatory)}"
        document.add_paragraph(f"{_('Gap to the next level')}: {gap}")

    # A chart per dimension: title, bar drawn as a PNG, value
    document.add_heading(_("Results by dimension"), level=2)
    chart = document.add_table(rows=0, cols=3)
    chart.alignment = WD_TABLE_ALIGNMENT.LEFT
    for bar in _bars(report):
        cells = chart.add_row().cells
        cells[0].text = f"{bar['code']} {bar['title']}"
        run = cells[1].paragraphs[0].add_run()
        run.add_picture(io.BytesIO(charts.bar_png(bar["percent"], report.markers)), width=Cm(7.5))
        cells[2].text = bar["label"]
    _widths(chart, [Cm(5.5), Cm(8), Cm(2)])
    markers = " · ".join(f"{m.label} {m.percent:.0f}%" for m in report.markers)
    document.add_paragraph(f"{_('Ticks mark the thresholds of the levels')}: {markers}")

    # Benchmarks
    document.add_heading(_("Benchmarks"), level=2)
    headers = [_("Code"), _("Benchmark"), _("Result")]
    if report.with_evidence:
        headers.append(_("Evidence"))
    table = _table(document, headers)
    for row in report.rows:
        values = [row.code, row.title, row.result or "–"]
        if report.with_evidence:
            values.append("; ".join(row.evidence) or "–")
        _add_row(table, values)
        if row.comment or row.response:
            cells = table.add_row().cells
            notes = cells[1].merge(cells[-1])
            notes.text = ""
            first = True
            for label, text in ((_("Assessor comment"), row.comment), (_("Response"), row.response)):
                if not text:
                    continue
                paragraph = notes.paragraphs[0] if first else notes.add_paragraph()
                first = False
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(text)
    _widths(table, [Cm(1.6), Cm(7.4), Cm(2.6), Cm(4.9)][:len(headers)])

    # Action items
    document.add_heading(_("Open action items"), level=2)
    if report.actions:
        table = _table(document, [_("No."), _("Action item"), _("Benchmark"), _("Owner unit"), _("Due date"),
                                  _("Status")])
        for a in report.actions:
            _add_row(table, [a.row, a.title, a.benchmark, linebreak.docx_name(a.unit), a.due, a.status])
        _widths(table, [Cm(1.8), Cm(4.3), Cm(2), Cm(4.4), Cm(2.3), Cm(1.7)])
    else:
        document.add_paragraph(_("No open action items for this round."))

    return finish(document, style.names)


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


def official_style(institution, language="th", digits="arabic", number="") -> "typography.Style":
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
    heading = document.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
    """Thai words held together and breakable between (see linebreak.docx_text), tables in the smaller
    size, then the file's bytes."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for element in document.element.body.iter(qn("w:t")):
        if element.text and linebreak.WORD_JOINER not in element.text and linebreak.ZWSP not in element.text:
            element.text = linebreak.docx_text(element.text, names)

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


def _table(document, headers):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    _repeat_header(table.rows[0])
    return table


def _add_row(table, values):
    for cell, value in zip(table.add_row().cells, values):
        cell.text = str(value or "")


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _widths(table, widths):
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads these)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
