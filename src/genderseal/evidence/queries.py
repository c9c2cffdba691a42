"""Reads of evidence. Coverage: for each benchmark of a round, its approved evidence and which means of
verification it covers.

A fixed number of queries whatever the number of benchmarks or items.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q

from genderseal.standards.kept import rows_of
from genderseal.standards.models import Benchmark

from .models import Evidence, EvidenceLink, means_of_verification


@dataclass
class Means:
    index: int
    text: str
    covered: bool


@dataclass
class BenchmarkCoverage:
    benchmark: Benchmark
    evidence: list = field(default_factory=list)
    means: list = field(default_factory=list)

    @property
    def covered(self):
        return bool(self.evidence)


@dataclass
class Coverage:
    rows: list

    @property
    def total(self):
        return len(self.rows)

    @property
    def covered(self):
        return sum(1 for row in self.rows if row.covered)

    @property
    def missing(self):
        return [row.benchmark for row in self.rows if not row.covered]

    @property
    def percent(self):
        return round(100 * self.covered / self.total, 1) if self.total else 0


def _approved(membership):
    return Evidence.objects.for_member(membership).approved()


def round_coverage(membership, round, language="th"):
    benchmarks = sorted((b for b in rows_of(round.framework).benchmarks.values() if not b.retired),
                        key=lambda b: b.order)
    links = (EvidenceLink.objects.filter(benchmark__framework=round.framework_id, evidence__in=_approved(membership))
             .select_related("evidence__owner_unit").order_by("evidence__title_th"))
    by_benchmark = {}
    for link in links:
        by_benchmark.setdefault(link.benchmark_id, []).append(link)
    return Coverage([_row(b, by_benchmark.get(b.pk, []), language) for b in benchmarks])


def _row(benchmark, links, language):
    texts = means_of_verification(benchmark, language)
    means = [Means(i, text, any(link.covers(i) for link in links)) for i, text in enumerate(texts)]
    return BenchmarkCoverage(benchmark, [link.evidence for link in links], means)


def benchmark_coverage(membership, benchmark, language="th"):
    """Every visible item linked to the benchmark (any status), and the means its approved items cover."""
    links = list(EvidenceLink.objects.for_member(membership).filter(benchmark=benchmark, evidence__deleted_at=None)
                 .select_related("evidence__owner_unit").order_by("evidence__title_th"))
    approved_ids = set(_approved(membership).filter(links__benchmark=benchmark).values_list("pk", flat=True))
    row = _row(benchmark, [link for link in links if link.evidence_id in approved_ids], language)
    row.all_links = links
    return row


def coverage_counts(membership, round):
    """(benchmarks with approved evidence, benchmarks) for the dashboard: one query."""
    counts = Benchmark.objects.filter(framework=round.framework_id, retired=False).aggregate(
        total=Count("pk", distinct=True),
        covered=Count("pk", distinct=True, filter=Q(evidence_links__evidence__in=_approved(membership))),
    )
    return counts["covered"], counts["total"]


# Context for the other apps' pages: one call each, a fixed number of queries.
def _language():
    from django.utils.translation import get_language

    return "en" if (get_language() or "th").startswith("en") else "th"


def round_context(membership, round):
    if not membership.can("evidence.view"):
        return {}
    return {"evidence_coverage": round_coverage(membership, round, _language())}


def benchmark_context(membership, benchmark, results=(), options=None):
    """The benchmark page's evidence: linked items by means, items that may serve it, and the check of the
    latest not-met result's assessor comment against the linked items (comment_check)."""
    if not membership.can("evidence.view"):
        return {}
    from . import comment_check
    from .models import Evidence, EvidenceSuggestion, SuggestionState

    may_serve = list(EvidenceSuggestion.objects.for_member(membership).filter(
        benchmark=benchmark, state=SuggestionState.OPEN,
        evidence__in=Evidence.objects.for_member(membership).filter(deleted_at=None))
        .select_related("evidence").order_by("-score")[:10])
    latest = next((r for r in reversed(list(results)) if comment_check.not_met(r, options or {})
                   and r.assessor_comment.strip()), None)
    checked = comment_check.for_result(membership, latest) if latest else None
    return {"benchmark_evidence": benchmark_coverage(membership, benchmark, _language()),
            "benchmark_may_serve": may_serve,
            "comment_check": {"result": latest, "parts": checked} if checked else None}


def dashboard_context(membership, round):
    if round is None or not membership.can("evidence.view"):
        return {}
    return {"evidence_counts": coverage_counts(membership, round)}
