"""What the workspace and results pages show, each in a fixed number of queries."""
from dataclasses import dataclass, field

from django.db.models import Prefetch

from genderseal.evidence.models import Evidence, EvidenceLink, EvidenceRevision
from genderseal.standards import rules
from genderseal.standards.models import Benchmark, Level, ResultOption
from genderseal.standards.services import standard_for

from . import services
from .models import Clarification, ClarificationMessage, ExternalRating


@dataclass
class EvidenceRow:
    evidence: Evidence
    revision: EvidenceRevision | None  # the latest revision (a file or a link)


@dataclass
class WorkRow:
    result: object  # the institution's BenchmarkResult (submitted or approved)
    evidence: list = field(default_factory=list)
    rating: ExternalRating | None = None
    option: ResultOption | None = None
    threads: list = field(default_factory=list)

    @property
    def benchmark(self):
        return self.result.benchmark

    @property
    def version(self):
        return self.rating.version if self.rating else 0


def options_for(round):
    return {o.code: o for o in ResultOption.objects.filter(framework=round.framework_id)}


def approved_evidence(membership, benchmark_ids):
    """{benchmark id: [EvidenceRow]} of approved, current items only, whatever the member's role."""
    approved = Evidence.objects.for_member(membership).approved()
    links = list(EvidenceLink.objects.for_member(membership).filter(benchmark_id__in=benchmark_ids, evidence__in=approved)
                 .select_related("evidence__owner_unit").order_by("evidence__title_th"))
    latest = {}
    for revision in EvidenceRevision.objects.for_member(membership).filter(evidence_id__in={link.evidence_id for link in links}).order_by(
            "evidence_id", "-number").defer("extracted_text"):
        latest.setdefault(revision.evidence_id, revision)
    by_benchmark = {}
    for link in links:
        by_benchmark.setdefault(link.benchmark_id, []).append(EvidenceRow(link.evidence, latest.get(link.evidence_id)))
    return by_benchmark


def threads(membership, round, benchmark_ids=None):
    rows = (Clarification.objects.for_member(membership).filter(round=round)
            .select_related("benchmark", "asked_by")
            .prefetch_related(Prefetch("messages", ClarificationMessage.objects.select_related("author"))))
    if benchmark_ids is not None:
        rows = rows.filter(benchmark_id__in=benchmark_ids)
    return list(rows)


def workspace(membership, round, code=None):
    """One row per benchmark the institution submitted or had approved: its evidence, rating and threads.

    With `code`, the row of that benchmark alone (for the HTMX swap after a rating is saved).
    """
    results = services.reviewable_results(membership, round).prefetch_related("responsible_units")
    if code is not None:
        results = results.filter(benchmark__code=code)
    results = list(results)
    ids = [r.benchmark_id for r in results]
    evidence = approved_evidence(membership, ids)
    ratings = {r.benchmark_id: r for r in ExternalRating.objects.for_member(membership).filter(round=round)}
    options = options_for(round)
    by_benchmark = {}
    for thread in threads(membership, round, ids):
        by_benchmark.setdefault(thread.benchmark_id, []).append(thread)
    rows = []
    for result in results:
        rating = ratings.get(result.benchmark_id)
        rows.append(WorkRow(result, evidence.get(result.benchmark_id, []), rating,
                            options.get(rating.result_code) if rating else None,
                            by_benchmark.get(result.benchmark_id, [])))
    return rows, options


@dataclass
class PublishedRow:
    benchmark: Benchmark
    rating: ExternalRating | None
    option: ResultOption | None


@dataclass
class Published:
    rows: list
    summary: rules.Summary
    level: Level | None

    @property
    def rated(self):
        return sum(1 for row in self.rows if row.rating)


def published_results(membership, round):
    """Every current benchmark with the rating the member may see (published ones for the institution)."""
    ratings = {r.benchmark_id: r for r in ExternalRating.objects.for_member(membership).filter(round=round)}
    options = options_for(round)
    benchmarks = list(Benchmark.objects.current().filter(framework=round.framework_id)
                      .select_related("goal__dimension").order_by("order"))
    rows = [PublishedRow(b, ratings.get(b.pk), options.get(ratings[b.pk].result_code) if b.pk in ratings else None)
            for b in benchmarks]
    codes = {row.benchmark.code: row.rating.result_code for row in rows if row.rating}
    summary = rules.summarize(standard_for(round.framework), codes)
    level = Level.objects.filter(framework=round.framework_id, code=summary.level).first() if summary.level else None
    return Published(rows, summary, level)
