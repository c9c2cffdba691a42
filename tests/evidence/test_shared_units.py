"""Evidence two units answer for together (Pride Clinic of สนพ. and สนอ.): both units' focal points edit it."""
import pytest
from django.urls import reverse

from genderseal.core.models import Membership, OrgUnit
from genderseal.evidence import services

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


def test_a_shared_unit_s_focal_point_edits_the_item(world, login, settings_tmp_media):
    other = OrgUnit.objects.filter(institution=world.institution).exclude(code="21000000").first()
    evidence = make_evidence(world.institution, "Pride Clinic", unit_code=other.code, status="draft")
    focal = Membership.objects.get(user=world.focal_point, institution=world.institution)
    assert not evidence.editable_by(focal)  # not their unit's
    secretariat = Membership.objects.get(user=world.secretariat, institution=world.institution)
    own = focal.units.first()
    services.set_shared_units(secretariat, evidence, [own])
    evidence.refresh_from_db()
    assert evidence.editable_by(focal)
    page = login("focal_point").get(reverse("evidence-edit", kwargs={"slug": "bma", "pk": evidence.pk}))
    assert page.status_code == 200
    detail = login("committee").get(reverse("evidence-detail", kwargs={"slug": "bma", "pk": evidence.pk}))
    assert own.name in detail.content.decode()


def test_the_demo_shares_pride_clinic_and_cedaw():
    from genderseal.demo.load import load_demo
    from genderseal.evidence.models import Evidence

    institution, _users = load_demo()
    pride = Evidence.objects.get(institution=institution, title_th="Pride Clinic")
    assert (pride.owner_unit.code, [u.code for u in pride.shared_units.all()]) == ("07000000", ["08000000"])
    cedaw = Evidence.objects.get(institution=institution, title_th__startswith="รายงาน CEDAW")
    assert [u.code for u in cedaw.shared_units.all()] == ["16000000"]
