"""The cover of a round's evidence dossier: `cover.pdf` and `cover.docx` at the top of the ZIP.

The official cover (emblem, institution, title, BE date), then what the dossier holds per dimension
(benchmarks with evidence, evidence items, files) and the certification, signed by whoever built it:
the files are the latest approved revisions, each listed with its sha256 in the index.
"""
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import document_parts
from .typography import Style


@dataclass
class Count:
    code: str
    title: str
    benchmarks: str
    items: str
    files: str


@dataclass
class DossierCover:
    style: Style
    institution: str
    round: object
    issued: str
    round_date: str
    dimensions: list[Count]
    total: Count
    certified_by: str

    @property
    def cover(self) -> document_parts.Cover:
        style, round = self.style, self.round
        return document_parts.cover(style, self.institution, _("Evidence dossier"), [
            round.title, f"{_('Round')} {style.number(round.number)} · {round.get_kind_display()}",
        ], [(_("Round date"), self.round_date)], issued=self.issued)

    @property
    def signatures(self) -> list:
        return [document_parts.Signature(_("Certified by"), self.certified_by)]


def build(institution, round, items, style: Style | None = None, user=None, today: date | None = None) -> DossierCover:
    """`items`: the dossier's entries (evidence.dossier.entries), each with benchmark, evidence and revision."""
    style = style or document_parts.official_style(institution, "th")
    counts = {}
    for entry in items:
        dimension = entry.benchmark.goal.dimension
        benchmarks, evidence, files = counts.setdefault(dimension.code, (dimension, set(), set(), [0]))[1:]
        benchmarks.add(entry.benchmark.code)
        evidence.add(entry.evidence.pk)
        files[0] += entry.revision is not None

    def count(code, title, benchmarks, items_, files):
        return Count(code, title, style.number(benchmarks), style.number(items_), style.number(files))

    rows = [count(style.number(code), dimension.t("title"), len(b), len(e), f[0])
            for code, (dimension, b, e, f) in sorted(counts.items())]
    total = count("", _("All dimensions"), sum(len(v[1]) for v in counts.values()),
                  len({entry.evidence.pk for entry in items}), sum(v[3][0] for v in counts.values()))
    return DossierCover(style, institution.t("name"), round, style.date(today or timezone.localdate()),
                        style.date(round.date), rows, total, document_parts.person(user))


def statement():
    return _("This dossier holds, for each benchmark, the latest approved revision of every evidence file linked "
             "to it; index.html and index.xlsx list each file with its sha256, so a copy can be checked against "
             "the original.")


def cover_pdf(data: DossierCover) -> bytes:
    html = render_to_string("reports/dossier_cover.html", document_parts.html_context(
        data=data, cover=data.cover, style=data.style, signatures=data.signatures, statement=statement()))
    return document_parts.pdf_from_html(html, data.style.names)


def cover_docx(data: DossierCover) -> bytes:
    from docx.shared import Cm

    document = document_parts.new_document()
    document_parts.add_cover(document, data.style, data.cover)
    document.add_heading(_("What the dossier holds"), level=2)
    table = document_parts.add_table(document, [_("Dimension"), _("Benchmarks with evidence"), _("Evidence items"),
                                                _("Files")])
    for row in data.dimensions + [data.total]:
        document_parts.add_row(table, [f"{row.code} {row.title}".strip(), row.benchmarks, row.items, row.files])
    document_parts.set_widths(table, [Cm(8.5), Cm(3), Cm(2.5), Cm(2.5)])
    document.add_paragraph(statement())
    document_parts.add_signatures(document, data.signatures)
    return document_parts.finish(document, data.style.names)
