"""Reporting discipline, progress and sex ratios as plain functions over plain data (no ORM).

Pages, the API, the command line and the benchmarks share these; tests call them directly.
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from genderseal.thai.dates import FiscalYear
from genderseal.thai.periods import MONTHLY, deadline, periods

SEX_OPTIONS = ("female", "male", "other")


@dataclass(frozen=True)
class Rule:
    """The institution's reporting rule: days after period end, points lost per missing/late report."""

    deadline_days: int = 15
    missing_points: Decimal = Decimal("0.5")
    late_points: Decimal = Decimal("0.25")


@dataclass
class Tally:
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def missing(self):
        return self.expected - self.received

    @property
    def late(self):
        return self.received - self.on_time

    @property
    def rate(self):
        return percent(self.received, self.expected)

    @property
    def on_time_rate(self):
        return percent(self.on_time, self.expected)

    def add(self, other):
        self.expected += other.expected
        self.received += other.received
        self.on_time += other.on_time
        return self


def percent(part, whole):
    if not whole:
        return None
    return round(float(part) * 100.0 / float(whole), 1)


def expected_periods(fy: FiscalYear, frequency=MONTHLY, *, today: date, rule: Rule = Rule(),  # noqa: B008 (frozen)
                     first: date | None = None, last: date | None = None):
    """Periods of the fiscal year whose deadline has passed by `today` (inside first..last when given)."""
    out = []
    for start in periods(fy, frequency):
        if first is not None and start < first:
            continue
        if last is not None and start > last:
            continue
        if deadline(start, frequency, rule.deadline_days) < today:
            out.append(start)
    return out


def is_on_time(start: date, frequency: str, submitted_at, rule: Rule) -> bool:
    if submitted_at is None:
        return False
    day = submitted_at.date() if isinstance(submitted_at, datetime) else submitted_at
    return day <= deadline(start, frequency, rule.deadline_days)


def tally(expected, received):
    """`expected`: iterable of (indicator, period); `received`: {(indicator, period): on_time bool}."""
    result = Tally()
    for key in expected:
        result.expected += 1
        if key in received:
            result.received += 1
            result.on_time += bool(received[key])
    return result


def points_lost(t: Tally, rule: Rule) -> Decimal:
    return rule.missing_points * t.missing + rule.late_points * t.late


def score(t: Tally, rule: Rule, full: Decimal = Decimal("100")) -> Decimal:
    """A unit's score after the points lost (never below zero)."""
    return max(full - points_lost(t, rule), Decimal(0))


@dataclass
class SexSplit:
    female: Decimal = Decimal(0)
    male: Decimal = Decimal(0)
    other: Decimal = Decimal(0)

    @property
    def total(self):
        return self.female + self.male + self.other

    @property
    def ratio(self):
        """Female per male (None without men)."""
        return None if not self.male else round(float(self.female) / float(self.male), 2)

    @property
    def gap(self):
        """Female minus male, in points of the total (positive: more women)."""
        if not self.total:
            return None
        return round(float(self.female - self.male) * 100.0 / float(self.total), 1)

    def share(self, option):
        return percent(getattr(self, option), self.total) or 0.0


def sex_of(key: str):
    """The sex option in an option key ('female', 'female|0-14'), or None."""
    head = key.split("|", 1)[0]
    return head if head in SEX_OPTIONS else None


def split_by_sex(values):
    """{option key: number} -> SexSplit (other categories summed over)."""
    split = SexSplit()
    for key, number in values.items():
        sex = sex_of(key)
        if sex:
            setattr(split, sex, getattr(split, sex) + Decimal(number))
    return split


def total(values):
    """Total of a report: the sum over its options (never stored)."""
    return sum((Decimal(v) for v in values.values()), Decimal(0))


def actual(period_totals, aggregation="sum"):
    """The fiscal year's actual from period totals in period order: a sum, or the latest."""
    if not period_totals:
        return None
    if aggregation == "last":
        return period_totals[-1]
    return sum(period_totals, Decimal(0))


def progress(actual_value, target, baseline=None, direction="up"):
    """Percent of target reached (0..), or None. Down-is-good measures the way from baseline to target."""
    if actual_value is None or target is None:
        return None
    actual_value, target = Decimal(actual_value), Decimal(target)
    if direction == "down":
        if baseline is None:
            if not actual_value:
                return 100.0
            return round(float(target / actual_value) * 100, 1) if target else 0.0
        baseline = Decimal(baseline)
        if baseline == target:
            return 100.0 if actual_value <= target else 0.0
        return max(round(float((baseline - actual_value) / (baseline - target)) * 100, 1), 0.0)
    if not target:
        return None
    return round(float(actual_value / target) * 100, 1)


def quarter_progress(quarter_totals, quarter_targets, aggregation="sum", baseline=None, direction="up"):
    """[(quarter, actual, target, progress)] for Q1-Q4.

    `quarter_totals` maps a quarter to its received period totals in period order; a quarter's
    target is that quarter's own (not cumulative), so its actual is the quarter's sum or latest.
    """
    out = []
    for quarter in (1, 2, 3, 4):
        act = actual(quarter_totals.get(quarter, []), aggregation)
        target = quarter_targets.get(quarter)
        out.append((quarter, act, target, progress(act, target, baseline, direction)))
    return out


def option_keys(by_sex: bool, categories):
    """Every option key of an indicator: `categories` is [[option code, ...], ...] in order."""
    axes = ([list(SEX_OPTIONS)] if by_sex else []) + [list(c) for c in categories]
    keys = [""]
    for axis in axes:
        keys = [f"{k}|{o}" if k else o for k in keys for o in axis]
    return keys if axes else ["total"]


def combinations(by_sex: bool, categories):
    count = 3 if by_sex else 1
    for c in categories:
        count *= max(len(c), 1)
    return count
