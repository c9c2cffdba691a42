"""Every page, every role, and the other institution: one table instead of checks per view."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboard", {}),
    ("round-list", {}),
    ("round-detail", {"number": 1}),
    ("round-compare", {"number": 1, "other": 1}),
    ("framework-list", {}),
    ("framework-detail", {"code": "test-seal"}),
    ("benchmark-detail", {"code": "test-seal", "benchmark": "1.1.1"}),
]
MANAGE_PAGES = [("round-create", {})]


def url(name, slug="bma", **kwargs):
    return reverse(name, kwargs={"slug": slug, **kwargs})


@pytest.mark.parametrize("name,kwargs", PAGES)
@pytest.mark.parametrize("persona", ["secretariat", "focal_point", "committee", "assessor"])
def test_it_shows_every_page_to_every_role_of_the_institution(world, login, name, kwargs, persona):
    response = login(persona).get(url(name, **kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize("name,kwargs", PAGES + MANAGE_PAGES)
def test_it_hides_every_page_from_another_institution(world, login, name, kwargs):
    response = login("outsider").get(url(name, **kwargs))
    assert response.status_code == 404


@pytest.mark.parametrize("name,kwargs", PAGES + MANAGE_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(world, client, name, kwargs):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["focal_point", "committee", "assessor"])
def test_it_lets_only_the_secretariat_create_rounds(world, login, persona):
    assert login(persona).get(url("round-create")).status_code == 404
    assert login("secretariat").get(url("round-create")).status_code == 200


def test_it_does_not_reach_another_institutions_round_through_its_own_url(world, login):
    # "other" has round 1 too; BMA's secretariat asking for it under /i/other/ gets 404.
    assert login("secretariat").get(url("round-detail", slug="other", number=1)).status_code == 404


def test_it_hides_open_rounds_from_assessors(world, login):
    world.round.status = "open"
    world.round.save()
    assert login("assessor").get(url("round-detail", number=1)).status_code == 404
    assert login("committee").get(url("round-detail", number=1)).status_code == 200


def test_it_sends_a_member_of_one_institution_straight_to_its_dashboard(world, login):
    response = login("secretariat").get("/")
    assert response.status_code == 302
    assert response["Location"] == url("dashboard")
