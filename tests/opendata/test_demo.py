"""The demo publishes BMA's level, dimension results and indicator results by sex (FY2568), once."""
import pytest

from genderseal.demo.load import load_demo
from genderseal.opendata.models import PublishedDataset

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_once(client):
    load_demo()
    dataset = PublishedDataset.objects.get(live=True)
    assert dataset.items == ["level", "dimensions", "indicators"]
    assert len(dataset.payload["dimensions"]) == 5 and dataset.payload["indicators"]["fiscal_year"] == 2568
    assert {row["code"] for row in dataset.payload["indicators"]["rows"]} >= {"IND68-01", "IND68-05"}
    load_demo()
    assert PublishedDataset.objects.count() == 1
    body = client.get("/open/bma/").content.decode()
    assert "กรุงเทพมหานคร" in body and 'data-code="IND68-02"' in body
