"""The invitee's pages: accept an invitation (new account or sign in), or ask for a new one.

Public by design: the token in the address is the only key. No page here tells whether an
e-mail address has an account: the same page shows both ways in.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core.views import declare_access

from .. import services
from ..forms import AskAgainForm, NewAccountForm
from ..mail import send_new_invitation_request

# The status of a link that no longer works: gone (410), or never existed (404).
STATUS = {"used": 410, "expired": 410, "revoked": 410, None: 404}


@declare_access("public")
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    found = services.find(token)
    state = found.state if found is not None else None
    if state != "valid":
        return render(request, "accounts/invitation_closed.html", {
            "state": state, "invitation": found, "form": AskAgainForm(), "token": token}, status=STATUS[state])
    form = NewAccountForm(request.POST if request.method == "POST" and request.POST.get("op") == "create" else None)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "accept" and request.user.is_authenticated:
                membership = services.accept(token, request.user)
                messages.success(request, _("Welcome to %(institution)s.") % {"institution": found.institution.name})
                return redirect("my-work", slug=membership.institution.slug)
            if request.POST.get("op") == "create" and not request.user.is_authenticated and form.is_valid():
                membership = services.accept_new(token, full_name=form.cleaned_data["full_name"],
                                                 password=form.cleaned_data["password1"])
                login(request, membership.user, backend="genderseal.accounts.backends.UsernameOrEmailBackend")
                messages.success(request, _("Welcome to %(institution)s.") % {"institution": found.institution.name})
                return redirect("my-work", slug=membership.institution.slug)
        except ValidationError as error:  # password rules
            form.add_error("password1", error)
        except services.PeopleError as error:
            form.add_error(None, str(error)) if not request.user.is_authenticated else messages.error(request, str(error))
    return render(request, "accounts/invitation.html", {
        "invitation": found, "form": form, "login_url": reverse("login") + "?next=" + request.path,
    }, status=400 if request.method == "POST" else 200)


@declare_access("public")
@require_POST
def ask_again(request, token):
    """Ask the institution for a new invitation. The same reply whatever the link was."""
    form = AskAgainForm(request.POST)
    found = services.find(token)
    if form.is_valid() and found is not None and found.state != "valid":
        send_new_invitation_request(found, form.cleaned_data["message"])
    return render(request, "accounts/invitation_asked.html", {})


class LoginView(auth_views.LoginView):
    """Django's sign-in, with the organisation's identity provider offered when configured."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["oidc_name"] = settings.OIDC_PROVIDER_NAME
        context["oidc_failed"] = self.request.GET.get("oidc") == "failed"
        return context
