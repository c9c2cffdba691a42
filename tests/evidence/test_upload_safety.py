"""Every refused upload gets a message naming the file, and nothing is stored."""
import io
import zipfile

import pytest
from django.urls import reverse

from genderseal.evidence import services
from genderseal.evidence.filetypes import UploadRefused
from genderseal.evidence.models import EvidenceRevision

from tests.factories import make_docx, make_evidence, make_thai_pdf, make_upload

pytestmark = pytest.mark.django_db


def zip_bytes(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("name,content,kind", [
    ("plan.pdf", make_thai_pdf(["แผนงาน"]), "application/pdf"),
    ("คู่มือ.docx", make_docx(["คู่มือการวิเคราะห์"]),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("data.csv", "หน่วยงาน,หญิง,ชาย\nสยป.,10,8\n".encode(), "text/csv"),
    ("notes.txt", "บันทึกการประชุม".encode(), "text/plain"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png"),
    ("misnamed.exe.pdf.txt", b"%PDF-1.7\n...", "application/pdf"),  # type comes from the content
])
def test_it_accepts_documents_by_their_content(world, secretariat, name, content, kind):
    revision = services.add_file(secretariat, make_evidence(world.institution), make_upload(name, content))
    assert revision.content_type == kind


REFUSED = [
    ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100, "setup.pdf"),
    ("tool", b"\x7fELF" + b"\x00" * 100, "tool"),
    ("run.txt", b"#!/bin/sh\nrm -rf /\n", "run.txt"),
    ("files.zip", zip_bytes({"a.txt": "x"}), "files.zip"),
    ("files.docx", zip_bytes({"a.txt": "x"}), "files.docx"),  # a zip, not an Office file
    ("bomb.docx", zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "0" * (30 * 1024 * 1024)}),
     "bomb.docx"),
    ("page.html", b"<!doctype html><script>alert(1)</script>", "page.html"),
    ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image.svg"),
    ("blob.bin", b"\x00\x01\x02\x03" * 100, "blob.bin"),
    ("archive.gz", b"\x1f\x8b\x08" + b"\x00" * 50, "archive.gz"),
    ("empty.pdf", b"", "empty.pdf"),
    ("bad\x07name.pdf", b"%PDF-1.4", "badname.pdf"),
    ("new\u202eline.pdf", b"%PDF-1.4", "newline.pdf"),
]


@pytest.mark.parametrize("name,content,shown", REFUSED, ids=[r[0].encode("unicode_escape").decode() for r in REFUSED])
def test_it_refuses_dangerous_uploads_and_stores_nothing(world, secretariat, store, name, content, shown):
    evidence = make_evidence(world.institution)
    with pytest.raises(UploadRefused) as refused:
        services.add_file(secretariat, evidence, make_upload(name, content))
    assert shown in str(refused.value).replace("?", "") or "name" in str(refused.value)
    assert not EvidenceRevision.objects.exists()
    assert not list(store.names())


