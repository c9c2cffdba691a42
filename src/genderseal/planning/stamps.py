"""The planning change stamps: tokens replaced on every write, so cached dashboards are never stale.

The institution's token keys everything; a unit's token keys that unit's part (its reporting
row and its indicators' figures), so a monthly report recomputes one unit, not the institution.

`touch(institution_id)` runs inside the writer's transaction (services, importer, API, edit pages);
signals touch on plain saves and deletes of plan records (tests, admin, shell). Bulk writes that go
around both (e.g. bench/planning.py) must call `touch` themselves.
"""
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone


def touch(institution_id):
    from .models import PlanningStamp

    if institution_id is None:
        return
    token, now = uuid4().hex, timezone.now()
    if PlanningStamp.objects.filter(institution_id=institution_id).update(token=token, changed_at=now):
        return
    try:
        with transaction.atomic():
            PlanningStamp.objects.create(institution_id=institution_id, token=token, changed_at=now)
    except IntegrityError:  # created meanwhile by another writer
        PlanningStamp.objects.filter(institution_id=institution_id).update(token=token, changed_at=now)


def touch_unit(institution_id, unit_id):
    """One unit's period reports changed (values, narrative, review step): only its part is stale."""
    from .models import PlanningUnitStamp

    token = uuid4().hex
    if PlanningUnitStamp.objects.filter(unit_id=unit_id).update(token=token):
        return
    try:
        with transaction.atomic():
            PlanningUnitStamp.objects.create(institution_id=institution_id, unit_id=unit_id, token=token)
    except IntegrityError:  # created meanwhile by another writer
        PlanningUnitStamp.objects.filter(unit_id=unit_id).update(token=token)


def unit_tokens(institution_id):
    from .models import PlanningUnitStamp

    return dict(PlanningUnitStamp.objects.filter(institution_id=institution_id).values_list("unit_id", "token"))


def token(institution_id):
    """The current token (made on first use, so a fresh database gets one too)."""
    from .models import PlanningStamp

    found = PlanningStamp.objects.filter(institution_id=institution_id).values_list("token", flat=True).first()
    if found is None:
        touch(institution_id)
        found = PlanningStamp.objects.filter(institution_id=institution_id).values_list("token", flat=True).first()
    return found


def _institution_of(instance):
    value = instance
    try:
        for part in type(instance).institution_path.split("__"):
            if part == "institution":
                return value.institution_id
            value = getattr(value, part)
    except Exception:  # a parent deleted in the same cascade: its own signal touches
        return None
    return None


def _changed(sender, instance, **kwargs):
    touch(_institution_of(instance))


def connect():
    from . import models as m

    # Not PeriodReport/Value: their writers touch explicitly, and delete signals would slow cascades.
    for model in (m.Plan, m.Strategy, m.Measure, m.StrategicArea, m.Project, m.Indicator, m.IndicatorTarget,
                  m.Category, m.CategoryOption, m.PlanningRule):
        post_save.connect(_changed, sender=model, dispatch_uid=f"planning-stamp-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"planning-stamp-delete-{model.__name__}")
    for through in (m.Indicator.categories.through, m.Project.sdg_targets.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"planning-stamp-m2m-{through.__name__}")


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        touch(getattr(instance, "institution_id", None))
