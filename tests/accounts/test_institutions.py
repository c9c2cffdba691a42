"""The platform administrator creates, renames and archives institutions (page and command line)."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client

from genderseal.accounts import services
from genderseal.core.models import AuditEvent, Institution, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return services.create_platform_admin("admin", password="a long enough passphrase", email="admin@x.invalid")


def test_command_creates_an_institution_and_prints_the_invitation_last(world, client, settings,
                                                                     django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://seal.example.go.th"
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("institution", "create", "dla", "--name-th", "กรมส่งเสริมการปกครองท้องถิ่น",
                     "--name-en", "Department of Local Administration", "--secretariat", "Sec@DLA.go.th",
                     stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith("https://seal.example.go.th/invite/inv_")
    (message,) = mail.outbox
    assert message.to == ["sec@dla.go.th"] and last in message.body
    institution = Institution.objects.get(slug="dla")
    assert institution.name_en == "Department of Local Administration"
    response = client.post(last.removeprefix("https://seal.example.go.th"), {
        "op": "create", "full_name": "เลขานุการ", "password1": "a long enough passphrase",
        "password2": "a long enough passphrase"})
    assert response.status_code == 302
    assert Membership.objects.get(institution=institution).role == Role.SECRETARIAT
    with pytest.raises(Exception, match="dla"):
        call_command("institution", "create", "dla", "--name-th", "x", "--secretariat", "a@b.go.th", stdout=out)


def test_platform_pages_create_rename_archive(world, admin, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin)
    assert client.get("/platform/institutions/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/platform/institutions/", {"slug": "new", "name_th": "ใหม่", "name_en": "New",
                                                          "secretariat": "first@new.go.th"})
    assert created.status_code == 302 and len(mail.outbox) == 1
    taken = client.post("/platform/institutions/", {"slug": "bma", "name_th": "x", "secretariat": "a@b.go.th"})
    assert taken.status_code == 400
    client.post("/platform/institutions/new/", {"op": "rename", "name_th": "ใหม่กว่า", "name_en": "Newer"})
    assert Institution.objects.get(slug="new").name_th == "ใหม่กว่า"
    # Archived: its members reach nothing, the platform administrator can put it back.
    member = Client()
    member.force_login(world.secretariat)
    assert member.get("/i/bma/").status_code == 200
    client.post("/platform/institutions/bma/", {"op": "archive"})
    assert member.get("/i/bma/").status_code == 404
    client.post("/platform/institutions/bma/", {"op": "unarchive"})
    assert member.get("/i/bma/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"institution.create", "institution.change", "institution.archive", "institution.unarchive"} <= actions


def test_only_the_platform_administrator_reaches_the_platform_pages(world, login):
    for persona in ("secretariat", "outsider"):
        assert login(persona).get("/platform/institutions/").status_code == 404
    staff = get_user_model().objects.create_user("helper", is_staff=True, is_active=False)
    assert not services.is_platform_admin(staff)
