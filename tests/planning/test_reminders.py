"""Upcoming report deadlines are a reminder source for the notifications app."""
from datetime import date

import pytest

from genderseal.notifications import reminders
from genderseal.planning import services
from genderseal.planning.reminders import due_reports

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db


def test_focal_points_are_reminded_of_reports_not_yet_received(world):
    indicator = make_planning(world)
    assert "indicator_reports" in reminders.SOURCES
    due = list(due_reports(date(2024, 11, 10), date(2024, 11, 17)))  # October 2024 is due on 15 Nov
    assert [(d.key, d.params["due"]) for d in due] == [(f"indicator:{indicator.pk}:2024-10-01", "2024-11-15")]
    assert due[0].recipient_ids == [world.focal_point.pk]
    services.save_report(planning_membership(world), indicator, date(2024, 10, 1), {"female": 1}, submit=True)
    assert list(due_reports(date(2024, 11, 10), date(2024, 11, 17))) == []
