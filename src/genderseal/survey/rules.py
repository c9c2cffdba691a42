"""The survey's disclosure rules and statistics, as plain functions over plain data (no ORM).

`disclosed_cuts` (built on `visible_groups`) is the one rule the results page, the API and the XLSX
export all use; `batch_check` is the rule for a batch of links against a unit's staff count.
The threat model they answer is in docs/survey.md.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping

from .span import small_derivable

MIN_GROUP = 5  # a group (row) shown has at least this many respondents
MIN_TOTAL = 10  # no result at all below this many responses
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Visibility:
    shown: tuple  # groups shown on their own (each has at least `minimum` responses), largest first
    merged: tuple  # groups shown only together as "other groups"; empty when that row is not shown
    hidden: tuple  # groups never shown, not even merged

    @property
    def merged_row(self):
        return bool(self.merged)


def visible_groups(counts: Mapping[Hashable, int], minimum: int = MIN_GROUP, pooled=()) -> Visibility:
    """Which groups of respondents may be shown, given the number of responses in each.

    - A group with at least `minimum` responses is shown on its own.
    - Smaller groups are pooled. The pool is shown as one "other groups" row only when it
      holds at least `minimum` responses (so at least two groups); otherwise it is hidden.
    - Complementary suppression: the overall results are shown too, so "all minus the shown
      groups" must never be a small group. While the pool holds 1 to minimum-1 responses,
      the smallest shown group joins it (the pool then has at least `minimum`). So when exactly
      one group is hidden, the next smallest is hidden with it.
    - `pooled`: groups that must go to the pool whatever their size (see `disclosed_cuts`).
    """
    counts = {key: int(n) for key, n in counts.items() if n and n > 0}
    order = sorted(counts, key=lambda k: (-counts[k], str(k)))
    shown = [k for k in order if counts[k] >= minimum and k not in pooled]
    pool = [k for k in order if k not in shown]
    while shown and 0 < sum(counts[k] for k in pool) < minimum:
        pool.insert(0, shown.pop())  # the smallest shown group
    if sum(counts[k] for k in pool) >= minimum:
        return Visibility(tuple(shown), tuple(pool), ())
    return Visibility(tuple(shown), (), tuple(pool))


NOTHING = Visibility((), (), ())


def _rows(visibility, members):
    """{row key: set of respondents} of a visible cut; the pool under the key None."""
    rows = {key: set(members[key]) for key in visibility.shown}
    if visibility.merged:
        rows[None] = set().union(*(members[key] for key in visibility.merged))
    return rows


def _bridges(edges):
    """The edges of a small undirected graph whose removal disconnects their two ends."""
    neighbours = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)

    def connected(start, goal, without):
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for nxt in neighbours[node]:
                if {node, nxt} == without or nxt in seen:
                    continue
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False

    return {(a, b) for a, b in edges if not connected(a, b, {a, b})}


def derivable_small(new_rows, old_rows, minimum=MIN_GROUP):
    """Keys of `new_rows` that, with the rows of one cut already shown (`old_rows`), let a set of
    1 to minimum-1 respondents be worked out by adding and subtracting row counts.

    Both cuts split the same respondents. Their crossing is a bipartite graph (a row per node, an
    edge where two rows share respondents). A crossing that is a bridge of that graph can be worked
    out on its own (e.g. a unit all of whose respondents are women: "women minus that unit"), and so
    can what a row keeps inside one block once its bridges are taken away. Each of those must be
    empty or hold at least `minimum` respondents; the new rows to blame are returned.
    """
    edges = {}
    for a, members_a in new_rows.items():
        for b, members_b in old_rows.items():
            both = len(members_a & members_b)
            if both:
                edges[(("new", a), ("old", b))] = both
    bridges = _bridges(list(edges))
    blamed = set()
    for (a, b), n in edges.items():
        if (a, b) in bridges and n < minimum:
            blamed.add(a[1])
    inside = Counter()  # what each row keeps once its bridges are taken away
    for (a, b), n in edges.items():
        if (a, b) not in bridges:
            inside[a] += n
            inside[b] += n
    for node, n in inside.items():
        if n < minimum:
            blamed |= {a[1] for (a, b) in edges if (node in (a, b)) and (a, b) not in bridges}
    return blamed


def _blame_combined(rows, shown_rows, respondents, minimum):
    """Keys of `rows` (a cut about to be shown) to blame when, with the total and every cut already
    shown, they let a set of 1 to minimum-1 respondents be worked out (`span.small_derivable`: any
    combination of rows, all cuts at once). The rows used by one such combination are blamed; the
    pool (None) alone means the cut cannot be shown."""
    keys = list(rows)
    earlier = [respondents] + [row for old in shown_rows for row in old.values()]
    found = small_derivable(earlier + [rows[key] for key in keys], minimum)
    if found is None:
        return set()
    _people, factors = found
    blamed = {key for key, factor in zip(keys, factors[len(earlier):]) if factor}
    return blamed - {None} or {None}


def disclosed_cuts(cuts, minimum=MIN_GROUP, min_total=MIN_TOTAL):
    """What each cut (sex, age group, unit, …) may show: {name: Visibility}.

    `cuts` is an ordered list of (name, {respondent: group key}) over the same respondents (an
    unstated answer is a group too). Below `min_total` respondents nothing is shown. Each cut goes
    through `visible_groups` (groups of `minimum` or more, small ones pooled, complementary
    suppression against the total); then against every cut already shown (`derivable_small`): a row
    that would let a small set be subtracted out goes to the pool, and when the pool itself is to
    blame the whole cut is not shown; then the same with every cut shown so far at once
    (`_blame_combined`: any combination of the rows of all cuts and the total, e.g. "women plus the
    under-30s plus unit A minus everyone"). Earlier cuts win: list sex first.
    """
    cuts = list(cuts)
    respondents = set().union(*(set(groups) for _name, groups in cuts)) if cuts else set()
    if len(respondents) < min_total:
        return {name: NOTHING for name, _groups in cuts}
    shown_rows, out = [], {}
    for name, groups in cuts:
        members = defaultdict(set)
        for respondent, key in groups.items():
            members[key].add(respondent)
        forced = set()
        while True:
            visibility = visible_groups({k: len(v) for k, v in members.items()}, minimum, pooled=forced)
            rows = _rows(visibility, members)
            blamed = set()
            for old in shown_rows:
                blamed |= derivable_small(rows, old, minimum)
            if rows and not blamed:
                blamed = _blame_combined(rows, shown_rows, respondents, minimum)
            if not rows or not blamed:
                break
            if None in blamed or blamed >= set(visibility.shown):
                visibility, rows = Visibility((), (), tuple(members)), {}
                break
            forced |= blamed
        if rows:
            shown_rows.append(rows)
        out[name] = visibility
    return out


def batch_check(count, staff, earlier=0, staff_before=()):
    """A batch of `count` links for a unit of `staff` people, `earlier` links already made for it,
    `staff_before` the staff counts given with its earlier batches.

    Returns (refusal, flagged): a batch larger than the unit's staff count is refused; one that takes
    the unit's links over its staff count (links made again after a lost batch, say), or that gives
    the unit a staff count other than before (which would move the ceiling), is flagged for the
    committee beside the results.
    """
    if not staff or staff < 1:
        return "no-staff", False
    if count > staff:
        return "over-staff", False
    return None, earlier + count > staff or any(before != staff for before in staff_before)


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
