"""Reading and checking a unit-tree file (CSV or Excel): plain functions, no writes.

A file has a header row naming the columns (English or Thai names, any order) and one
unit per row: 8-digit code, parent code (blank for a top-level unit), abbreviation,
Thai name, English name. `check_rows` returns every problem with its file, sheet, row and
field; services.import_units writes only when there is none.
"""
import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

COLUMNS = {
    "code": {"code", "unit code", "รหัส", "รหัสหน่วยงาน"},
    "parent": {"parent", "parent code", "รหัสหน่วยงานต้นสังกัด", "ต้นสังกัด", "รหัสต้นสังกัด"},
    "abbreviation": {"abbreviation", "abbr", "อักษรย่อ", "ชื่อย่อ"},
    "name_th": {"name_th", "name (thai)", "thai name", "ชื่อภาษาไทย", "ชื่อหน่วยงาน"},
    "name_en": {"name_en", "name (english)", "english name", "ชื่อภาษาอังกฤษ"},
}
REQUIRED = ("code", "name_th")
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
CODE = re.compile(r"^\d{8}$")
MAX_ROWS = 20000


@dataclass
class Problem:
    file: str
    sheet: str
    row: int
    field: str
    message: str

    def __str__(self):
        where = self.file
        if self.sheet:
            where += f" [{self.sheet}]"
        if self.row:
            where += " " + _("row %(row)d") % {"row": self.row}
        if self.field:
            where += f" ({self.field})"
        return f"{where}: {self.message}"

    def as_dict(self):
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "field": self.field, "message": self.message}


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


class UnitImportError(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _cell(value):
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
    return str(value).replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL


def _header(cells, filename, sheet):
    names = {}
    problems = []
    for index, cell in enumerate(cells):
        label = _cell(cell).lower().strip()
        for key, aliases in COLUMNS.items():
            if label in aliases:
                names[index] = key
    for key in REQUIRED:
        if key not in names.values():
            problems.append(Problem(filename, sheet, 1, key, _("The header row has no column %(column)s.") % {
                "column": key}))
    return names, problems


def _rows(table, filename, sheet):
    """Header + data rows (as lists of cells) -> ParsedFile; trailing blank rows are ignored."""
    iterator = iter(table)
    try:
        header = next(iterator)
    except StopIteration:
        return ParsedFile(filename, sheet, [], [Problem(filename, sheet, 0, "", _("The file is empty."))])
    names, problems = _header(header, filename, sheet)
    rows = []
    for number, cells in enumerate(iterator, start=2):
        if number > MAX_ROWS + 1:
            problems.append(Problem(filename, sheet, number, "", _("Too many rows: at most %(max)d units per file.")
                                    % {"max": MAX_ROWS}))
            break
        values = {key: _cell(cells[i]) if i < len(cells) else "" for i, key in names.items()}
        rows.append(Row(number, values))
    while rows and not any(rows[-1].values.values()):
        rows.pop()
    return ParsedFile(filename, sheet, rows, problems)


def read_csv(data, filename):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedFile(filename, "", [], [Problem(filename, "", 0, "", _("The file is not UTF-8 text."))])
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _rows(csv.reader(io.StringIO(text), dialect), filename, "")


def read_excel(data, filename):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return ParsedFile(filename, "", [], [Problem(filename, "", 0, "", _("The file is not an Excel workbook."))])
    try:
        sheet = book.worksheets[0]
        parsed = _rows(sheet.iter_rows(values_only=True), filename, sheet.title)
    except Exception:  # a read-only workbook unpacks lazily: damage shows only while reading rows
        return ParsedFile(filename, "", [], [Problem(filename, "", 0, "", _("The file is not an Excel workbook."))])
    finally:
        book.close()
    return parsed


def read_file(data, filename):
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return read_excel(data, filename)
    if filename.lower().endswith((".csv", ".txt")):
        return read_csv(data, filename)
    return ParsedFile(filename, "", [], [Problem(filename, "", 0, "", _(
        "Unknown file type: use .csv or .xlsx."))])


def _code_problem(value):
    """A message when `value` is not an 8-digit code written with Arabic digits, else None."""
    if any(ch in THAI_DIGITS for ch in value):
        arabic = value.translate(str.maketrans(THAI_DIGITS, "0123456789"))
        return _('"%(value)s" is written with Thai digits; write codes with Arabic digits: %(arabic)s') % {
            "value": value, "arabic": arabic}
    if not CODE.match(value):
        return _('"%(value)s" is not a unit code: a code is 8 digits.') % {"value": value}
    return None


def check_rows(parsed, existing):
    """Every problem of the parsed file. `existing` maps codes already in the institution to parent codes."""
    problems = list(parsed.problems)
    where = {"file": parsed.filename, "sheet": parsed.sheet}
    first_row = {}
    good = {}  # code -> (row, parent code)
    for row in parsed.rows:
        v = row.values

        def report(field_name, message, row=row):
            problems.append(Problem(row=row.number, field=field_name, message=message, **where))

        if not any(v.values()):
            report("", _("Blank row: remove it."))
            continue
        code, parent = v.get("code", ""), v.get("parent", "")
        bad_code = _code_problem(code) if code else _("A unit code is required.")
        if bad_code:
            report("code", bad_code)
        elif code in first_row:
            report("code", _("Duplicate code %(code)s: row %(first)d has it already.") % {
                "code": code, "first": first_row[code]})
            bad_code = True
        else:
            first_row[code] = row.number
        if parent:
            bad_parent = _code_problem(parent)
            if bad_parent:
                report("parent", bad_parent)
            elif parent == code:
                report("parent", _("A unit cannot be its own parent."))
                parent = ""  # reported once, not again as a cycle
        if not v.get("name_th"):
            report("name_th", _("The Thai name is required."))
        if len(v.get("abbreviation", "")) > 32:
            report("abbreviation", _("At most 32 characters."))
        for key in ("name_th", "name_en"):
            if len(v.get(key, "")) > 255:
                report(key, _("At most 255 characters."))
        if not bad_code:
            good[code] = (row, parent)
    # Parents must exist in the file or already in the institution.
    parents = dict(existing)
    parents.update({code: parent for code, (_row, parent) in good.items()})
    for code, (row, parent) in good.items():
        if parent and parent not in parents and not _code_problem(parent):
            problems.append(Problem(row=row.number, field="parent", message=_(
                "Unknown parent %(parent)s: it is neither in this file nor among the institution's units.")
                % {"parent": parent}, **where))
    # Cycles: follow parents from each unit of the file.
    in_cycle = set()
    for start in good:
        seen = []
        code = start
        while code and code in parents and code not in seen:
            seen.append(code)
            code = parents[code]
        if code in seen and code == start:
            in_cycle.add(start)
    for code in sorted(in_cycle, key=lambda c: good[c][0].number):
        row = good[code][0]
        chain = [code]
        nxt = parents[code]
        while nxt != code:
            chain.append(nxt)
            nxt = parents[nxt]
        problems.append(Problem(row=row.number, field="parent", message=_(
            "Cycle in the tree: %(chain)s") % {"chain": " → ".join(chain + [code])}, **where))
    problems.sort(key=lambda p: (p.row, p.field))
    return problems
