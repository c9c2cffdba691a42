"""Scheduled reminders before due dates, from any app that registers a source of due items.

A source is a callable `source(today, until)` yielding `Due` items that are still open and
due between today and `until`. Each recipient gets at most one reminder per item per day:
the notification key carries the item and the day, and the database refuses repeats.

    from genderseal.notifications import reminders
    reminders.register("action_items", my_source)   # e.g. in AppConfig.ready()
"""
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Delivery, Notification, NotificationPreference

SOURCES = {}
BATCH = 5000


@dataclass
class Due:
    key: str  # stable id of the item, e.g. "result:123"
    institution_id: int
    recipient_ids: tuple
    kind: str  # a kind in messages.MESSAGES
    params: dict = field(default_factory=dict)
    link: str = ""


def register(name, source):
    SOURCES[name] = source


def unregister(name):
    SOURCES.pop(name, None)


def horizon_days():
    return int(getattr(settings, "REMINDER_DAYS", 7))


def run(*, now=None, sources=None):
    """Create today's reminders; returns the number of new notifications. Idempotent within a day.

    Written for volume (100,000 due items in a few seconds, see docs/performance.md): keys
    already sent today are loaded once and skipped, new rows go in with one multi-row
    INSERT ... ON CONFLICT DO NOTHING per batch (the unique key still guards against a
    concurrent run), and each immediate reader gets one email for the lot.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    until = today + timedelta(days=horizon_days())
    stamp = today.isoformat()
    todays = Notification.objects.filter(created_at__gt=now - timedelta(days=2), key__startswith="reminder:",
                                         key__endswith=f":{stamp}")
    sent = set(todays.values_list("recipient_id", "key").iterator(chunk_size=10000))
    created_at = connection.ops.adapt_datetimefield_value(now)
    # Readers who chose a digest or no mail (few rows); everyone else gets today's reminders in one email,
    # so their rows are marked as mailed as they are written (no second pass over 100,000 rows).
    not_immediate = set(NotificationPreference.objects.exclude(delivery=Delivery.IMMEDIATE)
                        .values_list("user_id", flat=True))
    batch, created = [], 0
    for name, source in (sources or SOURCES).items():
        for due in source(today, until):
            key = f"reminder:{name}:{due.key}:{stamp}"
            params = json.dumps(due.params, ensure_ascii=False)
            for user_id in due.recipient_ids:
                if (user_id, key) not in sent:
                    batch.append((user_id, due.institution_id, due.kind, params, due.link, key, created_at,
                                  None if user_id in not_immediate else created_at))
            if len(batch) >= BATCH:
                created += _insert(batch)
                batch = []
    created += _insert(batch)
    if created:
        _mail_new(now)
    return created


COLUMNS = ("recipient_id", "institution_id", "kind", "params", "link", "key", "created_at", "emailed_at")


def _insert(rows):
    """Many rows in few statements; rows that already exist (same recipient and key) are skipped."""
    if not rows:
        return 0
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    inserted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per batch: eight arrays unnested into rows.
            types = ["integer[]", "integer[]", "text[]", "text[]", "text[]", "text[]", "timestamptz[]", "timestamptz[]"]
            arrays = ", ".join(f"%s::{t}" for t in types)
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT r1, r2, r3, r4::jsonb, r5, r6, r7, r8 "
                           f"FROM unnest({arrays}) AS t(r1, r2, r3, r4, r5, r6, r7, r8) ON CONFLICT DO NOTHING",
                           [list(column) for column in zip(*rows)])
            return max(cursor.rowcount, 0)
        one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
        per_statement = 1000  # 8 x 1,000 parameters: under SQLite's limit (32,766)
        for i in range(0, len(rows), per_statement):
            chunk = rows[i:i + per_statement]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} "
                           f"ON CONFLICT DO NOTHING", [v for row in chunk for v in row])
            inserted += max(cursor.rowcount, 0)
    return inserted


MAIL_LINES = 20


def _mail_new(now):
    """One email per immediate reader listing their new reminders (this run's rows, already marked as mailed)."""
    from .services import _preferences, send_summaries

    rows = (Notification.objects.filter(created_at=now, emailed_at=now, key__startswith="reminder:",
                                        recipient__email__gt="")
            .order_by("recipient_id", "pk").values_list("recipient_id", "kind", "params", "link"))
    by_user = defaultdict(list)
    for recipient_id, kind, params, link in rows.iterator(chunk_size=10000):
        by_user[recipient_id].append((kind, params, link))
    _, languages = _preferences(set(by_user))
    return send_summaries(by_user, languages, limit=MAIL_LINES)
