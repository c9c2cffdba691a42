"""A framework file as plain data, and the one validation every file format shares.

`loader.parse_yaml` and `excel.parse_xlsx` read their format into a `FrameworkSpec`
(reporting what only that format can get wrong: syntax, keys, columns, value types,
with the value conversions of `loader.Collector`),
then call `validate(spec)` for everything about the standard itself. Every item keeps
the place it came from, so each `Problem` names the file and the line (or sheet and row).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from . import rules

WORDINGS = ("official", "working")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Column sizes of the tables the spec is loaded into (standards/models.py).
MAX_LENGTH = {"framework": 64, "version": 32, "result": 32, "level": 32, "item": 16, "name": 255, "label": 100}
NUMBER_LIMIT = {"credit": 10_000, "min_percent": 1_000, "min_credit": 1_000_000}  # 4 decimal places each


@dataclass(frozen=True)
class Location:
    """Where something is: a line of a YAML file, or a row of an Excel sheet."""

    line: int | None = None
    sheet: str | None = None
    row: int | None = None

    def __str__(self):
        if self.sheet is not None and self.row is not None:
            return _("sheet %(sheet)s, row %(row)d") % {"sheet": self.sheet, "row": self.row}
        if self.sheet is not None:
            return _("sheet %(sheet)s") % {"sheet": self.sheet}
        if self.line is not None:
            return _("line %(line)d") % {"line": self.line}
        return ""

    def short(self):
        """'line 30' or 'row 5': enough to point back at an earlier item of the same kind."""
        if self.row is not None:
            return _("row %(row)d") % {"row": self.row}
        return str(self)

    def sort_key(self):
        return (self.sheet or "", self.row or 0, self.line or 0)


@dataclass(frozen=True)
class Problem:
    source: str
    where: Location
    message: str

    def __str__(self):
        where = str(self.where)
        return f"{self.source}, {where}: {self.message}" if where else f"{self.source}: {self.message}"

    def as_dict(self):
        return {
            "source": self.source,
            "where": str(self.where),
            "line": self.where.line,
            "sheet": self.where.sheet,
            "row": self.where.row,
            "message": self.message,
            "text": str(self),
        }


class FrameworkError(Exception):
    """A file that cannot be loaded; `problems` lists everything wrong with it."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Text:
    """A Thai and English pair (title, label, means of verification)."""

    th: str | None
    en: str | None
    at: Location = field(default_factory=Location)


@dataclass
class ResultSpec:
    code: str | None
    label: Text
    credit: Decimal | None = Decimal(0)
    applicable: bool = True
    at: Location = field(default_factory=Location)


@dataclass
class LevelSpec:
    code: str | None
    label: Text
    min_percent: Decimal | None = None
    min_credit: Decimal | None = None
    mandatory: list[str] = field(default_factory=list)
    at: Location = field(default_factory=Location)


@dataclass
class BenchmarkSpec:
    code: str | None
    title: Text
    evidence: Text | None = None
    wording: str = "working"
    at: Location = field(default_factory=Location)


@dataclass
class GoalSpec:
    code: str | None
    title: Text
    benchmarks: list[BenchmarkSpec] = field(default_factory=list)
    wording: str = "working"  # of the goal's own title
    at: Location = field(default_factory=Location)


@dataclass
class DimensionSpec:
    code: str | None
    title: Text
    goals: list[GoalSpec] = field(default_factory=list)
    at: Location = field(default_factory=Location)


@dataclass
class FrameworkSpec:
    code: str | None
    version: str | None
    name: Text
    publisher: str = ""
    results: list[ResultSpec] = field(default_factory=list)
    levels: list[LevelSpec] = field(default_factory=list)
    dimensions: list[DimensionSpec] = field(default_factory=list)
    source: str = ""
    at: Location = field(default_factory=Location)

    @property
    def goals(self) -> list[GoalSpec]:
        return [g for d in self.dimensions for g in d.goals]

    @property
    def benchmarks(self) -> list[BenchmarkSpec]:
        return [b for g in self.goals for b in g.benchmarks]

    def benchmark_refs(self):
        """(dimension, goal, benchmark) for every benchmark, in file order."""
        return [(d, g, b) for d in self.dimensions for g in d.goals for b in g.benchmarks]

    def full_credit(self) -> Decimal:
        return max((r.credit for r in self.results if r.applicable and r.credit is not None), default=Decimal(0))

    def standard(self) -> rules.Standard:
        """What the scoring rules need; call on a validated spec."""
        return rules.Standard(
            code=self.code,
            version=self.version,
            results={r.code: rules.ResultOption(r.code, r.credit or 0, r.applicable) for r in self.results},
            levels=tuple(
                rules.LevelRule(level.code, level.min_percent, level.min_credit, tuple(level.mandatory))
                for level in self.levels
            ),
            benchmarks=tuple(rules.BenchmarkRef(b.code, d.code, g.code) for d, g, b in self.benchmark_refs()),
        )

    def summary_line(self) -> str:
        return _(
            "%(code)s %(version)s: %(dimensions)d dimensions, %(goals)d goals, "
            "%(benchmarks)d benchmarks, %(levels)d levels"
        ) % {
            "code": self.code,
            "version": self.version,
            "dimensions": len(self.dimensions),
            "goals": len(self.goals),
            "benchmarks": len(self.benchmarks),
            "levels": len(self.levels),
        }


