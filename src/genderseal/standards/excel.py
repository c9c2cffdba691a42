"""Framework files as Excel workbooks: one row per benchmark, errors by sheet and row.

Sheets (columns are matched by the name in row 1, in any order):
- framework: key/value rows (framework, version, name_th, name_en, publisher)
- results: code, label_th, label_en, credit, applicable
- levels: code, label_th, label_en, min_percent, min_credit, mandatory (comma list)
- benchmarks: dimension_code, dimension_th, dimension_en, goal_code, goal_th, goal_en,
  code, title_th, title_en, evidence_th, evidence_en, wording (optional: goal_wording, the
  wording of the goal's title; like the dimension and goal titles it may be given once)

The workbook is read into the same FrameworkSpec as a YAML file and checked by the same
`spec.validate`; only what is particular to a workbook is checked here.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from genderseal.core import imports

from .loader import Collector, read_source
from .spec import (
    BenchmarkSpec,
    DimensionSpec,
    FrameworkError,
    FrameworkSpec,
    GoalSpec,
    LevelSpec,
    Location,
    Problem,
    ResultSpec,
    Text,
    validate,
)

HEADER_KEYS = ("framework", "version", "name_th", "name_en", "publisher")
COLUMNS = {
    "results": ("code", "label_th", "label_en", "credit", "applicable"),
    "levels": ("code", "label_th", "label_en", "min_percent", "min_credit", "mandatory"),
    "benchmarks": (
        "dimension_code", "dimension_th", "dimension_en", "goal_code", "goal_th", "goal_en",
        "code", "title_th", "title_en", "evidence_th", "evidence_en", "wording", "goal_wording",
    ),
}
REQUIRED = {
    "results": ("code", "label_th", "label_en"),
    "levels": ("code", "label_th", "label_en"),
    "benchmarks": ("dimension_code", "goal_code", "code", "title_th", "title_en"),
}
CODE_COLUMNS = {"code", "dimension_code", "goal_code", "mandatory", "value"}


class FrameworkWorkbook(imports.Importer):
    """A framework workbook into the framework tables (`services.load_framework`): all or nothing.

    `check` reads the sheets into a FrameworkSpec with the YAML reader's value rules
    (`loader.Collector`) and runs the shared `spec.validate`; every problem names its sheet and row.
    """

    def __init__(self, filename, sha256="", actor=None):
        super().__init__(filename)
        self.sha256, self.actor = sha256, actor

    def read(self, data):
        return imports.read_xlsx(data, self.filename)

    def check(self, tables):
        check = Collector(self.filename)
        spec = _read({t.sheet: t.rows for t in tables}, check)
        if spec is not None and not check.unreadable:
            # With a sheet or column missing, the rest would only echo that problem.
            check.problems.extend(validate(spec))
        for problem in check.sorted_problems():
            self.problem(problem.message, sheet=problem.where.sheet or "", row=problem.where.row or 0)
        return spec

    def apply(self, spec):
        from .services import load_framework

        return load_framework(spec, self.filename, self.sha256, actor=self.actor)


def framework_error(refused: imports.ImportProblems) -> FrameworkError:
    """A refused workbook's problems as the framework pages and command show them."""
    return FrameworkError([Problem(p.file, Location(sheet=p.sheet or None, row=p.row or None), p.message)
                           for p in refused.problems])


def parse_xlsx(path_or_bytes, source_name=None) -> FrameworkSpec:
    """The workbook as a checked FrameworkSpec (nothing written); FrameworkError with every problem."""
    data, source = read_source(path_or_bytes, source_name)
    try:
        return FrameworkWorkbook(source).plan(data)
    except imports.ImportProblems as refused:
        raise framework_error(refused) from None


def load_xlsx(data, source_name, actor=None):
    """Check and load a workbook in one transaction; FrameworkError (nothing written) when refused."""
    importer = FrameworkWorkbook(source_name, hashlib.sha256(data).hexdigest(), actor)
    try:
        return importer.run(data)
    except imports.ImportProblems as refused:
        raise framework_error(refused) from None


def _read(tables, check: Collector) -> FrameworkSpec | None:
    names = set(tables)
    if not names & {"framework", "benchmarks"}:
        check.add(Location(), _(
            "this workbook is not a framework file: it needs the sheets framework, results, levels and benchmarks"))
        return None
    for required in ("framework", "results", "benchmarks"):
        if required not in names:
            check.add(Location(sheet=required), _('the workbook has no sheet named "%(sheet)s"') % {"sheet": required})
            check.unreadable = True
    header, at = _header(tables, check) if "framework" in names else ({}, Location(sheet="framework"))
    name_at = header.get("name_th", header.get("name_en", (None, at)))[1]
    return FrameworkSpec(
        code=_code(check, header, "framework"),
        version=_code(check, header, "version"),
        name=Text(_text(check, header, "name_th"), _text(check, header, "name_en"), name_at),
        publisher=_text(check, header, "publisher") or "",
        results=[_result(check, row) for row in _table(tables, "results", check)],
        levels=[_level(check, row) for row in _table(tables, "levels", check)],
        dimensions=_dimensions(check, _table(tables, "benchmarks", check)),
        source=check.source,
        at=at,
    )


