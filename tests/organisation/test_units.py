"""Unit pages: tree, create and edit, retire instead of delete, and the ownership page."""
import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult, RoundStatus
from genderseal.core.models import AuditEvent, OrgUnit
from genderseal.organisation.models import ActionItem, ActionStatus

from tests.factories import make_round

pytestmark = pytest.mark.django_db


def unit(world, code="21000000"):
    return OrgUnit.objects.get(institution=world.institution, code=code)


def test_the_tree_lists_units_under_their_parents(world, login):
    OrgUnit.objects.create(institution=world.institution, code="21010000", parent=unit(world), name_th="กอง")
    response = login("committee").get(reverse("unit-list", args=["bma"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index('data-code="21000000"') < page.index('data-code="21010000"')
    assert page.index('data-code="03000000"') < page.index('data-code="21000000"')
    assert login("assessor").get(reverse("unit-list", args=["bma"])).status_code == 404


def test_the_secretariat_creates_and_edits_a_unit_with_thai_digits_accepted(world, login):
    client = login("secretariat")
    response = client.post(reverse("unit-create", args=["bma"]), {
        "code": "๒๑๐๑๐๐๐๐", "parent": unit(world).pk, "abbreviation": "กยช.", "name_th": "กอง", "name_en": ""})
    assert response.status_code == 302
    created = unit(world, "21010000")
    assert created.parent.code == "21000000"
    response = client.post(reverse("unit-edit", args=["bma", "21010000"]), {
        "parent": "", "abbreviation": "กยช.", "name_th": "กองใหม่", "name_en": "Division"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="unit.update").get()
    assert event.detail["before"] == {"parent": "21000000 สยป.", "name_th": "กอง",
                                     "name_en": ""}
    assert event.detail["after"] == {"parent": None, "name_th": "กองใหม่", "name_en": "Division"}
    assert login("focal_point").post(reverse("unit-edit", args=["bma", "21010000"]), {}).status_code == 404


def test_a_unit_cannot_move_under_its_own_child(world, login):
    child = OrgUnit.objects.create(institution=world.institution, code="21010000", parent=unit(world), name_th="กอง")
    response = login("secretariat").post(reverse("unit-edit", args=["bma", "21000000"]), {
        "parent": child.pk, "abbreviation": "", "name_th": "สยป.", "name_en": ""})
    assert response.status_code == 400
    assert unit(world).parent is None


def test_a_unit_with_records_is_retired_and_an_empty_one_deleted(world, login):
    client = login("secretariat")
    OrgUnit.objects.create(institution=world.institution, code="99000000", name_th="ว่าง")
    assert client.post(reverse("unit-retire", args=["bma", "99000000"])).status_code == 302
    assert not OrgUnit.objects.filter(code="99000000").exists()
    assert AuditEvent.objects.filter(action="unit.delete").exists()
    # สยป. is responsible for results and has a focal point: retired, not deleted.
    assert client.post(reverse("unit-retire", args=["bma", "21000000"])).status_code == 302
    retired = unit(world)
    assert retired.retired_at is not None
    assert AuditEvent.objects.get(action="unit.retire").detail["after"] == {"retired": True}
    page = client.get(reverse("unit-list", args=["bma"])).content.decode()
    assert 'data-code="21000000"' not in page
    assert 'data-code="21000000"' in client.get(reverse("unit-list", args=["bma"]) + "?retired=1").content.decode()
    # No longer offered in choices.
    form = client.get(reverse("action-create", args=["bma"])).content.decode()
    assert f'value="{retired.pk}"' not in form
    assert client.post(reverse("unit-restore", args=["bma", "21000000"])).status_code == 302
    assert unit(world).retired_at is None


def test_another_institutions_unit_is_not_found(world, login):
    OrgUnit.objects.create(institution=world.other, code="77000000", name_th="อื่น")
    client = login("secretariat")
    assert client.get(reverse("unit-detail", args=["bma", "77000000"])).status_code == 404
    assert client.post(reverse("unit-retire", args=["bma", "77000000"])).status_code == 404
    assert login("outsider").get(reverse("unit-detail", args=["bma", "21000000"])).status_code == 404


def _own(world, lead_codes=("1.1.1", "1.1.2"), support_codes=("2.1.1",)):
    rnd = world.round
    rnd.status = RoundStatus.OPEN
    rnd.save()
    for code in lead_codes:
        BenchmarkResult.objects.filter(round=rnd, benchmark__code=code).update(lead_unit=unit(world))
    other = unit(world, "03000000")
    for code in support_codes:
        result = BenchmarkResult.objects.get(round=rnd, benchmark__code=code)
        result.lead_unit = other
        result.save()
        result.responsible_units.add(other, unit(world))


def test_the_unit_page_lists_what_it_leads_supports_misses_and_owes(world, login):
    _own(world)
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.2").update(result_code="", response="ok")
    ActionItem.objects.create(institution=world.institution, number=1, title="Overdue", owner_unit=unit(world),
                              result=world.round.results.get(benchmark__code="1.1.2"), due_on="2020-01-01")
    ActionItem.objects.create(institution=world.institution, number=2, title="Later", owner_unit=unit(world),
                              due_on="2999-01-01", status=ActionStatus.IN_PROGRESS)
    ActionItem.objects.create(institution=world.institution, number=3, title="Finished", owner_unit=unit(world),
                              due_on="2020-01-01", status=ActionStatus.DONE)
    ActionItem.objects.create(institution=world.institution, number=4, title="Theirs",
                              owner_unit=unit(world, "03000000"))
    response = login("focal_point").get(reverse("unit-detail", args=["bma", "21000000"]))
    assert response.status_code == 200
    page = response.content.decode()
    led = page[page.index('data-testid="led"'):page.index('data-testid="supported"')]
    supported = page[page.index('data-testid="supported"'):page.index('data-testid="due"')]
    due = page[page.index('data-testid="due"'):]
    # world: every 1.x result lists สยป. as responsible; 1.1.1 and 1.1.2 it leads.
    assert 'data-code="1.1.1"' in led and 'data-code="1.1.2"' in led and 'data-code="1.2.1"' not in led
    assert 'data-code="1.2.1"' in supported and 'data-code="2.1.1"' in supported
    row = led[led.index('data-code="1.1.2"'):].split("</tr>")[0]
    assert 'data-gap="result"' in row and 'data-gap="actions"' in row and 'data-gap="response"' not in row
    assert 'data-gap="response"' in led[led.index('data-code="1.1.1"'):].split("</tr>")[0]
    assert due.index('data-number="1"') < due.index('data-number="2"')
    assert 'data-number="3"' not in due and 'data-number="4"' not in due
    assert due.split("</tr>")[1].count('data-testid="overdue"') == 1


def test_the_unit_page_runs_a_bounded_number_of_queries(world, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _own(world)
    client = login("secretariat")
    url = reverse("unit-detail", args=["bma", "21000000"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        ActionItem.objects.create(institution=world.institution, number=10 + n, title=f"Item {n}",
                                  owner_unit=unit(world), result=world.round.results.get(benchmark__code="1.1.1"))
    _own(world, lead_codes=[f"{d}.{g}.{b}" for d in (3, 4) for g in (1, 2) for b in (1, 2, 3, 4)],
         support_codes=["5.1.1", "5.1.2", "5.2.1"])
    make_round(world.institution, world.framework, number=2, status=RoundStatus.OPEN)
    with CaptureQueriesContext(connection) as many:
        client.get(url + "?round=1")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    with django_assert_max_num_queries(15):
        client.get(url)


def test_the_secretariat_assigns_lead_and_supporting_units(world, login):
    result = world.round.results.get(benchmark__code="4.1.1")
    world.round.status = RoundStatus.OPEN
    world.round.save()
    lead, other = unit(world, "03000000"), unit(world)
    url = reverse("unit-owners", args=["bma", 1])
    client = login("secretariat")
    assert client.get(url).status_code == 200
    response = client.post(url, {f"r{result.pk}-version": result.version, f"r{result.pk}-lead": lead.pk,
                                 f"r{result.pk}-support": [other.pk]})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.lead_unit == lead and set(result.responsible_units.all()) == {lead, other}
    assert result.version == 2
    # A stale page is refused and saves nothing.
    response = client.post(url, {f"r{result.pk}-version": 1, f"r{result.pk}-lead": ""})
    assert response.status_code == 409 and b'data-testid="owners-error"' in response.content
    result.refresh_from_db()
    assert result.lead_unit == lead
    assert login("focal_point").get(url).status_code == 404
