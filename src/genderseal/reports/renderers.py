"""One function per kind of issued file: gather through the member's scope, render, name the file.

A renderer gives the file's bytes, or for a big file (the dossier's ZIP) the path of a finished temporary
file in the store's scratch directory, which the build moves into storage."""
from genderseal.assessments.models import AssessmentRound
from genderseal.core.scoping import get_scoped

from . import comparison, document_parts, documents, exports, progress, readiness, spreadsheets
from .models import ReportKind


def _round(membership, number):
    return get_scoped(AssessmentRound.objects.select_related("framework", "institution"), membership, number=number)


def render(report, membership, step):
    """(bytes or a temporary file's path, file name); the active language is already the report's."""
    p, slug, fmt = report.parameters, report.institution.slug, report.format
    if report.kind == ReportKind.DOSSIER:
        return _dossier(report, membership, step)
    style = document_parts.official_style(report.institution, p.get("language", "th"), p.get("digits", "arabic"),
                                          number=document_parts.document_number(report))
    kind = report.kind
    if kind == ReportKind.READINESS:
        round = _round(membership, p["round"])
        data = readiness.build(membership, round, style)
        step(30)
        content = documents.readiness_pdf(data) if fmt == "pdf" else documents.readiness_docx(data)
        return content, f"{slug}-round-{round.number}-readiness.{fmt}"
    if kind == ReportKind.COMPARISON:
        round, other = _round(membership, p["round"]), _round(membership, p["other"])
        data = comparison.build(membership, round, other, style)
        step(30)
        content = comparison.comparison_pdf(data) if fmt == "pdf" else comparison.comparison_docx(data)
        return content, f"{slug}-round-{round.number}-vs-{other.number}.{fmt}"
    if kind == ReportKind.PROGRESS:
        data = progress.build(membership, p["fiscal_year"], p.get("quarter", 0), style)
        step(30)
        content = progress.progress_pdf(data) if fmt == "pdf" else progress.progress_docx(data)
        quarter = f"-q{p['quarter']}" if p.get("quarter") else ""
        return content, f"{slug}-action-plan-{p['fiscal_year']}{quarter}.{fmt}"
    if kind == ReportKind.RESULTS_XLSX:
        round = _round(membership, p["round"])
        return spreadsheets.round_results_xlsx(membership, round), f"{slug}-round-{round.number}-results.xlsx"
    if kind == ReportKind.EVIDENCE_XLSX:
        return exports.evidence_xlsx(membership, step), f"{slug}-evidence.xlsx"
    if kind == ReportKind.ACTIONS_XLSX:
        return exports.action_items_xlsx(membership, step), f"{slug}-action-items.xlsx"
    if kind == ReportKind.INDICATORS_XLSX:
        content = exports.indicators_xlsx(membership, p["fiscal_year"], p.get("language", "th"), step)
        return content, f"{slug}-indicators-{p['fiscal_year']}.xlsx"
    if kind == ReportKind.BRIEFING:
        return _briefing(report, membership, style, step)
    raise ValueError(f"unknown kind {kind!r}")


def _dossier(report, membership, step):
    from genderseal.evidence import dossier

    from .storage import scratch_dir

    round = _round(membership, report.parameters["round"])
    path, files = dossier.write(report, membership, round, step, scratch_dir())
    report.detail = {"files": files}
    return path, f"dossier-{report.institution.slug}-round-{round.number}.zip"


def _briefing(report, membership, style, step):
    from django.utils.text import slugify

    from genderseal.readiness import briefing, briefing_documents
    from genderseal.readiness.models import Interviewee

    p = report.parameters
    if p.get("executive"):
        pack = briefing.build_executive(membership, style=style)
    elif p.get("interviewee"):
        row = get_scoped(Interviewee.objects.select_related("user", "unit"), membership, pk=p["interviewee"])
        pack = briefing.build(membership, interviewee=row, style=style)
    else:
        pack = briefing.build(membership, user=membership.user, style=style)
    step(30)
    content = briefing_documents.briefing_pdf(pack) if report.format == "pdf" else briefing_documents.briefing_docx(pack)
    return content, f"{report.institution.slug}-briefing-{slugify(pack.person) or 'interviewee'}.{report.format}"
