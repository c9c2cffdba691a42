from django.utils import timezone
from ninja.security import HttpBearer

from genderseal.core.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gs_...`; only the token's hash is stored."""

    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        # A member deactivated everywhere holds no working token (per institution: core.scoping.membership_for).
        if not found.user.is_staff and not found.user.memberships.filter(is_active=True).exists():
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user

