"""Sign-in throttling (per user name and address, per address, overall; audited) and session expiry."""
from datetime import timedelta

import pytest
from django.utils import timezone

from genderseal.core import security
from genderseal.core.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PASSWORD = "pass-secretariat"  # tests/factories.make_user


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_MINUTES = 15
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 30
    settings.LOGIN_THROTTLE_TOTAL_PER_MINUTE = 120
    settings.CLIENT_IP_HEADER = ""


def sign_in(client, password, username="secretariat", address="10.0.0.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def error_codes(response):
    if response.status_code == 302:
        return []
    return [error.code for error in response.context["form"].errors.as_data().get("__all__", [])]


def test_refused_after_too_many_failures_even_with_the_right_password(world, client):
    for _ in range(3):
        assert error_codes(sign_in(client, "wrong")) == ["invalid_login"]
    response = sign_in(client, PASSWORD)
    assert error_codes(response) == ["throttled"]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=security.LOGIN_FAILED, target="secretariat").count() == 3
    refused = AuditEvent.objects.get(action=security.LOGIN_REFUSED)
    assert refused.detail["ip"] == "10.0.0.1" and refused.institution is None
    # Another address, or another user name, is not held back.
    assert sign_in(client, PASSWORD, address="10.0.0.2").status_code == 302


def test_case_of_the_user_name_does_not_escape_the_count(world, client):
    for name in ("secretariat", "Secretariat", "SECRETARIAT"):
        sign_in(client, "wrong", username=name)
    assert error_codes(sign_in(client, PASSWORD)) == ["throttled"]


def test_throttle_resets_after_the_window(world, client, monkeypatch):
    for _ in range(3):
        sign_in(client, "wrong")
    assert error_codes(sign_in(client, PASSWORD)) == ["throttled"]
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(security.timezone, "now", lambda: later)
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(world, client):
    for _ in range(2):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action=security.LOGIN_OK, actor=world.secretariat).exists()
    client.logout()
    for _ in range(2):
        assert error_codes(sign_in(client, "wrong")) == ["invalid_login"]
    assert sign_in(client, PASSWORD).status_code == 302


def test_address_from_the_trusted_proxy_header(world, client, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for _ in range(3):  # the proxy appends the real client; what the client sent before it is not trusted
        sign_in(client, "wrong", address="192.168.0.10", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert error_codes(sign_in(client, PASSWORD, address="192.168.0.10",
                               HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.7")) == ["throttled"]
    assert sign_in(client, PASSWORD, address="192.168.0.10",
                   HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


def test_throttle_can_be_switched_off(world, client, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 0
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_session_expires_after_the_configured_age(world, client, settings):
    settings.SESSION_COOKIE_AGE = 2 * 3600
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session.get_expiry_age() == 2 * 3600
    assert response.cookies["sessionid"]["max-age"] == 2 * 3600
    assert response.cookies["sessionid"]["httponly"]


def test_session_can_end_when_the_browser_closes(world, client, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close()
    assert not response.cookies["sessionid"]["max-age"]


def test_spraying_many_user_names_from_one_address_is_throttled(world, client, settings):
    """Issue 14 (9): each name tried once from one address used to go unthrottled."""
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 4
    for number in range(4):
        assert error_codes(sign_in(client, "wrong", username=f"nobody{number}")) == ["invalid_login"]
    assert error_codes(sign_in(client, PASSWORD)) == ["throttled"]  # a fifth name, even the right password
    assert AuditEvent.objects.get(action=security.LOGIN_REFUSED).detail["why"] == "address"
    assert sign_in(client, PASSWORD, address="10.0.0.9").status_code == 302  # another address is not held back


def test_an_overall_ceiling_holds_sign_ins_from_everywhere_for_a_minute(world, client, settings, monkeypatch):
    settings.LOGIN_THROTTLE_TOTAL_PER_MINUTE = 4
    for number in range(4):
        sign_in(client, "wrong", username=f"nobody{number}", address=f"10.0.1.{number}")
    assert error_codes(sign_in(client, PASSWORD, address="10.0.2.1")) == ["throttled"]
    assert AuditEvent.objects.get(action=security.LOGIN_REFUSED).detail["why"] == "total"
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(security.timezone, "now", lambda: later)
    assert sign_in(client, PASSWORD, address="10.0.2.1").status_code == 302


def test_a_refused_sign_in_does_not_hash_the_password(world, client, settings, monkeypatch):
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 2
    for number in range(2):
        sign_in(client, "wrong", username=f"nobody{number}")
    calls = []
    from django.contrib.auth import forms as auth_forms

    monkeypatch.setattr(auth_forms, "authenticate", lambda *args, **kwargs: calls.append(1))
    assert error_codes(sign_in(client, "wrong", username="another")) == ["throttled"]
    assert calls == []
