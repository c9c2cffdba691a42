"""Scoring rules for a round, as plain functions over plain data (no ORM inside).

The standard's file says what each result code is worth and what each level needs;
these functions only apply it:
- a benchmark missing from a round counts as applicable with no credit;
- percent = credit / applicable x 100, compared exactly (fractions), never rounded;
- a level is reached when every rule it states holds; the level is the highest reached.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache


@cache  # a standard has a few hundred codes, sorted at every summary
def code_key(code: str):
    """Natural order for codes such as 1.1.2 < 1.1.10."""
    return tuple((0, int(part)) if part.isdecimal() else (1, part) for part in code.split("."))


def _exact(value) -> Fraction:
    # str() first so 0.1 from a YAML file means one tenth, not its binary neighbour.
    return Fraction(str(value))


@dataclass(frozen=True)
class ResultOption:
    code: str
    credit: float = 0.0
    applicable: bool = True


@dataclass(frozen=True)
class LevelRule:
    code: str
    min_percent: float | None = None
    min_credit: float | None = None
    mandatory: tuple[str, ...] = ()


@dataclass(frozen=True)
class BenchmarkRef:
    code: str
    dimension: str
    goal: str


@dataclass(frozen=True)
class Standard:
    """What the rules need to know of a framework."""

    code: str
    version: str
    results: Mapping[str, ResultOption]
    levels: tuple[LevelRule, ...]  # highest first
    benchmarks: tuple[BenchmarkRef, ...]

    @property
    def full_credit(self) -> Fraction:
        credits = [_exact(r.credit) for r in self.results.values() if r.applicable]
        return max(credits, default=Fraction(0))

    @property
    def dimensions(self) -> list[str]:
        return list(dict.fromkeys(b.dimension for b in self.benchmarks))

    @property
    def goals(self) -> list[str]:
        return list(dict.fromkeys(b.goal for b in self.benchmarks))


@dataclass(frozen=True)
class Score:
    code: str
    credit: Fraction
    applicable: int

    @property
    def percent(self) -> Fraction:
        return self.credit * 100 / self.applicable if self.applicable else Fraction(0)


@dataclass(frozen=True)
class Gap:
    level: str
    credit_needed: Fraction
    mandatory_missing: list[str]
    candidates: list[str]


@dataclass(frozen=True)
class Summary:
    standard: Standard
    total: Score
    level: str | None
    dimensions: list[Score]
    goals: list[Score]
    next_level: Gap | None
    credits: dict[str, Fraction] = field(repr=False)
    applicable: dict[str, bool] = field(repr=False)


class UnknownCode(ValueError):
    pass


def benchmark_credit(standard: Standard, result_code: str | None) -> tuple[Fraction, bool]:
    """(credit, applicable) for one result; no result yet = applicable, no credit."""
    if result_code is None or result_code == "":
        return Fraction(0), True
    try:
        option = standard.results[result_code]
    except KeyError:
        raise UnknownCode(result_code) from None
    if not option.applicable:
        return Fraction(0), False
    return _exact(option.credit), True


def _score(code: str, refs: Iterable[BenchmarkRef], credits, applicable) -> Score:
    refs = [r for r in refs if applicable[r.code]]
    return Score(code, sum((credits[r.code] for r in refs), Fraction(0)), len(refs))


def level_reached(rule: LevelRule, total: Score, credits: Mapping[str, Fraction], full: Fraction) -> bool:
    # On the percent itself: with nothing applicable it is 0, not "any threshold".
    if rule.min_percent is not None and total.percent < _exact(rule.min_percent):
        return False
    if rule.min_credit is not None and total.credit < _exact(rule.min_credit):
        return False
    return all(credits.get(code, Fraction(0)) >= full for code in rule.mandatory)


def credit_needed(rule: LevelRule, total: Score) -> Fraction:
    needed = Fraction(0)
    if rule.min_percent is not None:
        needed = max(needed, _exact(rule.min_percent) * total.applicable / 100 - total.credit)
    if rule.min_credit is not None:
        needed = max(needed, _exact(rule.min_credit) - total.credit)
    return needed


def summarize(standard: Standard, results: Mapping[str, str | None]) -> Summary:
    """Score a round: `results` maps benchmark code to result code (or None)."""
    credits: dict[str, Fraction] = {}
    applicable: dict[str, bool] = {}
    for ref in standard.benchmarks:
        credits[ref.code], applicable[ref.code] = benchmark_credit(standard, results.get(ref.code))
    total = _score("", standard.benchmarks, credits, applicable)
    dimensions = [
        _score(d, (b for b in standard.benchmarks if b.dimension == d), credits, applicable)
        for d in standard.dimensions
    ]
    goals = [
        _score(g, (b for b in standard.benchmarks if b.goal == g), credits, applicable)
        for g in standard.goals
    ]
    full = standard.full_credit
    reached = [rule for rule in standard.levels if level_reached(rule, total, credits, full)]
    level = reached[0].code if reached else None
    return Summary(
        standard=standard,
        total=total,
        level=level,
        dimensions=dimensions,
        goals=goals,
        next_level=gap_to_next_level(standard, level, total, credits, applicable),
        credits=credits,
        applicable=applicable,
    )


def gap_to_next_level(standard, level, total, credits, applicable) -> Gap | None:
    codes = [rule.code for rule in standard.levels]
    position = codes.index(level) if level is not None else len(codes)
    if position == 0:
        return None
    rule = standard.levels[position - 1]
    full = standard.full_credit
    mandatory = set(rule.mandatory)
    missing = sorted((c for c in rule.mandatory if credits.get(c, 0) < full), key=code_key)
    open_codes = [c for c in credits if applicable[c] and credits[c] < full]
    open_codes.sort(key=lambda c: (c not in mandatory, -credits[c], code_key(c)))
    return Gap(rule.code, credit_needed(rule, total), missing, open_codes)


def _number(value: Fraction, digits: int) -> float:
    """Round half up, as people do (6.25 -> 6.3), from the exact value."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _score_json(score: Score) -> dict:
    return {
        "code": score.code,
        "credit": _number(score.credit, 4),
        "applicable": score.applicable,
        "percent": _number(score.percent, 1),
    }


