"""The benchmark page: the benchmark's wording, its results by round, and what the other apps hold for it
(evidence and the means it covers, monitoring reports, analysed projects)."""
from django.shortcuts import get_object_or_404, render

from genderseal.analysis import queries as analysis_queries
from genderseal.core.audit import history_for
from genderseal.core.views import member_view
from genderseal.evidence import queries as evidence_queries
from genderseal.planning import queries as planning_queries
from genderseal.standards.models import Benchmark, ResultOption

from ..models import AssessmentRound, BenchmarkResult


@member_view("framework.view")
def benchmark_detail(request, membership, code, benchmark):
    benchmark = get_object_or_404(
        Benchmark.objects.select_related("framework", "goal__dimension"), framework__code=code, code=benchmark
    )
    results = (
        BenchmarkResult.objects.for_member(membership)
        .filter(benchmark=benchmark)
        .select_related("round", "updated_by")
        .prefetch_related("responsible_units")
        .order_by("round__number")
    )
    options = {o.code: o for o in ResultOption.objects.filter(framework=benchmark.framework)}
    results = list(results)
    for result in results:
        result.option = options.get(result.result_code)
    return render(request, "assessments/benchmark_detail.html", {
        "benchmark": benchmark, "results": results,
        "rounds": AssessmentRound.objects.for_member(membership).filter(framework=benchmark.framework),
        "history": history_for(membership, ref_suffix=f"/benchmark:{benchmark.pk}"),
        **evidence_queries.benchmark_context(membership, benchmark, results, options),
        **planning_queries.benchmark_context(membership, benchmark),
        **analysis_queries.benchmark_context(membership, benchmark),
    })
