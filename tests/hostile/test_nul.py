"""A NUL character in text is refused up front (PostgreSQL cannot store it; SQLite can)."""
import pytest

from genderseal.core.models import ApiToken
from genderseal.evidence.models import Evidence

pytestmark = pytest.mark.django_db


def test_nul_in_json_form_or_query_is_a_bad_request_not_a_server_error(world, client, login):
    key = ApiToken.issue(world.secretariat, "test")
    response = client.post("/api/institutions/bma/evidence", {"title_th": "แผน\u0000", "owner_unit": "21000000"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400 and "NUL" in response.content.decode()
    assert client.get("/api/institutions/bma/evidence-search?q=%E0%B8%81%00x",
                      HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 400
    browser = login("secretariat")
    response = browser.post("/i/bma/evidence/new/", {"title_th": "a\x00b", "owner_unit": "1"})
    assert response.status_code == 400
    assert not Evidence.objects.filter(title_th__startswith="แผน").exists()


def test_files_holding_nul_bytes_still_upload(world, login, settings, tmp_path):
    from tests.factories import make_evidence, make_thai_pdf, make_upload

    settings.MEDIA_ROOT = tmp_path
    evidence = make_evidence(world.institution, "รายงาน")
    response = login("secretariat").post(f"/i/bma/evidence/{evidence.pk}/upload/",
                                         {"files": make_upload("report.pdf", make_thai_pdf(["ทดสอบ"]) + b"\x00\x00")},
                                         HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert evidence.revisions.count() == 1
