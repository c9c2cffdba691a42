"""Benchmark: the public open data page of an institution, uncached and cached.

Loads the BMA demo, adds BENCH_INDICATORS indicators (FY2568, 12 approved monthly reports split
by sex), publishes all four items, then times with Django's test client (server side):
publishing (building the snapshot), the public page with an empty cache (every request),
the page served from the cache, and the downloads. Counts the queries of each.
Uses the database in DATABASE_URL / GENDERSEAL_VAR_DIR, which it fills: point it at a scratch one.

    GENDERSEAL_VAR_DIR=/tmp/bench-od .venv/bin/python bench/opendata.py
"""
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from genderseal.core.models import Membership, OrgUnit  # noqa: E402
from genderseal.demo.load import load_demo  # noqa: E402
from genderseal.opendata import services  # noqa: E402
from genderseal.planning import stamps  # noqa: E402
from genderseal.planning.models import Indicator, IndicatorTarget, PeriodReport, ReportStatus, Value  # noqa: E402
from genderseal.thai.dates import FiscalYear  # noqa: E402
from genderseal.thai.periods import periods  # noqa: E402

INDICATORS = int(os.environ.get("BENCH_INDICATORS", 300))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 50))


def build():
    call_command("migrate", verbosity=0)
    institution, _users = load_demo()
    if Indicator.objects.filter(institution=institution, code__startswith="BENCH-").count() < INDICATORS:
        units = list(OrgUnit.objects.filter(institution=institution))
        months = periods(FiscalYear(2568), "monthly")
        with transaction.atomic():
            indicators = Indicator.objects.bulk_create(
                Indicator(institution=institution, code=f"BENCH-{i:04d}", title_th=f"ตัวชี้วัดทดสอบที่ {i}",
                          title_en=f"Bench indicator {i}", owner_unit=units[i % len(units)], unit_of_measure="คน",
                          first_fy=2568, last_fy=2570) for i in range(INDICATORS))
            IndicatorTarget.objects.bulk_create(IndicatorTarget(indicator=i, fiscal_year=2568, value=1200)
                                                for i in indicators)
            submitted = timezone.make_aware(datetime(2025, 10, 5, 10))
            reports = PeriodReport.objects.bulk_create(
                PeriodReport(indicator=i, period=m, status=ReportStatus.APPROVED,
                             submitted_at=submitted - timedelta(days=30 * (11 - n)))
                for i in indicators for n, m in enumerate(months))
            Value.objects.bulk_create(Value(report=r, option_key=k, number=Decimal(v)) for r in reports
                                      for k, v in (("female", 60), ("male", 40), ("other", 2)))
            stamps.touch(institution.pk)
    membership = Membership.objects.select_related("institution", "user").get(
        institution=institution, user__username="secretariat")
    return membership


def sample(fn, runs):
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def main():
    membership = build()
    state = services.state(membership)
    services.save_choices(membership, ["level", "dimensions", "indicators", "reporting"], 2568,
                          state.publication.version)
    started = time.perf_counter()
    dataset = services.publish(membership)
    publish_ms = (time.perf_counter() - started) * 1000
    rows = len(dataset.payload["indicators"]["rows"])
    client = Client()
    url = f"/open/{membership.institution.slug}/"

    def uncached():
        cache.clear()
        assert client.get(url).status_code == 200

    def cached():
        assert client.get(url).status_code == 200

    client.get(url)
    print(f"{connection.vendor}: {rows} indicators, {len(dataset.payload['reporting']['units'])} units reporting, "
          f"payload {len(str(dataset.payload)) // 1024} KB; publish (snapshot) {publish_ms:.0f} ms\n")
    print("| request | p50 ms | p95 ms | queries |")
    print("|---|---|---|---|")
    for name, fn in (("public page, empty cache", uncached), ("public page, cached", cached)):
        p50, p95, queries = sample(fn, SAMPLES)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {queries} |")
    for suffix in ("data.csv", "data.json", "dcat.json"):
        client.get(url + suffix)
        p50, p95, queries = sample(lambda s=suffix: client.get(url + s), SAMPLES)
        print(f"| {suffix}, cached pointer | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
