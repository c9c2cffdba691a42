"""The secretariat assigns assessors to UNDP review and external rounds and adds assessor accounts."""
import pytest
from django.contrib.auth import get_user_model

from genderseal.assessors.models import AssessorAssignment
from genderseal.core.models import AuditEvent, Membership, Role

from tests.factories import make_external_round

pytestmark = pytest.mark.django_db


def test_assign_and_remove(world, login):
    rnd = make_external_round(world, assign=False, thread=False)
    client = login("secretariat")
    page = client.get("/i/bma/assess/assign/").content.decode()
    assert 'data-testid="assign-round-2"' in page and "assessor" in page
    assert client.post("/i/bma/assess/assign/", {"round": 2, "user": world.assessor.pk, "op": "add"}).status_code == 302
    assert AssessorAssignment.objects.filter(round=rnd, user=world.assessor).exists()
    assert AuditEvent.objects.filter(action="assessor.assign").exists()
    assert login("assessor").get("/i/bma/assess/rounds/2/").status_code == 200
    client.post("/i/bma/assess/assign/", {"round": 2, "user": world.assessor.pk, "op": "remove"})
    assert not AssessorAssignment.objects.filter(round=rnd).exists()
    assert login("assessor").get("/i/bma/assess/rounds/2/").status_code == 404


def test_only_assessors_of_the_institution_and_rounds_assessors_act_on(world, login):
    from tests.factories import make_round

    make_external_round(world, assign=False, thread=False)
    make_round(world.institution, world.framework, number=3, kind="self")
    client = login("secretariat")
    assert client.post("/i/bma/assess/assign/", {"round": 2, "user": world.focal_point.pk}).status_code == 400
    assert client.post("/i/bma/assess/assign/", {"round": 3, "user": world.assessor.pk}).status_code == 404
    assert not AssessorAssignment.objects.filter(round__number__in=[2, 3]).exists()


def test_add_an_assessor_account(world, login, client):
    """An assessor joins through an invitation (accounts app): nobody becomes a member without accepting."""
    from genderseal.accounts.models import Invitation

    secretariat = login("secretariat")
    response = secretariat.post("/i/bma/assess/assign/account/", {"email": "Expert@UNDP.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="expert@undp.org")
    assert invitation.role == Role.ASSESSOR and invitation.institution == world.institution
    assert not get_user_model().objects.filter(email="expert@undp.org").exists()
    world.focal_point.email = "focal@bma.go.th"
    world.focal_point.save()
    refused = secretariat.post("/i/bma/assess/assign/account/", {"email": "focal@bma.go.th"})
    assert refused.status_code == 400
    assert Membership.objects.get(user=world.focal_point).role == Role.FOCAL_POINT
