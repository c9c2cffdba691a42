"""The Reports page: request a report (built in the background), watch it, download it; the history."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import issuing
from ..forms import RequestForm
from ..models import IssuedReport
from ..storage import download

PAGE_SIZE = 25


def _reports(membership):
    return IssuedReport.objects.for_member(membership).select_related("requested_by")


@member_view("reports.view")
def report_list(request, membership):
    issuing.expire_stale()
    form = RequestForm(membership, initial={"kind": request.GET.get("kind")})
    if request.htmx and "kind" in request.GET:  # the kind changed: only the form's fields
        return render(request, "reports/list.html#request-form", {"form": form})
    return _list(request, membership, form)


def _list(request, membership, form, refused="", status=200):
    page = Paginator(_reports(membership), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {
        "form": form, "page": page, "can_request": membership.can("reports.request"), "refused": refused,
    }, status=status)


@member_view("reports.request")
@require_POST
def report_request(request, membership):
    kind = request.POST.get("kind", "")
    try:
        report, created = issuing.request(membership, kind, request.POST)
    except issuing.NotAllowed:
        raise Http404 from None
    except issuing.RequestError as error:  # the choices made come back, with the reason
        return _list(request, membership, RequestForm(membership, request.POST), str(error), status=400)
    if not created:
        messages.info(request, _("The same report is already being written: this is it."))
    return redirect("report-detail", slug=membership.institution.slug, pk=report.pk)


@member_view("reports.view")
def report_detail(request, membership, pk):
    issuing.expire_stale()
    report = get_scoped(_reports(membership), membership, pk=pk)
    template = "reports/detail.html#status" if request.htmx else "reports/detail.html"
    return render(request, template, {"report": report})


@member_view("reports.view")
def report_download(request, membership, pk):
    report = get_scoped(_reports(membership), membership, pk=pk)
    return download(report)
