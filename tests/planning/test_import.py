"""The planning template: errors by sheet/row/column, nothing half-imported, a lossless round trip."""
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from genderseal.planning import exporter, importer, services
from genderseal.planning.models import Indicator, IndicatorTarget, PeriodReport, Value
from genderseal.planning.template import SHEETS

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db


def workbook(sheets, merge=None):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge and name == merge[0]:
            ws.merge_cells(merge[1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


INDICATOR = ["IND-2", "จำนวนนักเรียนหญิงที่ได้รับผ้าอนามัย", "Girls given pads", "P-1", "สยป.", "คน", "count", "up",
             "sum", "monthly", None, "๒๕๖๘", "2570", "yes", None]


def good_file():
    return workbook({
        "indicators": [SHEETS["indicators"], INDICATOR],
        "targets": [SHEETS["targets"], ["IND-2", "2568", None, "๑๒๐๐"]],
        "values": [SHEETS["values"], ["IND-2", "๒๕๖๘", "ต.ค.", None, "female", "๑๐๐"],
                   [None, None, None, None, None, None],
                   ["IND-2", 2568, "พฤศจิกายน", None, "male", 5],
                   ["IND-1", "2568", "ม.ค.", None, "other", "3"]],
    })


def test_it_imports_thai_digits_be_years_and_thai_months_ignoring_blank_rows(world):
    make_planning(world)
    summary = importer.import_file(world.institution, good_file(), "plan.xlsx")
    assert summary["values"] == 3
    indicator = Indicator.objects.get(code="IND-2")
    assert indicator.first_fy == 2568 and indicator.owner_unit.code == "21000000"
    assert IndicatorTarget.objects.get(indicator=indicator).value == 1200
    assert dict(Value.objects.filter(report__indicator=indicator).values_list("report__period", "number")) == {
        date(2024, 10, 1): 100, date(2024, 11, 1): 5}
    assert Value.objects.get(report__indicator__code="IND-1").report.period == date(2025, 1, 1)


def test_every_bad_row_is_reported_and_nothing_is_imported(world):
    make_planning(world)
    data = workbook({
        "indicators": [SHEETS["indicators"], INDICATOR, ["IND-3", "x", "", "", "99999999", "คน", "count", "sideways",
                                                         "sum", "monthly", None, "2568", "2570", "yes", None]],
        "values": [SHEETS["values"],
                   ["IND-2", "2568", "ต.ค.", None, "female", "-4"],
                   ["IND-2", "2568", "เดือนสิบสาม", None, "female", "4"],
                   ["IND-2", "2568", "ต.ค.", None, "female|0-14", "4"],
                   ["IND-9", "2568", "ต.ค.", None, "female", "4"],
                   ["IND-2", "2568", "ต.ค.", None, "male", "abc"]],
    })
    with pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, data, "bad.xlsx")
    places = {(p.sheet, p.row, p.column) for p in error.value.problems}
    assert {("indicators", 3, "owner_unit"), ("indicators", 3, "direction"), ("values", 2, "value"),
            ("values", 3, "month"), ("values", 4, "option"), ("values", 5, "indicator"),
            ("values", 6, "value")} <= places
    assert not Indicator.objects.filter(code="IND-2").exists() and not Value.objects.exists()
    with translation.override("en"):
        assert any(str(p).startswith("bad.xlsx, sheet values, row 2, column value: ") for p in error.value.problems)


def test_a_shifted_header_and_merged_cells_are_named(world):
    make_planning(world)
    shifted = workbook({"values": [["Monthly report"], [], SHEETS["values"],
                                   ["IND-1", "2568", "ต.ค.", None, "female", "1"]]})
    with pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, shifted, "shifted.xlsx")
    assert [(p.sheet, p.row) for p in error.value.problems] == [("values", 3)]
    merged = workbook({"values": [SHEETS["values"], ["IND-1", "2568", "ต.ค.", None, "female", "1"]]},
                      merge=("values", "A3:B3"))
    with translation.override("en"), pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, merged, "merged.xlsx")
    assert error.value.problems[0].sheet == "values" and "merged" in error.value.problems[0].message


def test_a_locked_period_is_refused(world):
    indicator = make_planning(world)
    membership = planning_membership(world)
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 1}, submit=True)
    services.transition(membership, report, "approve")
    data = workbook({"values": [SHEETS["values"], ["IND-1", "2568", "ต.ค.", None, "female", "9"]]})
    with pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, data, "late.xlsx")
    assert error.value.problems[0].row == 2
    assert Value.objects.get().number == 1


def test_csv_values_with_a_quarterly_period_outside_the_frequency(world):
    make_planning(world)
    csv = "indicator,fiscal_year,month,quarter,option,value\nIND-1,2568,,Q1,female,3\n".encode()
    with pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, csv, "values.csv")
    first = error.value.problems[0]
    assert (first.file, first.sheet, first.row, first.column) == ("values.csv", "", 2, "month")


def test_export_then_import_is_lossless(world, tmp_path):
    indicator = make_planning(world)
    membership = planning_membership(world)
    for month in (date(2024, 10, 1), date(2024, 11, 1), date(2025, 9, 1)):
        services.save_report(membership, indicator, month, {"female": 7, "male": 3, "other": 1},
                             narrative=f"แจกผ้าอนามัยเดือน {month.month}", progress="40.5")
    importer.import_file(world.institution, good_file(), "plan.xlsx")
    first = exporter.export_xlsx(membership)
    before = _sheets(first)
    Value.objects.all().delete()
    PeriodReport.objects.all().delete()
    IndicatorTarget.objects.all().delete()
    path = tmp_path / "export.xlsx"
    path.write_bytes(first)
    call_command("planning", "import", str(path), "--institution", "bma")
    assert _sheets(exporter.export_xlsx(membership)) == before
    assert len(before["values"]) == 1 + 9 + 3
    assert ("IND-1", 2568, "ต.ค.", None, 40.5, "แจกผ้าอนามัยเดือน 10") in before["reports"]
    assert PeriodReport.objects.get(period=date(2025, 9, 1)).narrative == "แจกผ้าอนามัยเดือน 9"


