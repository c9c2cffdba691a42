"""Render a readiness report as PDF (WeasyPrint) or DOCX (python-docx), and a round as XLSX."""
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import charts, typography


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
    return pdf_from_html(readiness_html(report))


def readiness_docx(report) -> bytes:
    from docx.enum.section import WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    style = report.style
    document = new_document()

    # Cover
    for _i in range(6):
        document.add_paragraph()
    cover = document.add_paragraph()
    cover.add_run(report.institution).bold = True
    document.add_heading(_("Readiness report"), level=1)
    document.add_paragraph(report.round.title)
    document.add_paragraph(f"{_('Round')} {style.number(report.round.number)} · {report.round.get_kind_display()}")
    if report.round_date:
        document.add_paragraph(f"{_('Round date')}: {report.round_date}")
    document.add_paragraph(f"{_('Issued on')}: {report.issued}")
    document.add_section(WD_SECTION.NEW_PAGE)

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
            _add_row(table, [style.number(a.number), a.title, a.benchmark, a.unit, a.due, a.status])
    else:
        document.add_paragraph(_("No open action items for this round."))

    return finish(document)


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
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
