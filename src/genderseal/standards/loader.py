"""Read a framework file written in YAML into a FrameworkSpec, reporting every problem.

The YAML is composed into a node tree (never constructed as a whole), so every key and
value keeps its line number, duplicate keys are caught (plain PyYAML keeps the last one
silently) and an unexpected alias or tag cannot blow up into a huge object.
"""
from __future__ import annotations

import difflib
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

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

TOP_KEYS = ("framework", "version", "name", "publisher", "results", "levels", "dimensions")
TOP_REQUIRED = ("framework", "version", "name", "results", "dimensions")
RESULT_KEYS = ("code", "label", "credit", "applicable")
LEVEL_KEYS = ("code", "label", "min_percent", "min_credit", "mandatory")
DIMENSION_KEYS = ("code", "title", "goals")
GOAL_KEYS = ("code", "title", "benchmarks", "wording")
BENCHMARK_KEYS = ("code", "title", "evidence", "wording")
TEXT_KEYS = ("th", "en")


class Collector:
    """Gathers problems for one file and turns raw cell/scalar values into typed ones.

    Both parsers use it, so a value means the same in YAML and in Excel. A value of the
    wrong type is reported here; what the spec then holds for it is never loaded.
    """

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []
        self.unreadable = False  # a part could not be read at all: skip validate()

    def add(self, where: Location, message: str):
        self.problems.append(Problem(self.source, where, message))

    def sorted_problems(self):
        return sorted(self.problems, key=lambda p: p.where.sort_key())

    def code(self, value, where, key="code"):
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float):
            self.add(where, _(
                '%(key)s %(value)s was read as a number: write it as text in quotes, e.g. "1.10", '
                "so that 1.10 and 1.1 stay different"
            ) % {"key": key, "value": value})
        elif isinstance(value, bool):
            self.add(where, _(
                "%(key)s was read as %(value)s: YAML reads yes, no, on and off as true or false; "
                "write the code in quotes"
            ) % {"key": key, "value": str(value).lower()})
        elif value is None or value == "":
            self.add(where, _("%(key)s is empty") % {"key": key})
        else:
            self.add(where, _("%(key)s must be text, not %(value)s") % {"key": key, "value": _show(value)})
        return None

    def text(self, value, where, key):
        """Free text; None when absent (validate() says which language is missing)."""
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, bool):
            self.add(where, _(
                "%(key)s was read as %(value)s: YAML reads yes, no, on and off as true or false; "
                "write the text in quotes"
            ) % {"key": key, "value": str(value).lower()})
        else:
            self.add(where, _("%(key)s must be text, not %(value)s") % {"key": key, "value": _show(value)})
        return str(value)

    def number(self, value, where, key):
        if value is None or value == "":
            return None
        if not isinstance(value, bool) and isinstance(value, (int, float, str)):
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite():
                return number
        self.add(where, _("%(key)s must be a number, not %(value)s") % {"key": key, "value": _show(value)})
        return None

    def flag(self, value, where, key, default):
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, str)):
            word = str(value).strip().lower()
            if word in {"true", "yes", "1", "y"}:
                return True
            if word in {"false", "no", "0", "n"}:
                return False
        self.add(where, _("%(key)s must be true or false, not %(value)s") % {"key": key, "value": _show(value)})
        return default


def _show(value):
    """A value as the user wrote it, for messages."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return f'"{value}"' if isinstance(value, str) else str(value)


def read_source(path_or_bytes, source_name=None) -> tuple[bytes, str]:
    """The file's bytes and the name to show in messages."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        return bytes(path_or_bytes), source_name or "<upload>"
    path = Path(path_or_bytes)
    return path.read_bytes(), source_name or path.name


def parse_file(path, source_name=None) -> FrameworkSpec:
    """Parse a .yaml/.yml or .xlsx framework file, choosing the reader by extension."""
    path = Path(path)
    source = source_name or path.name
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_yaml(path, source)
    if suffix == ".xlsx":
        from .excel import parse_xlsx

        return parse_xlsx(path, source)
    check = Collector(source)
    check.add(Location(), _("a framework file must end in .yaml, .yml or .xlsx"))
    raise FrameworkError(check.problems)


