"""Review workflow endpoints on the round page (HTMX): move a result, sign a round off, unlock it."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genderseal.core import typed
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import review, services, workflow
from .. import views as round_views
from ..forms import TransitionForm, UnlockForm
from ..models import BenchmarkResult


def progress_context(membership, round, held=None):
    """The progress panel: counts by state, whether this member may sign off or unlock (`held`: every result
    of the round, read by the page already)."""
    figures = review.progress(round, held)
    return {
        "progress": figures,
        "can_sign_off": workflow.can_sign_off(membership.role, figures, closed=round.is_closed,
                                              locked=round.is_locked),
        "can_unlock": round.is_locked and membership.can("round.unlock"),
        "unlock_form": UnlockForm(),
    }


@require_POST
@member_view("round.view")
def result_transition(request, membership, number, code, name):
    result = get_scoped(
        BenchmarkResult.objects.select_related("round__institution", "benchmark").prefetch_related(
            "responsible_units"),
        membership, round__number=number, benchmark__code=code, benchmark__retired=False,
    )
    if name not in workflow.TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return round_views._render_row(request, membership, result, error=str(form.errors), status=400)
    comment = form.cleaned_data["comment"]
    try:
        review.transition(membership, result, name, form.cleaned_data["version"], comment=comment)
    except services.ResultError as error:
        typed.keep(request)  # the reason typed comes back in the row's form
        return round_views._render_row(request, membership, result, error=str(error),
                                       status=error.status)
    return round_views._render_row(request, membership, result, with_progress=True)


@require_POST
@member_view("round.signoff")
def round_signoff(request, membership, number):
    round = get_scoped(round_views._rounds(membership), membership, number=number)
    try:
        review.sign_off(membership, round)
        messages.success(request, _("Round signed off and locked."))
    except services.ResultError as error:
        messages.error(request, str(error))
    return redirect("round-detail", slug=membership.institution.slug, number=number)


@require_POST
@member_view("round.unlock")
def round_unlock(request, membership, number):
    round = get_scoped(round_views._rounds(membership), membership, number=number)
    form = UnlockForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ResultError(_("Give a reason for unlocking the round."))
        review.unlock(membership, round, form.cleaned_data["reason"])
        messages.success(request, _("Round unlocked."))
    except services.ResultError as error:
        messages.error(request, str(error))
    return redirect("round-detail", slug=membership.institution.slug, number=number)
