"""Feeding the Seal: benchmark 1.1.2 (a working gender analysis mechanism) shows this fiscal year's
analysed and screened projects and lists the approved worksheets as evidence."""
from . import queries

BENCHMARKS = ("1.1.2",)


def benchmark_context(membership, benchmark):
    if benchmark.code not in BENCHMARKS or not membership.can("analysis.view"):
        return {}
    fy = queries.current_fy()
    return {"analysis_fy": fy, "analysis_counts": queries.year_counts(membership, fy),
            "analysis_worksheets": queries.approved_worksheets(membership)}
