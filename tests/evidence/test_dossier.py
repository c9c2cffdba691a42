"""The dossier: one folder per dimension and benchmark, the latest approved file of each item, an index."""
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from genderseal.evidence import dossier as dossiers
from genderseal.evidence import services
from genderseal.reports import issuing
from genderseal.reports.document_parts import document_number
from genderseal.reports.models import IssuedReport

from tests.documents import pdf_text
from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db


def test_the_dossier_holds_the_latest_approved_files_and_an_index(world, login, secretariat,
                                                                  django_capture_on_commit_callbacks):
    profile = make_evidence(world.institution, "SDG Profile Bangkok", status="approved", benchmarks=["5.1.1", "5.1.3"])
    services.add_file(secretariat, profile, make_upload("profile.pdf", b"%PDF-1.4 old"))
    services.add_file(secretariat, profile, make_upload("โปรไฟล์.pdf", b"%PDF-1.4 new"))
    services.add_link(secretariat, profile, "https://drive.google.com/drive/folders/sdg")
    draft = make_evidence(world.institution, "ร่าง", benchmarks=["5.1.1"])
    services.add_file(secretariat, draft, make_upload("draft.pdf", b"%PDF-1.4 draft"))

    client = login("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dossier-start", kwargs={"slug": "bma"}), {"round": 1})
    dossier = IssuedReport.objects.get()
    assert dossier.kind == "dossier" and dossier.detail == {"files": 2}
    assert response.status_code == 302 and dossier.state == "done" and dossier.progress == 100
    page = client.get(reverse("dossier-detail", kwargs={"slug": "bma", "pk": dossier.pk})).content.decode()
    assert 'data-testid="dossier-download"' in page
    download = client.get(reverse("dossier-download", kwargs={"slug": "bma", "pk": dossier.pk}))
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == dossier.sha256
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    files = sorted(n for n in names if not n.startswith(("index.", "cover.")))
    cover = pdf_text(archive.read("cover.pdf"))[0]  # the official cover, certified by who built it
    assert "กรุงเทพมหานคร" in cover and "ชุดเอกสารหลักฐาน" in cover and "(secretariat)" in cover
    assert f"เลขที่เอกสาร: {document_number(dossier)}" in cover  # numbered as the issued file it is
    assert "cover.docx" in names
    assert files == ["5 มิติที่ 5/5.1.1/01-โปรไฟล์.pdf", "5 มิติที่ 5/5.1.3/01-โปรไฟล์.pdf"]
    assert archive.read(files[0]) == b"%PDF-1.4 new"
    html = archive.read("index.html").decode()
    assert "SDG Profile Bangkok" in html and "https://drive.google.com/drive/folders/sdg" in html
    assert hashlib.sha256(b"%PDF-1.4 new").hexdigest() in html and "ร่าง" not in html
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(archive.read("index.xlsx"))).active.iter_rows(values_only=True))
    assert rows[1][1] == "5.1.1" and rows[1][3] == "SDG Profile Bangkok"
    assert rows[1][8] == hashlib.sha256(b"%PDF-1.4 new").hexdigest()
    assert rows[1][10] == "https://drive.google.com/drive/folders/sdg"


def test_only_the_secretariat_builds_and_assessors_do_not_download(world, login, secretariat):
    assert login("focal_point").post(reverse("dossier-start", kwargs={"slug": "bma"}), {"round": 1}).status_code == 404
    dossier = dossiers.start(secretariat, world.round)
    assert login("assessor").get(reverse("dossier-detail", kwargs={"slug": "bma", "pk": dossier.pk})).status_code == 404
    assert login("outsider").get(reverse("dossier-detail", kwargs={"slug": "bma", "pk": dossier.pk})).status_code == 404
    assert login("committee").get(reverse("dossier-download", kwargs={"slug": "bma", "pk": dossier.pk})
                                  ).status_code == 404  # not built yet


def test_names_inside_the_zip_cannot_escape_their_folder():
    assert dossiers.safe_part("../../etc/passwd") == "_.._etc_passwd"
    assert "/" not in dossiers.safe_part("a/b\\c") and "\x00" not in dossiers.safe_part("a\x00b")


