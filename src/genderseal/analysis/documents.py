"""A worksheet or a screening form as a document ready to sign: PDF (WeasyPrint) and DOCX (python-docx).

Both formats are drawn from one plain `Document` gathered here (through the member's scope, never the
request), in the official look of reports/typography.py: Sarabun, 16 pt body, BE dates in Thai.
"""
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from genderseal.reports import document_parts, typography
from genderseal.reports.document_parts import Signature
from genderseal.reports.typography import Style

from . import rules
from .models import Screening, Status, Worksheet


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # cm, for Word; the PDF shares them as percentages


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, answer)
    table: Table | None = None
    table_title: str = ""
    note: str = ""


@dataclass
class Document:
    style: Style
    institution: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    signatures: list[Signature]
    issued: str
    draft: bool  # not approved yet: the document says so on every page
    fiscal_year: str = ""

    @property
    def cover(self) -> document_parts.Cover:
        return document_parts.cover(
            self.style, self.institution, self.title, [self.subtitle], [(_("Fiscal year (BE)"), self.fiscal_year)],
            issued=self.issued, note=_("Not approved yet: for review only") if self.draft else "")


def _day(style, moment):
    return style.date(timezone.localtime(moment).date()) if moment else ""


def _label(model, name):
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _project_facts(style, project, status_label, fiscal_year):
    targets = ", ".join(s.code for s in project.sdg_targets.all())
    return [
        (_("Project"), f"{project.code} {project.t('title')}"),
        (_("Owner unit"), f"{project.owner_unit.name} ({project.owner_unit.code})"),
        (_("Fiscal year (BE)"), style.number(fiscal_year)),
        (_("Budget (baht)"), style.number(f"{project.budget:,.2f}") if project.budget is not None else "–"),
        (_("Strategic area"), str(project.strategic_area) if project.strategic_area else "–"),
        (_("SDG 5 targets"), targets or "–"),
        (_("Status"), status_label),
    ]


def worksheet_document(worksheet: Worksheet, style: Style, institution: str) -> Document:
    """Everything the worksheet export shows (pass a worksheet with project, owner unit, SDG targets,
    indicators, submitted_by and reviewed_by loaded; see queries.worksheet_for_export)."""
    project = worksheet.project
    indicators = list(worksheet.indicators.all())
    suggested, index = rules.suggest_marker(worksheet.facts(indicators))
    facts = _project_facts(style, project, str(worksheet.get_status_display()), worksheet.fiscal_year)
    if worksheet.review_comment:
        facts.append((_("Review comment"), worksheet.review_comment))
    sections = []
    for number, step in rules.STEPS.items():
        section = Section(f"{style.number(number)}. {step['title']}",
                          [(_label(Worksheet, name), getattr(worksheet, name) or "–") for name in step["fields"]])
        if number == 1:
            section.table = Table(
                [_("Figure"), _("Women / girls"), _("Men / boys"), _("Gender-diverse people"), _("Source")],
                [[f"{f.get('label', '')}{' (%)' if f.get('kind') == 'percent' else ''}",
                  style.number(f.get("women") or "–"), style.number(f.get("men") or "–"),
                  style.number(f.get("diverse") or "–"), f.get("source", "")] for f in worksheet.baseline or []],
                [4.2, 2.3, 2.3, 3.0, 4.7])
            section.table_title = _("Baseline figures, split by sex, each with its source")
            if not worksheet.baseline:
                section.note = _("No baseline figure yet.")
        if number == 2:
            section.rows.insert(1, (_label(Worksheet, "goal_focus"), str(worksheet.get_goal_focus_display())))
            linked = "; ".join(f"{i.code} {i.t('title')}" + (f" ({_('by sex')})" if i.by_sex else "")
                               for i in indicators)
            section.rows.insert(2, (_("Linked indicators"), linked or "–"))
        sections.append(section)
    marker = Section(_("Gender marker"), [
        (_("Suggested from the answers"), f"{suggested}: {rules.MARKER_RULES[index][2]}"),
        (_("Confirmed by the approver"), worksheet.get_confirmed_marker_display() or "–"),
    ])
    if worksheet.marker_reason:
        marker.rows.append((_("Reason for another marker"), worksheet.marker_reason))
    sections.append(marker)
    approved = worksheet.status == Status.APPROVED
    return Document(
        style=style, institution=institution, title=_("Gender analysis worksheet"),
        subtitle=f"{project.code} {project.t('title')}", facts=facts, sections=sections,
        signatures=[
            Signature(_("Analyst (focal point)"), document_parts.person(worksheet.submitted_by),
                      date=_day(style, worksheet.submitted_at)),
            Signature(_("Approver (secretariat)"), document_parts.person(worksheet.reviewed_by) if approved else "",
                      date=_day(style, worksheet.reviewed_at) if approved else ""),
        ],
        issued=style.date(timezone.localdate()), draft=not approved, fiscal_year=style.number(worksheet.fiscal_year))


