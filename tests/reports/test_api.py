"""API: request a report (reusing a running one), the history, one report with its download URL."""
import hashlib

import pytest

from genderseal.core.models import ApiToken
from genderseal.reports.models import IssuedReport

pytestmark = pytest.mark.django_db
BASE = "/api/institutions/bma/issued-reports"


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')}"}


def test_request_poll_and_download_a_report(world, client, django_capture_on_commit_callbacks):
    auth = _auth(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BASE, {"kind": "results_xlsx", "round": 1}, content_type="application/json", **auth)
    assert response.status_code == 202, response.content
    data = response.json()
    assert data["kind"] == "results_xlsx" and data["parameters"] == {"round": 1, "language": "th"}
    assert data["reused"] is False and data["page_url"] == f"/i/bma/reports/{data['id']}/"
    one = client.get(f"{BASE}/{data['id']}", **auth).json()
    assert one["state"] == "done" and one["progress"] == 100 and one["download_url"] == f"{BASE}/{data['id']}/file"
    content = b"".join(client.get(one["download_url"], **auth).streaming_content)
    assert hashlib.sha256(content).hexdigest() == one["sha256"] and content.startswith(b"PK")
    history = client.get(BASE, **auth).json()
    assert [r["id"] for r in history] == [data["id"]]
    assert client.get(BASE + "?kind=evidence_xlsx", **auth).json() == []


def test_a_running_report_is_reused(world, client):
    auth = _auth(world.committee)
    body = {"kind": "comparison", "round": 1, "other": 1}
    assert client.post(BASE, body, content_type="application/json", **auth).status_code == 400  # same round twice
    body = {"kind": "readiness", "round": 1, "format": "docx"}
    first = client.post(BASE, body, content_type="application/json", **auth).json()
    second = client.post(BASE, body, content_type="application/json", **auth).json()
    assert first["state"] == "queued" and first["download_url"] is None
    assert second["id"] == first["id"] and second["reused"] is True
    assert IssuedReport.objects.count() == 1


def test_other_institutions_and_hidden_kinds_are_404(world, client):
    outsider = _auth(world.outsider)
    assert client.post(BASE, {"kind": "readiness", "round": 1}, content_type="application/json",
                       **outsider).status_code == 404
    assessor = _auth(world.assessor)
    assert client.post(BASE, {"kind": "action_items_xlsx"}, content_type="application/json",
                       **assessor).status_code == 404
    assert client.post(BASE, {"kind": "readiness", "round": 42}, content_type="application/json",
                       **assessor).status_code == 404
    report = IssuedReport.objects.create(institution=world.institution, kind="readiness", audience="secretariat",
                                         parameters={"round": 1, "format": "pdf", "language": "th"})
    assert client.get(f"{BASE}/{report.pk}", **assessor).status_code == 404
    assert client.get(f"{BASE}/{report.pk}", **outsider).status_code == 404
    assert client.get(f"{BASE}/{report.pk}/file", **_auth(world.secretariat)).status_code == 404  # not built