def _header(tables, check):
    """The framework sheet: {key: (value, location)}."""
    found = {}
    for number, values in tables["framework"]:
        where = Location(sheet="framework", row=number)
        key = str(values[0]).strip().lower() if values and values[0] is not None else ""
        value = values[1] if len(values) > 1 else None
        if key in ("key", "") and number == 1:
            continue  # a header row
        if key in found:
            check.add(where, _('key "%(key)s" appears twice (first at %(first)s)') % {
                "key": key, "first": found[key][1].short()})
        elif key not in HEADER_KEYS:
            check.add(where, _('unknown key "%(key)s" (allowed: %(allowed)s)') % {
                "key": key, "allowed": ", ".join(HEADER_KEYS)})
        else:
            found[key] = (value, where)
    at = found.get("framework", (None, Location(sheet="framework")))[1]
    for key in ("framework", "version", "name_th", "name_en"):
        if key not in found:
            check.add(Location(sheet="framework"), _('sheet framework has no "%(key)s" row') % {"key": key})
    return found, at


def _code(check, header, key):
    if key not in header:
        return None
    value, where = header[key]
    return check.code(value, where, key)


def _text(check, header, key):
    if key not in header:
        return None
    value, where = header[key]
    return check.text(value, where, key) or None


class _Row(dict):
    def __init__(self, values, at):
        super().__init__(values)
        self.at = at


def _table(tables, sheet, check) -> list[_Row]:
    """Rows of a sheet as {column: value}, columns named by the header row."""
    if sheet not in tables:
        return []
    rows = iter(tables[sheet])
    first = next(rows, None)
    if first is None or first[0] != 1:
        check.add(Location(sheet=sheet, row=1), _("row 1 must name the columns: %(columns)s") % {
            "columns": ", ".join(COLUMNS[sheet])})
        check.unreadable = True
        return []
    columns = {}
    for index, name in enumerate(first[1]):
        name = str(name).strip().lower() if name is not None else ""
        if not name:
            continue
        if name in columns.values():
            check.add(Location(sheet=sheet, row=1), _('column "%(column)s" appears twice') % {"column": name})
        elif name not in COLUMNS[sheet]:
            check.add(Location(sheet=sheet, row=1), _('unknown column "%(column)s" (allowed: %(allowed)s)') % {
                "column": name, "allowed": ", ".join(COLUMNS[sheet])})
        else:
            columns[index] = name
    missing = [c for c in REQUIRED[sheet] if c not in columns.values()]
    for column in missing:
        check.add(Location(sheet=sheet, row=1), _('the column "%(column)s" is missing') % {"column": column})
    if missing:
        check.unreadable = True
        return []
    table = []
    for number, values in rows:
        cells = {name: values[i] if i < len(values) else None for i, name in columns.items()}
        table.append(_Row({k: (None if v == "" else v) for k, v in cells.items()}, Location(sheet=sheet, row=number)))
    return table


def _cell_code(check, row, column):
    return check.code(row.get(column), row.at, column)


def _result(check, row) -> ResultSpec:
    credit = check.number(row.get("credit"), row.at, "credit")
    return ResultSpec(
        code=_cell_code(check, row, "code"),
        label=Text(check.text(row.get("label_th"), row.at, "label_th"),
                   check.text(row.get("label_en"), row.at, "label_en"), row.at),
        credit=Decimal(0) if credit is None and row.get("credit") is None else credit,
        applicable=check.flag(row.get("applicable"), row.at, "applicable", True),
        at=row.at,
    )


def _level(check, row) -> LevelSpec:
    mandatory = row.get("mandatory")
    codes = []
    if mandatory is not None:
        parts = mandatory.split(",") if isinstance(mandatory, str) else [mandatory]
        codes = [check.code(p.strip() if isinstance(p, str) else p, row.at, "mandatory") for p in parts if p != ""]
    return LevelSpec(
        code=_cell_code(check, row, "code"),
        label=Text(check.text(row.get("label_th"), row.at, "label_th"),
                   check.text(row.get("label_en"), row.at, "label_en"), row.at),
        min_percent=check.number(row.get("min_percent"), row.at, "min_percent"),
        min_credit=check.number(row.get("min_credit"), row.at, "min_credit"),
        mandatory=[c for c in codes if c is not None],
        at=row.at,
    )


