"""Revisions are immutable; files are hashed, stored atomically and never overwritten; `verify`."""
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from genderseal.evidence import services
from genderseal.evidence.models import EvidenceRevision

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n" + b"x" * 100


def test_it_stores_a_file_under_its_sha256_and_records_the_revision(world, secretariat, store):
    evidence = make_evidence(world.institution)
    revision = services.add_file(secretariat, evidence, make_upload("แผนปฏิบัติการ 2568.pdf", PDF))
    assert revision.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (revision.size, revision.content_type, revision.number) == (len(PDF), "application/pdf", 1)
    assert revision.original_name == "แผนปฏิบัติการ 2568.pdf"
    assert store.open(revision.storage_name).read() == PDF
    assert not list((store.root / "tmp").iterdir())  # no temporary file left behind


def test_a_new_upload_is_a_new_revision_and_the_old_file_stays(world, secretariat, store):
    evidence = make_evidence(world.institution)
    first = services.add_file(secretariat, evidence, make_upload("a.pdf", PDF))
    second = services.add_file(secretariat, evidence, make_upload("a.pdf", PDF + b"v2"))
    link = services.add_link(secretariat, evidence, "https://drive.google.com/drive/folders/abc")
    assert [r.number for r in evidence.revisions.all()] == [3, 2, 1]
    assert store.open(first.storage_name).read() == PDF
    assert store.open(second.storage_name).read() == PDF + b"v2"
    assert link.url.startswith("https://") and not link.storage_name


def test_revisions_cannot_be_changed_or_deleted(world, secretariat):
    evidence = make_evidence(world.institution)
    revision = services.add_file(secretariat, evidence, make_upload("a.pdf", PDF))
    revision.sha256 = "0" * 64
    with pytest.raises(ValueError):
        revision.save()
    with pytest.raises(ValueError):
        revision.save(update_fields=["sha256"])
    with pytest.raises(ValueError):
        EvidenceRevision.objects.get(pk=revision.pk).delete()
    assert EvidenceRevision.objects.get(pk=revision.pk).sha256 == hashlib.sha256(PDF).hexdigest()


def test_a_crash_while_writing_leaves_no_half_file(world, secretariat, store):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 10:
                raise OSError("disk went away")
            return super().read(11)

    with pytest.raises(OSError):
        store.put(Broken(b"y" * 100))
    assert not list(store.names())
    assert not list((store.root / "tmp").iterdir())


def test_the_same_content_is_stored_once_and_never_overwritten(store):
    first = store.put(io.BytesIO(b"same"))
    path = store.path(first.name)
    mtime = path.stat().st_mtime_ns
    assert store.put(io.BytesIO(b"same")) == first
    assert path.stat().st_mtime_ns == mtime


def test_verify_reports_missing_and_changed_files(world, secretariat, store, capsys):
    evidence = make_evidence(world.institution)
    kept = services.add_file(secretariat, evidence, make_upload("kept.pdf", PDF))
    changed = services.add_file(secretariat, evidence, make_upload("changed.pdf", PDF + b"1"))
    missing = services.add_file(secretariat, evidence, make_upload("missing.pdf", PDF + b"2"))
    call_command("evidence", "verify")
    assert "3 file(s) checked, 0 problem(s)" in capsys.readouterr().out
    store.path(changed.storage_name).write_bytes(b"tampered")
    store.path(missing.storage_name).unlink()
    with pytest.raises(CommandError):
        call_command("evidence", "verify")
    out = capsys.readouterr().out
    assert "CHANGED" in out and "changed.pdf" in out
    assert "MISSING" in out and "missing.pdf" in out
    assert "kept.pdf" not in out and kept.sha256