def test_report_narratives_with_a_bad_progress_are_refused_naming_the_row(world):
    make_planning(world)
    csv = ("indicator,fiscal_year,month,quarter,progress,narrative\n"
           "IND-1,2568,ต.ค.,,50,ดี\nIND-1,2568,พ.ย.,,120,เกิน\n").encode()
    with pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, csv, "reports.csv")
    problem = error.value.problems[0]
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("reports.csv", "", 3, "progress")
    assert not PeriodReport.objects.exists()


def _sheets(data):
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {name: [tuple(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}


def test_upload_page_reports_problems_for_the_secretariat_only(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_planning(world)
    bad = workbook({"values": [SHEETS["values"], ["IND-1", "2568", "ต.ค.", None, "female", "-1"]]})
    client = login("secretariat")
    client.post("/language/", {"language": "en"})
    response = client.post("/i/bma/plan/import/", {"file": SimpleUploadedFile("bad.xlsx", bad)})
    assert response.status_code == 400 and b"sheet values, row 2, column value" in response.content
    assert login("focal_point").get("/i/bma/plan/import/").status_code == 404
    response = client.post("/i/bma/plan/import/", {"file": SimpleUploadedFile("ok.xlsx", good_file())})
    assert response.status_code == 200 and Indicator.objects.filter(code="IND-2").exists()


def test_export_add_a_month_import_back_with_approved_months(world):
    """The monthly loop: approved months come back unchanged and are skipped; the new month is written."""
    indicator = make_planning(world)
    membership = planning_membership(world)
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 7, "male": 3},
                                  narrative="ตุลาคม", progress="10", submit=True)
    services.transition(membership, report, "approve")
    wb = load_workbook(io.BytesIO(exporter.export_xlsx(membership)))
    wb["values"].append(["IND-1", 2568, "พ.ย.", None, "female", 8])
    out = io.BytesIO()
    wb.save(out)
    summary = importer.import_file(world.institution, out.getvalue(), "plan.xlsx")
    assert summary["values"] == 1 and summary["unchanged"] >= 3  # two values and the narrative of October
    assert Value.objects.get(report__period=date(2024, 11, 1)).number == 8
    assert PeriodReport.objects.get(period=date(2024, 10, 1)).status == "approved"


def test_a_changed_row_of_an_approved_month_is_still_refused_by_row(world):
    indicator = make_planning(world)
    membership = planning_membership(world)
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 7}, narrative="ต.ค.",
                                  submit=True)
    services.transition(membership, report, "approve")
    data = workbook({
        "values": [SHEETS["values"], ["IND-1", "2568", "ต.ค.", None, "female", "7"],
                   ["IND-1", "2568", "ต.ค.", None, "male", "2"]],
        "reports": [SHEETS["reports"], ["IND-1", "2568", "ต.ค.", None, None, "แก้ไขแล้ว"]],
    })
    with pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, data, "late.xlsx")
    assert {(p.sheet, p.row) for p in error.value.problems} == {("values", 3), ("reports", 2)}
    assert Value.objects.count() == 1


@pytest.mark.parametrize("target, problem", [("-5", "negative"), ("2.5", "whole number")])
def test_a_negative_or_fractional_count_target_is_refused_everywhere(world, login, target, problem):
    indicator = make_planning(world)
    assert indicator.kind == "count"
    data = workbook({"targets": [SHEETS["targets"], ["IND-1", "2568", None, target]]})
    with translation.override("en"), pytest.raises(importer.ImportProblems) as error:
        importer.import_file(world.institution, data, "targets.xlsx")
    assert problem in str(error.value.problems[0]) and error.value.problems[0].column == "target"
    with translation.override("en"), pytest.raises(services.BadInput):
        services.save_targets(planning_membership(world), indicator, {(2568, 0): services.parse_number(target)})
    with translation.override("en"), pytest.raises(ValueError, match=problem):
        services.parse_target(indicator, target)
    assert not IndicatorTarget.objects.filter(value__lt=0).exists() and not IndicatorTarget.objects.filter(value=2.5).exists()


def test_the_planning_importer_is_the_core_importer_and_a_failed_write_leaves_nothing(world, monkeypatch):
    from genderseal.core.imports import Importer
    from genderseal.planning import stamps

    assert issubclass(importer.PlanningImport, Importer)
    make_planning(world)
    before = (Indicator.objects.count(), Value.objects.count(), IndicatorTarget.objects.count())

    def broken(*args):
        raise RuntimeError("stamp store down")

    # The last step of the write fails: the indicators, targets and values written before it are rolled back.
    monkeypatch.setattr(stamps, "touch", broken)
    with pytest.raises(RuntimeError):
        importer.PlanningImport(world.institution, "plan.xlsx").run(good_file())
    assert (Indicator.objects.count(), Value.objects.count(), IndicatorTarget.objects.count()) == before


def test_a_refused_planning_file_names_file_sheet_row_and_column(world):
    make_planning(world)
    data = workbook({"values": [SHEETS["values"], ["IND-1", "2568", "ม.ค.", None, "other", "abc"]]})
    with pytest.raises(importer.ImportProblems) as error:
        importer.PlanningImport(world.institution, "plan.xlsx").run(data)
    [problem] = error.value.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("plan.xlsx", "values", 2, "value")