def _same_title(check, item, kind, row, prefix):
    """Rows repeat their dimension and goal: blank cells inherit, different text is a problem."""
    for language in ("th", "en"):
        value = check.text(row.get(f"{prefix}_{language}"), row.at, f"{prefix}_{language}")
        if not value:
            continue
        current = getattr(item.title, language)
        if not current:
            setattr(item.title, language, value)
        elif current != value:
            check.add(row.at, _(
                '%(kind)s "%(code)s" has a different %(column)s here than at %(first)s'
            ) % {"kind": kind, "code": item.code, "column": f"{prefix}_{language}", "first": item.at.short()})


def _same_goal_wording(check, goal, row, first_at):
    """first_at: {goal code: where its wording was first given}."""
    wording = check.text(row.get("goal_wording"), row.at, "goal_wording")
    if not wording:
        return
    if goal.code not in first_at:
        goal.wording, first_at[goal.code] = wording, row.at
    elif goal.wording != wording:
        check.add(row.at, _('goal "%(code)s" has a different goal_wording here than at %(first)s') % {
            "code": goal.code, "first": first_at[goal.code].short()})


def _dimensions(check, rows) -> list[DimensionSpec]:
    dimensions: dict[str, DimensionSpec] = {}
    goals: dict[str, tuple[GoalSpec, DimensionSpec]] = {}
    wording_at: dict[str, Location] = {}
    for row in rows:
        dimension_code = _cell_code(check, row, "dimension_code")
        goal_code = _cell_code(check, row, "goal_code")
        if dimension_code is None or goal_code is None:
            continue
        dimension = dimensions.get(dimension_code)
        if dimension is None:
            dimension = dimensions[dimension_code] = DimensionSpec(dimension_code, Text(None, None, row.at), at=row.at)
        _same_title(check, dimension, _("dimension"), row, "dimension")
        goal, parent = goals.get(goal_code, (None, None))
        if goal is None:
            goal = GoalSpec(goal_code, Text(None, None, row.at), at=row.at)
            goals[goal_code] = (goal, dimension)
            dimension.goals.append(goal)
        elif parent is not dimension:
            check.add(row.at, _(
                'goal "%(goal)s" is under dimension "%(dimension)s" here but under "%(first)s" at %(where)s'
            ) % {"goal": goal_code, "dimension": dimension_code, "first": parent.code, "where": goal.at.short()})
            continue
        _same_title(check, goal, _("goal"), row, "goal")
        _same_goal_wording(check, goal, row, wording_at)
        evidence = Text(check.text(row.get("evidence_th"), row.at, "evidence_th"),
                        check.text(row.get("evidence_en"), row.at, "evidence_en"), row.at)
        wording = check.text(row.get("wording"), row.at, "wording")
        goal.benchmarks.append(BenchmarkSpec(
            code=_cell_code(check, row, "code"),
            title=Text(check.text(row.get("title_th"), row.at, "title_th"),
                       check.text(row.get("title_en"), row.at, "title_en"), row.at),
            evidence=evidence if (evidence.th or evidence.en) else None,
            wording=wording or "working",
            at=row.at,
        ))
    return list(dimensions.values())


def write_xlsx(spec: FrameworkSpec, path):
    """Export a spec as the workbook parse_xlsx reads (also a template for users)."""
    workbook = Workbook(write_only=True)

    def sheet(name, header, rows):
        ws = workbook.create_sheet(name)
        ws.append(list(header))
        for row in rows:
            cells = []
            for column, value in zip(header, row):
                cell = WriteOnlyCell(ws, value=value)
                if column in CODE_COLUMNS:
                    cell.number_format = "@"  # text, so Excel keeps "1.10" as typed
                cells.append(cell)
            ws.append(cells)

    sheet("framework", ("key", "value"), [
        ("framework", spec.code), ("version", spec.version), ("name_th", spec.name.th),
        ("name_en", spec.name.en), ("publisher", spec.publisher),
    ])
    sheet("results", COLUMNS["results"], [
        (r.code, r.label.th, r.label.en, _number(r.credit), r.applicable) for r in spec.results
    ])
    sheet("levels", COLUMNS["levels"], [
        (lv.code, lv.label.th, lv.label.en, _number(lv.min_percent), _number(lv.min_credit), ", ".join(lv.mandatory))
        for lv in spec.levels
    ])
    sheet("benchmarks", COLUMNS["benchmarks"], [
        (d.code, d.title.th, d.title.en, g.code, g.title.th, g.title.en, b.code, b.title.th, b.title.en,
         b.evidence.th if b.evidence else None, b.evidence.en if b.evidence else None, b.wording, g.wording)
        for d, g, b in spec.benchmark_refs()
    ])
    workbook.save(path)


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)