def summary_json(summary: Summary) -> dict:
    """The JSON shape shared by the CLI, the API and the summary command."""
    gap = summary.next_level
    return {
        "framework": summary.standard.code,
        "version": summary.standard.version,
        "credit": _number(summary.total.credit, 4),
        "applicable": summary.total.applicable,
        "percent": _number(summary.total.percent, 1),
        "level": summary.level,
        "dimensions": [_score_json(s) for s in summary.dimensions],
        "goals": [_score_json(s) for s in summary.goals],
        "next_level": None
        if gap is None
        else {
            "code": gap.level,
            "credit_needed": _number(gap.credit_needed, 4),
            "mandatory_missing": gap.mandatory_missing,
            "candidates": gap.candidates,
        },
    }


@dataclass(frozen=True)
class BenchmarkChange:
    code: str
    before: str | None
    after: str | None
    change: str  # improved, worsened, same


@dataclass(frozen=True)
class DimensionChange:
    code: str
    before: Score
    after: Score

    @property
    def delta(self) -> Fraction:
        return self.after.percent - self.before.percent


def compare(before: Summary, after: Summary, before_results, after_results):
    """Round-to-round comparison per benchmark and per dimension (same standard)."""
    benchmarks = []
    for ref in after.standard.benchmarks:
        a, b = before.credits.get(ref.code, Fraction(0)), after.credits[ref.code]
        was, now = before_results.get(ref.code), after_results.get(ref.code)
        if b > a:
            change = "improved"
        elif b < a:
            change = "worsened"
        else:
            change = "same" if (was or None) == (now or None) else "changed"
        benchmarks.append(BenchmarkChange(ref.code, was or None, now or None, change))
    old = {s.code: s for s in before.dimensions}
    dimensions = [
        DimensionChange(s.code, old.get(s.code, Score(s.code, Fraction(0), 0)), s) for s in after.dimensions
    ]
    return benchmarks, dimensions
