"""Password change, reset by e-mail through a local SMTP server, password rules, and OpenID Connect sign-in."""
import re
from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client

from genderseal.accounts import services
from genderseal.core.models import Role

pytestmark = pytest.mark.django_db
NEW = "ช้างเผือกสามตัวเดินข้ามสะพาน"  # a long Thai passphrase: no digits or capitals needed


def path_from(url):
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def test_change_password_signs_out_other_devices(world, login):
    user = world.focal_point
    user.set_password("the old password here")
    user.save()
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    assert here.get("/accounts/password/").status_code == 200
    short = here.post("/accounts/password/", {"old_password": "the old password here", "new_password1": "short",
                                              "new_password2": "short"})
    assert short.status_code == 200 and "อย่างน้อย 12 ตัวอักษร" in short.content.decode()  # the rule, in Thai
    done = here.post("/accounts/password/", {"old_password": "the old password here", "new_password1": NEW,
                                             "new_password2": NEW})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert here.get("/i/bma/").status_code == 200
    assert elsewhere.get("/i/bma/").status_code == 302  # the other device is signed out


@pytest.mark.parametrize("password,ok", [
    ("elevenchars", False),  # too short
    ("password1234", False),  # a common password
    ("123456789012345", False),  # digits only
    ("river stone lamp", True),  # length, no complexity classes
    (NEW, True),
])
def test_password_rules_favour_length_over_complexity(world, password, ok):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, get_user_model()(username="x@bma.go.th", email="x@bma.go.th"))
    except ValidationError:
        assert not ok
    else:
        assert ok


