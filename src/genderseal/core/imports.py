"""The one way to import a file (CSV or Excel): read, check everything, then write all or nothing.

Every importer (framework workbooks, the unit tree, the planning template, and every new one)
builds on this module:

- `read_file(data, filename, sheets=None)` reads bytes into `Table`s of (row number, cells):
  CSV with its encoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows Thai cp874) and
  delimiter (, ; tab |) detected; XLSX streamed read-only, iterating only the rows and cells
  the file really holds (the declared dimension is never trusted), within MAX_ROWS rows,
  MAX_COLUMNS columns and MAX_CELLS cells per file (settings IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS,
  IMPORT_MAX_CELLS override them); a workbook that would unpack past MAX_UNPACKED bytes
  (IMPORT_MAX_UNPACKED) or as a zip bomb is refused before anything is unpacked. Text cells are normalised by `clean()`: NUL and zero-width
  characters removed, odd spaces (no-break, thin) made plain, ends stripped. Free text keeps its
  Thai digits (a title is the seed's words); codes and numbers go through `code()` and
  `parse_number()`, which read Thai digits and thousands separators.
- `Problem(file, sheet, row, column, message)` names where something is wrong, in the user's
  language; an importer collects every problem of the file before refusing it.
- `Importer`: a subclass reads with `read()`, checks with `check(tables)` (adding problems with
  `self.problem(...)`) and returns a plan; `plan(data)` checks only (a dry run), `run(data)` raises
  `ImportProblems` with every problem or calls `apply(plan)` in one transaction.
"""
import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from genderseal.core import archives
from genderseal.thai.digits import to_arabic_digits

MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000
MAX_UNPACKED = 200 * 1024 * 1024  # bytes an .xlsx may unpack to (core/archives.py refuses bombs)
CSV_DELIMITERS = ",;\t|"
CSV_ENCODINGS = ("utf-8", "cp874")  # after a BOM; cp874 is Windows Thai (a superset of TIS-620)
# What a damaged .xlsx raises from openpyxl, zipfile, zlib or the XML parser (ParseError is a SyntaxError).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, SyntaxError,
           NotImplementedError, RuntimeError, TypeError, AttributeError, IndexError)
ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\x00]")


def cap(name):
    """A cap (rows, columns, cells), from settings when set there."""
    return getattr(settings, f"IMPORT_MAX_{name.upper()}", globals()[f"MAX_{name.upper()}"])


def caps():
    """(rows, columns, cells): read once per file, not once per row."""
    return cap("rows"), cap("columns"), cap("cells")


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in an imported file, and where: file, sheet, row (1 = the first), column."""

    file: str = ""
    sheet: str = ""
    row: int = 0
    column: str = ""
    message: str = field(default="", compare=False)

    @property
    def field(self):  # the unit import page's name for the column
        return self.column

    def where(self):
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self):
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self):
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.message}


class ImportProblems(Exception):
    """A refused file: `problems` lists everything wrong with it."""

    def __init__(self, problems, source=""):
        self.problems = sorted(problems)
        self.source = source
        super().__init__("\n".join(str(p) for p in self.problems[:50]))


@dataclass
class Table:
    """One sheet (or a CSV file): rows as (row number, tuple of cleaned cells), blank rows left out."""

    file: str
    sheet: str
    rows: list


def clean(value):
    """A cell as the importers want it: text normalised (None when blank), numbers as they are."""
    if isinstance(value, str):
        return ODD_SPACES.sub(" ", ZERO_WIDTH.sub("", value)).strip() or None
    return value


def code(value):
    """An identifier cell (a unit code, an indicator code) as text with Arabic digits; "" when blank."""
    text = clean(value)
    return to_arabic_digits(text) if isinstance(text, str) else "" if text is None else str(text)


def parse_number(value):
    """Decimal from 1234, '1,234', '๑ ๒๓๔.๕', '12.5'; None for blank; ValueError otherwise."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = code(value)
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "").replace(" ", "").replace("_", ""))
    except InvalidOperation:
        raise ValueError(value) from None


