"""Issue 14 item 9: API tokens per institution, with an expiry, listed and revoked on a page."""
from datetime import timedelta

import pytest
from django.utils import timezone

from genderseal.core.models import ApiToken, AuditEvent, Membership, Role

pytestmark = pytest.mark.django_db


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def two_homes(world):
    """BMA's secretariat is also a committee member of the other institution."""
    Membership.objects.create(user=world.secretariat, institution=world.other, role=Role.COMMITTEE)
    return Membership.objects.get(user=world.secretariat, institution=world.institution)


def test_a_token_acts_only_within_its_own_institution(world, client, login, two_homes):
    key = ApiToken.issue(two_homes, "KPI sync")
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 200
    assert client.get("/api/institutions/other/rounds", **bearer(key)).status_code == 404
    # The same person signed in reaches both: the narrowing is the token's.
    browser = login("secretariat")
    assert browser.get("/api/institutions/other/rounds").status_code == 200
    other_key = ApiToken.issue(Membership.objects.get(user=world.secretariat, institution=world.other), "x")
    assert client.get("/api/institutions/other/rounds", **bearer(other_key)).status_code == 200
    assert client.get("/api/institutions/bma/rounds", **bearer(other_key)).status_code == 404


def test_an_assessors_token_lists_assignments_of_its_institution_only(world, client):
    from genderseal.assessors.models import AssessorAssignment

    assert AssessorAssignment.objects.filter(user=world.assessor).exists()
    Membership.objects.create(user=world.assessor, institution=world.other, role=Role.ASSESSOR)
    other = Membership.objects.get(user=world.assessor, institution=world.other)
    home = Membership.objects.get(user=world.assessor, institution=world.institution)
    assert client.get("/api/assessor/assignments", **bearer(ApiToken.issue(other, "x"))).json() == []
    rows = client.get("/api/assessor/assignments", **bearer(ApiToken.issue(home, "x"))).json()
    assert rows and {r["institution"] for r in rows} == {"bma"}


def test_expired_revoked_or_deactivated_tokens_answer_401(world, client):
    membership = Membership.objects.get(user=world.focal_point)
    key = ApiToken.issue(membership, "script", days=30)
    token = ApiToken.objects.get(key_hash=ApiToken.hash(key))
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 401

    key = ApiToken.issue(membership, "script")
    ApiToken.objects.filter(key_hash=ApiToken.hash(key)).update(revoked_at=timezone.now())
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 401

    key = ApiToken.issue(membership, "script")
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 401
    assert client.get("/api/frameworks", **bearer("gs_" + "x" * 300)).status_code == 401


def test_the_default_expiry_is_ninety_days(world):
    key = ApiToken.issue(world.committee, "x")
    token = ApiToken.objects.get(key_hash=ApiToken.hash(key))
    assert token.membership.institution == world.institution
    assert (token.expires_at - token.created_at).days in (89, 90)


def test_a_member_makes_sees_once_lists_and_revokes_their_token(world, login, client):
    browser = login("focal_point")
    page = browser.get("/i/bma/")
    assert 'href="/i/bma/api-tokens/"' in page.content.decode()  # reachable from every page's header
    response = browser.post("/i/bma/api-tokens/", {"name": "ระบบ KPI", "days": "180"})
    assert response.status_code == 302  # to the page that shows the key: reloading it makes no second token
    response = browser.get(response["Location"])
    key = response.context["key"]
    assert key.startswith("gs_") and key in response.content.decode()
    token = ApiToken.objects.get(key_hash=ApiToken.hash(key))
    assert token.membership.user == world.focal_point and (token.expires_at - token.created_at).days in (179, 180)
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 200

    listing = browser.get("/i/bma/api-tokens/")
    assert key not in listing.content.decode()  # shown once only
    assert [t.pk for t in listing.context["mine"]] == [token.pk]

    assert browser.post(f"/i/bma/api-tokens/{token.pk}/revoke/").status_code == 302
    assert client.get("/api/institutions/bma/rounds", **bearer(key)).status_code == 401
    assert list(AuditEvent.objects.filter(ref=f"core.apitoken:{token.pk}").values_list("action", flat=True)) == [
        "api_token.revoke", "api_token.create"]


def test_a_refused_token_form_comes_back_with_what_was_typed(world, login):
    response = login("committee").post("/i/bma/api-tokens/", {"name": "", "days": "365"})
    assert response.status_code == 400 and response.context["key"] is None
    assert response.context["form"]["days"].value() == "365"
    assert not ApiToken.objects.exists()
    assert login("committee").post("/i/bma/api-tokens/", {"name": "x", "days": "9999"}).status_code == 400


def test_members_see_their_own_tokens_and_the_secretariat_every_token(world, login, client, two_homes):
    focal = ApiToken.issue(world.focal_point, "focal")
    mine = ApiToken.issue(two_homes, "secretariat")
    elsewhere = ApiToken.issue(Membership.objects.get(user=world.outsider), "other institution")
    focal_pk, mine_pk, elsewhere_pk = (ApiToken.objects.get(key_hash=ApiToken.hash(k)).pk
                                       for k in (focal, mine, elsewhere))

    page = login("focal_point").get("/i/bma/api-tokens/")
    assert [t.pk for t in page.context["mine"]] == [focal_pk] and page.context["others"] == []
    # A focal point cannot revoke the secretariat's token, nor anyone another institution's.
    assert login("focal_point").post(f"/i/bma/api-tokens/{mine_pk}/revoke/").status_code == 404
    assert login("secretariat").post(f"/i/bma/api-tokens/{elsewhere_pk}/revoke/").status_code == 404

    page = login("secretariat").get("/i/bma/api-tokens/")
    assert [t.pk for t in page.context["mine"]] == [mine_pk]
    assert [t.pk for t in page.context["others"]] == [focal_pk]
    assert login("secretariat").post(f"/i/bma/api-tokens/{focal_pk}/revoke/").status_code == 302
    assert client.get("/api/institutions/bma/rounds", **bearer(focal)).status_code == 401
    assert ApiToken.objects.get(pk=focal_pk).revoked_by == world.secretariat
    assert client.get("/api/institutions/other/rounds", **bearer(elsewhere)).status_code == 200


def test_the_tokens_page_runs_a_bounded_number_of_queries(world, login, django_assert_max_num_queries):
    membership = Membership.objects.get(user=world.secretariat)
    for i in range(5):
        ApiToken.issue(membership, f"t{i}")
        ApiToken.issue(world.focal_point, f"f{i}")
    browser = login("secretariat")
    with django_assert_max_num_queries(20):
        assert browser.get("/i/bma/api-tokens/").status_code == 200


def test_the_command_issues_a_token_for_the_named_institution(world, two_homes):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("token", "secretariat", "sync", "--institution", "other", "--days", "30", stdout=out)
    token = ApiToken.objects.get(key_hash=ApiToken.hash(out.getvalue().strip()))
    assert token.membership.institution == world.other


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_binds_old_tokens_to_a_membership_with_an_expiry():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import make_institution, make_user

    before, after = [("core", "0004_institution_emblem")], [("core", "0005_api_token_membership_expiry")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    bma = make_institution()
    member, loner = make_user("member", bma, Role.FOCAL_POINT), make_user("loner")
    OldToken = old.get_model("core", "ApiToken")
    OldToken.objects.create(user_id=member.pk, name="old", key_hash="a" * 64)
    OldToken.objects.create(user_id=loner.pk, name="frameworks only", key_hash="b" * 64)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    token = ApiToken.objects.get()
    assert token.membership == Membership.objects.get(user=member) and token.key_hash == "a" * 64
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
