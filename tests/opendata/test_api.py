"""The open data API: public dataset lists; the secretariat's choices, publish and unpublish with a token."""
import pytest

from genderseal.core.models import ApiToken
from genderseal.opendata.models import PublishedDataset

from tests.factories import make_published

pytestmark = pytest.mark.django_db


def auth(world, persona="secretariat"):
    return {"HTTP_AUTHORIZATION": "Bearer " + ApiToken.issue(getattr(world, persona), "t")}


def test_published_datasets_need_no_sign_in(world, client):
    assert client.get("/api/open-data/datasets").json() == []
    dataset = make_published(world, items=["level"])
    [row] = client.get("/api/open-data/datasets").json()
    assert row["slug"] == "bma" and row["version"] == dataset.version and row["items"] == ["level"]
    assert row["dcat"] == "http://testserver/open/bma/dcat.json"
    data = client.get("/api/open-data/datasets/bma").json()
    assert data["level"]["percent"] == 25 and data["dataset"]["sha256"] == dataset.sha256
    assert client.get("/api/open-data/datasets/other").status_code == 404


def test_secretariat_sets_choices_and_publishes(world, client):
    headers = auth(world)
    state = client.get("/api/institutions/bma/open-data", **headers).json()
    assert state == {"items": [], "fiscal_year": None, "version": 1, "live": None}
    choices = {"items": ["dimensions", "level"], "fiscal_year": 2568, "version": 1}
    response = client.put("/api/institutions/bma/open-data", choices, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["items"] == ["level", "dimensions"]
    stale = client.put("/api/institutions/bma/open-data", {"items": [], "version": 1},
                       content_type="application/json", **headers)
    assert stale.status_code == 409
    unknown = client.put("/api/institutions/bma/open-data", {"items": ["salaries"], "version": 2},
                         content_type="application/json", **headers)
    assert unknown.status_code == 400
    published = client.post("/api/institutions/bma/open-data/publish", **headers)
    assert published.status_code == 200 and published.json()["version"] == 1
    assert client.get("/open/bma/").status_code == 200
    assert client.post("/api/institutions/bma/open-data/unpublish", **headers).status_code == 204
    assert client.get("/open/bma/").status_code == 404 and not PublishedDataset.objects.filter(live=True).exists()


def test_committee_reads_choices_but_cannot_publish(world, client):
    headers = auth(world, "committee")
    assert client.get("/api/institutions/bma/open-data", **headers).status_code == 200
    assert client.post("/api/institutions/bma/open-data/publish", **headers).status_code == 404
    assert client.put("/api/institutions/bma/open-data", {"items": ["level"], "version": 1},
                      content_type="application/json", **headers).status_code == 404
    focal = auth(world, "focal_point")
    assert client.get("/api/institutions/bma/open-data", **focal).status_code == 404


def test_anonymous_callers_cannot_touch_the_choices(world, client):
    assert client.get("/api/institutions/bma/open-data").status_code == 401
    assert client.post("/api/institutions/bma/open-data/publish").status_code == 401
