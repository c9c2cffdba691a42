"""Invitations: single use, expiry, re-sending, across institutions, and no reply telling who has an account."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from genderseal.accounts import services
from genderseal.accounts.models import Invitation
from genderseal.core.models import AuditEvent, Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"


def text(response):
    """The page's main part without its CSRF tokens (they differ on every response)."""
    main = response.content.decode().partition("<main")[2]
    return re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", main)


def link_in(message):
    return next(word for word in message.body.split() if "/invite/" in word)


def path_of(url):
    return url[url.index("/invite/"):]


def test_invite_mails_a_thai_link_and_a_new_person_sets_a_password(world, client, login, django_capture_on_commit_callbacks):
    secretariat = login("secretariat")
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post("/i/bma/members/invite/", {"email": "New.Person@bma.go.th", "role": "focal_point",
                                                               "units": [unit.pk]})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["new.person@bma.go.th"] and "กรุงเทพมหานคร" in message.subject
    assert "ผู้ประสานงาน" in message.body  # the role, in Thai
    page = client.get(path_of(link_in(message)))
    assert page.status_code == 200 and "ตั้งรหัสผ่าน" in page.content.decode()
    joined = client.post(path_of(link_in(message)), {"op": "create", "full_name": "คนใหม่", "password1": PASSWORD,
                                                     "password2": PASSWORD})
    assert joined.status_code == 302 and joined["Location"] == "/i/bma/my-work/"
    member = Membership.objects.get(user__email="new.person@bma.go.th")
    assert member.role == Role.FOCAL_POINT and list(member.units.all()) == [unit]
    assert client.get("/i/bma/").status_code == 200  # signed in
    assert AuditEvent.objects.filter(action="member.join", institution=world.institution).exists()


