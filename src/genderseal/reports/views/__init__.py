"""Downloads of a round: the readiness report (PDF, DOCX) and the results (XLSX).

This first slice renders inside the request (a 40-benchmark report takes well under the
targets, see docs/performance.md); background generation with a history of issued
reports is a later step of issue 8.
"""
from django.http import HttpResponse
from django.utils.translation import get_language

from genderseal.assessments.models import AssessmentRound
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import document_parts, documents, readiness, spreadsheets

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _round(membership, number):
    return get_scoped(AssessmentRound.objects.select_related("framework", "institution"), membership, number=number)


def _style(request):
    return document_parts.official_style(request.membership.institution, get_language() or "th",
                                    request.GET.get("digits", "arabic"))


def _download(content, content_type, membership, round, name):
    response = HttpResponse(content, content_type=content_type)
    filename = f"{membership.institution.slug}-round-{round.number}-{name}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_view("round.view")
def readiness_pdf(request, membership, number):
    round = _round(membership, number)
    report = readiness.build(membership, round, _style(request))
    return _download(documents.readiness_pdf(report), PDF, membership, round, "readiness.pdf")


@member_view("round.view")
def readiness_docx(request, membership, number):
    round = _round(membership, number)
    report = readiness.build(membership, round, _style(request))
    return _download(documents.readiness_docx(report), DOCX, membership, round, "readiness.docx")


@member_view("round.view")
def results_xlsx(request, membership, number):
    round = _round(membership, number)
    return _download(spreadsheets.round_results_xlsx(membership, round), XLSX, membership, round, "results.xlsx")
