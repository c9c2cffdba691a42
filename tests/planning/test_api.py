"""The planning API: lists, bulk write of period values (all or nothing), reporting rates."""
import pytest

from genderseal.core.models import ApiToken
from genderseal.planning.models import PeriodReport, Value

from tests.factories import make_planning

pytestmark = pytest.mark.django_db


def auth(world, persona="secretariat"):
    return {"HTTP_AUTHORIZATION": "Bearer " + ApiToken.issue(getattr(world, persona), "t")}


def test_bulk_write_saves_everything_or_nothing(world, client):
    make_planning(world)
    headers = auth(world, "focal_point")
    good = {"reports": [{"indicator": "IND-1", "period": "2024-10-01", "values": {"female": "๑๒", "male": 3},
                         "submit": True},
                        {"indicator": "IND-1", "period": "2024-11-01", "values": {"female": 4}}]}
    response = client.post("/api/institutions/bma/reports", good, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json() == {"saved": 2}
    assert PeriodReport.objects.get(period="2024-10-01").status == "submitted"
    bad = {"reports": [{"indicator": "IND-1", "period": "2024-12-01", "values": {"female": 1}},
                       {"indicator": "IND-1", "period": "2024-12-15", "values": {"female": 1}},
                       {"indicator": "IND-1", "period": "2025-01-01", "values": {"female": -1, "x": 2}}]}
    response = client.post("/api/institutions/bma/reports", bad, content_type="application/json", **headers)
    assert response.status_code == 400
    assert {(e["index"], e["field"]) for e in response.json()["errors"]} == {(1, "period"), (2, "female"), (2, "x")}
    assert Value.objects.count() == 3  # nothing from the bad batch


def test_lists_and_rates(world, client):
    make_planning(world)
    headers = auth(world)
    client.post("/api/institutions/bma/reports", {"reports": [
        {"indicator": "IND-1", "period": "2024-10-01", "values": {"female": 1}, "submit": True}]},
        content_type="application/json", **headers)
    assert client.get("/api/institutions/bma/plans", **headers).json()[0]["code"] == "gap-2568"
    assert client.get("/api/institutions/bma/projects?fy=2568", **headers).json()[0]["sdg_targets"] == ["5.6"]
    assert client.get("/api/institutions/bma/indicators", **headers).json()[0]["options"] == ["female", "male", "other"]
    reports = client.get("/api/institutions/bma/indicators/IND-1/reports?fy=2568", **headers).json()
    assert reports[0]["total"] == 1.0
    rates = client.get("/api/institutions/bma/reporting?fy=2568", **headers).json()
    assert rates[0]["unit"] == "21000000" and rates[0]["expected"] == 12 and rates[0]["received"] == 1
    outsider = auth(world, "outsider")
    assert client.get("/api/institutions/bma/indicators", **outsider).status_code == 404
