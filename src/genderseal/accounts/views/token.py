"""API tokens page: a member's own tokens for this institution; the secretariat also sees everyone's."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core.models import ApiToken
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import tokens
from ..forms import TokenForm

NEW_KEY = "new_api_key"  # the key just made, in the session until the page shows it once


@member_view("token.own")
@require_http_methods(["GET", "POST"])
def token_list(request, membership):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, key = tokens.issue(membership, form.cleaned_data["name"], form.cleaned_data["days"],
                                   actor=request.user)
        # Shown once, on the page the browser is sent to: reloading it makes no second token.
        request.session[NEW_KEY] = key
        return redirect("api-tokens", slug=membership.institution.slug)
    key = request.session.pop(NEW_KEY, None) if request.method == "GET" else None
    rows = list(tokens.listed(membership))
    return render(request, "accounts/tokens.html", {
        "form": form, "key": key,
        "mine": [t for t in rows if t.membership_id == membership.pk],
        "others": [t for t in rows if t.membership_id != membership.pk],
        "manage": membership.can("token.manage"),
    }, status=400 if request.method == "POST" and key is None else 200)


@member_view("token.own")
@require_POST
def token_revoke(request, membership, pk):
    token = get_scoped(ApiToken.objects.select_related("user"), membership, pk=pk)
    tokens.revoke(membership, token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api-tokens", slug=membership.institution.slug)
