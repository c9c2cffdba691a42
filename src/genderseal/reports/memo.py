"""บันทึกข้อความ: the internal memo that sends a round's report (or the dossier) onward.

Laid out as Thai official correspondence is (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ): the heading
"บันทึกข้อความ" with the emblem at its left when the institution has one, then ส่วนราชการ, ที่ and
วันที่, เรื่อง, เรียน, the body in paragraphs indented 2.5 cm, and the signature block (name in
brackets, position) on the right half; Sarabun 16 pt, labels 20 pt bold, heading 29 pt bold.
Filled from the round and the institution; everything can be changed before it is printed.
"""
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import document_parts, linebreak, readiness
from .typography import Style

LABEL_PT = 20
TITLE_PT = 29
SUBJECTS = ("report", "dossier")


@dataclass
class Memo:
    style: Style
    institution: str
    office: str  # ส่วนราชการ: the sending office
    number: str  # ที่: the sending office's registry number
    date: str  # วันที่, Buddhist Era in Thai
    subject: str  # เรื่อง
    to: str  # เรียน
    body: list[str] = field(default_factory=list)  # paragraphs
    name: str = ""  # who signs
    position: str = ""
    signed: bool = True

    @property
    def signature(self) -> document_parts.Signature:
        return document_parts.Signature(name=self.name, position=self.position)


def defaults(membership, round, style: Style, user=None, sends: str = "report", today=None) -> dict:
    """What the memo says unless the writer changes it, filled from the round and the institution."""
    today = today or timezone.localdate()
    report = readiness.build(membership, round, style, today=today)
    institution = membership.institution.t("name")
    facts = {"institution": institution, "round": round.title, "number": style.number(round.number),
             "date": report.round_date or report.issued, "level": report.level or _("no level yet"),
             "credit": report.credit, "applicable": style.number(report.applicable), "percent": report.percent}
    if sends == "dossier":
        subject = _("Sending the evidence dossier of %(round)s") % facts
        sending = _("The secretariat has gathered the evidence of every benchmark into the dossier attached, "
                    "for the external assessment.") % facts
    else:
        subject = _("Sending the readiness report of %(round)s") % facts
        sending = _("The secretariat has written the readiness report attached: the level reached is %(level)s, "
                    "with %(credit)s of %(applicable)s benchmarks met (%(percent)s).") % facts
    body = [
        _("As %(institution)s has assessed itself against the Gender Equality Seal in round %(number)s "
          "(%(round)s, %(date)s),") % facts,
        sending,
        _("For your information."),
    ]
    return {"office": institution, "number": "", "date": style.date(today), "subject": subject, "to": "",
            "body": "\n\n".join(body), "name": document_parts.person(user), "position": ""}


def build(style: Style, institution: str, data: dict) -> Memo:
    paragraphs = [p.strip() for p in str(data.get("body", "")).replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Memo(style=style, institution=institution, office=data.get("office", ""), number=data.get("number", ""),
                date=data.get("date", ""), subject=data.get("subject", ""), to=data.get("to", ""), body=paragraphs,
                name=data.get("name", ""), position=data.get("position", ""))


def memo_html(memo: Memo) -> str:
    return render_to_string("reports/memo.html", document_parts.html_context(
        memo=memo, label_pt=LABEL_PT, title_pt=TITLE_PT, signatures=[memo.signature] if memo.signed else [],
        letter=True))


def memo_pdf(memo: Memo) -> bytes:
    return document_parts.pdf_from_html(memo_html(memo), memo.style.names + (memo.institution, memo.name))


def memo_docx(memo: Memo) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = document_parts.new_document()
    section = document.sections[0]
    section.top_margin, section.left_margin, section.right_margin = Cm(1.5), Cm(3), Cm(2)
    names = memo.style.names + (memo.institution, memo.name)

    def text(value):
        return linebreak.docx_text(value, names)

    # Heading: the emblem at the left (when set), บันทึกข้อความ in the middle of the line.
    title = document.add_paragraph()
    if memo.style.emblem:
        from docx.enum.text import WD_TAB_ALIGNMENT

        title.add_run().add_picture(io.BytesIO(memo.style.emblem), height=Cm(1.5))
        title.paragraph_format.tab_stops.add_tab_stop(Cm(8), WD_TAB_ALIGNMENT.CENTER)
        title.add_run("\t")
    else:
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(pgettext("memo", "Memorandum"))
    run.bold, run.font.size = True, Pt(TITLE_PT)
    _cs_size(run, TITLE_PT)

    def line(*pairs):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        for i, (label, value, is_name) in enumerate(pairs):
            if i:
                paragraph.add_run("\t")
            label_run = paragraph.add_run(f"{label} ")
            label_run.bold, label_run.font.size = True, Pt(LABEL_PT)
            _cs_size(label_run, LABEL_PT)
            paragraph.add_run(linebreak.docx_name(value) if is_name else text(value))
        if len(pairs) > 1:
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(8.5))
        return paragraph

    line((pgettext("memo", "Office"), memo.office, True))
    line((pgettext("memo", "Ref."), memo.number, False), (pgettext("memo", "Date"), memo.date, False))
    line((pgettext("memo", "Subject"), memo.subject, False))
    to = document.add_paragraph()
    to.paragraph_format.space_before = Pt(6)
    to.add_run(pgettext("memo", "To") + " ")
    to.add_run(text(memo.to))
    for paragraph_text in memo.body:
        paragraph = document.add_paragraph(text(paragraph_text))
        paragraph.paragraph_format.first_line_indent = Cm(2.5)
        paragraph.paragraph_format.space_after = Pt(6)
    if memo.signed:
        document_parts.add_signatures(document, [memo.signature], letter=True)
    return document_parts.finish(document, names)


def _cs_size(run, points):
    """Word sizes Thai runs by w:szCs."""
    from .typography import complex_size

    complex_size(run._r.get_or_add_rPr(), points)
