"""API tokens of one institution: made by a member for themself, revoked by them or the secretariat."""
from django.utils import timezone

from genderseal.core.audit import record
from genderseal.core.models import ApiToken


def token_ref(token):
    return f"core.apitoken:{token.pk}"


def listed(membership):
    """The tokens this member sees here (theirs; the secretariat: all of the institution), newest first."""
    return ApiToken.objects.for_member(membership).select_related("user", "membership", "revoked_by")


def issue(membership, name, days, *, actor):
    """A new token for the member; returns (token, key): the key is shown once and never stored."""
    key = ApiToken.issue(membership, name.strip(), days=days)
    token = ApiToken.objects.get(key_hash=ApiToken.hash(key))
    record("api_token.create", token.name, institution=membership.institution, actor=actor, ref=token_ref(token),
           holder=membership.user.username, expires_at=token.expires_at)
    return token, key


def revoke(membership, token, *, actor):
    """Revoke at once (its next call answers 401); revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    record("api_token.revoke", token.name, institution=membership.institution, actor=actor, ref=token_ref(token),
           holder=token.user.username)
    return token
