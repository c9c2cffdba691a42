from django.utils import timezone
from ninja.security import HttpBearer

from genderseal.core.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gs_...`; only the token's hash is stored.

    A token acts for one membership: `core.scoping.membership_for` answers 404 for any other
    institution (the token rides on `request.user.api_token`). Revoked, expired, or held by a
    deactivated member or an archived institution: no user, so the API answers 401.
    """

    def authenticate(self, request, token):
        if not token or len(token) > 200:
            return None
        found = (ApiToken.objects.working().select_related("user", "membership__institution")
                 .filter(key_hash=ApiToken.hash(token)).first())
        if found is None or not found.user.is_active or not found.membership.is_active:
            return None
        if found.membership.institution.archived_at is not None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        user = found.user
        user.api_token = found
        request.user = user
        return user