@pytest.mark.parametrize("content_type, name, sample, stored", [
    ("application/pdf", "รายงาน.pdf", b"a" * 1000, True),  # compressed by type, whatever the bytes
    ("application/octet-stream", "แผน.DOCX", b"a" * 1000, True),  # ... or by name
    ("image/jpeg", "photo", b"", True),
    ("text/csv", "data.csv", b"unit,count\n" * 500, False),  # shrinks: deflated
    ("text/csv", "random.csv", os.urandom(4096), True),  # does not shrink
    ("text/plain", "empty.txt", b"", True),
])
def test_files_that_would_not_shrink_are_stored_and_others_deflated(content_type, name, sample, stored):
    expected = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    assert dossiers.compression_for(content_type, name, sample) == expected


def test_the_dossier_stores_incompressible_files_and_deflates_text(world, secretariat):
    # A legacy Word file full of photographs (random bytes stand in for them): not a compressed type, yet
    # it does not shrink; a CSV does.
    noise, text = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(200_000), ("หน่วยงาน,จำนวน\n" * 20_000).encode()
    for title, upload in [("สุ่ม", make_upload("photos.doc", noise, "application/msword")),
                          ("ตาราง", make_upload("table.csv", text, "text/csv")),
                          ("รายงาน", make_upload("report.pdf", b"%PDF-1.4 " + b"a" * 5000))]:
        services.add_file(secretariat, make_evidence(world.institution, title, status="approved",
                                                     benchmarks=["1.1.1"]), upload)
    dossier = dossiers.start(secretariat, world.round)
    issuing.build(dossier.pk)  # the background task's body
    dossier.refresh_from_db()
    from genderseal.reports.storage import get_store

    with get_store().open(dossier.storage_name) as built:
        archive = zipfile.ZipFile(built)
        infos = {info.filename.rsplit("-", 1)[1]: info for info in archive.infolist() if "/" in info.filename}
        assert infos["photos.doc"].compress_type == zipfile.ZIP_STORED and archive.read(infos["photos.doc"]) == noise
        assert infos["table.csv"].compress_type == zipfile.ZIP_DEFLATED and archive.read(infos["table.csv"]) == text
        assert infos["table.csv"].compress_size < len(text) / 10
        assert infos["report.pdf"].compress_type == zipfile.ZIP_STORED


def test_a_dossier_is_an_issued_file_on_the_one_history_page(world, login, secretariat,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = dossiers.start(secretariat, world.round)
        again = dossiers.start(secretariat, world.round)
    assert again.pk == first.pk and len(queued) == 1  # asked twice while waiting: one build
    for callback in queued:
        callback()
    first.refresh_from_db()
    assert first.state == "done" and first.filename == "dossier-bma-round-1.zip"
    history = login("committee").get(reverse("report-list", kwargs={"slug": "bma"})).content.decode()
    assert reverse("report-detail", kwargs={"slug": "bma", "pk": first.pk}) in history  # with every other kind
    for role in ("focal_point", "assessor"):  # no dossier.view: not on their history, not reachable
        assert reverse("report-detail", kwargs={"slug": "bma", "pk": first.pk}) not in login(role).get(
            reverse("report-list", kwargs={"slug": "bma"})).content.decode()
        assert login(role).get(reverse("report-detail", kwargs={"slug": "bma", "pk": first.pk})).status_code == 404
    # The Reports page's form does not offer it, and a committee member may not ask for one there.
    assert login("committee").post(reverse("report-request", kwargs={"slug": "bma"}),
                                   {"kind": "dossier", "round": 1}).status_code == 404


def test_a_failed_dossier_says_why_and_leaves_no_file(world, secretariat, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    from genderseal.reports.storage import scratch_dir

    def broken(round, membership):
        raise OSError("disk full")

    monkeypatch.setattr(dossiers, "entries", broken)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossiers.start(secretariat, world.round)
    dossier.refresh_from_db()
    assert dossier.state == "failed" and "disk full" in dossier.error and dossier.storage_name == ""
    assert dossier.running_key is None  # it may be asked for again
    assert not list(Path(scratch_dir()).glob(f"dossier-{dossier.pk}-*"))


def test_asking_for_a_dossier_shows_in_the_rounds_history(world, login, secretariat):
    dossiers.start(secretariat, world.round)
    issuing.request(secretariat, "results_xlsx", {"round": 1})  # another report of the round stays out
    page = login("secretariat").get(reverse("round-detail", kwargs={"slug": "bma", "number": 1})).content.decode()
    history = page[page.index('data-testid="history"'):]
    assert history.count('data-action="report.request"') == 1
    assert "dossier" in history.split("data-action=\"report.request\"")[1][:2000]  # the request of the dossier
