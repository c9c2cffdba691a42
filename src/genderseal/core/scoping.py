"""The shared scoping helper: every view and API call reaches institution data through it.

A model opts in by naming the path to its institution (`institution_path`) and, where a
role sees less than the whole institution, by a `restrict_for(queryset, membership)`
classmethod. Nothing filters by lists of ids.
"""
from django.db.models import prefetch_related_objects
from django.http import Http404

from .models import Membership, Role


def scope(queryset, membership):
    model = queryset.model
    path = model.institution_path
    queryset = queryset.filter(**{path: membership.institution_id})
    restrict = getattr(model, "restrict_for", None)
    return restrict(queryset, membership) if restrict else queryset


def membership_for(user, institution_slug, action=None):
    """The user's membership in that institution, or 404 (never 403: no leaking of names); with `action`
    (core/permissions.py), 404 also when the membership may not do it.

    Called through an API token, only the token's own membership answers.
    """
    if not user.is_authenticated:
        raise Http404
    lookup = {"user": user, "institution__slug": institution_slug, "is_active": True,
              "institution__archived_at": None}
    token = getattr(user, "api_token", None)
    if token is not None:  # an API token acts only within its own membership's institution
        lookup["pk"] = token.membership_id
    try:
        membership = Membership.objects.select_related("institution", "user").get(**lookup)
    except Membership.DoesNotExist:
        raise Http404 from None
    if membership.role == Role.FOCAL_POINT:  # their units decide row by row what they may do; others' rarely
        prefetch_related_objects([membership], "units")
    if action is not None and not membership.can(action):
        raise Http404
    return membership


def get_scoped(queryset, membership, **lookup):
    """One object inside the member's scope, or 404."""
    try:
        return scope(queryset, membership).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
