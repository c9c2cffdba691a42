"""The secretariat changes roles and units, deactivates and reactivates; the last secretariat stays."""
import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from genderseal.accounts import services
from genderseal.core.models import ApiToken, AuditEvent, Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db


def member(world, user):
    return Membership.objects.get(user=user, institution=world.institution)


def test_change_role_and_units_is_audited(world, login):
    client = login("secretariat")
    other_unit = OrgUnit.objects.get(institution=world.institution, code="03000000")
    focal = member(world, world.focal_point)
    response = client.post(f"/i/bma/members/{focal.pk}/", {"role": "focal_point", "units": [other_unit.pk]})
    assert response.status_code == 302
    assert list(focal.units.all()) == [other_unit]
    event = AuditEvent.objects.get(action="member.change")
    assert event.detail["before"]["units"] == ["21000000"] and event.detail["after"]["units"] == ["03000000"]
    page = client.get(f"/i/bma/members/{focal.pk}/").content.decode()
    assert "member.change" in page  # the history panel
    # A focal point without units is refused, the form shown again.
    refused = client.post(f"/i/bma/members/{focal.pk}/", {"role": "focal_point"})
    assert refused.status_code == 400 and list(focal.units.all()) == [other_unit]


def test_the_last_secretariat_cannot_be_demoted_or_deactivated(world, login):
    client = login("secretariat")
    own = member(world, world.secretariat)
    refused = client.post(f"/i/bma/members/{own.pk}/", {"role": "committee"})
    assert refused.status_code == 400 and "เลขานุการ" in refused.content.decode()
    client.post(f"/i/bma/members/{own.pk}/deactivate/")
    own.refresh_from_db()
    assert own.role == Role.SECRETARIAT and own.is_active
    # With a second secretariat, the first may step down.
    services.change_member(own, member(world, world.committee), role=Role.SECRETARIAT)
    services.change_member(own, own, role=Role.COMMITTEE)
    own.refresh_from_db()
    assert own.role == Role.COMMITTEE


def test_a_deactivated_member_is_signed_out_everywhere_and_their_token_stops(world, login):
    phone, laptop = Client(), Client()
    phone.force_login(world.focal_point)
    laptop.force_login(world.focal_point)
    key = ApiToken.issue(world.focal_point, "script")
    assert phone.get("/i/bma/").status_code == 200
    assert Client().get("/api/institutions/bma/rounds", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    client = login("secretariat")
    sessions_before = Session.objects.count()
    focal = member(world, world.focal_point)
    assert client.post(f"/i/bma/members/{focal.pk}/deactivate/").status_code == 302
    assert Session.objects.count() == sessions_before - 2
    assert phone.get("/i/bma/").status_code == 302 and laptop.get("/i/bma/").status_code == 302
    assert Client().get("/api/institutions/bma/rounds", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    # Signing in again reaches nothing of BMA.
    phone.force_login(world.focal_point)
    assert phone.get("/i/bma/").status_code == 404
    assert AuditEvent.objects.filter(action="member.deactivate").count() == 1
    client.post(f"/i/bma/members/{focal.pk}/reactivate/")
    assert phone.get("/i/bma/").status_code == 200
    assert Client().get("/api/institutions/bma/rounds", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_members_page_lists_members_and_pending_invitations(world, login, django_assert_max_num_queries):
    services.invite(world.institution, "pending@bma.go.th", Role.COMMITTEE, send=False)
    client = login("secretariat")
    with django_assert_max_num_queries(14):
        page = client.get("/i/bma/members/")
    text = page.content.decode()
    assert page.status_code == 200 and "pending@bma.go.th" in text and "focal" in text
    assert "outsider" not in text


def test_withdraw_and_send_again(world, login, django_capture_on_commit_callbacks):
    from django.core import mail

    invitation, token = services.invite(world.institution, "w@bma.go.th", Role.COMMITTEE, send=False)
    client = login("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/i/bma/invitations/{invitation.pk}/resend/")
    assert len(mail.outbox) == 1 and services.find(token) is None
    client.post(f"/i/bma/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_settings_page_changes_names_language_and_frameworks(world, login):
    client = login("secretariat")
    response = client.post("/i/bma/settings/", {"name_th": "กทม.", "name_en": "BMA", "default_language": "en",
                                                "frameworks": [world.framework.pk]})
    assert response.status_code == 302
    world.institution.refresh_from_db()
    assert world.institution.name_th == "กทม." and world.institution.default_language == "en"
    assert list(world.institution.frameworks.all()) == [world.framework]
    assert AuditEvent.objects.filter(action="institution.change").count() == 2


def has_emblem():
    from genderseal.core.models import Institution

    return any(f.name == "emblem" for f in Institution._meta.get_fields())


@pytest.mark.skipif(not has_emblem(), reason="Institution.emblem comes with the documents issue")
def test_settings_page_uploads_the_emblem(world, login, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "purple").save(buffer, "PNG")
    client = login("secretariat")
    data = {"name_th": world.institution.name_th, "name_en": "", "default_language": "th"}
    response = client.post("/i/bma/settings/", {**data, "emblem": SimpleUploadedFile("e.png", buffer.getvalue())})
    assert response.status_code == 302
    world.institution.refresh_from_db()
    assert world.institution.emblem.name.startswith("emblems/bma-")
    refused = client.post("/i/bma/settings/", {**data, "emblem": SimpleUploadedFile("e.png", b"not an image")})
    assert refused.status_code == 400


def test_units_to_pick_read_as_names_not_budget_codes(world, login):
    """The invitation's unit list, a new unit's parent and the survey's unit: name (abbreviation), no code."""
    client = login("secretariat")
    for url in ("/i/bma/members/invite/", "/i/bma/units/new/", "/i/bma/survey/new/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
        assert ">สำนักยุทธศาสตร์และประเมินผล (สยป.)</option>" in page, url
        assert "21000000 สยป." not in page, url
