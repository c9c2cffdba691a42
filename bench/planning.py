"""Benchmark: 5,000 indicators x 36 months x 3 sex options (540,000 values).

Times the planning dashboard (server side, p50/p95 over BENCH_SAMPLES requests) and an
import of 100,000 value rows from the Excel template (wall time and peak Python memory
via tracemalloc). Uses the database in DATABASE_URL, which it fills: point it at a
scratch database. Prints Markdown lines for docs/performance.md.
Targets: dashboard p95 < 100 ms; import < 30 s and < 300 MB.
"""
import io
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from genderseal.core.models import Institution, Membership, OrgUnit, Role  # noqa: E402
from genderseal.planning import importer, services, stamps  # noqa: E402
from genderseal.planning.models import Indicator, IndicatorTarget, PeriodReport, ReportStatus, Value  # noqa: E402
from genderseal.planning.template import SHEETS  # noqa: E402
from genderseal.thai.dates import MONTHS_TH_SHORT, FiscalYear  # noqa: E402
from genderseal.thai.periods import period_end, periods  # noqa: E402

INDICATORS = int(os.environ.get("BENCH_INDICATORS", 5000))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 100_000))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 50))
COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", 10))
ONLY = os.environ.get("BENCH_ONLY", "")  # "dashboard": skip the import timing
YEARS = (2566, 2567, 2568)
UNITS = 50


def build():
    call_command("migrate", verbosity=0)
    institution, _ = Institution.objects.get_or_create(slug="bench", defaults={"name_th": "ทดสอบ"})
    if Indicator.objects.filter(institution=institution).count() >= INDICATORS:
        return institution
    started = time.perf_counter()
    with transaction.atomic():
        units = OrgUnit.objects.bulk_create(OrgUnit(institution=institution, code=f"{50010000 + i * 10000:08d}",
                                                    name_th=f"เขต {i}") for i in range(UNITS))
        indicators = Indicator.objects.bulk_create(
            Indicator(institution=institution, code=f"B-{i:05d}", title_th=f"ตัวชี้วัด {i}", owner_unit=units[i % UNITS],
                      unit_of_measure="คน", first_fy=2566, last_fy=2570) for i in range(INDICATORS))
        IndicatorTarget.objects.bulk_create(IndicatorTarget(indicator=ind, fiscal_year=fy, value=1000)
                                            for ind in indicators for fy in YEARS)
        tz = timezone.get_current_timezone()
        months = [m for fy in YEARS for m in periods(FiscalYear(fy), "monthly")]
        for start in months:
            at = timezone.make_aware(timezone.datetime.combine(period_end(start, "monthly") + timedelta(days=3),
                                                               timezone.datetime.min.time()), tz)
            reports = PeriodReport.objects.bulk_create(
                (PeriodReport(indicator=ind, period=start, status=ReportStatus.APPROVED, submitted_at=at)
                 for n, ind in enumerate(indicators) if (n + start.month) % 23), batch_size=2000)
            Value.objects.bulk_create((Value(report=r, option_key=k, number=Decimal(10 + (r.indicator_id + i) % 40))
                                       for r in reports for i, k in enumerate(("female", "male", "other"))),
                                      batch_size=5000)
    stamps.touch(institution.pk)  # bulk writes around the services: say the data changed
    print(f"built {INDICATORS} indicators x {len(months)} months in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return institution


def time_dashboard(institution):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-secretariat")
    Membership.objects.get_or_create(user=user, institution=institution, defaults={"role": Role.SECRETARIAT})
    client = Client()
    client.force_login(user)
    url = "/i/bench/plan/?fy=2568"
    assert client.get(url).status_code == 200
    times = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    cold = []  # the first request after a write (the stamp replaced, so nothing cached)
    for _ in range(COLD_SAMPLES):
        stamps.touch(institution.pk)
        started = time.perf_counter()
        client.get(url)
        cold.append((time.perf_counter() - started) * 1000)
    cold.sort()
    print(f"dashboard after a change of plan data (nothing cached): p50 {statistics.median(cold):.0f} ms, "
          f"p95 {cold[max(int(len(cold) * 0.95) - 1, 0)]:.0f} ms, max {cold[-1]:.0f} ms", file=sys.stderr)
    client.get(url)
    membership = Membership.objects.get(user=user, institution=institution)
    after_report = []  # a unit's monthly report through the services: that unit's part is recomputed
    for i in range(COLD_SAMPLES):
        n = (23 - 10) + 23 * i  # (n + 10) % 23 == 0: left without an October report by the builder
        indicator = Indicator.objects.get(institution=institution, code=f"B-{n:05d}")
        services.save_report(membership, indicator, date(2024, 10, 1), {"female": 5, "male": 4, "other": 1},
                             submit=True)
        started = time.perf_counter()
        client.get(url)
        after_report.append((time.perf_counter() - started) * 1000)
    after_report.sort()
    print(f"dashboard after a unit's monthly report: p50 {statistics.median(after_report):.0f} ms, "
          f"p95 {after_report[max(int(len(after_report) * 0.95) - 1, 0)]:.0f} ms, max {after_report[-1]:.0f} ms",
          file=sys.stderr)
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def import_file():
    """IMPORT_ROWS value rows for FY2569 (not yet reported), Thai month abbreviations."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("values")
    ws.append(SHEETS["values"])
    n = 0
    for i in range(INDICATORS):
        for month in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9):
            for key in ("female", "male", "other"):
                if n >= IMPORT_ROWS:
                    break
                ws.append((f"B-{i:05d}", 2569, MONTHS_TH_SHORT[month - 1], None, key, 7))
                n += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n


def _clear_imported():
    Value.objects.filter(report__period__gte=FiscalYear(2569).start).delete()
    PeriodReport.objects.filter(period__gte=FiscalYear(2569).start).delete()


def time_import(institution):
    """Wall time without tracing, then peak Python memory in a second run under tracemalloc (slower)."""
    data, rows = import_file()
    started = time.perf_counter()
    summary = importer.import_file(institution, data, "bench.xlsx")
    seconds = time.perf_counter() - started
    _clear_imported()
    tracemalloc.start()
    importer.import_file(institution, data, "bench.xlsx")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    _clear_imported()
    return rows, summary["values"], seconds, peak


def main():
    institution = build()
    values = Value.objects.filter(report__indicator__institution=institution).count()
    p50, p95 = time_dashboard(institution)
    if ONLY == "dashboard":
        print(f"| {connection.vendor} | {INDICATORS:,} | {values:,} | {p50:.0f} | {p95:.0f} | – | – | – |")
        return
    rows, imported, seconds, peak = time_import(institution)
    print(f"| {connection.vendor} | {INDICATORS:,} | {values:,} | {p50:.0f} | {p95:.0f} | {rows:,} | {seconds:.1f} | "
          f"{peak:.0f} |")


if __name__ == "__main__":
    main()