def parse_yaml(path_or_bytes, source_name=None) -> FrameworkSpec:
    data, source = read_source(path_or_bytes, source_name)
    check = Collector(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        check.add(Location(line=line), _("the file is not UTF-8 text"))
        raise FrameworkError(check.problems) from None
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # refuses control characters already (ReaderError)
        root = loader.get_single_node()
        spec = _Reader(loader, check).framework(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = " ".join(filter(None, [getattr(error, "context", None), getattr(error, "problem", None)]))
        check.add(Location(line=mark.line + 1 if mark else None),
                  _("this is not valid YAML: %(reason)s") % {"reason": reason or str(error)})
        raise FrameworkError(check.problems) from None
    finally:
        if loader is not None:
            loader.dispose()
    if spec is not None:
        check.problems.extend(validate(spec))
    if check.problems:
        raise FrameworkError(check.sorted_problems())
    return spec


class _Reader:
    """Walks the node tree by the schema above; never descends anywhere else."""

    def __init__(self, loader, check: Collector):
        self.loader = loader
        self.check = check

    @staticmethod
    def at(node) -> Location:
        return Location(line=node.start_mark.line + 1)

    def scalar(self, node, key):
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.check.add(self.at(node), _("%(key)s must be a single value, not a list or mapping") % {"key": key})
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            self.check.add(self.at(node), _("%(key)s cannot be read: %(reason)s") % {
                "key": key, "reason": getattr(error, "problem", error)})
            return None

    def mapping(self, node, allowed, required, what) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.check.add(self.at(node), _("%(what)s must be a mapping (key: value)") % {"what": what})
            return None
        found: dict = {}
        lines: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = self.at(key_node)
            if key in found:
                self.check.add(where, _('key "%(key)s" appears twice (first at %(first)s)') % {
                    "key": key, "first": lines[key].short()})
            elif key not in allowed:
                self.check.add(where, self._unknown_key(key, allowed, what))
            else:
                found[key], lines[key] = value_node, where
        for key in required:
            if key not in found:
                self.check.add(self.at(node), _('%(what)s has no "%(key)s"') % {"what": what, "key": key})
        return found

    @staticmethod
    def _unknown_key(key, allowed, what):
        names = {"key": key, "what": what, "allowed": ", ".join(allowed)}
        close = difflib.get_close_matches(str(key), allowed, n=1)
        if close:
            return _('unknown key "%(key)s" in %(what)s: did you mean "%(close)s"? (allowed: %(allowed)s)') % {
                **names, "close": close[0]}
        return _('unknown key "%(key)s" in %(what)s (allowed: %(allowed)s)') % names

    def sequence(self, node, key) -> list:
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.check.add(self.at(node), _("%(key)s must be a list") % {"key": key})
            return []
        return node.value

    def text(self, node, what, at) -> Text:
        """A {th, en} pair; when absent or unreadable, a placeholder (the problem is already told)."""
        if node is None:
            return Text("?", "?", at)
        at = self.at(node)
        fields = self.mapping(node, TEXT_KEYS, (), what)
        if fields is None:
            return Text("?", "?", at)
        return Text(self.string(fields, "th"), self.string(fields, "en"), at)

    def optional_text(self, fields, key, what) -> Text | None:
        return self.text(fields[key], what, None) if key in fields else None

    def string(self, fields, key):
        node = fields.get(key)
        return None if node is None else self.check.text(self.scalar(node, key), self.at(node), key)

    def code(self, fields, key="code"):
        node = fields.get(key)
        return None if node is None else self.check.code(self.scalar(node, key), self.at(node), key)

    def number(self, fields, key, default=None):
        node = fields.get(key)
        return default if node is None else self.check.number(self.scalar(node, key), self.at(node), key)

    def flag(self, fields, key, default):
        node = fields.get(key)
        return default if node is None else self.check.flag(self.scalar(node, key), self.at(node), key, default)

    # -- the schema -------------------------------------------------------------------

    def framework(self, root) -> FrameworkSpec | None:
        if root is None:
            self.check.add(Location(), _("the file is empty"))
            return None
        if not isinstance(root, yaml.MappingNode) or not any(
            isinstance(key, yaml.ScalarNode) and key.value in ("framework", "dimensions") for key, _v in root.value
        ):
            self.check.add(self.at(root), _(
                "this is not a framework file: it must be a mapping with the keys %(keys)s"
            ) % {"keys": ", ".join(TOP_REQUIRED)})
            return None
        top = self.mapping(root, TOP_KEYS, TOP_REQUIRED, _("the framework file"))
        at = self.at(top["framework"]) if "framework" in top else self.at(root)
        return FrameworkSpec(
            code=self.code(top, "framework"),
            version=self.code(top, "version"),
            name=self.text(top.get("name"), _("the framework name"), at),
            publisher=self.string(top, "publisher") or "",
            results=self.items(top, "results", self.result),
            levels=self.items(top, "levels", self.level),
            dimensions=self.items(top, "dimensions", self.dimension),
            source=self.check.source,
            at=at,
        )

    def items(self, fields, key, read):
        items = (read(node) for node in self.sequence(fields.get(key), key))
        return [item for item in items if item is not None]

    def result(self, node) -> ResultSpec | None:
        fields = self.mapping(node, RESULT_KEYS, ("code", "label"), _("a result"))
        if fields is None:
            return None
        at = self.at(node)
        return ResultSpec(
            code=self.code(fields),
            label=self.text(fields.get("label"), _("the label"), at),
            credit=self.number(fields, "credit", default=Decimal(0)),
            applicable=self.flag(fields, "applicable", True),
            at=at,
        )

    def level(self, node) -> LevelSpec | None:
        fields = self.mapping(node, LEVEL_KEYS, ("code", "label"), _("a level"))
        if fields is None:
            return None
        at = self.at(node)
        mandatory = []
        for item in self.sequence(fields.get("mandatory"), "mandatory"):
            code = self.check.code(self.scalar(item, "mandatory"), self.at(item), "mandatory")
            if code is not None:
                mandatory.append(code)
        return LevelSpec(
            code=self.code(fields),
            label=self.text(fields.get("label"), _("the label"), at),
            min_percent=self.number(fields, "min_percent"),
            min_credit=self.number(fields, "min_credit"),
            mandatory=mandatory,
            at=at,
        )

    def dimension(self, node) -> DimensionSpec | None:
        fields = self.mapping(node, DIMENSION_KEYS, DIMENSION_KEYS, _("a dimension"))
        if fields is None:
            return None
        at = self.at(node)
        return DimensionSpec(
            code=self.code(fields),
            title=self.text(fields.get("title"), _("the title"), at),
            goals=self.items(fields, "goals", self.goal),
            at=at,
        )

    def goal(self, node) -> GoalSpec | None:
        fields = self.mapping(node, GOAL_KEYS, ("code", "title", "benchmarks"), _("a goal"))
        if fields is None:
            return None
        at = self.at(node)
        wording = self.string(fields, "wording")
        return GoalSpec(
            code=self.code(fields),
            title=self.text(fields.get("title"), _("the title"), at),
            benchmarks=self.items(fields, "benchmarks", self.benchmark),
            wording="working" if wording is None else wording,
            at=at,
        )

    def benchmark(self, node) -> BenchmarkSpec | None:
        fields = self.mapping(node, BENCHMARK_KEYS, ("code", "title"), _("a benchmark"))
        if fields is None:
            return None
        at = self.at(node)
        wording = self.string(fields, "wording")
        return BenchmarkSpec(
            code=self.code(fields),
            title=self.text(fields.get("title"), _("the title"), at),
            evidence=self.optional_text(fields, "evidence", _("the evidence")),
            wording="working" if wording is None else wording,
            at=at,
        )
