"""Security headers and sign-in throttling.

- `ContentSecurityPolicyMiddleware` sends settings.CONTENT_SECURITY_POLICY on every response
  (a view may set its own header first; it is then left alone).
  A response that is a file (it has a Content-Disposition) gets `Content-Security-Policy: sandbox`
  whatever the view set: an uploaded HTML or SVG opened from a download link runs no script, on the
  pages and in the API alike.
- `ThrottledAuthenticationForm` refuses a sign-in after LOGIN_THROTTLE_ATTEMPTS failures for
  the same user name from the same address within LOGIN_THROTTLE_MINUTES, after
  LOGIN_THROTTLE_ADDRESS_ATTEMPTS failures from one address across every user name in that window,
  and while more than LOGIN_THROTTLE_TOTAL_PER_MINUTE sign-ins failed in the last minute overall.
  A refusal is decided before the password is hashed. Failures, refusals and successful sign-ins
  are audit events (no institution), so the count is shared by every app server through the
  database: no shared cache is needed.
"""
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import record
from .models import AuditEvent

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
        if response.has_header("Content-Disposition"):
            response.headers["Content-Security-Policy"] = "sandbox"
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


def address_failures(ip, now=None):
    """Failed sign-ins from this address, whatever the user name, in the window."""
    since = (now or timezone.now()) - timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
    return AuditEvent.objects.filter(institution=None, action=LOGIN_FAILED, detail__ip=ip, at__gte=since).count()


def total_failures(now=None):
    """Failed sign-ins from everywhere in the last minute."""
    since = (now or timezone.now()) - timedelta(minutes=1)
    return AuditEvent.objects.filter(institution=None, action=LOGIN_FAILED, at__gte=since).count()


def throttle(username, ip):
    """Why a sign-in is refused now ("name", "address", "total"), or None."""
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    if limit > 0 and recent_failures(username, ip) >= limit:
        return "name"
    limit = settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS
    if limit > 0 and address_failures(ip) >= limit:
        return "address"
    limit = settings.LOGIN_THROTTLE_TOTAL_PER_MINUTE
    if limit > 0 and total_failures() >= limit:
        return "total"
    return None


def is_throttled(username, ip):
    return throttle(username, ip) is not None


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed sign-in attempts for this user name. "
                       "Wait %(minutes)s minutes and try again."),
        "throttled_address": _("Too many failed sign-in attempts from this network address. "
                               "Wait %(minutes)s minutes and try again."),
        "throttled_total": _("Too many sign-in attempts on the site just now. Wait a minute and try again."),
    }
    THROTTLE_MESSAGES = {"name": "throttled", "address": "throttled_address", "total": "throttled_total"}

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        ip = client_ip(self.request) if self.request else ""
        reason = throttle(username, ip)
        if reason:
            record(LOGIN_REFUSED, _key(username), ip=ip, why=reason)
            log.warning("sign-in refused (throttled by %s): %r from %s", reason, username, ip)
            code = self.THROTTLE_MESSAGES[reason]
            raise forms.ValidationError(self.error_messages[code], code="throttled",
                                        params={"minutes": settings.LOGIN_THROTTLE_MINUTES})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record(LOGIN_FAILED, _key(username), ip=ip)
            log.warning("sign-in failed: %r from %s", username, ip)
            raise
        record(LOGIN_OK, _key(username), actor=self.get_user(), ip=ip)
        return cleaned
