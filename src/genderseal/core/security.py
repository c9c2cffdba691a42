"""Security headers and sign-in throttling.

- `ContentSecurityPolicyMiddleware` sends settings.CONTENT_SECURITY_POLICY on every response
  (a view may set its own header first; it is then left alone).
- `ThrottledAuthenticationForm` refuses a sign-in after LOGIN_THROTTLE_ATTEMPTS failures for
  the same user name from the same address within LOGIN_THROTTLE_MINUTES. Failures, refusals
  and successful sign-ins are audit events (no institution), so the count is shared by every
  app server through the database: no shared cache is needed.
"""
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .audit import record

log = logging.getLogger("genderseal.security")

LOGIN_FAILED = "auth.login_failed"
LOGIN_REFUSED = "auth.login_throttled"
LOGIN_OK = "auth.login"


def policy_header(policy):
    return "; ".join(f"{name} {value}".strip() for name, value in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = policy_header(settings.CONTENT_SECURITY_POLICY)  # read each time: tests may change it
        if value:
            name = ("Content-Security-Policy-Report-Only" if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
                    else "Content-Security-Policy")
            response.headers.setdefault(name, value)
        return response


def client_ip(request):
    """REMOTE_ADDR, or the last address of CLIENT_IP_HEADER (the one the trusted proxy added)."""
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        addresses = [part.strip() for part in value.split(",") if part.strip()]
        if addresses:
            return addresses[-1][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _key(username):
    return (username or "").strip().lower()[:150]


def recent_failures(username, ip, now=None):
    """Failed sign-ins for this user name from this address in the window, since the last success."""
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
    events = AuditEvent.objects.filter(institution=None, target=_key(username), detail__ip=ip, at__gte=since)
    last_ok = events.filter(action=LOGIN_OK).order_by("-at").values_list("at", flat=True).first()
    failures = events.filter(action=LOGIN_FAILED)
    if last_ok is not None:
        failures = failures.filter(at__gt=last_ok)
    return failures.count()


def is_throttled(username, ip):
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    return limit > 0 and recent_failures(username, ip) >= limit


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed sign-in attempts for this user name. "
                       "Wait %(minutes)s minutes and try again."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        ip = client_ip(self.request) if self.request else ""
        if is_throttled(username, ip):
            record(LOGIN_REFUSED, _key(username), ip=ip)
            log.warning("sign-in refused (throttled): %r from %s", username, ip)
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled",
                                        params={"minutes": settings.LOGIN_THROTTLE_MINUTES})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record(LOGIN_FAILED, _key(username), ip=ip)
            log.warning("sign-in failed: %r from %s", username, ip)
            raise
        record(LOGIN_OK, _key(username), actor=self.get_user(), ip=ip)
        return cleaned
