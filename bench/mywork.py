"""Benchmark: งานของฉัน (my work) for each role at the scale bench/run.py builds (1,000 institutions).

Builds on bench/run.py's data (institutions, units, 3 rounds x 40 results, one secretariat each) and adds,
per institution: a focal point of the first unit, a committee member, an assessor assigned to round 2;
round 3 with lead units and review states; 20 evidence items, 10 action items, 10 monthly indicators with
six months of reports, two open clarifications. Times /i/<slug>/my-work/ per role, with the dashboard
measured in the same run as the reference. Target: p95 under 50 ms.

    DATABASE_URL=sqlite:////tmp/mywork.sqlite3 BENCH_SAMPLES=100 .venv/bin/python bench/mywork.py

It prints the load average before and after: on a shared machine read each page against the
dashboard's figure of the same run.
"""
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as base  # noqa: E402  (sets up Django)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from genderseal.assessments.models import AssessmentRound, BenchmarkResult  # noqa: E402
from genderseal.assessors.models import AssessorAssignment, Clarification  # noqa: E402
from genderseal.core.models import Institution, Membership, OrgUnit, Role  # noqa: E402
from genderseal.evidence.models import Evidence  # noqa: E402
from genderseal.organisation.models import ActionItem  # noqa: E402
from genderseal.planning.models import Indicator, PeriodReport  # noqa: E402
from genderseal.standards.models import Benchmark  # noqa: E402
from genderseal.thai.dates import fiscal_year  # noqa: E402

PERSONAS = {"secretariat": "sec", "focal point": "focal", "committee": "committee", "assessor": "assessor"}


def build_my_work():
    framework = base.build()
    if Membership.objects.filter(role=Role.FOCAL_POINT).exists():
        return
    started = time.perf_counter()
    rng = random.Random(13)
    User = get_user_model()
    institutions = list(Institution.objects.order_by("pk"))
    first_unit = {u.institution_id: u for u in OrgUnit.objects.filter(code="10000000")}
    today = timezone.localdate()
    fy = fiscal_year(today)
    benchmarks = list(Benchmark.objects.current().filter(framework=framework))
    with transaction.atomic():
        for kind, role in (("focal", Role.FOCAL_POINT), ("committee", Role.COMMITTEE), ("assessor", Role.ASSESSOR)):
            users = User.objects.bulk_create(User(username=f"{kind}-{i.slug}") for i in institutions)
            members = Membership.objects.bulk_create(
                Membership(user=u, institution=i, role=role) for u, i in zip(users, institutions))
            if role == Role.FOCAL_POINT:
                Membership.units.through.objects.bulk_create(
                    Membership.units.through(membership_id=m.pk, orgunit_id=first_unit[m.institution_id].pk)
                    for m in members)
            if role == Role.ASSESSOR:
                rounds = {r.institution_id: r for r in AssessmentRound.objects.filter(number=2)}
                AssessorAssignment.objects.bulk_create(
                    AssessorAssignment(round=rounds[u_i.pk], user=u) for u, u_i in zip(users, institutions))
                Clarification.objects.bulk_create(
                    Clarification(round=rounds[i.pk], benchmark=benchmarks[n], number=n + 1,
                                  asked_by=u)
                    for u, i in zip(users, institutions) for n in range(2))
        now = timezone.now()
        for r in AssessmentRound.objects.filter(number=3).iterator():
            unit = first_unit[r.institution_id]
            ids = list(BenchmarkResult.objects.filter(round=r).values_list("pk", flat=True))
            BenchmarkResult.objects.filter(pk__in=ids[:10]).update(lead_unit=unit, state="draft")
            BenchmarkResult.objects.filter(pk__in=ids[10:15]).update(lead_unit=unit, state="returned",
                                                                     return_comment="ขาดหลักฐาน")
            BenchmarkResult.objects.filter(pk__in=ids[15:25]).update(state="submitted", submitted_at=now)
        Evidence.objects.bulk_create(
            (Evidence(institution=i, owner_unit=first_unit[i.pk], title_th=f"หลักฐาน {n}",
                      status=rng.choice(["draft", "submitted", "approved", "returned"]),
                      submitted_at=now, expires_on=today + datetime.timedelta(days=rng.randint(-30, 400)))
             for i in institutions for n in range(20)), batch_size=5000)
        ActionItem.objects.bulk_create(
            (ActionItem(institution=i, number=n + 1, title=f"งาน {n}", owner_unit=first_unit[i.pk],
                        due_on=today + datetime.timedelta(days=rng.randint(-60, 120)))
             for i in institutions for n in range(10)), batch_size=5000)
        indicators = Indicator.objects.bulk_create(
            (Indicator(institution=i, code=f"IND-{n}", title_th=f"ตัวชี้วัด {n}", owner_unit=first_unit[i.pk],
                       first_fy=fy.be - 1, last_fy=fy.be + 1, by_sex=True)
             for i in institutions for n in range(10)), batch_size=5000)
        months = [(today.replace(day=1) - datetime.timedelta(days=31 * k)).replace(day=1) for k in range(1, 7)]
        PeriodReport.objects.bulk_create(
            (PeriodReport(indicator=ind, period=m, status=rng.choice(["submitted", "approved", "returned"]),
                          submitted_at=now)
             for ind in indicators for m in months if rng.random() < 0.7), batch_size=5000)
    print(f"my-work data added in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def measure_as(prefix, path_for, samples):
    """Server time of a page for random institutions, signed in as the persona named by `prefix`."""
    users = {u.username.split("-", 1)[1]: u for u in get_user_model().objects.filter(username__startswith=f"{prefix}-")}
    return base.measure_users(users, path_for, samples)


def main():
    build_my_work()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"\n{timezone.now():%Y-%m-%d %H:%M} UTC, {Institution.objects.count():,} institutions, {base.SAMPLES} samples "
          f"per page after 10 warm-up requests; load average (1 min) {os.getloadavg()[0]:.1f} before "
          f"({os.cpu_count()} cores)")
    print("\n| database | page | median ms | p95 ms | queries |\n|---|---|---|---|---|")
    rows = [("dashboard (reference), secretariat", "sec", lambda slug: f"/i/{slug}/")]
    rows += [(f"my work, {name}", prefix, lambda slug: f"/i/{slug}/my-work/") for name, prefix in PERSONAS.items()]
    for name, prefix, path_for in rows:
        result = measure_as(prefix, path_for, base.SAMPLES)
        print(f"| {engine} | {name} | {result['median']:.1f} | {result['p95']:.1f} | {result['queries']} |",
              flush=True)
    print(f"\nload average (1 min) {os.getloadavg()[0]:.1f} after: compare each page with the dashboard of the same run")


if __name__ == "__main__":
    main()
