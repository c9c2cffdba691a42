"""Feeding the Seal. Benchmark 1.1.2 (a systematic gender analysis mechanism): this fiscal year's analysed and
screened projects, and the approved worksheets and screening forms as evidence. Benchmark 1.1.3 (projects with
explicit gender indicators and targets): the same, limited to projects carrying gender targets
(queries.with_gender_targets says what that means)."""
from . import queries

BENCHMARKS = ("1.1.2", "1.1.3")


def benchmark_context(membership, benchmark):
    if benchmark.code not in BENCHMARKS or not membership.can("analysis.view"):
        return {}
    fy = queries.current_fy()
    targets = benchmark.code == "1.1.3"
    return {"analysis_fy": fy, "analysis_gender_targets": targets,
            "analysis_counts": queries.year_counts(membership, fy, gender_targets=targets),
            "analysis_worksheets": queries.approved_worksheets(membership, gender_targets=targets),
            "analysis_screenings": queries.approved_screenings(membership, gender_targets=targets)}
