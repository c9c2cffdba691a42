"""Reminders before due dates, with a fake clock: once per item and day, from any registered source."""
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core import mail
from django.core.management import call_command

from genderseal.assessments.models import AssessmentRound, BenchmarkResult
from genderseal.notifications import reminders
from genderseal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def at(day, hour=1):
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


@pytest.fixture
def due_round(world, owned):
    """Round 1 ends on 20 Feb 2026; its 1.* results are led by the focal point's unit."""
    AssessmentRound.objects.filter(pk=world.round.pk).update(ends_on=date(2026, 2, 20), status="open")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code__startswith="1.").update(
        lead_unit=owned.lead_unit)
    return world.round


def results_sent(user):
    return Notification.objects.filter(recipient=user, kind="result_due")


def test_nothing_is_due_before_the_reminder_window(world, due_round):
    assert reminders.run(now=at(date(2026, 2, 1))) == 0


def test_focal_points_and_the_secretariat_are_reminded_once_a_day(world, due_round):
    day = date(2026, 2, 14)  # 6 days before the end
    assert reminders.run(now=at(day)) == 40  # 8 led by สยป. for the focal point, 32 without lead for the secretariat
    assert results_sent(world.focal_point).count() == 8
    assert results_sent(world.secretariat).count() == 32
    assert results_sent(world.focal_point).first().params["due"] == "2026-02-20"
    # The same day again (a second cron run, a retried task): nothing new, no second mail.
    sent = len(mail.outbox)
    assert reminders.run(now=at(day, hour=9)) == 0
    assert results_sent(world.focal_point).count() == 8 and len(mail.outbox) == sent
    # Next day: a new reminder per open item.
    assert reminders.run(now=at(day + timedelta(days=1))) == 40


def test_one_mail_per_reader_lists_their_reminders(world, due_round):
    reminders.run(now=at(date(2026, 2, 19)))
    to_focal = [m for m in mail.outbox if m.to == ["focal@example.org"]]
    assert len(to_focal) == 1 and to_focal[0].body.count("1.") >= 8


def test_submitted_results_and_locked_rounds_are_not_reminded(world, due_round):
    BenchmarkResult.objects.filter(round=world.round, benchmark__code__startswith="1.").update(state="submitted")
    assert reminders.run(now=at(date(2026, 2, 15))) == 32
    AssessmentRound.objects.filter(pk=world.round.pk).update(locked_at=at(date(2026, 2, 15)))
    assert reminders.run(now=at(date(2026, 2, 16))) == 0


def test_another_app_can_register_a_source(world, settings):
    def due_items(today, until):
        yield reminders.Due(key="item:7", institution_id=world.institution.pk, recipient_ids=[world.committee.pk],
                            kind="approved", params={"code": "X", "round": 1})

    reminders.register("test-items", due_items)
    try:
        assert reminders.run(now=at(date(2030, 1, 1))) == 1
        assert reminders.run(now=at(date(2030, 1, 1), 5)) == 0
    finally:
        reminders.unregister("test-items")
    assert Notification.objects.get(recipient=world.committee).key == "reminder:test-items:item:7:2030-01-01"


def test_the_command_and_the_task_run_the_reminders(world, due_round, capsys, monkeypatch):
    from genderseal.notifications import tasks

    monkeypatch.setattr(reminders.timezone, "now", lambda: at(date(2026, 2, 18)))
    call_command("reminders")
    assert "40 reminders" in capsys.readouterr().out
    result = tasks.send_reminders.enqueue()
    assert result.return_value == 0  # same day: nothing new


def test_action_items_due_soon_remind_their_owner_units_focal_points(world, owned):
    pytest.importorskip("genderseal.organisation")
    from genderseal.organisation.models import ActionItem

    ActionItem.objects.create(institution=world.institution, number=1, title="แต่งตั้งคณะทำงาน",
                              owner_unit=owned.lead_unit, due_on=date(2026, 3, 5))
    ActionItem.objects.create(institution=world.institution, number=2, title="done", status="done",
                              owner_unit=owned.lead_unit, due_on=date(2026, 3, 5))
    assert "action_items" in reminders.SOURCES
    reminders.run(now=at(date(2026, 3, 1)))
    sent = Notification.objects.get(recipient=world.focal_point, kind="action_due")
    assert sent.params["number"] == 1 and sent.link.endswith("/actions/1/")
    assert reminders.run(now=at(date(2026, 3, 1), 8)) == 0
