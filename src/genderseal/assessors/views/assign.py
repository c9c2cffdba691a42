"""The secretariat assigns assessors to UNDP review and external rounds and creates assessor accounts."""
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import services
from ..forms import AccountForm, AssignForm
from ..models import AssessorAssignment


@member_view("assessment.assign")
@require_http_methods(["GET", "POST"])
def assign(request, membership):
    assessors = list(services.assessor_members(membership.institution))
    rounds = services.external_rounds(membership).prefetch_related(
        Prefetch("assessor_assignments", AssessorAssignment.objects.select_related("user")))
    status = 200
    if request.method == "POST":
        form = AssignForm(request.POST, assessors=assessors)
        if form.is_valid():
            round = get_scoped(services.external_rounds(membership), membership, number=form.cleaned_data["round"])
            user = form.cleaned_data["user"]
            try:
                if request.POST.get("op") == "remove":
                    services.unassign(membership, round, user)
                    messages.success(request, _("%(user)s no longer assesses round %(round)s.") % {
                        "user": user.get_full_name() or user.username, "round": round.number})
                else:
                    services.assign(membership, round, user)
                    messages.success(request, _("%(user)s now assesses round %(round)s.") % {
                        "user": user.get_full_name() or user.username, "round": round.number})
                return redirect("assess-assign", slug=membership.institution.slug)
            except services.AssessorError as error:
                messages.error(request, str(error))
        status = 400
    return render(request, "assessors/assign.html", {
        "rounds": list(rounds), "assessors": assessors, "account_form": AccountForm(),
    }, status=status)


@member_view("assessment.assign")
@require_http_methods(["GET", "POST"])
def account(request, membership):
    """Invite an assessor: the same reply whether the address has an account anywhere or not."""
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_assessor(membership, email=form.cleaned_data["email"],
                                                  base_url=request.build_absolute_uri("/"))
        except services.AssessorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s. They become an assessor of this institution "
                                        "when they accept it.") % {"email": invitation.email})
            return redirect("assess-assign", slug=membership.institution.slug)
    return render(request, "assessors/account.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
