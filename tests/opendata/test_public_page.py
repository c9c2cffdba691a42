"""The public page: no sign-in, Thai by default, bounded queries, served from the cache the second time."""
import pytest

from genderseal.planning.models import Indicator, IndicatorTarget

from .helpers import approved_and_draft
from tests.factories import make_planning, make_published

pytestmark = pytest.mark.django_db


def many_indicators(world, n):
    first = make_planning(world)
    approved_and_draft(first)
    for i in range(n):
        indicator = Indicator.objects.create(institution=world.institution, code=f"IND-X{i:03d}",
                                             title_th=f"ตัวชี้วัด {i}", owner_unit=first.owner_unit,
                                             unit_of_measure="คน", first_fy=2568, last_fy=2570)
        IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2568, value=10)


def test_page_shows_the_published_data_in_thai_without_signing_in(world, client):
    approved_and_draft(make_planning(world))
    make_published(world)
    response = client.get("/open/bma/")
    assert response.status_code == 200 and response["Content-Language"] == "th"
    body = response.content.decode()
    assert "กรุงเทพมหานคร" in body and "มิติที่ 3" in body and "จำนวนผู้รับบริการ" in body
    assert body.count("<svg") >= 6  # the level bar, five dimension bars, the indicator's sex split
    for link in ("data.csv", "data.json", "dcat.json", "ckan.json"):
        assert f"/open/bma/{link}" in body
    client.post("/language/", {"language": "en", "next": "/open/bma/"})
    english = client.get("/open/bma/").content.decode()
    assert "Bangkok Metropolitan Administration" in english and "Dimension 3" in english


def test_index_lists_institutions_that_publish(world, client):
    make_published(world, items=["level"])
    body = client.get("/open/").content.decode()
    assert 'data-slug="bma"' in body and 'data-slug="other"' not in body


@pytest.mark.parametrize("extra", [0, 60])
def test_uncached_page_needs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries, extra):
    many_indicators(world, extra)
    make_published(world)
    with django_assert_max_num_queries(2):  # the live dataset, nothing else whatever its size
        body = client.get("/open/bma/").content.decode()
    assert body.count('data-code="IND-') == 1 + extra


def test_second_request_is_served_from_the_cache(world, client, django_assert_num_queries):
    make_published(world)
    client.get("/open/bma/")
    with django_assert_num_queries(0):
        for path in ("/open/bma/", "/open/bma/data.csv", "/open/bma/data.json", "/open/bma/dcat.json",
                     "/open/bma/ckan.json"):
            assert client.get(path).status_code == 200


def test_publishing_again_replaces_the_cached_page(world, client):
    make_published(world, items=["level"])
    assert 'data-testid="od-dimensions"' not in client.get("/open/bma/").content.decode()
    from genderseal.opendata import services

    from .helpers import secretariat

    membership = secretariat(world)
    services.save_choices(membership, ["level", "dimensions"], 2568, services.state(membership).publication.version)
    services.publish(membership)
    assert 'data-testid="od-dimensions"' in client.get("/open/bma/").content.decode()
    services.unpublish(membership)
    assert client.get("/open/bma/").status_code == 404
