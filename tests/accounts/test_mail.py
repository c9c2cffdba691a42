"""Notices go out through SMTP too, in Thai, with links that open the site."""
from datetime import datetime, timezone

import pytest

pytestmark = pytest.mark.django_db


def test_a_notice_reaches_the_local_smtp_server_with_an_absolute_link(world, smtp_server, settings):
    from genderseal.notifications import services

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://seal.example.go.th"
    world.focal_point.email = "focal@bma.go.th"
    world.focal_point.save()
    services.notify({world.focal_point.pk}, world.institution, "approved", params={"code": "1.1.1", "round": 1},
                    link="/i/bma/rounds/1/", actor=world.secretariat, now=datetime(2026, 2, 2, 5, tzinfo=timezone.utc))
    (message,) = smtp_server.messages
    assert message["To"] == "focal@bma.go.th" and "1.1.1" in message["Subject"]
    assert "\n" not in message["Subject"]
    body = message.get_content()
    assert "https://seal.example.go.th/i/bma/rounds/1/" in body
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in body)  # Thai
