"""Issue 14, items 6-9: odd paging, mail headers from user text, text PostgreSQL cannot store, a failed
extraction that says why, the sandbox on every file download, the API docs in production."""
import pytest
from django.core import mail

from genderseal.core.models import ApiToken, Membership
from genderseal.evidence import services, tasks
from genderseal.evidence.models import ExtractionState
from genderseal.notifications import services as notifications

from tests.factories import make_evidence, make_upload
from tests.review_fixtures import immediate_tasks, owned  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@pytest.fixture
def item(world, settings_tmp_media):
    evidence = make_evidence(world.institution, "แผนปฏิบัติการ", status="approved")
    return evidence


def upload(world, evidence, name, content):
    membership = Membership.objects.get(user=world.secretariat)
    revision = services.add_file(membership, evidence, make_upload(name, content))
    return revision


# --- 6. odd paging -------------------------------------------------------------------------

def test_odd_page_numbers_on_search_and_the_audit_log_are_not_server_errors(world, login, client, item):
    browser = login("secretariat")
    for page in ("abc", HUGE, "-3"):
        assert browser.get("/i/bma/evidence/search/", {"q": "แผน", "page": page}).status_code == 200
        assert browser.get("/i/bma/audit/", {"page": page}).status_code == 200
    key = ApiToken.issue(world.secretariat, "test")
    response = client.get("/api/institutions/bma/evidence-search", {"q": "แผน", "page": HUGE},
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["hits"] == []


# --- 7. mail headers ------------------------------------------------------------------------

def test_a_line_break_in_a_title_keeps_the_subject_one_line_and_the_batch_goes(world, owned):
    notifications.notify([world.focal_point.pk, world.committee.pk], world.institution, "action_due",
                         params={"number": 7, "title": "ซ่อมห้องน้ำ\r\nBcc: everyone@example.org " + "ก" * 500,
                                 "due": "2026-02-03"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        subject = message.message()["Subject"]
        assert "\n" not in message.subject and "\r" not in message.subject
        assert len(message.subject) <= 150 and message.subject.endswith("…")
        assert "Bcc" not in str(message.message().get("Bcc", "")) and subject


def test_header_line_rules():
    from genderseal.core.mail import header_line

    assert header_line("a\r\nb\u2028c\x00d\u200be") == "a b c de"
    assert header_line("ก" * 10, limit=5) == "กกกก…"


# --- 8. text PostgreSQL cannot store; failed extraction says why ----------------------------

def test_extracted_text_loses_nul_and_other_unstorable_characters(world, item):
    revision = upload(world, item, "notes.txt", b"x" * 9000 + b"\x00\x01 after the NUL \xed\xa0\x80")
    tasks.extract_revision.call(revision.pk)
    revision.refresh_from_db()
    assert revision.extraction == ExtractionState.DONE
    assert "after the NUL" in revision.extracted_text
    assert "\x00" not in revision.extracted_text and "\x01" not in revision.extracted_text


def test_a_failed_extraction_marks_the_revision_failed_with_its_reason(world, item, login):
    revision = upload(world, item, "broken.docx", make_docx_shell())
    tasks.extract_revision.call(revision.pk)
    revision.refresh_from_db()
    assert revision.extraction == ExtractionState.FAILED and revision.extraction_error
    page = login("secretariat").get(f"/i/bma/evidence/{item.pk}/").content.decode()
    assert 'data-testid="extraction-failed"' in page and revision.extraction_error.split(":")[0] in page


def test_text_the_database_refuses_still_ends_the_extraction(world, item, monkeypatch):
    """If storing the text fails (PostgreSQL's refusal, simulated), the revision is failed, not pending."""
    from django.db import DataError

    from genderseal.evidence import extract

    revision = upload(world, item, "notes.txt", b"plain words")
    original = type(revision).save

    def refusing(self, *args, **kwargs):
        if self.extracted_text:
            raise DataError("invalid byte sequence for encoding \"UTF8\": 0x00")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(revision), "save", refusing)
    monkeypatch.setattr(extract, "storable", lambda text: text)
    tasks.extract_revision.call(revision.pk)
    revision.refresh_from_db()
    assert revision.extraction == ExtractionState.FAILED and "DataError" in revision.extraction_error


def make_docx_shell():
    """A ZIP that claims to be a DOCX but holds no document: extraction fails."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
                         'org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
                         'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "not xml at all <")
    return out.getvalue()


# --- 9. sandbox on every download; API docs in production -----------------------------------

def test_every_api_file_download_is_sandboxed(world, client, item):
    upload(world, item, "notes.txt", b"plain words")
    key = ApiToken.issue(world.secretariat, "test")
    response = client.get(f"/api/institutions/bma/evidence/{item.pk}/revisions/1/download",
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response["Content-Security-Policy"] == "sandbox"


def test_every_page_download_is_sandboxed(world, login):
    browser = login("secretariat")
    for url in ("/i/bma/rounds/1/results.xlsx", "/i/bma/audit/?format=csv", "/i/bma/plan/export/"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == "sandbox", url


def test_api_docs_need_a_sign_in_in_production(world, client, login, settings):
    assert client.get("/api/docs").status_code == 200  # while developing
    settings.PRODUCTION = True
    for path in ("/api/docs", "/api/openapi.json"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path
        assert login("focal_point").get(path).status_code == 200, path


def test_a_download_with_an_evidence_number_past_the_databases_integers_is_not_found(world, client):
    key = ApiToken.issue(world.secretariat, "test")
    response = client.get("/api/institutions/bma/evidence/-153381748581881555503728820224/revisions/2/download",
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 404
