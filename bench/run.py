"""Benchmark: 1,000 institutions x 3 rounds x 40 benchmarks (BENCH_INSTITUTIONS); server time of the dashboard,
round page, API round summary and my-work page.

Run with `make bench` (SQLite, then a throwaway PostgreSQL). Uses the database in
DATABASE_URL, which it fills: point it at a scratch database. Prints a Markdown table
for docs/performance.md. Target: p95 under 50 ms.

Build once, measure later: a database that already holds BENCH_INSTITUTIONS institutions is
measured as it is (nothing is rebuilt). On PostgreSQL keep the cluster between runs with
`PG_KEEP=DIR` (scripts/test-postgres.sh), and measure with BENCH_REUSE=1, which refuses to
build (so a quiet window is spent measuring only):

    PG_KEEP=/tmp/bench-pg5000 BENCH_INSTITUTIONS=5000 scripts/test-postgres.sh .venv/bin/python bench/run.py
    PG_KEEP=/tmp/bench-pg5000 BENCH_INSTITUTIONS=5000 BENCH_REUSE=1 scripts/test-postgres.sh \
        .venv/bin/python bench/run.py
"""
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind, RoundStatus  # noqa: E402
from genderseal.core.memory import keep_loaded  # noqa: E402
from genderseal.core.models import Institution, Membership, OrgUnit, Role  # noqa: E402
from genderseal.demo.load import ensure_framework  # noqa: E402
from genderseal.standards.models import Benchmark  # noqa: E402

INSTITUTIONS = int(os.environ.get("BENCH_INSTITUTIONS", 1000))
ROUNDS = 3
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 200))
REUSE = os.environ.get("BENCH_REUSE", "") not in ("", "0")
RESULT_CODES = ["met", "partly_met", "not_met", "not_applicable", ""]


def build():
    call_command("migrate", verbosity=0)
    framework = ensure_framework()
    have = Institution.objects.count()
    if have >= INSTITUTIONS:
        return framework
    if REUSE:
        raise SystemExit(f"BENCH_REUSE: the database holds {have:,} institutions, not {INSTITUTIONS:,}; "
                         "build it first (the same command without BENCH_REUSE)")
    benchmarks = list(Benchmark.objects.current().filter(framework=framework))
    rng = random.Random(2568)
    User = get_user_model()
    started = time.perf_counter()
    with transaction.atomic():
        institutions = Institution.objects.bulk_create(
            Institution(slug=f"inst-{i:04d}", name_th=f"หน่วยงาน {i}", name_en=f"Institution {i}")
            for i in range(INSTITUTIONS)
        )
        OrgUnit.objects.bulk_create(
            OrgUnit(institution=inst, code=f"{10 + u:02d}000000", name_th=f"สำนัก {u}", abbreviation=f"ส{u}.")
            for inst in institutions for u in range(5)
        )
        users = User.objects.bulk_create(User(username=f"sec-{inst.slug}") for inst in institutions)
        Membership.objects.bulk_create(
            Membership(user=user, institution=inst, role=Role.SECRETARIAT) for user, inst in zip(users, institutions)
        )
        rounds = AssessmentRound.objects.bulk_create(
            AssessmentRound(institution=inst, framework=framework, number=n, kind=RoundKind.SELF,
                            title=f"รอบที่ {n}", status=RoundStatus.REVIEWED if n < ROUNDS else RoundStatus.OPEN)
            for inst in institutions for n in range(1, ROUNDS + 1)
        )
        BenchmarkResult.objects.bulk_create(
            (BenchmarkResult(round=r, benchmark=b, result_code=rng.choice(RESULT_CODES),
                             assessor_comment="ข้อคิดเห็นจากผู้ตรวจประเมิน" * rng.randint(0, 3))
             for r in rounds for b in benchmarks),
            batch_size=5000,
        )
    with connection.cursor() as cursor:  # what autovacuum / a nightly ANALYZE does in service
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"built {INSTITUTIONS} institutions, {len(rounds)} rounds, "
          f"{len(rounds) * len(benchmarks)} results in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return framework


def measure(path_for, samples):
    slugs = list(Institution.objects.values_list("slug", flat=True))
    users = {m.institution.slug: m.user for m in Membership.objects.select_related("user", "institution")
             .filter(institution__slug__in=slugs, role=Role.SECRETARIAT)}  # each institution's secretariat
    return measure_users(users, path_for, samples)


def measure_users(users, path_for, samples):
    """Server time and queries of a page for random institutions ({slug: user} signs in), after warm-up."""
    rng = random.Random(7)
    slugs = sorted(users)
    timings, queries = [], []
    client = Client()
    for i in range(samples + 10):
        if i == 10:
            keep_loaded()  # as the server's wsgi.py does once loaded: the warm-up's objects leave the collector
        slug = rng.choice(slugs)
        client.force_login(users[slug])
        connection.queries_log.clear()  # the log keeps 9,000 queries: a long run would count none
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path_for(slug))
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (path_for(slug), response.status_code)
        if i >= 10:  # warm-up
            timings.append(elapsed)
            queries.append(len(captured))
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": max(queries),
    }


def main():
    build()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    pages = {
        "dashboard": lambda slug: f"/i/{slug}/",
        "round page (40 benchmarks)": lambda slug: f"/i/{slug}/rounds/2/",
        "API round summary": lambda slug: f"/api/institutions/{slug}/rounds/2/summary",
        "my work": lambda slug: f"/i/{slug}/my-work/",
    }
    print(f"\n{INSTITUTIONS:,} institutions x {ROUNDS} rounds x 40 benchmarks, {SAMPLES} samples per page; "
          f"load average {os.getloadavg()[0]:.1f} before ({os.cpu_count()} cores)")
    print("\n| database | page | median ms | p95 ms | queries |\n|---|---|---|---|---|")
    for name, path_for in pages.items():
        result = measure(path_for, SAMPLES)
        print(f"| {engine} | {name} | {result['median']:.1f} | {result['p95']:.1f} | {result['queries']} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
