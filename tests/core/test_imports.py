"""core.imports: one reader for every importer (encodings, delimiters, workbooks, caps)."""
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from genderseal.core import imports


def workbook(rows, dimension=None):
    book = Workbook()
    book.active.title = "units"
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    source, changed = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(changed, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ref=\"")
                end = data.index(b"\"", start + 16)
                data = data[:start + 16] + dimension.encode() + data[end:]
            target.writestr(name, data)
    return changed.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_any_thai_encoding_and_delimiter_reads_the_same(encoding, delimiter):
    text = delimiter.join(["code", "name"]) + "\n" + delimiter.join(["๒๑๐๐๐๐๐๐", "สำนัก\u00a0ยุทธ"]) + "\n\n"
    [table] = imports.read_file(text.encode(encoding), "units.csv")
    assert table.rows == [(1, ("code", "name")), (2, ("๒๑๐๐๐๐๐๐", "สำนัก ยุทธ"))]
    assert imports.code(table.rows[1][1][0]) == "21000000"


def test_a_workbook_is_read_by_the_rows_it_holds_not_by_its_declared_size():
    data = workbook([["code", "name"], [21000000, " กอง "]], dimension="A1:XFD1048576")
    [table] = imports.read_file(data, "units.xlsx")
    assert (table.sheet, table.rows) == ("units", [(1, ("code", "name")), (2, (21000000, "กอง"))])


def test_caps_refuse_a_file_naming_where(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(imports.ImportProblems) as refused, translation.override("en"):
        imports.read_file(workbook([["code"], [1], [2], [3]]), "big.xlsx")
    with translation.override("en"):
        assert [str(p) for p in refused.value.problems] == ["big.xlsx, sheet units, row 4: too many rows: at most 3"]
    settings.IMPORT_MAX_COLUMNS = 2
    with pytest.raises(imports.ImportProblems) as refused:
        imports.read_file(b"a,b,c\n", "wide.csv")
    assert (refused.value.problems[0].file, refused.value.problems[0].row) == ("wide.csv", 1)


def test_damaged_or_unknown_files_are_problems_not_crashes():
    for data, name in ((b"PK\x03\x04broken", "x.xlsx"), (b"\xff\xfe\xff", "x.csv"), (b"%PDF", "x.pdf")):
        with pytest.raises(imports.ImportProblems) as refused:
            imports.read_file(data, name)
        assert refused.value.problems[0].file == name


def test_numbers_read_thai_digits_and_separators():
    assert imports.parse_number("๑,๒๓๔.๕") == Decimal("1234.5")
    assert imports.parse_number("1 000") == Decimal("1000") and imports.parse_number("  ") is None
    with pytest.raises(ValueError):
        imports.parse_number("abc")
