"""The platform administrator's pages: create, rename, archive institutions."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.core.models import Institution
from genderseal.core.views import declare_access

from .. import services
from ..forms import InstitutionForm, RenameForm


def _admin_only(request):
    if not services.is_platform_admin(request.user):
        raise Http404


@declare_access("staff")
@login_required
@require_http_methods(["GET", "POST"])
def institution_list(request):
    _admin_only(request)
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            institution, _invitation, _url = services.create_institution(
                data["slug"], name_th=data["name_th"], name_en=data["name_en"], secretariat_email=data["secretariat"],
                actor=request.user, base_url=request.build_absolute_uri("/"))
        except services.PeopleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is created; the invitation was mailed to %(email)s.") % {
                "name": institution.name, "email": services.normal_email(data["secretariat"])})
            return redirect("platform-institution", slug=institution.slug)
    institutions = Institution.objects.annotate(
        members=Count("memberships", filter=Q(memberships__is_active=True))).order_by("archived_at", "slug")
    return render(request, "accounts/platform_list.html", {"form": form, "institutions": list(institutions)},
                  status=400 if request.method == "POST" else 200)


@declare_access("staff")
@login_required
@require_http_methods(["GET", "POST"])
def institution_detail(request, slug):
    _admin_only(request)
    institution = get_object_or_404(Institution, slug=slug)
    form = RenameForm(request.POST if request.POST.get("op") == "rename" else None,
                      initial={"name_th": institution.name_th, "name_en": institution.name_en})
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "rename" and form.is_valid():
            services.update_institution(institution, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("platform-institution", slug=slug)
        if op in ("archive", "unarchive"):
            services.set_archived(institution, op == "archive", actor=request.user)
            messages.success(request, _("Archived.") if op == "archive" else _("Back in use."))
            return redirect("platform-institution", slug=slug)
    pending = institution.invitations.pending().order_by("email")
    return render(request, "accounts/platform_detail.html", {
        "institution": institution, "form": form, "pending": list(pending),
        "secretariat": list(institution.memberships.filter(role="secretariat").select_related("user")),
    }, status=400 if request.method == "POST" else 200)