class _Problems:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, where: Location, message: str):
        self.problems.append(Problem(self.source, where, message))


def validate(spec: FrameworkSpec) -> list[Problem]:
    """Everything wrong with the standard a file describes, whatever its format."""
    check = _Problems(spec.source)
    _check_header(spec, check)
    _check_results(spec, check)
    _check_structure(spec, check)
    _check_levels(spec, check)
    return check.problems


def _check_text(text: Text | None, what: str, check: _Problems, max_length=None):
    if text is None:
        return
    for value, missing in ((text.th, _("%(what)s has no Thai text")), (text.en, _("%(what)s has no English text"))):
        if not value:
            check.add(text.at, missing % {"what": what})
        elif max_length and len(value) > max_length:
            check.add(text.at, _("%(what)s is longer than %(max)d characters") % {"what": what, "max": max_length})


def _check_length(value, max_length, what, at, check):
    if value is not None and len(value) > max_length:
        check.add(at, _("%(what)s is longer than %(max)d characters") % {"what": what, "max": max_length})


def _check_number(value, key, at, check):
    """What the database columns hold: four decimal places, and not more than the limit."""
    if value is None:
        return
    if value.as_tuple().exponent < -4:
        check.add(at, _("%(key)s %(value)s has more than 4 decimal places") % {"key": key, "value": value})
    elif abs(value) >= NUMBER_LIMIT[key]:
        check.add(at, _("%(key)s %(value)s is too large") % {"key": key, "value": value})


def _check_header(spec, check):
    if spec.code is not None and not SLUG.match(spec.code):
        check.add(spec.at, _(
            'framework id "%(code)s" may only contain letters, digits, "-" and "_"'
        ) % {"code": spec.code})
    _check_length(spec.code, MAX_LENGTH["framework"], _("the framework id"), spec.at, check)
    _check_length(spec.version, MAX_LENGTH["version"], _("the version"), spec.at, check)
    _check_length(spec.publisher, MAX_LENGTH["name"], _("the publisher"), spec.at, check)
    _check_text(spec.name, _("the framework name"), check, MAX_LENGTH["name"])


def _unique(items, kind, check, max_length):
    """Report codes seen twice; returns {code: item} of the first of each."""
    seen = {}
    for item in items:
        if item.code is None:
            continue
        if item.code in seen:
            check.add(item.at, _('%(kind)s code "%(code)s" appears twice (first at %(first)s)') % {
                "kind": kind, "code": item.code, "first": seen[item.code].at.short()})
        else:
            seen[item.code] = item
        _check_length(item.code, max_length, _('%(kind)s code "%(code)s"') % {"kind": kind, "code": item.code},
                      item.at, check)
    return seen


def _check_results(spec, check):
    _unique(spec.results, _("result"), check, MAX_LENGTH["result"])
    for result in spec.results:
        if result.code is not None and not SLUG.match(result.code):
            check.add(result.at, _(
                'result code "%(code)s" may only contain letters, digits, "-" and "_"') % {"code": result.code})
        _check_text(result.label, _('the label of result "%(code)s"') % {"code": result.code}, check,
                    MAX_LENGTH["label"])
        _check_number(result.credit, "credit", result.at, check)
        if result.credit is not None and result.credit < 0:
            check.add(result.at, _('result "%(code)s" has a negative credit (%(credit)s)') % {
                "code": result.code, "credit": result.credit})
    if not spec.results:
        check.add(spec.at, _("the framework defines no results (the scale a benchmark is rated on)"))
    elif not any(r.applicable for r in spec.results):
        check.add(spec.results[0].at, _("no result is applicable: at least one result must count"))
    elif spec.full_credit() <= 0 and all(r.credit is not None and r.credit >= 0 for r in spec.results):
        check.add(spec.results[0].at, _("no applicable result gives any credit, so no benchmark can be met"))


