"""Benchmark: the daily reminder task over 100,000 open due items. Target: under 10 s.

    DATABASE_URL=sqlite:///$PWD/var/bench/reminders.sqlite3 .venv/bin/python bench/reminders.py
    scripts/test-postgres.sh .venv/bin/python bench/reminders.py

Builds 100 institutions x 25 open rounds ending in 3 days x 40 benchmarks = 100,000 draft
results, each led by one of 5 units with a focal point (1 in 10 without a lead unit: the
secretariat is reminded), then times `reminders.run()` (the body of the
`send_reminders` task and of `gender-seal reminders`): the first run of a day creates one
notification per item and mails each immediate reader once; a second run the same day
creates nothing. Mail goes to Django's locmem backend (no network). Statistics are
refreshed (ANALYZE) after the bulk load, as PostgreSQL's autovacuum does in service.
"""
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind, RoundStatus  # noqa: E402
from genderseal.core.models import Institution, Membership, OrgUnit, Role  # noqa: E402
from genderseal.demo.load import ensure_framework  # noqa: E402
from genderseal.notifications import reminders  # noqa: E402
from genderseal.notifications.models import Notification  # noqa: E402
from genderseal.standards.models import Benchmark  # noqa: E402

INSTITUTIONS = int(os.environ.get("BENCH_INSTITUTIONS", 100))
ROUNDS = 25
UNITS = 5


def build(today):
    call_command("migrate", verbosity=0)
    framework = ensure_framework()
    if BenchmarkResult.objects.filter(round__title="bench-reminders").exists():
        return
    benchmarks = list(Benchmark.objects.current().filter(framework=framework))
    rng = random.Random(2569)
    User = get_user_model()
    started = time.perf_counter()
    with transaction.atomic():
        institutions = Institution.objects.bulk_create(
            Institution(slug=f"rem-{i:04d}", name_th=f"หน่วยงาน {i}") for i in range(INSTITUTIONS))
        units = OrgUnit.objects.bulk_create(
            OrgUnit(institution=inst, code=f"{10 + u:02d}000000", name_th=f"สำนัก {u}")
            for inst in institutions for u in range(UNITS))
        by_institution = {}
        for unit in units:
            by_institution.setdefault(unit.institution_id, []).append(unit)
        people = User.objects.bulk_create(
            User(username=f"{inst.slug}-{who}", email=f"{inst.slug}-{who}@example.org")
            for inst in institutions for who in ["sec"] + [f"fp{u}" for u in range(UNITS)])
        memberships = Membership.objects.bulk_create(
            Membership(user=user, institution=inst, role=Role.SECRETARIAT if user.username.endswith("sec")
                       else Role.FOCAL_POINT)
            for inst, group in zip(institutions, (people[i:i + UNITS + 1] for i in range(0, len(people), UNITS + 1)))
            for user in group)
        through = Membership.units.through
        through.objects.bulk_create(
            through(membership_id=m.pk, orgunit_id=by_institution[m.institution_id][int(m.user.username[-1])].pk)
            for m in memberships if m.role == Role.FOCAL_POINT)
        rounds = AssessmentRound.objects.bulk_create(
            AssessmentRound(institution=inst, framework=framework, number=n, kind=RoundKind.SELF,
                            title="bench-reminders", status=RoundStatus.OPEN, ends_on=today + timedelta(days=3))
            for inst in institutions for n in range(1, ROUNDS + 1))
        BenchmarkResult.objects.bulk_create(
            (BenchmarkResult(round=r, benchmark=b,
                             lead_unit=None if rng.random() < 0.1 else rng.choice(by_institution[r.institution_id]))
             for r in rounds for b in benchmarks),
            batch_size=5000)
    print(f"built {BenchmarkResult.objects.count()} open results in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)


def timed(now):
    mail.outbox = []
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        created = reminders.run(now=now)
        elapsed = time.perf_counter() - start
    return created, elapsed, len(captured), len(mail.outbox)


def main():
    now = timezone.now()
    build(timezone.localdate(now))
    with connection.cursor() as cursor:  # fresh statistics after the bulk load, as autovacuum would keep them
        cursor.execute("ANALYZE")
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    due = BenchmarkResult.objects.filter(round__title="bench-reminders").count()
    print("\n| database | run | open due items | reminders created | emails | queries | seconds |")
    print("|---|---|---|---|---|---|---|")
    for label, when in (("first run of the day", now), ("again the same day", now + timedelta(minutes=5)),
                        ("next day", now + timedelta(days=1))):
        created, elapsed, queries, emails = timed(when)
        print(f"| {engine} | {label} | {due:,} | {created:,} | {emails} | {queries} | {elapsed:.2f} |")
    print(f"(notifications in the database: {Notification.objects.count():,})", file=sys.stderr)


if __name__ == "__main__":
    main()
