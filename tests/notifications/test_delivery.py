"""Mail: immediate per message, or one daily digest; the text in the reader's language."""
from datetime import datetime, timezone

import pytest
from django.core import mail
from django.core.management import call_command

from genderseal.core.models import Profile
from genderseal.notifications import services
from genderseal.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 2, 2, 5, 0, tzinfo=timezone.utc)


def test_notify_mails_immediate_readers_at_once_and_never_the_actor(world, owned):
    services.notify({world.focal_point.pk, world.secretariat.pk}, world.institution, "approved",
                    params={"code": "1.1.1", "round": 1}, link="/i/bma/rounds/1/", actor=world.secretariat, now=NOON)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["focal"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["focal@example.org"]
    assert "1.1.1" in mail.outbox[0].subject and "/i/bma/rounds/1/" in mail.outbox[0].body
    assert Notification.objects.get().emailed_at == NOON


def test_the_mail_is_in_the_readers_language(world, owned):
    Profile.objects.update_or_create(user=world.focal_point, defaults={"language": "en"})
    services.notify([world.focal_point.pk], world.institution, "returned",
                    params={"code": "1.1.1", "round": 1, "comment": "แนบคำสั่ง"}, now=NOON)
    assert "Benchmark 1.1.1 of round 1 was returned: แนบคำสั่ง" in mail.outbox[0].body


def test_digest_readers_get_one_mail_a_day_with_everything_new(world, owned):
    services.set_delivery(world.focal_point, Delivery.DIGEST)
    services.set_delivery(world.committee, Delivery.NONE)
    for code in ("1.1.1", "1.1.2", "1.1.3"):
        services.notify([world.focal_point.pk, world.committee.pk], world.institution, "approved",
                        params={"code": code, "round": 1}, now=NOON)
    assert mail.outbox == []
    assert services.send_digests(now=NOON) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["focal@example.org"]
    assert all(code in mail.outbox[0].body for code in ("1.1.1", "1.1.2", "1.1.3"))
    assert services.send_digests(now=NOON) == 0  # nothing new: no second digest
    assert Notification.objects.filter(recipient=world.committee, emailed_at=None).count() == 3


def test_the_digest_command_sends_them(world, owned, capsys):
    services.set_delivery(world.focal_point, Delivery.DIGEST)
    services.notify([world.focal_point.pk], world.institution, "approved", params={"code": "1.1.1", "round": 1})
    call_command("digest")
    assert "1 digests" in capsys.readouterr().out and len(mail.outbox) == 1
