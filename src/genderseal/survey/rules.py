"""The survey's disclosure rule and statistics, as plain functions over plain data (no ORM).

`visible_groups` is the one rule the results page, the API and the XLSX export all use.
"""
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping

MIN_GROUP = 5
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Visibility:
    shown: tuple  # groups shown on their own (each has at least `minimum` responses), largest first
    merged: tuple  # groups shown only together as "other groups"; empty when that row is not shown
    hidden: tuple  # groups never shown, not even merged

    @property
    def merged_row(self):
        return bool(self.merged)


def visible_groups(counts: Mapping[Hashable, int], minimum: int = MIN_GROUP) -> Visibility:
    """Which groups of respondents may be shown, given the number of responses in each.

    - A group with at least `minimum` responses is shown on its own.
    - Smaller groups are pooled. The pool is shown as one "other groups" row only when it
      holds at least `minimum` responses (so at least two groups); otherwise it is hidden.
    - Complementary suppression: the overall results are shown too, so "all minus the shown
      groups" must never be a small group. While the pool holds 1 to minimum-1 responses,
      the smallest shown group joins it (the pool then has at least `minimum`).
    """
    counts = {key: int(n) for key, n in counts.items() if n and n > 0}
    order = sorted(counts, key=lambda k: (-counts[k], str(k)))
    shown = [k for k in order if counts[k] >= minimum]
    pool = [k for k in order if counts[k] < minimum]
    while shown and 0 < sum(counts[k] for k in pool) < minimum:
        pool.insert(0, shown.pop())  # the smallest shown group
    if sum(counts[k] for k in pool) >= minimum:
        return Visibility(tuple(shown), tuple(pool), ())
    return Visibility(tuple(shown), (), tuple(pool))


@dataclass(frozen=True)
class Stats:
    n: int
    counts: tuple  # answers per scale point, 1..5
    mean: float | None

    @property
    def percents(self):
        return tuple(round(100 * c / self.n, 1) if self.n else 0.0 for c in self.counts)


def stats(values: Iterable[int]) -> Stats:
    """Distribution and mean of scale answers (None and values off the scale are not counted)."""
    counts = [0] * len(SCALE)
    for value in values:
        if value in SCALE:
            counts[value - 1] += 1
    n = sum(counts)
    mean = round(sum(v * c for v, c in zip(SCALE, counts)) / n, 2) if n else None
    return Stats(n, tuple(counts), mean)


def check_value(raw):
    """A scale answer from a form or API: an int in 1..5, None when empty; ValueError otherwise."""
    if raw is None or raw == "":
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValueError(raw) from None
    if value not in SCALE or str(raw).strip() not in {str(v) for v in SCALE}:
        raise ValueError(raw)
    return value
