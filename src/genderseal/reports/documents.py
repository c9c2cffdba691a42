"""Render a readiness report as PDF (WeasyPrint) or DOCX (python-docx), and a round as XLSX."""
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import charts, linebreak
from .document_parts import (
    add_cover,
    add_row,
    add_signatures,
    add_table,
    cover,
    finish,
    html_context,
    new_document,
    pdf_from_html,
    report_signatures,
    set_widths,
)


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


def readiness_cover(report):
    style = report.style
    return cover(style, report.institution, _("Readiness report"), [
        report.round.title, f"{_('Round')} {style.number(report.round.number)} · {report.round.get_kind_display()}",
    ], [(_("Round date"), report.round_date)], issued=report.issued)


def readiness_html(report) -> str:
    return render_to_string("reports/readiness.html", html_context(
        report=report, bars=_bars(report), cover=readiness_cover(report), signatures=report_signatures(report.prepared_by)))


def readiness_pdf(report) -> bytes:
    return pdf_from_html(readiness_html(report), report.style.names)


def readiness_docx(report) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    style = report.style
    document = new_document()

    add_cover(document, style, readiness_cover(report))

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
    set_widths(chart, [Cm(5.5), Cm(8), Cm(2)])
    markers = " · ".join(f"{m.label} {m.percent:.0f}%" for m in report.markers)
    document.add_paragraph(f"{_('Ticks mark the thresholds of the levels')}: {markers}")

    # Benchmarks
    document.add_heading(_("Benchmarks"), level=2)
    headers = [_("Code"), _("Benchmark"), _("Result")]
    if report.with_evidence:
        headers.append(_("Evidence"))
    table = add_table(document, headers)
    for row in report.rows:
        values = [row.code, row.title, row.result or "–"]
        if report.with_evidence:
            values.append("; ".join(row.evidence) or "–")
        add_row(table, values)
        if row.notes:
            cells = table.add_row().cells
            notes = cells[1].merge(cells[-1])
            notes.text = ""
            first = True
            for label, text in row.notes:
                paragraph = notes.paragraphs[0] if first else notes.add_paragraph()
                first = False
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(text)
    set_widths(table, [Cm(1.6), Cm(7.4), Cm(2.6), Cm(4.9)][:len(headers)])

    # Action items
    document.add_heading(_("Open action items"), level=2)
    if report.actions:
        table = add_table(document, [_("No."), _("Action item"), _("Benchmark"), _("Owner unit"), _("Due date"),
                                  _("Status")])
        for a in report.actions:
            add_row(table, [a.row, a.title, a.benchmark, linebreak.docx_name(a.unit), a.due, a.status])
        set_widths(table, [Cm(1.8), Cm(4.3), Cm(2), Cm(4.4), Cm(2.3), Cm(1.7)])
    else:
        document.add_paragraph(_("No open action items for this round."))
    add_signatures(document, report_signatures(report.prepared_by))
    return finish(document, style.names)
