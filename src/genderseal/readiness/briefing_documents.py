"""Render a briefing pack (briefing.py) as PDF (WeasyPrint) or DOCX (python-docx), in the official look."""
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from genderseal.reports.document_parts import (
    add_cover,
    add_row,
    add_table,
    cover,
    finish,
    html_context,
    new_document,
    pdf_from_html,
    set_widths,
)


def briefing_cover(pack):
    return cover(pack.style, pack.institution, _("Briefing pack for the external assessment interview"),
                 [f"{_('For')}: {pack.person}"],
                 [(_("Role"), pack.role), (_("Unit"), pack.unit), (_("Results from"), pack.round_title)],
                 issued=pack.issued)


def briefing_html(pack) -> str:
    return render_to_string("readiness/briefing_pack.html", html_context(pack=pack, cover=briefing_cover(pack)))


def briefing_pdf(pack) -> bytes:
    return pdf_from_html(briefing_html(pack), pack.style.names)


def _label(paragraph, label, text):
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(str(text))


def briefing_docx(pack) -> bytes:
    document = new_document()
    add_cover(document, pack.style, briefing_cover(pack))
    _docx_sessions(document, pack)
    document.add_heading(_("Benchmarks you will speak to"), level=2)
    if not pack.benchmarks:
        document.add_paragraph(_("The sessions name no benchmark yet."))
    for b in pack.benchmarks:
        _docx_benchmark(document, pack, b)
    _docx_answers(document, pack)
    return finish(document, pack.style.names)


def _docx_sessions(document, pack):
    from docx.shared import Cm

    style = pack.style
    document.add_heading(_("Your interview sessions"), level=2)
    table = add_table(document, [_("No."), _("Date and time"), _("Session"), _("Place"), _("Covers")])
    for s in pack.sessions:
        covers = ", ".join([f"{_('Dimension')} {d}" for d in s.dimensions] + s.benchmarks)
        place = s.place + (f"\n{s.link}" if s.link else "")
        add_row(table, [style.number(s.number), f"{s.date}\n{style.number(s.time)}", s.title, place, covers])
    set_widths(table, [Cm(1.2), Cm(3.3), Cm(5.5), Cm(3.5), Cm(3)])
    for s in pack.sessions:
        if s.assessors:
            paragraph = document.add_paragraph()
            _label(paragraph, _("Assessors present in session %(number)s") % {"number": style.number(s.number)},
                   "; ".join(s.assessors))


def _docx_benchmark(document, pack, b):
    from docx.shared import Cm

    document.add_heading(f"{b.code} {b.title}", level=3)
    _label(document.add_paragraph(), _("Why you"), ", ".join(b.why))
    _label(document.add_paragraph(), _("Current result"), b.result)
    if b.lead_unit:
        _label(document.add_paragraph(), _("Lead unit"), b.lead_unit)
    if b.response:
        _label(document.add_paragraph(), _("Institution's response"), b.response)
    if pack.with_evidence:
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Approved evidence") + ":").bold = True
        if b.evidence:
            table = add_table(document, [_("Evidence"), _("Owner unit"), _("Date")])
            for e in b.evidence:
                add_row(table, [e.title, e.owner, e.date or "–"])
            set_widths(table, [Cm(9.5), Cm(4), Cm(3)])
        else:
            document.add_paragraph(_("No approved evidence yet."))
    if pack.with_indicators and b.indicators:
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Indicator results") + ":").bold = True
        table = add_table(document, [_("Indicator"), _("Owner unit"), _("Latest approved"), _("Value")])
        for i in b.indicators:
            value = i.total + (f"\n{i.by_sex}" if i.by_sex else "")
            add_row(table, [f"{i.code} {i.title}", i.owner, i.period, value])
        set_widths(table, [Cm(6.5), Cm(3.5), Cm(2.5), Cm(4)])
    if b.questions:
        _label(document.add_paragraph(), _("Agreed answers"),
               ", ".join(_("question %(number)s") % {"number": pack.style.number(n)} for n in b.questions))


def _docx_answers(document, pack):
    document.add_heading(_("Questions and agreed answers"), level=2)
    if not pack.answers:
        document.add_paragraph(_("No question in the question bank for these sessions."))
    for a in pack.answers:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{pack.style.number(a.number)}. {a.question}").bold = True
        where = [f"{_('Dimension')} {a.dimension}" if a.dimension else _("General question")] + a.benchmarks
        document.add_paragraph(" · ".join(where)).runs[0].italic = True
        document.add_paragraph(a.answer or _("No agreed answer yet."))
