"""core.audit.record: one way to store a change, whatever the app."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from genderseal.core.audit import diff, plain, record, snapshot
from genderseal.core.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db


def test_values_are_plain_and_records_are_shown_by_key_and_label(world):
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    assert plain(unit) == "21000000 สยป."
    assert plain(date(2026, 3, 1)) == "2026-03-01"
    assert plain(datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)) == "2026-03-01T09:30:00+00:00"
    assert plain(Decimal("12.50")) == "12.50"
    assert plain({unit, None} - {None}) == ["21000000 สยป."]
    assert plain(OrgUnit.objects.filter(institution=world.institution).order_by("-code")) == [
        "03000000 สำนักงาน ก.ก.", "21000000 สยป."]


def test_only_the_fields_that_changed_are_stored(world):
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    before = snapshot(unit, ["code", "name_th", "name_en", "parent"])
    unit.name_en = "Strategy"
    event = record("unit.update", unit, institution=world.institution, before=before,
                   after=snapshot(unit, ["code", "name_th", "name_en", "parent"]))
    event.refresh_from_db()
    assert event.detail == {"before": {"name_en": "Strategy and Evaluation Department"},
                            "after": {"name_en": "Strategy"}}


def test_an_update_that_changed_nothing_records_nothing_but_a_creation_or_a_deletion_does(world):
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    same = snapshot(unit, ["name_th"])
    assert record("unit.update", unit, before=same, after=same) is None
    assert record("unit.update", unit, before=same, after=same, reason="checked") is not None
    assert record("unit.delete", unit, before=same, after={}).detail == {
        "before": {"name_th": "สำนักยุทธศาสตร์และประเมินผล"}, "after": {}}
    assert AuditEvent.objects.count() == 2
    assert diff({}, {"a": None, "b": 1}) == ({}, {"b": 1})
