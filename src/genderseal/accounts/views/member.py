"""The secretariat's pages: members, invitations, and the institution's settings."""
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core.models import Membership, OrgUnit
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import services
from ..forms import InviteForm, MemberForm, SettingsForm
from ..models import Invitation


def _members(membership):
    return (Membership.objects.filter(institution=membership.institution).select_related("user")
            .prefetch_related(Prefetch("units", OrgUnit.objects.order_by("code")))
            .order_by("-is_active", "role", "user__username"))


def _base(request):
    return request.build_absolute_uri("/")


@member_view("member.manage")
def member_list(request, membership):
    pending = (Invitation.objects.for_member(membership).pending().select_related("invited_by")
               .prefetch_related(Prefetch("units", OrgUnit.objects.order_by("code"))).order_by("email"))
    return render(request, "accounts/members.html", {
        "members": list(_members(membership)), "pending": list(pending),
    })


@member_view("member.manage")
@require_http_methods(["GET", "POST"])
def member_invite(request, membership):
    form = InviteForm(request.POST or None, institution=membership.institution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite(membership.institution, data["email"], data["role"], data["units"],
                            actor=request.user, base_url=_base(request))
        except services.PeopleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": services.normal_email(
                data["email"])})
            return redirect("members", slug=membership.institution.slug)
    return render(request, "accounts/invite.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@member_view("member.manage")
@require_http_methods(["GET", "POST"])
def member_edit(request, membership, member_id):
    member = get_scoped(_members(membership), membership, pk=member_id)
    initial = {"role": member.role, "units": list(member.units.all())}
    form = MemberForm(request.POST or None, initial=initial, institution=membership.institution)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member(membership, member, role=form.cleaned_data["role"],
                                   units=form.cleaned_data["units"])
        except services.PeopleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("members", slug=membership.institution.slug)
    from genderseal.core.audit import history_for

    return render(request, "accounts/member_edit.html", {
        "member": member, "form": form,
        "history": history_for(membership, ref=services.member_ref(member)),
    }, status=400 if request.method == "POST" else 200)


@member_view("member.manage")
@require_POST
def member_active(request, membership, member_id, op):
    if op not in ("deactivate", "reactivate"):
        raise Http404
    member = get_scoped(_members(membership), membership, pk=member_id)
    try:
        if op == "deactivate":
            services.deactivate(membership, member)
            messages.success(request, _("%(name)s is deactivated and signed out.") % {"name": _name(member)})
        else:
            services.reactivate(membership, member)
            messages.success(request, _("%(name)s is active again.") % {"name": _name(member)})
    except services.PeopleError as error:
        messages.error(request, str(error))
    return redirect("members", slug=membership.institution.slug)


@member_view("member.manage")
@require_POST
def invitation_action(request, membership, invitation_id, op):
    if op not in ("resend", "revoke"):
        raise Http404
    invitation = get_scoped(Invitation.objects.pending(), membership, pk=invitation_id)
    if op == "revoke":
        services.revoke(membership, invitation)
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    else:
        try:
            services.invite(membership.institution, invitation.email, invitation.role, invitation.units.all(),
                            actor=request.user, base_url=_base(request))
        except services.PeopleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect("members", slug=membership.institution.slug)


def _name(member):
    return member.user.get_full_name() or member.user.username


@member_view("institution.settings")
@require_http_methods(["GET", "POST"])
def institution_settings(request, membership):
    institution = membership.institution
    initial = {"name_th": institution.name_th, "name_en": institution.name_en,
               "default_language": institution.default_language, "frameworks": list(institution.frameworks.all())}
    form = SettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_institution(institution, actor=request.user, name_th=data["name_th"],
                                    name_en=data["name_en"], default_language=data["default_language"])
        services.set_frameworks(institution, data["frameworks"], actor=request.user)
        if data.get("emblem"):
            services.set_emblem(institution, data["emblem"], actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("institution-settings", slug=institution.slug)
    return render(request, "accounts/settings.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
