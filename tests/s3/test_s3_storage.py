"""Evidence and reports in S3-compatible storage, through the S3 API of a local server: upload, download,
verify, dossier, issued reports, backup and restore into another bucket."""
import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from genderseal.evidence import services
from genderseal.evidence.models import EvidenceRevision
from genderseal.evidence.storage import S3Store, get_store, hash_stored
from genderseal.reports.models import IssuedReport

from tests.factories import make_evidence, make_upload
from tests.s3.conftest import make_bucket, use_bucket

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 evidence in a bucket"


def url(route, **kwargs):
    return reverse(route, kwargs={"slug": "bma", **kwargs})


def keys(bucket):
    return sorted(item.key for item in bucket.objects.all())


def test_an_uploaded_file_is_an_object_named_by_its_hash_and_downloads_whole(world, login, bucket):
    evidence = make_evidence(world.institution, benchmarks=["1.1.2"])
    client = login("focal_point")
    response = client.post(url("evidence-upload", pk=evidence.pk), {"files": [make_upload("รายงาน.pdf", PDF)]})
    assert response.status_code in (200, 302)
    revision = EvidenceRevision.objects.get(evidence=evidence)
    sha = hashlib.sha256(PDF).hexdigest()
    assert revision.sha256 == sha and revision.storage_name == f"{sha[:2]}/{sha[2:4]}/{sha}"
    assert isinstance(get_store(), S3Store)
    assert keys(bucket) == [f"evidence/{revision.storage_name}"]
    assert bucket.Object(f"evidence/{revision.storage_name}").get()["Body"].read() == PDF

    download = client.get(url("evidence-download", pk=evidence.pk, number=1))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_the_same_content_is_stored_once(world, secretariat, bucket):
    first = make_evidence(world.institution)
    second = make_evidence(world.institution, "อีกชิ้น")
    services.add_file(secretariat, first, make_upload("a.pdf", PDF))
    services.add_file(secretariat, second, make_upload("b.pdf", PDF))
    assert len(keys(bucket)) == 1
    assert get_store().put(io.BytesIO(PDF)).name == first.revisions.get().storage_name


def test_verify_reads_every_object_and_reports_missing_and_changed_ones(world, secretariat, bucket, capsys):
    evidence = make_evidence(world.institution)
    services.add_file(secretariat, evidence, make_upload("kept.pdf", PDF))
    changed = services.add_file(secretariat, evidence, make_upload("changed.pdf", PDF + b"1"))
    missing = services.add_file(secretariat, evidence, make_upload("missing.pdf", PDF + b"2"))
    call_command("evidence", "verify")
    assert "3 file(s) checked, 0 problem(s)" in capsys.readouterr().out

    bucket.put_object(Key=f"evidence/{changed.storage_name}", Body=b"tampered")
    bucket.Object(f"evidence/{missing.storage_name}").delete()
    with pytest.raises(CommandError):
        call_command("evidence", "verify")
    out = capsys.readouterr().out
    assert "CHANGED" in out and "changed.pdf" in out and "MISSING" in out and "missing.pdf" in out
    assert "kept.pdf" not in out


def test_the_dossier_is_built_from_objects_into_an_object_and_downloads(world, login, secretariat, bucket,
                                                                       django_capture_on_commit_callbacks):
    profile = make_evidence(world.institution, "SDG Profile Bangkok", status="approved", benchmarks=["5.1.1"])
    services.add_file(secretariat, profile, make_upload("profile.pdf", PDF))
    client = login("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dossier-start", kwargs={"slug": "bma"}), {"round": 1})
    dossier = IssuedReport.objects.get(kind="dossier")
    assert dossier.state == "done" and f"reports/{dossier.storage_name}" in keys(bucket)
    download = client.get(reverse("dossier-download", kwargs={"slug": "bma", "pk": dossier.pk}))
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == dossier.sha256
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.read("5 มิติที่ 5/5.1.1/01-profile.pdf") == PDF


def test_an_issued_report_is_kept_under_the_reports_prefix_and_downloads(world, login, bucket,
                                                                        django_capture_on_commit_callbacks):
    from genderseal.reports.models import IssuedReport

    client = login("committee")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report-request", kwargs={"slug": "bma"}),
                    {"kind": "readiness", "round": 1, "format": "docx", "language": "th", "digits": "arabic"})
    report = IssuedReport.objects.get()
    assert report.state == "done"
    assert keys(bucket) == [f"reports/{report.storage_name}"]
    download = client.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == report.sha256 and len(data) == report.size


def test_backup_reads_the_bucket_and_restore_fills_an_empty_one(world, secretariat, settings, s3_server, tmp_path):
    from genderseal.core import backup as bk
    from genderseal.core import restore as rs

    from tests.factories import make_issued_report

    evidence = make_evidence(world.institution, "หลักฐาน", benchmarks=["1.1.2"])
    services.add_file(secretariat, evidence, make_upload("a.pdf", PDF))
    services.add_file(secretariat, evidence, make_upload("b.txt", "บันทึก".encode(), "text/plain"))
    make_issued_report(world)
    before, files = bk.rows_by_model(), bk.file_hashes()
    assert {name.split("/")[0] for name in files} == {"evidence", "reports"} and len(files) == 3

    archive = tmp_path / "backup.tar.gz"
    manifest = bk.backup(archive)
    assert set(manifest["files"]) == set(files)

    rs.empty_tables(bk.backed_up_models())
    use_bucket(settings, s3_server, make_bucket(s3_server))  # a new, empty bucket
    assert not bk.file_hashes()
    rs.restore(archive)
    assert bk.rows_by_model() == before
    assert bk.file_hashes() == files
    for revision in EvidenceRevision.objects.all():
        assert hash_stored(get_store(), revision.storage_name) == revision.sha256


def test_old_dossier_objects_go_only_when_their_copy_in_the_bucket_is_verified(world, bucket):
    from tests.factories import make_issued_report

    zip_bytes = b"PK\x05\x06" + b"\x00" * 18
    record = make_issued_report(world, kind="dossier", audience="secretariat", content=zip_bytes)
    record.detail = {"files": 0, "dossier": 7}
    record.save()
    bucket.put_object(Key="evidence/dossiers/7-0123abcd.zip", Body=zip_bytes)
    bucket.put_object(Key="evidence/dossiers/8-0123abcd.zip", Body=zip_bytes)  # no record has old id 8
    assert f"reports/{record.storage_name}" in keys(bucket)
    call_command("evidence", "forget-old-dossiers", stdout=io.StringIO())
    assert "evidence/dossiers/7-0123abcd.zip" not in keys(bucket)
    assert {"evidence/dossiers/8-0123abcd.zip", f"reports/{record.storage_name}"} <= set(keys(bucket))
