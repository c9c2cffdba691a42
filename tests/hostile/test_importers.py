"""Property tests: whatever bytes or rows an importer is given, it raises only its documented
validation error (every problem listed) or imports; a refused file leaves no half data."""
import csv
import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from genderseal.core.imports import ImportProblems, Problem
from genderseal.core.models import OrgUnit
from genderseal.organisation import services as organisation
from genderseal.planning import importer
from genderseal.planning.models import Indicator, IndicatorTarget, PeriodReport, Value
from genderseal.planning.template import SHEETS
from genderseal.standards.excel import parse_xlsx, write_xlsx
from genderseal.standards.loader import parse_yaml
from genderseal.standards.spec import FrameworkError

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

# Cells that look nearly right are where parsers break: codes, BE years, Thai digits and months,
# odd numbers, formulas, control characters, very long text.
cells = st.one_of(
    st.sampled_from(["", " ", "21000000", "2100000", "๒๑๐๐๐๐๐๐", "IND-1", "2568", "๒๕๖๘", "2024", "0", "-1",
                     "1e309", "nan", "inf", "1,000", "12.5", "ต.ค.", "ตุลาคม", "13", "Q5", "female", "male",
                     "yes", "no", "ใช่", "monthly", "count", "sum", "=1+1", "=HYPERLINK(\"http://x\")", "@SUM(A1)",
                     "\x00", "\u202e", "x" * 5000]),
    st.text(max_size=30),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
)


def rows_for(columns):
    return st.lists(st.lists(cells, min_size=max(0, len(columns) - 2), max_size=len(columns) + 2), max_size=6)


def planning_counts():
    return [m.objects.count() for m in (Indicator, IndicatorTarget, Value, PeriodReport)]


def csv_bytes(header, rows):
    out = io.StringIO()
    csv.writer(out).writerows([list(header)] + rows)
    return out.getvalue().encode()


def xlsx_bytes(sheets):
    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        for row in [list(header)] + rows:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused_properly(refused, name):
    """A refusal lists at least one problem, each naming the file and saying what is wrong."""
    assert refused.problems, "refused without saying why"
    for problem in refused.problems:
        assert isinstance(problem, Problem) and problem.file == name and problem.message.strip(), problem


def try_planning(world, data, name):
    before = planning_counts()
    try:
        importer.import_file(world.institution, data, name)
    except importer.ImportProblems as refused:
        refused_properly(refused, name)
        assert planning_counts() == before  # nothing half written
    else:  # what was accepted reads back the same: importing it again changes nothing
        after = planning_counts()
        importer.import_file(world.institution, data, name)
        assert planning_counts() == after


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["plan.csv", "plan.xlsx", "PLAN.XLSX"]))
def test_planning_import_of_random_bytes(world, data, name):
    try_planning(world, data, name)


@FUZZ
@given(sheet=st.sampled_from(sorted(SHEETS)), data=st.data())
def test_planning_import_of_random_csv_rows(world, sheet, data):
    rows = data.draw(rows_for(SHEETS[sheet]))
    try_planning(world, csv_bytes(SHEETS[sheet], rows), "plan.csv")


@FUZZ
@given(data=st.data())
def test_planning_import_of_random_workbook_rows(world, data):
    sheets = {name: (SHEETS[name], data.draw(rows_for(SHEETS[name]))) for name in ("indicators", "targets", "values")}
    try_planning(world, xlsx_bytes(sheets), "plan.xlsx")


unit_header = ["code", "parent", "abbreviation", "name_th", "name_en"]


def try_units(world, data, name):
    before = list(OrgUnit.objects.order_by("pk").values_list("pk", "code", "name_th", "parent_id"))
    try:
        report = organisation.import_units(world.institution, data, name)
    except ImportProblems as refused:
        refused_properly(refused, name)
        assert list(OrgUnit.objects.order_by("pk").values_list("pk", "code", "name_th", "parent_id")) == before
    else:  # every unit of the file is there, and importing it again changes nothing
        again = organisation.import_units(world.institution, data, name)
        assert (again.created, again.updated) == (0, 0)
        assert again.unchanged == report.created + report.updated + report.unchanged


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["units.csv", "units.xlsx", "units.txt", "units.pdf"]))
def test_unit_import_of_random_bytes(world, data, name):
    try_units(world, data, name)


@FUZZ
@given(rows=rows_for(unit_header), excel=st.booleans())
@example(rows=[["21010000", "21000000", "", "กอง", ""], ["๒๑๐๒๐๐๐๐", "", "", "กองสอง", "Two"]], excel=False)
@example(rows=[["21010000", "21000000", "", "กอง", ""]], excel=True)
def test_unit_import_of_random_rows(world, rows, excel):
    if excel:
        try_units(world, xlsx_bytes({"units": (unit_header, rows)}), "units.xlsx")
    else:
        try_units(world, csv_bytes(unit_header, rows), "units.csv")


@pytest.fixture(scope="module")
def framework_yaml():
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / "frameworks" / "undp-gender-seal-public-institutions.yaml").read_bytes()


def only_framework_errors(parse, data, name):
    try:
        parse(data, name)
    except FrameworkError as refused:
        assert refused.problems and all(p.source == name and p.message.strip() for p in refused.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=3000))
def test_framework_loader_of_random_bytes(data):
    only_framework_errors(parse_yaml, data, "random.yaml")
    only_framework_errors(parse_xlsx, data, "random.xlsx")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(min_value=0, max_value=10**6), junk=st.binary(max_size=40), data=st.data())
def test_framework_loader_of_damaged_framework_files(framework_yaml, tmp_path_factory, cut, junk, data):
    at = cut % len(framework_yaml)
    only_framework_errors(parse_yaml, framework_yaml[:at] + junk + framework_yaml[at + len(junk):], "seal.yaml")
    lines = framework_yaml.split(b"\n")
    drop = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    only_framework_errors(parse_yaml, b"\n".join(lines[:drop] + lines[drop + 1:]), "seal.yaml")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(min_value=0, max_value=10**6), junk=st.binary(min_size=1, max_size=40))
def test_framework_workbook_damaged(framework_yaml, tmp_path_factory, cut, junk):
    path = tmp_path_factory.mktemp("xlsx") / "seal.xlsx"
    write_xlsx(parse_yaml(framework_yaml, "seal.yaml"), path)
    workbook = path.read_bytes()
    at = cut % len(workbook)
    only_framework_errors(parse_xlsx, workbook[:at] + junk + workbook[at + len(junk):], "seal.xlsx")
    only_framework_errors(parse_xlsx, workbook[:at], "seal.xlsx")


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10**6), junk=st.binary(min_size=1, max_size=40))
def test_damaged_workbooks_of_plans_and_units(world, cut, junk):
    plan = xlsx_bytes({"values": (SHEETS["values"], [["IND-1", "2568", "ต.ค.", "", "female", "1"]] * 50)})
    units = xlsx_bytes({"units": (unit_header, [["21000000", "", "สยป.", "สำนักยุทธศาสตร์", ""]] * 50)})
    for data, attempt in ((plan, lambda d: try_planning(world, d, "plan.xlsx")),
                          (units, lambda d: try_units(world, d, "units.xlsx"))):
        at = cut % len(data)
        attempt(data[:at] + junk + data[at + len(junk):])
        attempt(data[:at])
