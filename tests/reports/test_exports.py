"""XLSX exports of evidence, action items, indicators and values: content, scope, neutralised cells."""
import io
from datetime import date

import pytest
from django.urls import reverse

from genderseal.core.models import Membership
from genderseal.evidence import services
from genderseal.organisation.models import ActionItem
from genderseal.reports import exports
from genderseal.reports.models import IssuedReport

from tests.factories import make_evidence, make_organisation, make_planning, make_upload

pytestmark = pytest.mark.django_db
FORMULAS = ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)")


def _workbook(content):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def _assert_neutralised(workbook, expected):
    """Every formula-looking text is a string cell with the quote prefix, and no cell is a formula."""
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    seen.add(cell.value)
    assert set(expected) <= seen, set(expected) - seen


def _issue(client, capture, **data):
    with capture(execute=True):
        client.post(reverse("report-request", kwargs={"slug": "bma"}), data)
    report = IssuedReport.objects.latest("pk")
    assert report.state == "done", report.error
    download = client.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
    return report, b"".join(download.streaming_content)


def test_evidence_xlsx_lists_items_owners_status_benchmarks_and_hashes(world, login, secretariat_member,
                                                                      django_capture_on_commit_callbacks):
    item = make_evidence(world.institution, FORMULAS[0], status="approved", benchmarks=["1.1.1", "2.1.2"],
                         tags=FORMULAS[1])
    services.add_file(secretariat_member, item, make_upload("plan.pdf", b"%PDF-1.4 plan"))
    services.add_file(secretariat_member, item, make_upload("plan-v2.pdf", b"%PDF-1.4 plan v2"))
    make_evidence(world.institution, "ร่างหลักฐาน", status="draft", description=FORMULAS[2])
    report, content = _issue(login("secretariat"), django_capture_on_commit_callbacks, kind="evidence_xlsx")
    assert report.filename == "bma-evidence.xlsx"
    workbook = _workbook(content)
    items = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(items) == 2
    row = next(r for r in items if r[1] == FORMULAS[0])
    assert row[4] == "21000000" and row[10] == "1.1.1, 2.1.2" and row[11] == 2
    import hashlib

    assert hashlib.sha256(b"%PDF-1.4 plan v2").hexdigest() in row[12]
    revisions = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in revisions] == ["plan.pdf", "plan-v2.pdf"]
    _assert_neutralised(workbook, FORMULAS[:2])


def test_evidence_xlsx_holds_only_what_an_assessor_sees(world, secretariat_member):
    make_evidence(world.institution, "อนุมัติแล้ว", status="approved", benchmarks=["1.1.1"])
    make_evidence(world.institution, "ร่างลับ", status="draft", benchmarks=["1.1.1"])
    assessor = Membership.objects.select_related("institution").get(user=world.assessor)
    titles = [r[1] for r in _workbook(exports.evidence_xlsx(assessor)).worksheets[0].iter_rows(min_row=2,
                                                                                               values_only=True)]
    assert titles == ["อนุมัติแล้ว"]


def test_action_items_xlsx(world, login, django_capture_on_commit_callbacks):
    _body, item = make_organisation(world)
    ActionItem.objects.filter(pk=item.pk).update(progress_note=FORMULAS[3], description=FORMULAS[2])
    _report, content = _issue(login("committee"), django_capture_on_commit_callbacks, kind="action_items_xlsx")
    workbook = _workbook(content)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == 1 and rows[0][1] == "Write the plan" and rows[0][3] == 1 and rows[0][4] == "1.1.1"
    assert rows[0][5] == "21000000" and rows[0][7].date() == date(2026, 1, 25)
    _assert_neutralised(workbook, FORMULAS[2:])


def test_indicators_xlsx_with_monthly_values(world, login, django_capture_on_commit_callbacks):
    from genderseal.planning.models import PeriodReport, Value

    indicator = make_planning(world)
    indicator.title_en = FORMULAS[0]
    indicator.save()
    for month, status in ((10, "approved"), (11, "submitted")):
        report = PeriodReport.objects.create(indicator=indicator, period=date(2024, month, 1), status=status,
                                             narrative=FORMULAS[1])
        Value.objects.bulk_create([Value(report=report, option_key="female", number=7),
                                   Value(report=report, option_key="male", number=5)])
    report, content = _issue(login("secretariat"), django_capture_on_commit_callbacks, kind="indicators_xlsx",
                             fiscal_year=2568)
    assert report.filename == "bma-indicators-2568.xlsx"
    workbook = _workbook(content)
    indicators, periods, values = workbook.worksheets
    row = next(indicators.iter_rows(min_row=2, values_only=True))
    assert row[0] == "IND-1" and row[12] == 120 and row[13] == 24 and row[14] == 20.0  # 24 of 120
    assert row[15:18] == (14, 10, 0)
    period_rows = list(periods.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1].date(), r[4], r[5], r[6]) for r in period_rows] == [
        ("IND-1", date(2024, 10, 1), 12, 7, 5), ("IND-1", date(2024, 11, 1), 12, 7, 5)]
    assert period_rows[0][2] == "ต.ค. 2567"
    assert len(list(values.iter_rows(min_row=2))) == 4
    _assert_neutralised(workbook, FORMULAS[:2])
    # An assessor's export counts approved reports only.
    assessor = Membership.objects.select_related("institution").get(user=world.assessor)
    seen = _workbook(exports.indicators_xlsx(assessor, 2568))
    assert len(list(seen.worksheets[1].iter_rows(min_row=2))) == 1


@pytest.fixture
def secretariat_member(world):
    return Membership.objects.select_related("institution", "user").get(user=world.secretariat)