def _check_structure(spec, check):
    _unique(spec.dimensions, _("dimension"), check, MAX_LENGTH["item"])
    _unique(spec.goals, _("goal"), check, MAX_LENGTH["item"])
    _unique(spec.benchmarks, _("benchmark"), check, MAX_LENGTH["item"])
    if not spec.dimensions:
        check.add(spec.at, _("the framework has no dimensions"))
    for dimension in spec.dimensions:
        _check_text(dimension.title, _('the title of dimension "%(code)s"') % {"code": dimension.code}, check)
        if not dimension.goals:
            check.add(dimension.at, _('dimension "%(code)s" has no goals') % {"code": dimension.code})
        for goal in dimension.goals:
            _check_text(goal.title, _('the title of goal "%(code)s"') % {"code": goal.code}, check)
            _check_wording(goal, _("goal"), check)
            if not goal.benchmarks:
                check.add(goal.at, _('goal "%(code)s" has no benchmarks') % {"code": goal.code})
            for benchmark in goal.benchmarks:
                _check_benchmark(benchmark, check)


def _check_benchmark(benchmark, check):
    _check_text(benchmark.title, _('the title of benchmark "%(code)s"') % {"code": benchmark.code}, check)
    _check_text(benchmark.evidence, _('the evidence of benchmark "%(code)s"') % {"code": benchmark.code}, check)
    _check_wording(benchmark, _("benchmark"), check)


def _check_wording(item, kind, check):
    if item.wording not in WORDINGS:
        check.add(item.at, _(
            '%(kind)s "%(code)s": wording must be "official" or "working", not "%(wording)s"'
        ) % {"kind": kind, "code": item.code, "wording": item.wording})


def _check_mandatory(level, benchmarks, check):
    """Each mandatory benchmark of a level is listed once and exists in the framework."""
    names, seen = {"code": level.code}, set()
    for code in level.mandatory:
        if code in seen:
            check.add(level.at, _('level "%(code)s" lists mandatory benchmark "%(benchmark)s" twice') % {
                **names, "benchmark": code})
        elif code not in benchmarks:
            check.add(level.at, _(
                'level "%(code)s": mandatory benchmark "%(benchmark)s" does not exist in this framework'
            ) % {**names, "benchmark": code})
        seen.add(code)


def _check_levels(spec, check):
    _unique(spec.levels, _("level"), check, MAX_LENGTH["level"])
    benchmarks = {b.code for b in spec.benchmarks}
    reachable = spec.full_credit() * len(spec.benchmarks)
    above = None
    for level in spec.levels:
        names = {"code": level.code}
        _check_text(level.label, _('the label of level "%(code)s"') % names, check, MAX_LENGTH["label"])
        if level.code is not None and not SLUG.match(level.code):
            check.add(level.at, _('level code "%(code)s" may only contain letters, digits, "-" and "_"') % names)
        if level.min_credit is not None and level.min_credit < NUMBER_LIMIT["min_credit"]:
            _check_number(level.min_credit, "min_credit", level.at, check)
        if level.min_percent is not None and 0 <= level.min_percent <= 100:
            _check_number(level.min_percent, "min_percent", level.at, check)
        if level.min_percent is None and level.min_credit is None and not level.mandatory:
            check.add(level.at, _(
                'level "%(code)s" states no rule: give min_percent, min_credit or mandatory') % names)
        if level.min_percent is not None and not 0 <= level.min_percent <= 100:
            check.add(level.at, _(
                'level "%(code)s": min_percent %(value)s can never be reached; it must be between 0 and 100'
            ) % {**names, "value": level.min_percent})
        if level.min_credit is not None and level.min_credit < 0:
            check.add(level.at, _('level "%(code)s": min_credit %(value)s is negative') % {
                **names, "value": level.min_credit})
        elif level.min_credit is not None and spec.benchmarks and 0 < reachable < level.min_credit:
            check.add(level.at, _(
                'level "%(code)s": min_credit %(value)s can never be reached; the most credit possible is '
                "%(max)s (%(count)d benchmarks × %(full)s)"
            ) % {**names, "value": level.min_credit, "max": _number_text(reachable), "count": len(spec.benchmarks),
                 "full": _number_text(spec.full_credit())})
        _check_mandatory(level, benchmarks, check)
        if above is not None:
            _check_order(level, above, check)
        above = level


def _check_order(level, above, check):
    """Levels are listed highest first: a lower level may not ask for more."""
    for key in ("min_percent", "min_credit"):
        mine, theirs = getattr(level, key), getattr(above, key)
        if key == "min_percent" and not all(v is None or 0 <= v <= 100 for v in (mine, theirs)):
            continue  # already told: out of range
        if mine is not None and theirs is not None and mine > theirs:
            check.add(level.at, _(
                'levels are listed highest first, but level "%(code)s" asks for %(key)s %(value)s, '
                'more than level "%(above)s" above it (%(above_value)s)'
            ) % {"code": level.code, "key": key, "value": _number_text(mine), "above": above.code,
                 "above_value": _number_text(theirs)})


def _number_text(number: Decimal) -> str:
    """1.0000 -> 1, 0.50 -> 0.5 for messages."""
    text = format(number.normalize(), "f") if isinstance(number, Decimal) else str(number)
    return text
