"""The dossier: one folder per dimension and benchmark, the latest approved file of each item, an index."""
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from genderseal.evidence import dossier as dossiers
from genderseal.evidence import services
from genderseal.evidence.models import Dossier
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
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and dossier.state == "done" and dossier.progress == 100
    page = client.get(reverse("dossier-detail", kwargs={"slug": "bma", "pk": dossier.pk})).content.decode()
    assert 'data-testid="dossier-download"' in page
    download = client.get(reverse("dossier-download", kwargs={"slug": "bma", "pk": dossier.pk}))
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == dossier.sha256
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    files = sorted(n for n in names if not n.startswith("index."))
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