def test_it_refuses_a_file_over_the_size_limit(world, secretariat, store, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(UploadRefused) as refused:
        services.add_file(secretariat, make_evidence(world.institution), make_upload("big.pdf", b"%PDF-" + b"0" * 1000))
    assert "big.pdf" in str(refused.value)
    assert not EvidenceRevision.objects.exists() and not list(store.names())


def test_it_refuses_a_link_that_is_not_http(world, secretariat):
    evidence = make_evidence(world.institution)
    for url in ["javascript:alert(1)", "ftp://example.org/a", "file:///etc/passwd", "drive.google.com/x", ""]:
        with pytest.raises(services.EvidenceError):
            services.add_link(secretariat, evidence, url)
    assert not EvidenceRevision.objects.exists()


def test_the_page_uploads_several_files_and_reports_each_refusal(world, login, store):
    evidence = make_evidence(world.institution)
    client = login("focal_point")
    client.post("/language/", {"language": "en"})
    url = reverse("evidence-upload", kwargs={"slug": "bma", "pk": evidence.pk})
    response = client.post(url, {"files": [make_upload("a.pdf", b"%PDF-1.4 a"), make_upload("b.exe", b"MZ" + b"0" * 10),
                                           make_upload("c.txt", "ข้อความ".encode())]},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 207
    answer = response.json()
    assert [s["name"] for s in answer["stored"]] == ["a.pdf", "c.txt"]
    assert len(answer["refused"]) == 1 and "b.exe" in answer["refused"][0] and "not accepted" in answer["refused"][0]
    assert evidence.revisions.count() == 2


@pytest.mark.parametrize("name", ["../../etc/passwd", "dir/evil.pdf", "dir\\evil.pdf", "..", "bad\x00name.pdf",
                                  "new\nline.pdf", "\u202egpj.exe", "", "   "])
def test_it_refuses_names_with_path_parts_or_control_characters(name):
    from genderseal.evidence.filetypes import check_name

    with pytest.raises(UploadRefused):
        check_name(name)


def test_it_keeps_thai_names():
    from genderseal.evidence.filetypes import check_name

    assert check_name("รายงาน ผล (ฉบับที่ ๒).pdf") == "รายงาน ผล (ฉบับที่ ๒).pdf"


# --- Malformed files (issue 9): each is refused with a message naming it, or stored with its text
# extraction marked done or failed; never an error page, never a stuck extraction.

def _malformed():
    import os

    from genderseal.evidence.pdf import thai_pdf

    pdf = thai_pdf(["รายงานผลการดำเนินงาน"])
    docx = make_docx(["คู่มือ"])
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
              '&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
              '&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol4;</t></si></sst>')
    return [
        ("truncated.pdf", pdf[: len(pdf) // 2]),
        ("garbage.pdf", b"%PDF-1.7\n" + os.urandom(4000)),
        ("no-xref.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF"),
        ("truncated.docx", docx[: len(docx) // 2]),
        ("bad-xml.docx", zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><<<"})),
        ("laughs.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>",
                                   "xl/sharedStrings.xml": laughs})),
        ("empty-parts.pptx", zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": ""})),
        ("truncated.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("truncated.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
        ("huge.gif", b"GIF89a\xff\xff\xff\xff" + b"\x00" * 20),
        ("bad.csv", b"\xff\xfe\x00a,b\r\n\x00\x00"),
    ]


@pytest.mark.parametrize("name,content", _malformed(), ids=[m[0] for m in _malformed()])
def test_a_malformed_file_is_refused_clearly_or_stored_without_breaking_extraction(
        world, secretariat, store, login, name, content, django_capture_on_commit_callbacks):
    from genderseal.evidence.models import ExtractionState

    evidence = make_evidence(world.institution)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            revision = services.add_file(secretariat, evidence, make_upload(name, content))
    except UploadRefused as refused:
        assert name in str(refused)
        assert not EvidenceRevision.objects.exists() and not list(store.names())
        return
    revision.refresh_from_db()
    assert revision.extraction in (ExtractionState.DONE, ExtractionState.FAILED, ExtractionState.NONE)
    assert store.exists(revision.storage_name) and store.size(revision.storage_name) == len(content)
    page = login("secretariat").get(reverse("evidence-detail", kwargs={"slug": "bma", "pk": evidence.pk}))
    assert page.status_code == 200


def test_a_small_zip_bomb_is_refused_by_its_unpacked_size(world, secretariat, store, settings):
    settings.EVIDENCE_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "0" * (2 * 1024 * 1024)})
    assert len(bomb) < 20_000
    with pytest.raises(UploadRefused) as refused:
        services.add_file(secretariat, make_evidence(world.institution), make_upload("small-bomb.docx", bomb))
    assert "small-bomb.docx" in str(refused.value)
    assert not EvidenceRevision.objects.exists() and not list(store.names())
