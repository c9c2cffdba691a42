"""Excel framework files: one row per benchmark; every problem names sheet and row."""
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from genderseal.standards.excel import COLUMNS, parse_xlsx, write_xlsx
from genderseal.standards.loader import parse_file, parse_yaml
from genderseal.standards.spec import FrameworkError

FRAMEWORKS = Path(__file__).resolve().parent.parent / "fixtures" / "frameworks"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def spec():
    return parse_yaml(FRAMEWORKS / "mini.yaml")


@pytest.fixture
def workbook_path(spec, tmp_path):
    """mini.yaml written as framework.xlsx; benchmarks sheet rows 2-6 are 1.1.1 ... 2.1.2."""
    path = tmp_path / "framework.xlsx"
    write_xlsx(spec, path)
    return path


def change(path, sheet, edits):
    """edits: {(row, column name or letter): value}."""
    workbook = load_workbook(path)
    ws = workbook[sheet]
    header = [c.value for c in ws[1]]
    for (row, column), value in edits.items():
        index = header.index(column) + 1 if column in header else ord(column) - ord("A") + 1
        ws.cell(row=row, column=index).value = value  # ws.cell(value=None) would leave it unchanged
    workbook.save(path)


def problems(path):
    with pytest.raises(FrameworkError) as info:
        parse_xlsx(path)
    return [str(p) for p in info.value.problems]


def plain(spec):
    """Everything but the places things came from."""
    return [
        (spec.code, spec.version, spec.name.th, spec.name.en, spec.publisher),
        [(r.code, r.label.th, r.label.en, r.credit, r.applicable) for r in spec.results],
        [(lv.code, lv.label.th, lv.label.en, lv.min_percent, lv.min_credit, lv.mandatory) for lv in spec.levels],
        [(d.code, d.title.th, d.title.en, g.code, g.title.th, g.title.en, g.wording, b.code, b.title.th,
          b.title.en, b.evidence and (b.evidence.th, b.evidence.en), b.wording) for d, g, b in spec.benchmark_refs()],
    ]


def test_it_reads_back_what_it_writes(spec, workbook_path):
    again = parse_xlsx(workbook_path)
    assert plain(again) == plain(spec)
    assert again.standard() == spec.standard()
    assert again.source == "framework.xlsx"
    assert again.benchmarks[3].at.sheet == "benchmarks" and again.benchmarks[3].at.row == 5


def test_it_reads_bytes_and_parse_file_picks_excel(workbook_path):
    assert parse_xlsx(workbook_path.read_bytes(), "upload.xlsx").source == "upload.xlsx"
    assert len(parse_file(workbook_path).benchmarks) == 5


def test_the_shipped_seal_round_trips_through_excel(tmp_path):
    shipped = Path(__file__).resolve().parents[2] / "frameworks" / "undp-gender-seal-public-institutions.yaml"
    if not shipped.exists():
        pytest.skip("the Seal's framework file is not there yet")
    seal = parse_yaml(shipped)
    write_xlsx(seal, tmp_path / "seal.xlsx")
    assert plain(parse_xlsx(tmp_path / "seal.xlsx")) == plain(seal)


def test_dimension_and_goal_titles_may_be_given_once(workbook_path, spec):
    change(workbook_path, "benchmarks", {(3, "dimension_th"): None, (3, "dimension_en"): None,
                                         (3, "goal_th"): None, (3, "goal_en"): None})
    assert plain(parse_xlsx(workbook_path)) == plain(spec)


def test_errors_name_sheet_and_row(workbook_path):
    change(workbook_path, "benchmarks", {(4, "code"): "1.1.1", (6, "title_en"): None, (5, "wording"): "draft"})
    change(workbook_path, "results", {(3, "credit"): "half"})
    change(workbook_path, "levels", {(2, "min_percent"): 150, (3, "mandatory"): "1.1.1, 9.9.9"})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet benchmarks, row 4: benchmark code "1.1.1" appears twice (first at row 2)',
        'framework.xlsx, sheet benchmarks, row 5: benchmark "2.1.1": wording must be "official" or "working", '
        'not "draft"',
        'framework.xlsx, sheet benchmarks, row 6: the title of benchmark "2.1.2" has no English text',
        'framework.xlsx, sheet levels, row 2: level "gold": min_percent 150 can never be reached; '
        "it must be between 0 and 100",
        'framework.xlsx, sheet levels, row 3: level "silver": mandatory benchmark "9.9.9" does not exist '
        "in this framework",
        'framework.xlsx, sheet results, row 3: credit must be a number, not "half"',
    ]


def test_it_reports_duplicate_result_and_level_codes(workbook_path):
    change(workbook_path, "results", {(3, "code"): "met"})
    change(workbook_path, "levels", {(4, "code"): "silver"})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet levels, row 4: level code "silver" appears twice (first at row 3)',
        'framework.xlsx, sheet results, row 3: result code "met" appears twice (first at row 2)',
    ]


