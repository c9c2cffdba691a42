"""Issue 14 item 4: hostile spreadsheets against every importer and against evidence text extraction.

Each file is built byte by byte (small and fast): a workbook declaring every cell Excel allows
(A1:XFD1048576), one of 60,000 rows, one too wide, a zip bomb, and a PDF renamed .xlsx. Every
importer answers with problems naming the file (and the sheet and row where the caps stop it),
quickly, and writes nothing; text extraction reads only the cells present, and an upload that
would unpack as a bomb is refused by name.
"""
import io
import zipfile

import pytest
from django.utils import translation

from genderseal.core.imports import MAX_COLUMNS, MAX_ROWS, ImportProblems
from genderseal.core.models import Membership, OrgUnit
from genderseal.evidence import services as evidence
from genderseal.evidence.filetypes import UploadRefused
from genderseal.organisation import services as organisation
from genderseal.organisation.models import UnitImport
from genderseal.planning import feeds, importer, register
from genderseal.planning.models import ImportMapping, Indicator, IndicatorTarget, PeriodReport, Project, Value
from genderseal.standards.excel import parse_xlsx
from genderseal.standards.models import Benchmark, Framework
from genderseal.standards.spec import FrameworkError

from tests.factories import make_evidence, make_planning, make_upload

pytestmark = pytest.mark.django_db

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<dimension ref="{dimension}"/><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def column(n):
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell(row, col, text):
    return f'<c r="{column(col)}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet, rows, dimension="A1", padding=0):
    """An .xlsx with one sheet: `rows` is an iterable of (row number, [(column number, text)]);
    `padding` bytes of blanks inside the sheet's XML (a zip bomb: they pack a thousand to one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK.format(sheet=sheet))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD.format(dimension=dimension).encode())
            blank = b" " * (1 << 20)
            for _ in range(padding // len(blank)):
                part.write(blank)
            for number, cells in rows:
                part.write(f'<row r="{number}">{"".join(cell(number, c, t) for c, t in cells)}</row>'.encode())
            part.write(SHEET_TAIL.encode())
    return out.getvalue()


SWEEP_MAX_ROWS = 2_000  # the sweep over every importer stops each at this many rows (see the last test)


def hostile_files(sheet):
    """{file name: (bytes, what the refusal must say, the row it must name or None)}."""
    return {
        # 6 KB that declare every cell Excel allows, and one real cell in the far corner.
        "declared.xlsx": (workbook(sheet, [(1, [(1, "code")]), (1048576, [(16384, "x")])],
                                   dimension="A1:XFD1048576"), "rows", 1048576),
        "rows.xlsx": (workbook(sheet, ((n, [(1, f"r{n}")]) for n in range(1, 60_001))), "rows", SWEEP_MAX_ROWS + 1),
        "columns.xlsx": (workbook(sheet, [(1, [(c, f"c{c}") for c in range(1, MAX_COLUMNS + 100)])]), "columns", 1),
        "bomb.xlsx": (workbook(sheet, [(1, [(1, "code")])], padding=20 * (1 << 20)), "bomb", None),
        "renamed.xlsx": (b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "Excel", None),
    }


@pytest.fixture(scope="module")
def files():
    """The hostile files per sheet name the importer reads (built once)."""
    cache = {}

    def of(sheet):
        if sheet not in cache:
            cache[sheet] = hostile_files(sheet)
        return cache[sheet]

    return of


def stored(world):
    """Everything an importer could write, counted."""
    models = (OrgUnit, Project, Indicator, IndicatorTarget, Value, PeriodReport, Framework, Benchmark)
    return [m.objects.count() for m in models]


@pytest.fixture
def mapping(world):
    make_planning(world)
    Project.objects.filter(code="P-1").update(tracking_id="PT-9")
    return ImportMapping.objects.create(
        institution=world.institution, name="Policy Tracking", project_column="Project ID",
        month_column="Month", value_columns=[{"column": "Women", "option": "female", "indicator": "IND-1"}])


def importers(world, mapping):
    """(name, the sheet it reads, run(data, filename)) for every importer of the product."""
    return [
        ("framework", "dimensions", lambda data, name: parse_xlsx(data, name)),
        ("units", "units", lambda data, name: organisation.import_units(world.institution, data, name)),
        ("planning", "values", lambda data, name: importer.import_file(world.institution, data, name)),
        ("projects", register.SHEET, lambda data, name: register.import_projects(world.institution, data, name)),
        ("feed preview", "feed", lambda data, name: feeds.preview(mapping, data, name)),
        ("feed import", "feed", lambda data, name: feeds.import_feed(mapping, data, name)),
    ]


def refusal(run, data, name):
    """The problems (as text) of a refused file; fails if the file was accepted."""
    try:
        run(data, name)
    except ImportProblems as refused:
        return [(p.file, p.sheet, p.row, p.message) for p in refused.problems]
    except FrameworkError as refused:  # the framework reader's own problem type
        return [(p.source, p.where.sheet or "", p.where.row or 0, p.message) for p in refused.problems]
    raise AssertionError(f"{name} was accepted")


def test_every_importer_refuses_every_hostile_file_by_name_and_writes_nothing(world, mapping, files, settings):
    settings.IMPORT_MAX_ROWS = SWEEP_MAX_ROWS  # the 60,000 rows stop where the cap is, not at the end of the file
    translation.activate("en")
    for label, sheet, run in importers(world, mapping):
        for name, (data, says, row) in files(sheet).items():
            before = stored(world)
            problems = refusal(run, data, name)
            assert stored(world) == before, f"{label} wrote something for {name}"
            assert problems and all(p[0] == name for p in problems), (label, name, problems)
            text = " ".join(p[3] for p in problems)
            assert says in text, (label, name, problems)
            if row is not None:  # the caps name the sheet and the row where they stopped
                assert (sheet, row) in [(p[1], p[2]) for p in problems], (label, name, problems)
    # The unit importer keeps a record of each refused file (and nothing else).
    assert UnitImport.objects.filter(status="refused").count() == len(files("units"))


def test_an_import_page_shows_the_refusal_above_the_same_form(world, login, files):
    data, _says, _row = files("units")["bomb.xlsx"]
    response = login("secretariat").post("/i/bma/units/import/", {"file": make_upload("bomb.xlsx", data)})
    assert response.status_code == 400
    assert "bomb.xlsx" in response.content.decode() and not OrgUnit.objects.filter(code="code").exists()


@pytest.fixture
def upload(world, settings, settings_tmp_media, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    membership = Membership.objects.get(user=world.secretariat)
    item = make_evidence(world.institution, "แผนปฏิบัติการ", status="approved")

    def add(name, data):
        with django_capture_on_commit_callbacks(execute=True):
            revision = evidence.add_file(membership, item, make_upload(name, data))
        revision.refresh_from_db()
        return revision

    return add


def test_text_extraction_reads_the_cells_present_and_refuses_the_bomb(world, upload, files):
    hostile = files("ข้อมูล")
    declared = upload("declared.xlsx", hostile["declared.xlsx"][0])
    assert declared.extraction == "done" and declared.extracted_text.split() == ["ข้อมูล", "code", "x"]
    wide = upload("columns.xlsx", hostile["columns.xlsx"][0])
    assert wide.extraction == "done" and f"c{MAX_COLUMNS + 99}" in wide.extracted_text
    with pytest.raises(UploadRefused, match="bomb.xlsx"):
        upload("bomb.xlsx", hostile["bomb.xlsx"][0])
    renamed = upload("renamed.xlsx", hostile["renamed.xlsx"][0])  # read for what it is: a (broken) PDF
    assert renamed.content_type == "application/pdf" and renamed.extraction in ("done", "failed")
    assert renamed.extraction == "done" or renamed.extraction_error


def test_the_real_row_cap_stops_sixty_thousand_rows_at_the_cap(world, files):
    """The planning import (the file of the issue died there with MemoryError) with the product's own caps."""
    translation.activate("en")
    data, _says, _row = files("values")["rows.xlsx"]
    problems = refusal(lambda d, n: importer.import_file(world.institution, d, n), data, "rows.xlsx")
    assert problems == [("rows.xlsx", "values", MAX_ROWS + 1, f"too many rows: at most {MAX_ROWS}")]
