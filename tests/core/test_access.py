"""Object-level access the route walk (test_access_walk.py) cannot see from the declaration alone."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(name, slug="bma", **kwargs):
    return reverse(name, kwargs={"slug": slug, **kwargs})


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


def test_it_sends_a_member_of_one_institution_straight_to_their_work(world, login):
    response = login("secretariat").get("/")
    assert response.status_code == 302
    assert response["Location"] == url("my-work")