SCREENING_ROWS = (("international", "international_note"), ("national", "national_note"),
                  ("institution_plan", "institution_plan_note"), ("leadership", "leadership_note"),
                  ("fit", "fit_note"))


def screening_document(screening: Screening, style: Style, institution: str) -> Document:
    project = screening.project
    facts = _project_facts(style, project, str(screening.get_status_display()), screening.fiscal_year)
    alignment = Section(_("Alignment"), table=Table(
        [_("Criterion"), _("Alignment"), _("Justification")],
        [[_label(Screening, choice), getattr(screening, f"get_{choice}_display")() or "–",
          getattr(screening, note) or "–"] for choice, note in SCREENING_ROWS],
        [5.5, 2.8, 8.2]))
    recommendation = Section(_("Analyst's recommendation"), [
        (_("Recommendation"), screening.get_recommendation_display() or "–"),
        (_("Analyst's notes"), screening.recommendation_note or "–"),
    ])
    decided = screening.status in (Status.APPROVED, Status.RETURNED)
    decision = Section(_("Approver's decision"), [
        (_("Decision"), (_("Approved") if screening.status == Status.APPROVED else _("Returned for rework"))
         if decided else "–"),
        (_("Comment"), screening.review_comment or "–"),
    ])
    return Document(
        style=style, institution=institution, title=_("Project screening form"),
        subtitle=f"{project.code} {project.t('title')}", facts=facts,
        sections=[alignment, recommendation, decision],
        signatures=[
            Signature(_("Analyst"), document_parts.person(screening.submitted_by),
                      date=_day(style, screening.submitted_at)),
            Signature(_("Approver"), document_parts.person(screening.reviewed_by) if decided else "",
                      date=_day(style, screening.reviewed_at) if decided else ""),
        ],
        issued=style.date(timezone.localdate()), draft=screening.status != Status.APPROVED,
        fiscal_year=style.number(screening.fiscal_year))


def render_html(document: Document) -> str:
    for section in document.sections:  # Word widths in cm -> the PDF's percentages
        if section.table and section.table.widths:
            total = sum(section.table.widths)
            section.table.percents = [round(100 * w / total, 1) for w in section.table.widths]
    return render_to_string("analysis/document.html", document_parts.html_context(
        doc=document, small_pt=typography.SMALL_PT, cover=document.cover, style=document.style,
        signatures=document.signatures,
        footer_css=_css_string(f"{document.title} · {_('Issued on')} {document.issued}"),
        draft_css=_css_string(_("Not approved yet: for review only"))))


def render_pdf(document: Document) -> bytes:
    return document_parts.pdf_from_html(render_html(document), document.style.names)


def render_docx(document: Document) -> bytes:
    from docx.shared import Cm, Pt

    docx = document_parts.new_document()
    footer = docx.sections[0].footer.paragraphs[0]
    footer.text = f"{document.title} · {document.subtitle} · {_('Issued on')} {document.issued}"
    footer.runs[0].font.size = Pt(11)

    document_parts.add_cover(docx, document.style, document.cover)
    facts = docx.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in document.facts:
        cells = facts.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(str(label)).bold = True
        cells[1].text = str(value)
    document_parts.set_widths(facts, [Cm(4.5), Cm(12)])

    for part in document.sections:
        docx.add_heading(part.title, level=2)
        for label, value in part.rows:
            paragraph = docx.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(str(value))
        if part.table is not None and part.table.rows:
            if part.table_title:
                docx.add_paragraph().add_run(part.table_title).bold = True
            table = document_parts.add_table(docx, part.table.headers)
            for row in part.table.rows:
                document_parts.add_row(table, row)
            document_parts.set_widths(table, [Cm(w) for w in part.table.widths])
        if part.note:
            docx.add_paragraph(part.note)

    docx.add_heading(_("Signatures"), level=2)
    document_parts.add_signatures(docx, document.signatures)
    return document_parts.finish(docx, document.style.names)


def _css_string(text) -> str:
    """A CSS string literal (for @page margin boxes): quotes, backslashes and markup characters escaped."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '\\"<>&\n' else ch for ch in str(text))
    return f'"{escaped}"'
