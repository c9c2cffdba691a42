"""Dossier pages: start a build for a round, watch its progress, download it.

A dossier is an issued file (reports.IssuedReport of kind "dossier"): it is listed with every other kind on
the Reports page too; these pages show it with its round and number of files. Its pages are under
`dossiers/issued/<id>/`; `dossiers/<id>/` is where a dossier was before it became an issued file (its old
id, reports migration 0004): those links redirect to the record, for the members who may see it."""
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from genderseal.assessments.models import AssessmentRound
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.reports import old_dossiers
from genderseal.reports.models import IssuedReport, ReportKind
from genderseal.reports.storage import download

from .. import dossier as dossiers


def _dossiers(membership):
    return IssuedReport.objects.for_member(membership).filter(kind=ReportKind.DOSSIER).select_related("requested_by")


def _with_rounds(membership, dossiers_):
    """Each dossier with its round (`.round`, None when the member no longer sees it): one query."""
    rounds = {r.number: r for r in AssessmentRound.objects.for_member(membership)}
    for dossier in dossiers_:
        dossier.round = rounds.get(dossier.parameters.get("round"))
    return dossiers_


@member_view("dossier.view")
def dossier_list(request, membership):
    return render(request, "evidence/dossiers.html", {
        "dossiers": _with_rounds(membership, list(_dossiers(membership)[:20])),
        "rounds": AssessmentRound.objects.for_member(membership).order_by("-number"),
        "can_build": membership.can("dossier.build"),
    })


@member_view("dossier.build")
@require_POST
def dossier_start(request, membership):
    round = get_scoped(AssessmentRound.objects.all(), membership, number=request.POST.get("round") or 0)
    dossier = dossiers.start(membership, round)
    return redirect("dossier-detail", slug=membership.institution.slug, pk=dossier.pk)


@member_view("dossier.view")
def dossier_detail(request, membership, pk):
    dossier = _with_rounds(membership, [get_scoped(_dossiers(membership), membership, pk=pk)])[0]
    template = "evidence/dossier.html#progress" if request.htmx else "evidence/dossier.html"
    return render(request, template, {"dossier": dossier})


@member_view("dossier.view")
def dossier_download(request, membership, pk):
    dossier = get_scoped(_dossiers(membership), membership, pk=pk)
    return download(dossier)


def _old(membership, pk):
    """The record an old link names: the dossier that had this id before the move; else (no dossier of this
    institution had it) the record with this id, linked here between the move and the new paths."""
    return old_dossiers.moved(membership, pk) or get_scoped(_dossiers(membership), membership, pk=pk)


@member_view("dossier.view")
def dossier_old(request, membership, pk):
    return redirect("dossier-detail", slug=membership.institution.slug, pk=_old(membership, pk).pk, permanent=True)


@member_view("dossier.view")
def dossier_old_download(request, membership, pk):
    return redirect("dossier-download", slug=membership.institution.slug, pk=_old(membership, pk).pk, permanent=True)