def test_it_reports_min_credit_beyond_reach_and_missing_thai_label(workbook_path):
    change(workbook_path, "levels", {(4, "min_credit"): 6, (4, "label_th"): None})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet levels, row 4: the label of level "bronze" has no Thai text',
        'framework.xlsx, sheet levels, row 4: level "bronze": min_credit 6 can never be reached; '
        "the most credit possible is 5 (5 benchmarks × 1)",
    ]


def test_it_reports_a_dimension_or_goal_whose_rows_disagree(workbook_path):
    change(workbook_path, "benchmarks", {(3, "dimension_en"): "Plans", (5, "goal_code"): "1.2"})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet benchmarks, row 3: dimension "1" has a different dimension_en here than at row 2',
        'framework.xlsx, sheet benchmarks, row 5: goal "1.2" is under dimension "2" here but under "1" at row 4',
    ]


def test_it_refuses_codes_typed_as_numbers(workbook_path):
    change(workbook_path, "benchmarks", {(4, "goal_code"): 1.2})
    assert problems(workbook_path)[0] == (
        'framework.xlsx, sheet benchmarks, row 4: goal_code 1.2 was read as a number: write it as text in '
        'quotes, e.g. "1.10", so that 1.10 and 1.1 stay different'
    )


def test_it_reports_unknown_missing_and_repeated_columns(workbook_path):
    change(workbook_path, "results", {(1, "credit"): "points"})
    change(workbook_path, "benchmarks", {(1, "title_en"): "title_th"})
    change(workbook_path, "levels", {(1, "G"): "colour"})
    found = problems(workbook_path)
    allowed = ", ".join(COLUMNS["levels"])
    assert found == [
        'framework.xlsx, sheet benchmarks, row 1: column "title_th" appears twice',
        'framework.xlsx, sheet benchmarks, row 1: the column "title_en" is missing',
        f'framework.xlsx, sheet levels, row 1: unknown column "colour" (allowed: {allowed})',
        'framework.xlsx, sheet results, row 1: unknown column "points" (allowed: code, label_th, label_en, '
        "credit, applicable)",
    ]


def test_it_reports_the_framework_sheet(workbook_path):
    change(workbook_path, "framework", {(3, "A"): "edition", (6, "A"): "framework", (2, "B"): "mini seal"})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet framework: sheet framework has no "version" row',
        'framework.xlsx, sheet framework, row 2: framework id "mini seal" may only contain letters, digits, '
        '"-" and "_"',
        'framework.xlsx, sheet framework, row 3: unknown key "edition" (allowed: framework, version, name_th, '
        "name_en, publisher)",
        'framework.xlsx, sheet framework, row 6: key "framework" appears twice (first at row 2)',
    ]


def test_it_reports_bad_flags_and_no_applicable_result(workbook_path):
    change(workbook_path, "results", {(2, "applicable"): "maybe"})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet results, row 2: applicable must be true or false, not "maybe"']
    change(workbook_path, "results", {(2, "applicable"): "no", (3, "applicable"): "no", (4, "applicable"): False})
    assert problems(workbook_path) == [
        "framework.xlsx, sheet results, row 2: no result is applicable: at least one result must count"]


def test_it_reports_missing_sheets(tmp_path):
    workbook = Workbook()
    workbook.active.title = "framework"
    workbook.save(tmp_path / "half.xlsx")
    found = problems(tmp_path / "half.xlsx")
    assert 'half.xlsx, sheet results: the workbook has no sheet named "results"' in found
    assert 'half.xlsx, sheet benchmarks: the workbook has no sheet named "benchmarks"' in found


def test_it_refuses_a_workbook_that_is_not_a_framework(tmp_path):
    workbook = Workbook()
    workbook.active.title = "budget"
    workbook.save(tmp_path / "budget.xlsx")
    assert problems(tmp_path / "budget.xlsx") == [
        "budget.xlsx: this workbook is not a framework file: it needs the sheets framework, results, levels "
        "and benchmarks"]


def test_it_refuses_a_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "fake.xlsx").write_text("framework: mini\n", encoding="utf-8")
    assert problems(tmp_path / "fake.xlsx") == ["fake.xlsx: this is not an Excel workbook (.xlsx)"]


def test_goal_wording_column(workbook_path):
    change(workbook_path, "benchmarks", {(2, "goal_wording"): "official", (3, "goal_wording"): "working"})
    assert problems(workbook_path) == [
        'framework.xlsx, sheet benchmarks, row 3: goal "1.1" has a different goal_wording here than at row 2']
    change(workbook_path, "benchmarks", {(3, "goal_wording"): None})
    assert parse_xlsx(workbook_path).goals[0].wording == "official"