def decode(data, filename):
    """The text of a CSV file; ImportProblems when it is in no encoding we know."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        for encoding in CSV_ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ImportProblems([Problem(filename, message=_("the file is not text in UTF-8 or Thai (TIS-620)")
                                  )], filename)


def read_csv(data, filename):
    text = decode(data, filename)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    rows, cells, limits = [], 0, caps()
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            cells += len(values)
            _check_caps(filename, "", number, len(values), cells, limits)
            values = tuple(clean(v) for v in values)
            if any(v is not None for v in values):
                rows.append((number, values))
    except csv.Error as error:
        raise ImportProblems([Problem(filename, message=_("this CSV file cannot be read: %(reason)s")
                                      % {"reason": error})], filename) from None
    return [Table(filename, "", rows)]


def _check_caps(filename, sheet, row, columns, cells, limits=None):
    max_rows, max_columns, max_cells = limits or caps()
    if row <= max_rows and columns <= max_columns and cells <= max_cells:
        return
    if row > max_rows:
        message = _("too many rows: at most %(max)d") % {"max": max_rows}
    elif columns > max_columns:
        message = _("too many columns: at most %(max)d") % {"max": max_columns}
    else:
        message = _("too many cells: at most %(max)d in one file") % {"max": max_cells}
    raise ImportProblems([Problem(filename, sheet, row, message=message)], filename)


def _sheet_rows(book, sheet, filename, counted):
    """The rows of a read-only sheet that the file really holds, capped; (row number, cells)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    rows, limits = [], caps()
    with sheet._get_source() as source:  # the sheet's XML; openpyxl's own rows would pad to the declared size
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            width = max((c["column"] for c in cells), default=0)
            counted += len(cells)
            _check_caps(filename, sheet.title, number, width, counted, limits)
            values = [None] * width
            for cell in cells:
                values[cell["column"] - 1] = clean(cell["value"])
            if any(v is not None for v in values):
                rows.append((number, tuple(values)))
    return rows, counted


def read_xlsx(data, filename, sheets=None):
    """The sheets named in `sheets` (all when None) as Tables; ImportProblems for a damaged file."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    not_excel = ImportProblems([Problem(filename, message=_("this is not an Excel workbook (.xlsx)"))], filename)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archives.check_zip(archive, cap("unpacked"))
    except archives.ArchiveBomb:
        raise ImportProblems([Problem(filename, message=_(
            "the workbook unpacks to more than %(mb)d MB; it is refused as an archive bomb")
            % {"mb": cap("unpacked") // (1024 * 1024)})], filename) from None
    except DAMAGED:
        raise not_excel from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *DAMAGED):
        raise not_excel from None
    tables, counted = [], 0
    try:
        for sheet in book.worksheets:
            if sheets is None or sheet.title in sheets:
                rows, counted = _sheet_rows(book, sheet, filename, counted)
                tables.append(Table(filename, sheet.title, rows))
    except DAMAGED:  # the sheets unpack lazily: damage shows only while reading rows
        raise ImportProblems([Problem(filename, message=_("this Excel workbook is damaged and cannot be read"))],
                             filename) from None
    finally:
        book.close()
    return tables


def read_file(data, filename, sheets=None):
    """Tables of a .csv/.txt or .xlsx/.xlsm file; ImportProblems for another kind or a bad file."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, filename, sheets)
    if name.endswith((".csv", ".txt")):
        return read_csv(data, filename)
    raise ImportProblems([Problem(filename, message=_("unknown file type: use .csv or .xlsx"))], filename)


def header_map(cells, aliases):
    """{cell index: column key} of a header row; `aliases` maps each key to the names it may have."""
    names = {}
    for index, cell in enumerate(cells):
        label = str(cell).strip().lower() if cell is not None else ""
        for key, known in aliases.items():
            if label == key or label in known:
                names[index] = key
    return names


def from_upload(request, run):
    """An import page's POST: the uploaded `file` handed to `run(data, filename)`.

    Returns (problems as text, what `run` returned or None, the status to answer with); a refused
    file answers 400 with every problem, so the page shows them above the same form.
    """
    upload = request.FILES.get("file")
    if upload is None:
        return [_("Choose a file.")], None, 400
    try:
        return [], run(upload.read(), upload.name), 200
    except ImportProblems as refused:
        return [str(p) for p in refused.problems], None, 400


class Importer:
    """Read, check everything, then write all or nothing. Subclasses define `check` and `apply`."""

    sheets = None  # sheet names to read from a workbook (None: every sheet)

    def __init__(self, filename):
        self.filename = filename
        self.problems = []

    def problem(self, message, *, sheet="", row=0, column=""):
        self.problems.append(Problem(self.filename, sheet, row, column, message))

    def read(self, data):
        return read_file(data, self.filename, self.sheets)

    def check(self, tables):
        """Every problem of the tables (through self.problem); returns what apply() will write."""
        raise NotImplementedError

    def apply(self, plan):
        raise NotImplementedError

    def plan(self, data):
        """What apply() would write, checking only; ImportProblems with every problem of the file."""
        plan = self.check(self.read(data))
        if self.problems:
            raise ImportProblems(self.problems, self.filename)
        return plan

    def run(self, data):
        plan = self.plan(data)
        with transaction.atomic():
            return self.apply(plan)