def test_an_invitation_works_once(world, client):
    _invitation, token = services.invite(world.institution, "once@bma.go.th", Role.COMMITTEE, send=False)
    data = {"op": "create", "full_name": "A", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(f"/invite/{token}/", data).status_code == 302
    client.logout()
    again = client.get(f"/invite/{token}/")
    assert again.status_code == 410 and "ถูกใช้แล้ว" in again.content.decode()
    with pytest.raises(services.PeopleError):
        services.accept(token, world.committee)
    assert Membership.objects.filter(user__email="once@bma.go.th").count() == 1


def test_an_expired_invitation_says_so_and_offers_to_ask_for_a_new_one(world, client, django_capture_on_commit_callbacks):
    world.secretariat.email = "sec@bma.go.th"
    world.secretariat.save()
    invitation, token = services.invite(world.institution, "late@bma.go.th", Role.COMMITTEE, send=False)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(f"/invite/{token}/")
    assert page.status_code == 410 and "หมดอายุ" in page.content.decode()
    assert client.post(f"/invite/{token}/", {"op": "create", "full_name": "A", "password1": PASSWORD,
                                             "password2": PASSWORD}).status_code == 410
    assert not get_user_model().objects.filter(email="late@bma.go.th").exists()
    asked = client.post(f"/invite/{token}/ask/", {"message": "ขอใหม่"})
    assert asked.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["sec@bma.go.th"] and "late@bma.go.th" in message.subject
    # An unknown link gets the same reply and mails nobody.
    assert text(client.post("/invite/inv_unknown/ask/", {"message": "x"})) == text(asked)
    assert len(mail.outbox) == 1
    # Asking again the same day tells nobody twice.
    assert text(client.post(f"/invite/{token}/ask/", {"message": "อีกครั้ง"})) == text(asked)
    assert len(mail.outbox) == 1


def test_inviting_twice_resends_and_never_duplicates(world):
    first, token1 = services.invite(world.institution, "twice@bma.go.th", Role.COMMITTEE, send=False)
    second, token2 = services.invite(world.institution, "TWICE@bma.go.th ", Role.ASSESSOR, send=False)
    assert first.pk == second.pk and Invitation.objects.count() == 1
    second.refresh_from_db()
    assert second.times_sent == 2 and second.role == Role.ASSESSOR
    assert services.find(token1).pk != second.pk if services.find(token1) else True  # the old link is dead
    assert services.find(token1) is None and services.find(token2).pk == second.pk


def test_an_existing_user_of_another_institution_joins_only_by_accepting(world, client, login):
    world.outsider.email = "outsider@other.go.th"
    world.outsider.save()
    secretariat = login("secretariat")
    response = secretariat.post("/i/bma/assess/assign/account/", {"email": "outsider@other.go.th"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=world.outsider, institution=world.institution).exists()
    shown = secretariat.get("/i/bma/assess/assign/").content.decode()
    assert "outsider@other.go.th" in shown and "outsider</span>" not in shown  # neither username nor name shown
    token = Invitation.objects.get(email="outsider@other.go.th")
    _inv, token = services.invite(world.institution, "outsider@other.go.th", Role.ASSESSOR, send=False)
    # Signing up with that address is refused (only the link holder reads it): sign in instead.
    refused = client.post(f"/invite/{token}/", {"op": "create", "full_name": "X", "password1": PASSWORD,
                                                "password2": PASSWORD})
    assert refused.status_code == 400 and "เข้าสู่ระบบ" in refused.content.decode()
    client.force_login(world.outsider)
    assert client.post(f"/invite/{token}/", {"op": "accept"}).status_code == 302
    member = Membership.objects.get(user=world.outsider, institution=world.institution)
    assert member.role == Role.ASSESSOR
    assert Membership.objects.get(user=world.outsider, institution=world.other).role == Role.SECRETARIAT


def test_the_reply_is_the_same_whether_or_not_the_address_has_an_account(world, login):
    world.outsider.email = "known@other.go.th"
    world.outsider.save()
    client = login("secretariat")
    known = client.post("/api/institutions/bma/members", {"email": "known@other.go.th", "role": "assessor"},
                        content_type="application/json")
    unknown = client.post("/api/institutions/bma/members", {"email": "nobody@other.go.th", "role": "assessor"},
                          content_type="application/json")
    assert known.status_code == unknown.status_code == 201
    strip = lambda body: {k: v for k, v in body.items() if k not in ("id", "email", "sent_at", "expires_at")}
    assert strip(known.json()) == strip(unknown.json())
    page_known = client.post("/i/bma/assess/assign/account/", {"email": "known@other.go.th"}, follow=True)
    page_unknown = client.post("/i/bma/assess/assign/account/", {"email": "nobody@other.go.th"}, follow=True)
    assert text(page_known).replace("known", "nobody") == text(page_unknown)


def test_api_invites_with_role_and_units(world, login):
    client = login("secretariat")
    response = client.post("/api/institutions/bma/members", {"email": "fp@bma.go.th", "role": "focal_point",
                                                             "units": ["21000000"]}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["units"] == ["21000000"] and body["state"] == "valid" and body["role"] == "focal_point"
    bad = client.post("/api/institutions/bma/members", {"email": "fp2@bma.go.th", "role": "focal_point",
                                                        "units": ["99999999"]}, content_type="application/json")
    assert bad.status_code == 400 and "99999999" in bad.json()["detail"]
    assert login("focal_point").post("/api/institutions/bma/members", {"email": "x@bma.go.th", "role": "committee"},
                                     content_type="application/json").status_code == 404


def test_an_invitation_of_one_institution_does_not_open_another(world, client):
    _invitation, token = services.invite(world.other, "x@other.go.th", Role.COMMITTEE, send=False)
    services.invite(world.other, "pending@other.go.th", Role.COMMITTEE, send=False)
    client.force_login(world.committee)
    assert client.post(f"/invite/{token}/", {"op": "accept"}).status_code == 302
    assert set(Membership.objects.filter(user=world.committee).values_list("institution__slug", flat=True)) == {
        "bma", "other"}
    # The secretariat of BMA does not see other's invitations.
    from django.test import Client

    browser = Client()
    browser.force_login(world.secretariat)
    assert "pending@other.go.th" not in browser.get("/i/bma/members/").content.decode()
    assert browser.get("/api/institutions/other/invitations").status_code == 404


def test_one_person_switches_between_institutions(world, client):
    Membership.objects.create(user=world.committee, institution=world.other, role=Role.ASSESSOR)
    client.force_login(world.committee)
    home = client.get("/")
    assert home.status_code == 200
    text = home.content.decode()
    assert "/i/bma/" in text and "/i/other/" in text
    assert client.get("/i/other/").status_code == 200
