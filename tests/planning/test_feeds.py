"""Monthly progress from another system's export through a saved column mapping (BMA Policy Tracking)."""
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from genderseal.core.imports import ImportProblems
from genderseal.planning import feeds, services
from genderseal.planning.models import ImportMapping, PeriodReport, Project, Value
from genderseal.planning.views.feed import parse_value_columns

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "src/genderseal/static/samples/policy-tracking-sample.csv"
HEAD = "Project ID;Reporting month;Progress %;Remarks;Women;Men\n"  # another layout: ; and English headers


@pytest.fixture
def mapping(world):
    make_planning(world)
    Project.objects.filter(code="P-1").update(tracking_id="PT-9")
    return ImportMapping.objects.create(
        institution=world.institution, name="Policy Tracking", project_column="project id",
        month_column="Reporting month", progress_column="Progress %", narrative_column="Remarks",
        value_columns=[{"column": "Women", "option": "female", "indicator": ""},
                       {"column": "Men", "option": "male", "indicator": "IND-1"}])


def test_rows_are_matched_by_the_project_id_there(world, mapping):
    data = (HEAD + "PT-9;2567-10;12.5;แจกแล้ว;๑๐;4\nPT-9;พ.ย. 2567;20;;11;\n").encode()
    assert feeds.preview(mapping, data, "pt.csv")["values"] == 3
    assert not Value.objects.exists()  # a dry run writes nothing
    summary = feeds.import_feed(mapping, data, "pt.csv")
    assert summary["values"] == 3
    october = PeriodReport.objects.get(period=date(2024, 10, 1))
    assert {v.option_key: v.number for v in october.values.all()} == {"female": 10, "male": 4}
    assert (october.narrative, october.progress_percent) == ("แจกแล้ว", 12.5)
    assert PeriodReport.objects.get(period=date(2024, 11, 1)).progress_percent == 20


def test_unknown_ids_and_bad_cells_are_refused_by_row(world, mapping):
    data = (HEAD + "PT-9;2567-10;10;;1;2\nPT-404;2567-10;10;;1;2\nPT-9;someday;10;;1;2\nPT-9;2567-11;150;;-1;2.5\n"
            ).encode()
    with translation.override("en"), pytest.raises(ImportProblems) as refused:
        feeds.import_feed(mapping, data, "pt.csv")
    where = {(p.row, p.column) for p in refused.value.problems}
    assert {(3, "project id"), (4, "Reporting month"), (5, "Women"), (5, "Men"), (5, "Progress %")} <= where
    assert "PT-404" in str(refused.value.problems[0])
    assert not PeriodReport.objects.exists()


def test_a_missing_mapped_column_is_named(world, mapping):
    with translation.override("en"), pytest.raises(ImportProblems) as refused:
        feeds.preview(mapping, b"Project ID,Month\nPT-9,2567-10\n", "pt.csv")
    assert "Reporting month" in str(refused.value.problems[0])


def test_approved_months_repeated_unchanged_are_skipped(world, mapping):
    membership = planning_membership(world)
    from genderseal.planning.models import Indicator

    indicator = Indicator.objects.get(code="IND-1")
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 10, "male": 4}, submit=True)
    services.transition(membership, report, "approve")
    same = (HEAD + "PT-9;2567-10;;;10;4\nPT-9;2567-11;;;3;3\n").encode()
    assert feeds.import_feed(mapping, same, "pt.csv")["unchanged"] == 2
    changed = (HEAD + "PT-9;2567-10;;;99;4\n").encode()
    with pytest.raises(ImportProblems):
        feeds.import_feed(mapping, changed, "pt.csv")


def test_the_demo_mapping_reads_the_shipped_sample_export():
    from genderseal.demo.load import load_demo

    institution, _users = load_demo()
    mapping = ImportMapping.objects.get(institution=institution)
    preview = feeds.preview(mapping, SAMPLE.read_bytes(), SAMPLE.name)
    assert preview["values"] == 15 and preview["reports"] == 5


def test_pages_and_api_are_the_secretariat_s(world, mapping, login):
    browser = login("secretariat")
    new = browser.post(reverse("planning-feed-new", kwargs={"slug": "bma"}), {
        "name": "Other", "project_column": "id", "month_column": "m", "values_text": "broken line"})
    assert new.status_code == 400 and "broken line" in new.content.decode()  # what was typed stays
    page = reverse("planning-feed-import", kwargs={"slug": "bma", "pk": mapping.pk})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("pt.csv", (HEAD + "PT-9;2567-10;;;5;5\n").encode())
    assert "data-testid=\"preview\"" in browser.post(page, {"file": upload, "dry_run": "1"}).content.decode()
    assert not Value.objects.exists()
    api = f"/api/institutions/bma/feeds/{mapping.pk}"
    upload = SimpleUploadedFile("pt.csv", (HEAD + "PT-404;2567-10;;;5;5\n").encode())
    answer = browser.post(api, {"file": upload})
    assert answer.status_code == 400 and answer.json()["problems"][0]["row"] == 2
    upload = SimpleUploadedFile("pt.csv", (HEAD + "PT-9;2567-10;;;5;5\n").encode())
    assert browser.post(api + "?dry_run=true", {"file": upload}).json()["values"] == 2
    assert login("focal_point").get(page).status_code == 404
    upload = SimpleUploadedFile("pt.csv", (HEAD + "PT-9;2567-10;;;5;5\n").encode())
    assert login("focal_point").post(api, {"file": upload}).status_code == 404
    assert not Value.objects.exists()


def test_value_column_lines():
    assert parse_value_columns("ผลหญิง = Female\n\nผลชาย = male @ IND-2") == (
        [{"column": "ผลหญิง", "option": "female", "indicator": ""},
         {"column": "ผลชาย", "option": "male", "indicator": "IND-2"}], [])
    assert parse_value_columns("no equals sign")[1]
