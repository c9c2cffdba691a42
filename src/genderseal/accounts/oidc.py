"""Sign-in through the organisation's identity provider (OpenID Connect), off unless configured.

mozilla-django-oidc does the protocol (state, nonce, code exchange, signature through the
provider's JWKS); here a signed-in person is matched to an existing member by e-mail: nobody is
created, and an address that is no active member of any institution is refused. The provider
must vouch for the address (`email_verified` not false), the ID token must be for us (`aud`) and,
when OIDC_OP_ISSUER is set, from that issuer.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from genderseal.core.views import declare_access


class MemberBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        self.enabled = settings.OIDC_ENABLED
        self.UserModel = get_user_model()
        if self.enabled:  # the protocol settings are read (and required) only when switched on
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not self.enabled or request is None:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        return self.UserModel.objects.select_related("profile").filter(pk=user_id, is_active=True).first()

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is for another client")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return (self.UserModel.objects.filter(email__iexact=email, is_active=True, memberships__is_active=True)
                .distinct())


def _enabled_only(view):
    def wrapper(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:  # switched off: the ordinary sign-in
            return redirect("login")
        return view(request, *args, **kwargs)

    return wrapper


start = declare_access("public")(_enabled_only(OIDCAuthenticationRequestView.as_view()))
callback = declare_access("public")(_enabled_only(OIDCAuthenticationCallbackView.as_view()))
