"""Importing the unit tree: a per-row report for bad input, all rows or none."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from genderseal.core.imports import ImportProblems
from genderseal.core.models import AuditEvent, OrgUnit
from genderseal.organisation import services
from genderseal.organisation.models import UnitImport

pytestmark = pytest.mark.django_db
HEADER = "code,parent,abbreviation,name_th,name_en\n"


def csv_bytes(*rows):
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


def problems_of(data, world, filename="units.csv"):
    with pytest.raises(ImportProblems) as caught:
        services.import_units(world.institution, data, filename)
    return {(p.row, p.column): p for p in caught.value.problems}


def xlsx_bytes(rows, title="หน่วยงาน"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["code", "parent", "abbreviation", "name_th", "name_en"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_imports_a_tree_whose_parents_come_later_in_the_file(world):
    data = csv_bytes("21010000,21000000,กยช.,กองยุทธศาสตร์,Strategy Division",
                     "21010100,21010000,,กลุ่มงาน,Unit",
                     "03000000,,สำนักงาน ก.ก.,สำนักงาน ก.ก. (ชื่อใหม่),CSC office")
    report = services.import_units(world.institution, data, "units.csv")
    assert (report.created, report.updated, report.unchanged) == (2, 1, 0)
    leaf = OrgUnit.objects.get(institution=world.institution, code="21010100")
    assert leaf.parent.code == "21010000" and leaf.parent.parent.code == "21000000"
    assert OrgUnit.objects.get(institution=world.institution, code="03000000").name_th == "สำนักงาน ก.ก. (ชื่อใหม่)"
    assert not OrgUnit.objects.filter(institution=world.other, code="21010100").exists()
    event = AuditEvent.objects.get(action="unit.import")
    assert {"code": "03000000", "before": {"name_th": "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",
                                           "name_en": "Bangkok Civil Service Commission Office"},
            "after": {"name_th": "สำนักงาน ก.ก. (ชื่อใหม่)", "name_en": "CSC office"}} in event.detail["changes"]
    # Importing the same file again changes nothing.
    again = services.import_units(world.institution, data, "units.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_it_reports_every_bad_row_with_its_place_and_imports_nothing(world):
    before = OrgUnit.objects.count()
    data = csv_bytes(
        "50010000,,ข.1,เขตหนึ่ง,District 1",          # row 2: fine on its own
        "50010000,,ข.1,ซ้ำ,Duplicate",                 # row 3: duplicate code
        "๕๐๐๒๐๐๐๐,,ข.2,เขตสอง,District 2",            # row 4: Thai digits are read as 50020000
        "50030000,99990000,ข.3,เขตสาม,District 3",    # row 5: unknown parent
        ",,,,",                                        # row 6: a blank row is left out
        "60000000,60000001,,ก,A",                      # row 7: cycle with row 8
        "60000001,60000000,,ข,B",                      # row 8
        "5004000,,,ห้า,Five",                          # row 9: seven digits
        "50050000,,,,No Thai name",                    # row 10: Thai name missing
        "50060000,50060000,,หก,Six",                   # row 11: its own parent
    )
    problems = problems_of(data, world)
    assert set(problems) == {(3, "code"), (5, "parent"), (7, "parent"), (8, "parent"),
                             (9, "code"), (10, "name_th"), (11, "parent")}
    assert "row 2" in problems[(3, "code")].message or "2" in problems[(3, "code")].message
    assert "99990000" in problems[(5, "parent")].message
    assert "60000000" in problems[(7, "parent")].message and "60000001" in problems[(7, "parent")].message
    assert all(p.file == "units.csv" for p in problems.values())
    assert OrgUnit.objects.count() == before
    refused = UnitImport.objects.get()
    assert refused.status == "refused" and len(refused.problems) == len(problems)


def test_a_cycle_through_existing_units_is_refused(world):
    # 21000000 exists with no parent; making it the child of a new unit that sits under it is a cycle.
    problems = problems_of(csv_bytes("21000000,21990000,สยป.,สยป.,", "21990000,21000000,,ลูก,"), world)
    assert (2, "parent") in problems and (3, "parent") in problems
    assert OrgUnit.objects.get(institution=world.institution, code="21000000").parent is None


def test_it_reads_excel_and_names_the_sheet(world):
    data = xlsx_bytes([[3010000, 3000000, None, "กองพัฒนาระบบราชการ", "Division"], ["12", None, None, "ผิด", None]])
    problems = problems_of(data, world, "units.xlsx")
    assert set(problems) == {(3, "code")}
    assert problems[(3, "code")].sheet == "หน่วยงาน"
    fixed = xlsx_bytes([[3010000, 3000000, None, "กองพัฒนาระบบราชการ", "Division"]])
    services.import_units(world.institution, fixed, "units.xlsx")
    # A code typed as a number lost its leading zero in Excel; it is padded back to 8 digits.
    assert OrgUnit.objects.get(institution=world.institution, code="03010000").parent.code == "03000000"


def test_a_header_without_required_columns_is_refused(world):
    problems = problems_of(b"abbreviation,name_en\nx,y\n", world)
    assert {(1, "code"), (1, "name_th")} <= set(problems)


def test_the_command_imports_or_exits_with_the_report(world, tmp_path, capsys):
    good = tmp_path / "units.csv"
    good.write_bytes(csv_bytes("21010000,21000000,,กอง,Division"))
    call_command("units", "import", str(good), "--institution", "bma", "--language", "en")
    assert "1 new" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("๒๑๐๒๐๐๐,,,กอง,"))  # seven digits
    with pytest.raises(CommandError) as caught:
        call_command("units", "import", str(bad), "--institution", "bma", "--language", "en")
    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert "bad.csv, row 2, column code" in err and '"2102000"' in err


def test_the_upload_page_shows_the_report_and_is_for_the_secretariat(world, login):
    url = reverse("unit-import", args=["bma"])
    upload = io.BytesIO(csv_bytes("50010000,,,เขต,", "50010000,,,เขต,"))
    upload.name = "units.csv"
    response = login("secretariat").post(url, {"file": upload})
    assert response.status_code == 400
    assert b'data-testid="import-problems"' in response.content and b'data-row="3"' in response.content
    ok = io.BytesIO(csv_bytes("50010000,,,เขต,"))
    ok.name = "units.csv"
    response = login("secretariat").post(url, {"file": ok})
    assert response.status_code == 302
    assert OrgUnit.objects.filter(institution=world.institution, code="50010000").exists()
    assert login("focal_point").get(url).status_code == 404
    assert login("outsider").get(url).status_code == 404


def test_the_unit_importer_is_the_core_importer_and_a_failed_write_leaves_nothing(world, monkeypatch):
    from genderseal.core.imports import Importer
    from genderseal.organisation.unit_import import UnitTreeImport

    assert issubclass(UnitTreeImport, Importer)
    before = OrgUnit.objects.count()

    def broken_log(**kwargs):
        raise RuntimeError("disk full")

    # The import log is written last: if it fails, the units created before it are rolled back.
    monkeypatch.setattr(UnitImport.objects, "create", broken_log)
    with pytest.raises(RuntimeError):
        UnitTreeImport(world.institution, "units.csv").run(csv_bytes("50010000,,,เขต,", "50010100,50010000,,แขวง,"))
    assert OrgUnit.objects.count() == before


def test_an_unreadable_file_is_refused_by_name_and_recorded(world):
    problems = problems_of(b"PK\x03\x04 not really a workbook", world, "units.xlsx")
    assert [p.file for p in problems.values()] == ["units.xlsx"]
    refused = UnitImport.objects.get()
    assert refused.status == "refused" and refused.problems[0]["file"] == "units.xlsx"
