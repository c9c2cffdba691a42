"""An approved worksheet or screening form becomes an approved evidence item of 1.1.2 (1.1.3 with gender
targets): its signed PDF, counted in coverage and packed into the dossier."""
import pytest

from genderseal.analysis.models import Screening, Worksheet
from genderseal.evidence.models import Evidence, EvidenceLink

from .test_documents import PROBLEM, analysed  # noqa: F401 (fixture)
from tests.documents import pdf_text

pytestmark = pytest.mark.django_db
BASE = "/i/bma/analysis/projects/P-1/record-evidence"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_secretariat_records_an_approved_worksheet_as_evidence_once(analysed, login):  # noqa: F811
    worksheet, _screening = analysed
    secretariat = login("secretariat")
    page = secretariat.get("/i/bma/analysis/projects/P-1/").content.decode()
    assert 'data-testid="record-worksheet-evidence"' in page
    response = secretariat.post(f"{BASE}/worksheet/")
    assert response.status_code == 302
    worksheet.refresh_from_db()
    evidence = worksheet.evidence
    assert evidence.status == "approved" and evidence.owner_unit == worksheet.project.owner_unit
    codes = set(EvidenceLink.objects.filter(evidence=evidence).values_list("benchmark__code", flat=True))
    assert "1.1.2" in codes
    revision = evidence.revisions.get()
    assert revision.content_type == "application/pdf" and len(revision.sha256) == 64
    from genderseal.evidence.storage import get_store

    with get_store().open(revision.storage_name) as handle:
        text, _reader = pdf_text(handle.read())
    assert "".join(PROBLEM.split()) in "".join(text.split())
    # Once only; the page now links to the item.
    secretariat.post(f"{BASE}/worksheet/")
    assert Evidence.objects.filter(pk=evidence.pk).count() == 1 and Evidence.objects.count() == 1
    assert 'data-testid="worksheet-evidence"' in secretariat.get("/i/bma/analysis/projects/P-1/").content.decode()


def test_the_screening_form_too_and_only_the_secretariat_and_only_approved(analysed, login):  # noqa: F811
    _worksheet, screening = analysed
    assert login("focal_point").post(f"{BASE}/screening/", {"fy": "2568"}).status_code == 404
    assert login("outsider").post(f"{BASE}/screening/", {"fy": "2568"}).status_code == 404
    assert login("secretariat").post(f"{BASE}/screening/", {"fy": "2568"}).status_code == 302
    assert Screening.objects.get(pk=screening.pk).evidence is not None
    Worksheet.objects.update(status="submitted", evidence=None)
    assert login("secretariat").post(f"{BASE}/worksheet/").status_code == 302
    assert Worksheet.objects.get().evidence is None
