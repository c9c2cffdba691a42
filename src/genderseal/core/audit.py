"""The audit trail: `record()` writes an event, `history_for()` and `filtered_events()` read them.

Events are only ever added (AuditEvent.save/delete and a database trigger refuse changes).
Every value is stored the same way, whatever the app (`plain()`): text, numbers and booleans as
they are, dates and times in ISO form, a decimal as its text, a file by its stored name, a record
(a foreign key) as "natural key label" (e.g. "21000000 สยป.", "1/1.1.1 <benchmark title>"), a set of records
(many-to-many) as the sorted list of those. History panels show the latest HISTORY_LIMIT events
in one query.
"""
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Manager, Model, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .models import AuditEvent

HISTORY_LIMIT = 25
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
KEY_FIELDS = ("code", "number", "slug", "username")


def natural_key(obj):
    """The key people know a record by: `audit_key()` when the model has one, else its code,
    number, slug or username, else its primary key."""
    if hasattr(obj, "audit_key"):
        return str(obj.audit_key())
    for name in KEY_FIELDS:
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return str(value)
    return str(obj.pk)


def describe(obj):
    """A record as "key label" (the label is `audit_label()` when the model has one, else str());
    just the label when it already starts with the key, just the key when it is empty."""
    key = natural_key(obj)
    label = str(obj.audit_label() if hasattr(obj, "audit_label") else obj)
    if not label:
        return key
    return label if label.startswith(key) else f"{key} {label}"


def plain(value):
    """One JSON value for any field value, the same in every app (see the module docstring)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)  # a choice (TextChoices) as its stored value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Model):
        return describe(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Manager):
        value = value.all()
    if isinstance(value, (set, frozenset, QuerySet)):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def snapshot(obj, fields):
    """{field: plain value} of a record, taken now (call it before and after a change)."""
    values = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, Manager) and obj.pk is None:
            value = []  # an unsaved record has no many-to-many rows yet
        values[name] = plain(value)
    return values


def diff(before, after):
    """(old, new): the fields whose plain values differ; a field missing on one side stays missing."""
    before, after = plain(before or {}), plain(after or {})
    changed = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return ({k: before[k] for k in changed if k in before}, {k: after[k] for k in changed if k in after})


def record(action, target, *, institution=None, actor=None, ref="", before=None, after=None, **detail):
    """Add an audit event about `target` (a record or its label) and return it.

    `before` and `after` are {field: value} of the record before and after the change (whole
    snapshots are fine): values are made plain and only the fields that differ are stored. When
    both are given and nothing differs (and there is no other detail), nothing is recorded and
    None is returned. `ref` names the record for history panels ("assessments.round:7").
    """
    if before is not None or after is not None:
        old, new = diff(before, after)
        if before is not None and after is not None and not (old or new or detail):
            return None
        if before is not None:
            detail["before"] = old
        if after is not None:
            detail["after"] = new
    return AuditEvent.objects.create(
        institution=institution,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target=str(target)[:255],
        ref=ref[:255],
        detail=plain(detail),
    )


def history_for(membership, *, ref=None, ref_prefix=None, ref_suffix=None, limit=HISTORY_LIMIT):
    """The latest events about one record (and, with a prefix, the records inside it): one query."""
    condition = Q()
    if ref:
        condition |= Q(ref=ref)
    if ref_prefix:
        condition |= Q(ref__startswith=ref_prefix)
    if ref_suffix:
        condition |= Q(ref__endswith=ref_suffix)
    if not condition or not (membership.can("audit.view") or membership.role == "focal_point"):
        return None  # assessors read results, not the institution's internal history
    rows = AuditEvent.objects.for_member(membership).filter(condition).select_related("actor")
    return list(rows.order_by("-at", "-pk")[:limit])


def safe_cell(value):
    """Neutralise spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(DANGEROUS_START) else text


def changes(event):
    """[(field, before, after)] of an event's detail, for display and export."""
    before, after = event.detail.get("before") or {}, event.detail.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", before, after)]
    return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))]


def filtered_events(membership, data):
    """The institution's events matching the audit page's filters, newest first."""
    rows = AuditEvent.objects.for_member(membership).select_related("actor")
    if data.get("action"):
        rows = rows.filter(action__startswith=data["action"] + ".")  # a kind: "evidence" -> evidence.*
    if data.get("actor"):
        rows = rows.filter(actor__username=data["actor"])
    if data.get("q"):
        rows = rows.filter(target__icontains=data["q"])
    tz = timezone.get_current_timezone()
    if data.get("since"):
        rows = rows.filter(at__gte=timezone.make_aware(datetime.combine(data["since"], time.min), tz))
    if data.get("until"):
        rows = rows.filter(at__lte=timezone.make_aware(datetime.combine(data["until"], time.max), tz))
    return rows.order_by("-at", "-pk")
