"""Downloads: a project's worksheet and screening form as PDF or Word, ready to sign.

Rendered inside the request (two pages of text); assessors get approved ones only, as on the pages.
"""
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.planning.models import Project
from genderseal.reports import document_parts
from genderseal.reports.views import DOCX, PDF
from genderseal.thai.periods import parse_be_year

from .. import documents, queries

RENDER = {"pdf": (documents.render_pdf, PDF), "docx": (documents.render_docx, DOCX)}


def _project(membership, code):
    return get_scoped(Project.objects.all(), membership, code=code)


def _style(request):
    return document_parts.official_style(request.membership.institution, get_language() or "th",
                                           request.GET.get("digits", "arabic"))


def _download(document, kind, filename):
    render, content_type = RENDER[kind]
    response = HttpResponse(render(document), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


def _worksheet(request, membership, code, kind):
    project = _project(membership, code)
    worksheet = queries.worksheet_for_export(membership, project)
    if worksheet is None:
        raise Http404
    document = documents.worksheet_document(worksheet, _style(request), membership.institution.t("name"))
    return _download(document, kind, f"{membership.institution.slug}-{project.code}-gender-analysis")


def _screening(request, membership, code, kind):
    project = _project(membership, code)
    screening = queries.screening_for_export(membership, project, parse_be_year(request.GET.get("fy")))
    if screening is None:
        raise Http404
    document = documents.screening_document(screening, _style(request), membership.institution.t("name"))
    return _download(document, kind, f"{membership.institution.slug}-{project.code}-screening-{screening.fiscal_year}")


@member_view("analysis.view")
def worksheet_pdf(request, membership, code):
    return _worksheet(request, membership, code, "pdf")


@member_view("analysis.view")
def worksheet_docx(request, membership, code):
    return _worksheet(request, membership, code, "docx")


@member_view("analysis.view")
def screening_pdf(request, membership, code):
    return _screening(request, membership, code, "pdf")


@member_view("analysis.view")
def screening_docx(request, membership, code):
    return _screening(request, membership, code, "docx")


@member_view("analysis.approve")
@require_POST
def record_evidence(request, membership, code, kind):
    """Record the approved worksheet (kind "worksheet") or screening form ("screening") as evidence."""
    from ..evidence import AlreadyRecorded, record_as_evidence

    project = _project(membership, code)
    if kind == "worksheet":
        found = queries.worksheet_for_export(membership, project)
    elif kind == "screening":
        found = queries.screening_for_export(membership, project, parse_be_year(request.POST.get("fy")))
    else:
        raise Http404
    if found is None:
        raise Http404
    try:
        evidence = record_as_evidence(membership, found)
    except AlreadyRecorded as error:
        messages.error(request, str(error))
        return redirect("analysis-detail", slug=membership.institution.slug, code=project.code)
    messages.success(request, _("Recorded as evidence."))
    return redirect("evidence-detail", slug=membership.institution.slug, pk=evidence.pk)
