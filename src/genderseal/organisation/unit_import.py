"""Reading and checking a unit-tree file (CSV or Excel): plain functions, no writes.

A file has a header row naming the columns (English or Thai names, any order) and one
unit per row: 8-digit code, parent code (blank for a top-level unit), abbreviation,
Thai name, English name. `check_rows` returns every problem with its file, sheet, row and
field; services.import_units writes only when there is none.
"""
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from genderseal.core import imports
from genderseal.core.imports import Problem, header_map

COLUMNS = {
    "code": {"code", "unit code", "รหัส", "รหัสหน่วยงาน"},
    "parent": {"parent", "parent code", "รหัสหน่วยงานต้นสังกัด", "ต้นสังกัด", "รหัสต้นสังกัด"},
    "abbreviation": {"abbreviation", "abbr", "อักษรย่อ", "ชื่อย่อ"},
    "name_th": {"name_th", "name (thai)", "thai name", "ชื่อภาษาไทย", "ชื่อหน่วยงาน"},
    "name_en": {"name_en", "name (english)", "english name", "ชื่อภาษาอังกฤษ"},
}
REQUIRED = ("code", "name_th")
CODE = re.compile(r"^\d{8}$")


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (the header is row 1)
    values: dict = field(default_factory=dict)


@dataclass
class ParsedFile:
    filename: str
    sheet: str
    rows: list
    problems: list


def _cell(value, key):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # Excel drops leading zeros from codes typed as numbers: 3000000 is 03000000.
        text = str(value)
        return text.zfill(8) if len(text) < 8 else text
    # Text is cleaned on reading (core.imports.clean); codes are read with Thai digits made Arabic.
    return imports.code(value) if key in ("code", "parent") else str(value)


def _header(cells, filename, sheet):
    names = header_map(cells, COLUMNS)
    problems = [Problem(filename, sheet, 1, key, _("The header row has no column %(column)s.") % {"column": key})
                for key in REQUIRED if key not in names.values()]
    return names, problems


def read_file(data, filename):
    """The first sheet (or the CSV file) as a ParsedFile; a file that cannot be read holds only problems."""
    try:
        tables = imports.read_file(data, filename)
    except imports.ImportProblems as refused:
        return ParsedFile(filename, "", [], refused.problems)
    table = tables[0] if tables else imports.Table(filename, "", [])  # a workbook with no sheet left
    if not table.rows or table.rows[0][0] != 1:
        return ParsedFile(filename, table.sheet, [], [Problem(filename, table.sheet, 1, "", _(
            "The first row must name the columns."))])
    names, problems = _header(table.rows[0][1], filename, table.sheet)
    rows = [Row(number, {key: _cell(cells[i], key) if i < len(cells) else "" for i, key in names.items()})
            for number, cells in table.rows[1:]]
    return ParsedFile(filename, table.sheet, rows, problems)


def _code_problem(value):
    """A message when `value` is not an 8-digit code (Thai digits were made Arabic on reading), else None."""
    if not CODE.match(value):
        return _('"%(value)s" is not a unit code: a code is 8 digits.') % {"value": value}
    return None


def _check_parent(code, parent, report):
    """The parent code as it counts for the tree ("" when it is the unit itself), reporting what is wrong."""
    if not parent:
        return ""
    bad_parent = _code_problem(parent)
    if bad_parent:
        report("parent", bad_parent)
    elif parent == code:
        report("parent", _("A unit cannot be its own parent."))
        return ""  # reported once, not again as a cycle
    return parent


def _check_texts(values, report):
    if not values.get("name_th"):
        report("name_th", _("The Thai name is required."))
    if len(values.get("abbreviation", "")) > 32:
        report("abbreviation", _("At most 32 characters."))
    for key in ("name_th", "name_en"):
        if len(values.get(key, "")) > 255:
            report(key, _("At most 255 characters."))


def _check_row(row, first_row, report):
    """(code, parent) of a row whose code is good, else None; every problem of the row is reported."""
    v = row.values
    code = v.get("code", "")
    bad_code = _code_problem(code) if code else _("A unit code is required.")
    if bad_code:
        report("code", bad_code)
    elif code in first_row:
        report("code", _("Duplicate code %(code)s: row %(first)d has it already.") % {
            "code": code, "first": first_row[code]})
        bad_code = True
    else:
        first_row[code] = row.number
    parent = _check_parent(code, v.get("parent", ""), report)
    _check_texts(v, report)
    return None if bad_code else (code, parent)


def _cycles(good, parents):
    """{code: [code, parent, …, code]} of the file's units that sit under themselves."""
    chains = {}
    for start in good:
        seen, code = [], start
        while code and code in parents and code not in seen:
            seen.append(code)
            code = parents[code]
        if code in seen and code == start:
            chains[start] = [*seen, start]
    return chains


def check_rows(parsed, existing):
    """Every problem of the parsed file. `existing` maps codes already in the institution to parent codes."""
    problems = list(parsed.problems)
    where = {"file": parsed.filename, "sheet": parsed.sheet}
    first_row = {}
    good = {}  # code -> (row, parent code)
    for row in parsed.rows:
        def report(field_name, message, row=row):
            problems.append(Problem(row=row.number, column=field_name, message=message, **where))

        checked = _check_row(row, first_row, report)
        if checked:
            good[checked[0]] = (row, checked[1])
    # Parents must exist in the file or already in the institution.
    parents = dict(existing)
    parents.update({code: parent for code, (_row, parent) in good.items()})
    for row, parent in good.values():
        if parent and parent not in parents and not _code_problem(parent):
            problems.append(Problem(row=row.number, column="parent", message=_(
                "Unknown parent %(parent)s: it is neither in this file nor among the institution's units.")
                % {"parent": parent}, **where))
    for code, chain in sorted(_cycles(good, parents).items(), key=lambda item: good[item[0]][0].number):
        problems.append(Problem(row=good[code][0].number, column="parent", message=_(
            "Cycle in the tree: %(chain)s") % {"chain": " → ".join(chain)}, **where))
    problems.sort(key=lambda p: (p.row, p.column))
    return problems
