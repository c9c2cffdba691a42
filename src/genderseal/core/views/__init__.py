from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..errors import DomainError, on_form, page_response
from ..models import Membership, Profile
from ..scoping import membership_for


def member_view(action):
    """Resolve the institution in the URL to the user's membership (or 404) and check the action.

    The action is declared in core/permissions.py; `view.access` records it so the access
    walk test can check every route against that declaration.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            membership = membership_for(request.user, slug, action)
            request.membership = membership
            try:
                return view(request, membership, *args, **kwargs)
            except DomainError as error:  # the one place a page turns a refusal into a message
                return page_response(request, error)

        wrapper.access = action
        return wrapper

    return decorator


def declare_access(kind):
    """For views outside an institution: "public", "signed_in" or "staff"."""
    assert kind in {"public", "signed_in", "staff"}

    def decorator(view):
        view.access = kind
        return view

    return decorator


def edit_form(request, form, save, *, template, context=None, saved=None, valid=True):
    """A create/edit page: GET shows `form`; a POST that `form` (and `valid`, e.g. a formset) accepts
    goes to `save(form)` in one transaction, which returns where to go next; otherwise the bound form
    is shown again with what was typed: 400, or the status of a refused save (409 for a stale edit)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and valid:
            try:
                with transaction.atomic():
                    target = save(form)
                if saved:
                    messages.success(request, saved)
                return redirect(target)
            except DomainError as error:
                status = on_form(form, error)
    return render(request, template, {"form": form, **(context or {})}, status=status)


@declare_access("signed_in")
@login_required
def home(request):
    """The institutions the user belongs to: one goes straight to it, several are listed to switch between."""
    memberships = list(Membership.objects.filter(user=request.user, is_active=True, institution__archived_at=None)
                       .select_related("institution").order_by("institution__slug"))
    if len(memberships) == 1 and not request.user.is_staff:
        return redirect("my-work", slug=memberships[0].institution.slug)
    return render(request, "core/home.html", {"memberships": memberships})


@declare_access("public")
@require_POST
def set_language(request):
    language = request.POST.get("language", "th")
    if language not in ("th", "en"):
        language = "th"
    request.session["language"] = language
    if request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return redirect(target)
