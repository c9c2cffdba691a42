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