def test_reset_by_email_through_smtp(world, client, smtp_server):
    user = world.committee
    user.email = "committee@bma.go.th"
    user.save()
    sent = client.post("/accounts/reset/", {"email": "Committee@bma.go.th"})
    unknown = client.post("/accounts/reset/", {"email": "nobody@bma.go.th"})
    assert sent.status_code == unknown.status_code == 302 and sent["Location"] == unknown["Location"]
    (message,) = smtp_server.messages  # only the known address receives mail
    assert message["To"] == "committee@bma.go.th" and "รหัสผ่านใหม่" in message["Subject"]
    body = message.get_content()
    assert "committee" in body and "ตั้งรหัสผ่านใหม่" in body
    link = re.search(r"https?://\S+/accounts/reset/\S+/", body).group(0)
    form = client.get(path_from(link), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    assert client.post(set_url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    used = client.get(path_from(link))
    assert "ใช้ไม่ได้แล้ว" in used.content.decode()  # the link works once


def test_invitation_mail_through_smtp_is_thai_with_a_working_link(world, login, smtp_server,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login("secretariat").post("/i/bma/members/invite/", {"email": "new@bma.go.th", "role": "committee"})
    (message,) = smtp_server.messages
    assert message["To"] == "new@bma.go.th" and "คำเชิญ" in message["Subject"]
    body = message.get_content()
    assert "กรรมการ" in body and "ใช้ได้ครั้งเดียว" in body
    link = re.search(r"https?://\S+/invite/\S+/", body).group(0)
    assert link.startswith("http://testserver/")
    page = Client().get(path_from(link))
    assert page.status_code == 200 and "กรุงเทพมหานคร" in page.content.decode()


def sign_in_with_provider(client, next_path=""):
    start = client.get("/oidc/authenticate/" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    return client.get(path_from(at_provider.headers["Location"]))


def test_openid_connect_signs_in_a_member_matched_by_email(world, client, oidc_provider):
    world.focal_point.email = "Focal@BMA.go.th"
    world.focal_point.save()
    oidc_provider.person = {"sub": "42", "email": "focal@bma.go.th", "email_verified": True}
    assert "oidc" in client.get("/accounts/login/").content.decode()
    back = sign_in_with_provider(client, "/i/bma/")
    assert back.status_code == 302 and back["Location"] == "/i/bma/"
    assert client.get("/i/bma/").status_code == 200
    assert int(client.session["_auth_user_id"]) == world.focal_point.pk


def test_openid_connect_refuses_unknown_unverified_and_deactivated(world, client, oidc_provider, login):
    oidc_provider.person = {"sub": "1", "email": "stranger@bma.go.th", "email_verified": True}
    assert sign_in_with_provider(client)["Location"].startswith("/accounts/login/?oidc=failed")
    assert not get_user_model().objects.filter(email="stranger@bma.go.th").exists()  # nobody is created
    world.committee.email = "committee@bma.go.th"
    world.committee.save()
    oidc_provider.person = {"sub": "2", "email": "committee@bma.go.th", "email_verified": False}
    assert sign_in_with_provider(client)["Location"].startswith("/accounts/login/?oidc=failed")
    from genderseal.core.models import Membership

    services.deactivate(Membership.objects.get(user=world.secretariat),
                        Membership.objects.get(user=world.committee))
    oidc_provider.person = {"sub": "2", "email": "committee@bma.go.th", "email_verified": True}
    assert sign_in_with_provider(client)["Location"].startswith("/accounts/login/?oidc=failed")
    assert "_auth_user_id" not in client.session


def test_openid_connect_refuses_a_token_minted_for_another_client(world, client, oidc_provider):
    world.focal_point.email = "focal@bma.go.th"
    world.focal_point.save()
    oidc_provider.person = {"sub": "42", "email": "focal@bma.go.th", "email_verified": True}
    oidc_provider.audience = "another-app"
    assert sign_in_with_provider(client).status_code == 400
    assert "_auth_user_id" not in client.session


def test_openid_connect_is_off_by_default(world, client):
    assert client.get("/oidc/authenticate/")["Location"] == "/accounts/login/"
    assert 'data-testid="oidc"' not in client.get("/accounts/login/").content.decode()


def test_new_user_invited_then_signs_in_with_provider(world, client, oidc_provider):
    """An invited person who accepted can afterwards use the organisation's sign-in."""
    _invitation, token = services.invite(world.institution, "fresh@bma.go.th", Role.COMMITTEE, send=False)
    services.accept_new(token, full_name="ใหม่", password=NEW)
    oidc_provider.person = {"sub": "9", "email": "fresh@bma.go.th", "email_verified": True}
    assert sign_in_with_provider(client)["Location"] == "/"
    assert client.get("/")["Location"] == "/i/bma/my-work/"


def test_sign_in_with_the_email_address_or_the_user_name(world, client):
    user = world.outsider
    user.email = "Outsider@Other.go.th"
    user.set_password(NEW)
    user.save()
    for name in ("outsider", "outsider@other.go.th"):
        response = client.post("/accounts/login/", {"username": name, "password": NEW})
        assert response.status_code == 302, name
        client.logout()
    assert client.post("/accounts/login/", {"username": "outsider@other.go.th", "password": "wrong one here"}
                       ).status_code == 200
    # An address two accounts share signs in neither: the user name is needed.
    get_user_model().objects.create_user("twin", email="outsider@other.go.th", password=NEW)
    assert client.post("/accounts/login/", {"username": "outsider@other.go.th", "password": NEW}).status_code == 200


def test_a_signed_in_request_reads_the_user_and_the_profile_in_one_query(world, django_assert_num_queries):
    """Every page reads the member's language from the profile: it comes with the user, not in a query of its own."""
    from genderseal.accounts.backends import UsernameOrEmailBackend
    from genderseal.core.models import Profile

    Profile.objects.update_or_create(user=world.secretariat, defaults={"language": "en"})
    with django_assert_num_queries(1):
        user = UsernameOrEmailBackend().get_user(world.secretariat.pk)
        assert user.profile.language == "en"
    world.secretariat.is_active = False
    world.secretariat.save()
    assert UsernameOrEmailBackend().get_user(world.secretariat.pk) is None  # a closed account signs nobody in
