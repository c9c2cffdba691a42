"""The project register: bulk import all or nothing with a report per row, and the Strategy Map counted from it."""
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from genderseal.core.imports import ImportProblems
from genderseal.planning import register
from genderseal.planning.models import Project

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db
HEADER = ["code", "title_th", "title_en", "strategic_area", "measure", "owner_unit", "budget", "first_fy", "last_fy",
          "tracking_id", "sdg_targets", "gender_marker"]


def xlsx(*rows, sheet="projects"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


PADS = ["P-2", "ผ้าอนามัยฟรี", "Free pads", "สุขภาพดี", "1.1", "สยป.", "๑,๒๐๐,๐๐๐", "๒๕๖๘", "2570", "PT-77",
        "5.6, 5.1", "gen3"]


def test_projects_are_created_and_updated_by_code(world):
    make_planning(world)
    summary = register.import_projects(world.institution, xlsx(PADS, ["P-1", "ชื่อใหม่", "", "health", "", "21000000",
                                                                      None, 2568, 2568, "", "", ""]), "register.xlsx")
    assert summary == {"projects": 2, "created": 1, "updated": 1}
    pads = Project.objects.get(code="P-2")
    assert (pads.budget, pads.first_fy, pads.tracking_id, pads.gender_marker) == (1200000, 2568, "PT-77", "GEN3")
    assert pads.strategic_area.code == "health" and pads.measure.code == "1.1"
    assert sorted(pads.sdg_targets.values_list("code", flat=True)) == ["5.1", "5.6"]
    assert Project.objects.get(code="P-1").title_th == "ชื่อใหม่"


def test_every_bad_row_is_named_and_nothing_is_written(world):
    make_planning(world)
    Project.objects.filter(code="P-1").update(tracking_id="PT-1")
    data = xlsx(PADS,
                ["P-3", "ไม่มีหน่วยงาน", "", "", "", "99999999", "-5", "2570", "2568", "", "5.9", "GEN7"],
                ["P-2", "ซ้ำ", "", "", "", "สยป.", None, 2568, 2568, "", "", ""],
                ["P-4", "ซ้ำรหัส PT", "", "ไม่มีด้านนี้", "9.9", "สยป.", None, "ปีหน้า", 2568, "PT-1", "", ""])
    with translation.override("en"), pytest.raises(ImportProblems) as refused:
        register.import_projects(world.institution, data, "register.xlsx")
    where = {(p.row, p.column) for p in refused.value.problems}
    assert {(3, "owner_unit"), (3, "budget"), (3, "last_fy"), (3, "sdg_targets"), (3, "gender_marker"),
            (4, "code"), (5, "strategic_area"), (5, "measure"), (5, "first_fy")} <= where
    assert all((p.file, p.sheet) == ("register.xlsx", "projects") and p.row > 1 for p in refused.value.problems)
    assert not Project.objects.filter(code="P-2").exists()


def test_a_tracking_id_of_another_project_is_refused(world):
    make_planning(world)
    Project.objects.filter(code="P-1").update(tracking_id="PT-77")
    with pytest.raises(ImportProblems) as refused:
        register.import_projects(world.institution, xlsx(PADS), "register.xlsx")
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "tracking_id")]


def test_a_csv_register_with_thai_digits(world):
    make_planning(world)
    csv = ("\ufeff" + ",".join(HEADER) + "\nP-9,โครงการ,,,,สยป.,,๒๕๖๘,๒๕๖๙,,,GEN2\n").encode()
    assert register.import_projects(world.institution, csv, "register.csv")["created"] == 1


def test_the_import_page_is_the_secretariat_s(world, login):
    make_planning(world)
    url = reverse("planning-project-import", kwargs={"slug": "bma"})
    browser = login("secretariat")
    upload = io.BytesIO(xlsx(PADS))
    upload.name = "register.xlsx"
    response = browser.post(url, {"file": upload}, follow=True)
    assert response.status_code == 200 and Project.objects.filter(code="P-2").exists()
    bad = io.BytesIO(xlsx(["P-5", "x", "", "", "", "nobody", None, 2568, 2568, "", "", ""]))
    bad.name = "bad.xlsx"
    page = browser.post(url, {"file": bad})
    assert page.status_code == 400 and "nobody" in page.content.decode()
    assert login("focal_point").get(url).status_code == 404


def test_the_strategy_map_counts_from_the_register(world, login, django_assert_max_num_queries):
    make_planning(world)
    register.import_projects(world.institution, xlsx(PADS, ["P-6", "อื่น", "", "", "", "สยป.", 5, 2569, 2569, "", "",
                                                            ""]), "register.xlsx")
    membership = planning_membership(world, "committee")
    figures = register.strategy_map(membership, 2568)
    assert figures["totals"]["count"] == 2 and figures["totals"]["areas"] == 1  # P-6 is FY2569 only
    url = reverse("planning-strategy-map", kwargs={"slug": "bma"}) + "?fy=2568"
    browser = login("committee")
    with django_assert_max_num_queries(40) as few:
        page = browser.get(url).content.decode()
    assert "P-1" in page and "P-2" in page and "P-6" not in page
    register.import_projects(world.institution, xlsx(*[[f"Q-{n}", f"โครงการ {n}", "", "health", "1.1", "สยป.", n,
                                                        2568, 2568, "", "5.6", ""] for n in range(20)]), "more.xlsx")
    with django_assert_max_num_queries(len(few.captured_queries)):  # bounded whatever the register's size
        assert "Q-19" in browser.get(url).content.decode()


def test_the_demo_register_holds_the_seed_s_32_projects_in_five_areas():
    from genderseal.core.models import Membership
    from genderseal.demo.load import load_demo

    institution, _users = load_demo()
    membership = Membership.objects.get(user__username="committee", institution=institution)
    figures = register.strategy_map(membership, 2568)
    assert figures["totals"]["count"] == 32 and figures["totals"]["areas"] == 5
    assert 0 < figures["totals"]["placeholders"] < 32
    assert Project.objects.filter(institution=institution, code="GAP68-01").exclude(tracking_id="").exists()
    load_demo()
    assert Project.objects.filter(institution=institution).count() == 32


def test_the_project_page_edits_the_policy_tracking_id(world, login):
    make_planning(world)
    Project.objects.create(institution=world.institution, code="P-7", title_th="อื่น", owner_unit=Project.objects.get(
        code="P-1").owner_unit, first_fy=2568, last_fy=2568, tracking_id="PT-7")
    url = reverse("planning-project-edit", kwargs={"slug": "bma", "code": "P-1"})
    browser = login("secretariat")
    form = browser.get(url).content.decode()
    assert 'name="tracking_id"' in form
    project = Project.objects.get(code="P-1")
    data = {"code": "P-1", "title_th": project.title_th, "owner_unit": project.owner_unit_id, "first_fy": 2568,
            "last_fy": 2570, "gender_marker": "GEN2", "version": project.version, "tracking_id": "PT-7"}
    refused = browser.post(url, data)
    assert refused.status_code == 400 and 'value="PT-7"' in refused.content.decode()  # kept, with the reason
    data["tracking_id"] = "PT-1"
    assert browser.post(url, data).status_code == 302
    assert Project.objects.get(code="P-1").tracking_id == "PT-1"
