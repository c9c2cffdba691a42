"""A standard's own rows, read once per process: result options, levels, dimensions, benchmarks, the rules' Standard.

Every institution assessed against a framework reads the same rows, and the dashboard and the round
page read them at every request (five queries). They change only when the framework is loaded
(`services.load_framework`, all or nothing, which saves the framework row and so moves its
`loaded_at`). The framework row a page already holds therefore says whether the copy kept here is
still the current one: nothing is asked of the database to know. A copy is replaced, never edited,
so a page reading it while another request replaces it still sees one whole standard.
"""
from dataclasses import dataclass

from .models import Benchmark, Dimension, Framework, Level, ResultOption
from .services import standard_for


@dataclass(frozen=True)
class StandardRows:
    standard: object  # rules.Standard
    options: dict  # result code -> ResultOption, in the standard's order
    levels: tuple  # Level, in order
    dimensions: tuple  # Dimension not retired, in order
    benchmarks: dict  # id -> Benchmark (retired ones too), with its goal and dimension


_kept = {}  # framework id -> ((id, loaded_at, version, sha256), StandardRows)


def _stamp(framework):
    return framework.pk, framework.loaded_at, framework.version, framework.sha256


def rows_of(framework: Framework, again=False) -> StandardRows:
    """The framework's rows, read from the database only when it was loaded since they were kept
    (or `again`: a caller found a row the kept copy lacks, written by something other than a load)."""
    stamp = _stamp(framework)
    kept = _kept.get(framework.pk)
    if kept is not None and kept[0] == stamp and not again:
        return kept[1]
    rows = StandardRows(
        standard=standard_for(framework),
        options={o.code: o for o in ResultOption.objects.filter(framework=framework)},
        levels=tuple(Level.objects.filter(framework=framework)),
        dimensions=tuple(Dimension.objects.filter(framework=framework, retired=False)),
        benchmarks={b.pk: b for b in Benchmark.objects.filter(framework=framework).select_related("goal__dimension")},
    )
    _kept[framework.pk] = (stamp, rows)
    return rows


def forget():
    """Drop every kept copy (a test that rewrites a standard's rows behind the loader's back)."""
    _kept.clear()
