"""Dossier pages: start a build for a round, watch its progress, download it."""
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from genderseal.assessments.models import AssessmentRound
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import dossier as dossiers
from ..models import Dossier
from ..storage import get_store


def _dossiers(membership):
    return Dossier.objects.for_member(membership).select_related("round", "created_by")


@member_view("dossier.view")
def dossier_list(request, membership):
    return render(request, "evidence/dossiers.html", {
        "dossiers": _dossiers(membership)[:20],
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
    dossier = get_scoped(_dossiers(membership), membership, pk=pk)
    template = "evidence/dossier.html#progress" if request.htmx else "evidence/dossier.html"
    return render(request, template, {"dossier": dossier})


@member_view("dossier.view")
def dossier_download(request, membership, pk):
    dossier = get_scoped(_dossiers(membership), membership, pk=pk)
    if not dossier.is_ready:
        raise Http404
    name = f"dossier-{membership.institution.slug}-round-{dossier.round.number}.zip"
    return FileResponse(get_store().open(dossier.storage_name), as_attachment=True, filename=name,
                        content_type="application/zip")
