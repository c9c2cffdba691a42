"""The evidence API: list, detail, create, upload, link, review, search, dossier; scoped like the pages."""
import pytest

from genderseal.core.models import ApiToken

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db
BASE = "/api/institutions/bma"


@pytest.fixture
def api(world, client):
    def as_persona(persona):
        key = ApiToken.issue(getattr(world, persona), "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return as_persona


def test_create_upload_link_review_and_search(world, client, api, django_capture_on_commit_callbacks):
    focal, secretariat = api("focal_point"), api("secretariat")
    response = client.post(f"{BASE}/evidence", {"title_th": "รายงานติดตามตัวชี้วัด", "owner_unit": "21000000",
                                                "evidence_date": "2025-09-30"}, content_type="application/json", **focal)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/evidence/{pk}/revisions",
                               {"file": make_upload("kpi.txt", "อัตราการรายงานตรงเวลา ๙๕ ร้อยละ".encode())}, **focal)
    assert response.status_code == 201 and response.json()["content_type"] == "text/plain"
    response = client.post(f"{BASE}/evidence/{pk}/revisions", {"file": make_upload("x.exe", b"MZ" + b"0" * 9)}, **focal)
    assert response.status_code == 400 and "x.exe" in response.json()["detail"]
    assert client.post(f"{BASE}/evidence/{pk}/revisions", {"url": "javascript:alert(1)"}, **focal).status_code == 400
    response = client.post(f"{BASE}/evidence/{pk}/links", {"benchmark": "1.1.4", "means": [0]},
                           content_type="application/json", **focal)
    assert response.status_code == 200 and response.json()["links"] == [{"benchmark": "1.1.4", "means": [0], "note": ""}]
    assert client.post(f"{BASE}/evidence/{pk}/links", {"benchmark": "9.9.9"}, content_type="application/json",
                       **focal).status_code == 400
    assert client.post(f"{BASE}/evidence/{pk}/review/submit", {}, content_type="application/json",
                       **focal).json()["status"] == "submitted"
    assert client.post(f"{BASE}/evidence/{pk}/review/approve", {}, content_type="application/json",
                       **focal).status_code == 403
    assert client.post(f"{BASE}/evidence/{pk}/review/approve", {}, content_type="application/json",
                       **secretariat).json()["status"] == "approved"
    found = client.get(f"{BASE}/evidence-search", {"q": "95"}, **focal).json()
    assert [h["id"] for h in found["hits"]] == [pk] and "<mark>" in found["hits"][0]["snippet"]
    assert client.get(f"{BASE}/evidence-search", {"q": "ก"}, **focal).status_code == 400
    detail = client.get(f"{BASE}/evidence/{pk}", **api("assessor")).json()
    assert detail["revisions"][0]["original_name"] == "kpi.txt"
    assert client.delete(f"{BASE}/evidence/{pk}/links/1.1.4", **focal).status_code == 204


def test_the_api_keeps_roles_and_institutions_apart(world, client, api):
    draft = make_evidence(world.institution, "ร่าง")
    assert client.get(f"{BASE}/evidence/{draft.pk}", **api("assessor")).status_code == 404
    assert client.get(f"{BASE}/evidence/{draft.pk}", **api("outsider")).status_code == 404
    assert client.get(f"/api/institutions/other/evidence/{draft.pk}", **api("outsider")).status_code == 404
    assert client.post(f"{BASE}/evidence", {"title_th": "x", "owner_unit": "21000000"},
                       content_type="application/json", **api("committee")).status_code == 404
    assert [e["id"] for e in client.get(f"{BASE}/evidence", **api("committee")).json()] == [draft.pk]


def test_dossier_start_status_and_download(world, client, api, django_capture_on_commit_callbacks):
    secretariat = api("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/rounds/1/dossiers", **secretariat)
    assert response.status_code == 202
    status = client.get(f"{BASE}/dossiers/{response.json()['id']}", **secretariat).json()
    assert status["state"] == "done" and status["progress"] == 100
    download = client.get(f"{BASE}/dossiers/{status['id']}/download", **secretariat)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert set(status) == {"id", "round", "state", "progress", "files", "size", "sha256"} and status["round"] == 1
    # The same dossier is an issued file: in the history of every kind, with its number of files.
    issued = client.get(f"{BASE}/issued-reports/{status['id']}", **api("committee")).json()
    assert issued["kind"] == "dossier" and issued["detail"] == {"files": status["files"]}
    assert issued["sha256"] == status["sha256"]
    assert client.post(f"{BASE}/rounds/1/dossiers", **api("focal_point")).status_code == 404
    assert client.get(f"{BASE}/dossiers/{status['id']}", **api("focal_point")).status_code == 404


def test_search_says_when_the_total_is_a_lower_bound(world, client, api, monkeypatch):
    from genderseal.evidence.search import backends

    for n in range(4):
        make_evidence(world.institution, f"แผนปฏิบัติการ {n}")
    secretariat = api("secretariat")
    found = client.get(f"{BASE}/evidence-search", {"q": "แผนปฏิบัติการ"}, **secretariat).json()
    assert (found["total"], found["capped"]) == (4, False)
    monkeypatch.setattr(backends, "RANKED", 2)  # as if 1,000 were found
    found = client.get(f"{BASE}/evidence-search", {"q": "แผนปฏิบัติการ"}, **secretariat).json()
    assert found["capped"] is True and found["total"] >= 2
