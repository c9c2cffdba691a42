"""Benchmark narratives: each responsible unit writes its own contribution; the secretariat writes the
working group's comments; assessors do not see the institution's internal account."""
import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult, ResultContribution
from genderseal.core.models import AuditEvent, Membership, OrgUnit

pytestmark = pytest.mark.django_db


def url(number=1, code="1.1.1"):
    return reverse("result-narrative", kwargs={"slug": "bma", "number": number, "code": code})


@pytest.fixture
def shared(world):
    """1.1.1 led by สยป. (the focal point's unit) and supported by another unit."""
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1")
    lead = OrgUnit.objects.get(institution=world.institution, code="21000000")
    other = OrgUnit.objects.filter(institution=world.institution).exclude(pk=lead.pk).first()
    result.lead_unit = lead
    result.save()
    result.responsible_units.set([lead, other])
    return result, lead, other


def test_each_unit_writes_its_own_contribution(world, login, shared):
    result, lead, other = shared
    browser = login("focal_point")
    page = browser.get(url()).content.decode()
    assert f'name="unit-{lead.pk}"' in page and f'name="unit-{other.pk}"' not in page
    assert 'name="working_group_comment"' not in page
    assert browser.post(url(), {f"unit-{lead.pk}": "สยป. จัดทำ Strategy Map"}).status_code == 302
    assert ResultContribution.objects.get(result=result, unit=lead).text == "สยป. จัดทำ Strategy Map"
    # Another unit's box is not theirs: the field is ignored, nothing is written for it.
    browser.post(url(), {f"unit-{other.pk}": "ไม่ใช่ของฉัน"})
    assert not ResultContribution.objects.filter(unit=other).exists()
    assert AuditEvent.objects.filter(action="result.narrative").exists()


def test_the_secretariat_writes_every_unit_and_the_working_group(world, login, shared):
    result, lead, other = shared
    browser = login("secretariat")
    response = browser.post(url(), {f"unit-{lead.pk}": "ก", f"unit-{other.pk}": "ข",
                                    "working_group_comment": "ควรเพิ่มหลักฐานการติดตาม"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.working_group_comment == "ควรเพิ่มหลักฐานการติดตาม"
    assert ResultContribution.objects.filter(result=result).count() == 2
    page = login("committee").get(url()).content.decode()
    assert "ควรเพิ่มหลักฐานการติดตาม" in page and "<textarea" not in page
    round_page = login("committee").get(reverse("round-detail", kwargs={"slug": "bma", "number": 1})).content.decode()
    assert url() in round_page


def test_a_locked_round_refuses_and_keeps_what_was_typed(world, login, shared):
    result, lead, _other = shared
    browser = login("secretariat")
    page = browser.get(url())
    assert page.status_code == 200
    type(world.round).objects.filter(pk=world.round.pk).update(locked_at="2026-01-01T00:00:00Z")
    response = browser.post(url(), {"working_group_comment": "พิมพ์ไว้"})
    assert response.status_code in (200, 409)
    assert not ResultContribution.objects.exists()
    result.refresh_from_db()
    assert result.working_group_comment == ""


def test_assessors_and_outsiders_do_not_see_it(world, login, shared):
    assert login("assessor").get(url()).status_code == 404
    assert login("outsider").get(url()).status_code == 404


def test_the_demo_carries_the_seed_s_accounts_and_working_group_comments():
    from genderseal.demo.load import load_demo

    institution, _users = load_demo()
    result = BenchmarkResult.objects.get(round__institution=institution, round__kind="external", benchmark__code="1.1.2")
    assert "ความจนรายเดือน" in result.working_group_comment  # its account is the returned one of the review demo
    account = BenchmarkResult.objects.get(round__institution=institution, round__kind="external", benchmark__code="1.1.4")
    assert "BMA Policy Tracking" in account.response and account.working_group_comment
    assert result.contributions.get().unit.code == "21000000"
    load_demo()
    assert ResultContribution.objects.filter(result__round__institution=institution).count() == 2


def test_the_readiness_report_carries_the_narrative_for_the_institution_only(world, shared):
    from genderseal.reports import documents, readiness
    from genderseal.reports.typography import Style

    from tests.documents import docx_text

    result, lead, _other = shared
    ResultContribution.objects.create(result=result, unit=lead, text="สยป. จัดทำ Strategy Map")
    BenchmarkResult.objects.filter(pk=result.pk).update(working_group_comment="ควรเพิ่มหลักฐานการติดตาม")
    membership = Membership.objects.get(user=world.secretariat, institution=world.institution)
    report = readiness.build(membership, world.round, Style("th"))
    notes = dict(next(r for r in report.rows if r.code == "1.1.1").notes)
    assert "สยป. จัดทำ Strategy Map" in notes.values() and "ควรเพิ่มหลักฐานการติดตาม" in notes.values()
    text = docx_text(documents.readiness_docx(report))[0]
    assert "สยป. จัดทำ Strategy Map" in text and "ควรเพิ่มหลักฐานการติดตาม" in text


def test_the_dossier_index_lists_the_narratives(world, shared):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from genderseal.evidence import dossier

    result, lead, _other = shared
    ResultContribution.objects.create(result=result, unit=lead, text="สยป. จัดทำ Strategy Map")
    BenchmarkResult.objects.filter(pk=result.pk).update(response="บัญชีของหน่วยงาน")
    rows = dossier.narratives(world.round, Membership.objects.get(user=world.secretariat))
    assert [(r["code"], r["account"]) for r in rows] == [("1.1.1", "บัญชีของหน่วยงาน")]
    html = render_to_string("evidence/dossier_index.html", {"round": world.round, "institution": world.institution,
                                                            "items": [], "narratives": rows,
                                                            "built_at": timezone.now()})
    assert "สยป. จัดทำ Strategy Map" in html and "บัญชีของหน่วยงาน" in html
