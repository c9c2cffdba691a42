"""The audit trail: before and after of every change, history panels, the audit page and its exports."""
import csv
import io

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from genderseal.core.audit import record, safe_cell
from genderseal.core.models import AuditEvent

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
AUDIT = reverse("audit-log", kwargs={"slug": "bma"})


def edit(client, code="1.1.1", **data):
    url = reverse("result-edit", kwargs={"slug": "bma", "number": 1, "code": code})
    return client.post(url, {"version": 1, **data}, **HX)


def test_an_edit_records_only_what_changed_before_and_after(world, login):
    from genderseal.core.models import OrgUnit

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    assert edit(login("secretariat"), result_code="met", assessor_comment="ครบ", response="",
                responsible_units=[unit.pk]).status_code == 200
    event = AuditEvent.objects.get(action="result.update")
    assert event.detail["before"] == {"result_code": "not_met", "assessor_comment": ""}
    assert event.detail["after"] == {"result_code": "met", "assessor_comment": "ครบ"}
    assert event.ref == f"assessments.round:{world.round.pk}/benchmark:{event.ref.rsplit(':', 1)[1]}"
    assert event.actor == world.secretariat and event.target == "1/1.1.1"


def test_assigning_units_records_them_and_tells_the_units_focal_point(world, login):
    from genderseal.core.models import OrgUnit
    from genderseal.notifications.models import Notification

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    edit(login("secretariat"), code="2.1.1", result_code="not_met", lead_unit=unit.pk, responsible_units=[unit.pk])
    event = AuditEvent.objects.get(action="result.update")
    assert event.detail["before"] == {"lead_unit": None, "responsible_units": []}
    name = "21000000 สยป."  # a unit by its code and name, the same in every app
    assert event.detail["after"] == {"lead_unit": name, "responsible_units": [name]}
    assert Notification.objects.get(recipient=world.focal_point).kind == "assigned"


def test_the_round_and_benchmark_pages_show_the_history(world, login):
    edit(login("secretariat"), result_code="met")
    for url in (reverse("round-detail", kwargs={"slug": "bma", "number": 1}),
                reverse("benchmark-detail", kwargs={"slug": "bma", "code": "test-seal", "benchmark": "1.1.1"})):
        page = login("committee").get(url).content.decode()
        assert 'data-testid="history"' in page and 'data-action="result.update"' in page
        assert "<del>not_met</del> → <ins>met</ins>" in page
        assert 'data-testid="history"' not in login("assessor").get(url).content.decode()
    other = reverse("benchmark-detail", kwargs={"slug": "bma", "code": "test-seal", "benchmark": "1.1.2"})
    assert 'data-action="result.update"' not in login("committee").get(other).content.decode()


def test_the_audit_page_filters_and_is_for_secretariat_and_committee(world, login, django_assert_max_num_queries):
    edit(login("secretariat"), result_code="met")
    edit(login("secretariat"), code="1.1.2", result_code="met")
    record("round.status", "x", institution=world.other, before={}, after={})  # another institution
    browser = login("committee")
    with django_assert_max_num_queries(10):
        page = browser.get(AUDIT).content.decode()
    assert page.count('data-action="result.update"') == 2 and "round.status" not in page
    assert browser.get(AUDIT, {"q": "1.1.2"}).content.decode().count('data-action="result.update"') == 1
    assert browser.get(AUDIT, {"actor": "committee"}).content.decode().count('data-action=') == 0
    assert browser.get(AUDIT, {"since": "2000-01-01", "until": "2000-01-02"}).content.decode().count(
        'data-action="') == 0
    for persona in ("focal_point", "assessor", "outsider"):
        assert login(persona).get(AUDIT).status_code == 404
    for n in range(150):
        record("bulk", n, institution=world.institution)
    with django_assert_max_num_queries(10):
        page = browser.get(AUDIT).content.decode()
    assert page.count('data-action="bulk"') == 100 and "page=2" in page


def test_the_exports_neutralise_formulas(world, login):
    edit(login("secretariat"), result_code="met", assessor_comment="=HYPERLINK(\"http://x\")")
    record("note", "@SUM(A1)", institution=world.institution)
    browser = login("secretariat")
    response = browser.get(AUDIT, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[1][3] == "'@SUM(A1)"
    assert '"=HYPERLINK' in rows[2][5]  # inside JSON, not at the start of the cell

    from openpyxl import load_workbook

    response = browser.get(AUDIT, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert values[1][3] == "'@SUM(A1)" and values[2][2] == "result.update"
    assert not any(isinstance(v, str) and v.startswith("=") for row in values for v in row)


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+66", "'+66"), ("-3", "'-3"), ("@x", "'@x"),
                                            ("ok", "ok"), (None, ""), (5, "5")])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_audit_events_cannot_be_changed_even_in_sql(world):
    event = record("result.update", "1/1.1.1", institution=world.institution, before={"a": 1}, after={"a": 2})
    with pytest.raises(ValueError):
        event.delete()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "result.update"
