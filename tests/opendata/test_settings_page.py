"""The secretariat's page: choose, preview, publish, unpublish; the committee reads; others never see it."""
import pytest

from genderseal.opendata.models import PublicationChoice, PublishedDataset

from tests.factories import make_planning

pytestmark = pytest.mark.django_db
URL = "/i/bma/open-data/"


def test_secretariat_chooses_previews_publishes_and_unpublishes(world, login, client):
    make_planning(world)
    browser = login("secretariat")
    page = browser.get(URL).content.decode()
    assert 'data-testid="od-nothing"' in page and 'data-testid="od-choices"' in page
    response = browser.post(URL, {"items": ["level", "indicators"], "fiscal_year": 2568, "version": 1})
    assert response.status_code == 302
    choice = PublicationChoice.objects.get(item="indicators")
    assert choice.enabled and choice.changed_by == world.secretariat and choice.changed_at
    page = browser.get(URL).content.decode()
    assert 'data-testid="od-preview"' in page and 'data-code="IND-1"' in page  # the preview, before publishing
    assert client.get("/open/bma/").status_code == 404
    browser.post(URL + "publish/")
    assert PublishedDataset.objects.get().items == ["level", "indicators"]
    assert client.get("/open/bma/").status_code == 200
    page = browser.get(URL).content.decode()
    assert 'data-testid="od-public-link"' in page and 'data-testid="od-outdated"' not in page
    browser.post(URL + "unpublish/")
    assert client.get("/open/bma/").status_code == 404


def test_the_page_says_when_the_records_changed_since_publishing(world, login):
    from tests.factories import make_published

    make_published(world, items=["level"])
    world.round.results.update(result_code="met")
    assert 'data-testid="od-outdated"' in login("secretariat").get(URL).content.decode()


def test_a_stale_form_is_refused(world, login):
    browser = login("secretariat")
    browser.post(URL, {"items": ["level"], "fiscal_year": 2568, "version": 1})
    browser.post(URL, {"items": ["reporting"], "fiscal_year": 2568, "version": 1})
    assert list(PublicationChoice.objects.filter(enabled=True).values_list("item", flat=True)) == ["level"]


def test_committee_reads_but_cannot_change(world, login):
    browser = login("committee")
    page = browser.get(URL).content.decode()
    assert page and 'data-testid="od-choices"' not in page and 'data-testid="od-publish"' not in page
    assert browser.post(URL, {"items": ["level"], "fiscal_year": 2568, "version": 1}).status_code == 404
    assert browser.post(URL + "publish/").status_code == 404
    assert not PublicationChoice.objects.exists()


@pytest.mark.parametrize("persona", ["focal_point", "assessor", "outsider"])
def test_others_do_not_see_the_page(world, login, persona):
    browser = login(persona)
    assert browser.get(URL).status_code == 404
    assert browser.post(URL + "publish/").status_code == 404
