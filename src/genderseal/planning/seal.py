"""Feeding the Seal: approved indicator reports as monitoring evidence for benchmarks 1.1.3 and 1.1.4."""
from django.db.models import Prefetch
from django.utils.translation import get_language

from genderseal.thai.periods import period_label

from . import rules
from .models import PeriodReport, ReportStatus, Value

BENCHMARKS = ("1.1.3", "1.1.4")  # gender targets monitored and reported on
LIMIT = 24


def monitoring_reports(membership, limit=LIMIT):
    """The latest approved reports with their values (3 queries), and how many there are in all."""
    approved = PeriodReport.objects.for_member(membership).filter(status=ReportStatus.APPROVED)
    rows = list(approved.select_related("indicator__owner_unit").prefetch_related(
        Prefetch("values", queryset=Value.objects.order_by("option_key"))).order_by("-period", "indicator__code")[:limit])
    language = get_language() or "th"
    for report in rows:
        values = {v.option_key: v.number for v in report.values.all()}
        report.label = period_label(report.period, report.indicator.frequency, language)
        report.total = rules.total(values)
        report.split = rules.split_by_sex(values)
    return rows, approved.count()


def benchmark_context(membership, benchmark):
    if benchmark.code not in BENCHMARKS or not membership.can("planning.view"):
        return {}
    rows, count = monitoring_reports(membership)
    return {"planning_reports": rows, "planning_report_count": count}
