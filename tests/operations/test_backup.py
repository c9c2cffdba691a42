"""gender-seal backup / restore: a round trip keeps every row and every file; damage and conflicts are refused."""
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from genderseal.core import backup as bk
from genderseal.core import restore as rs
from genderseal.core.audit import record
from genderseal.core.models import AuditEvent, Institution
from genderseal.evidence.models import EvidenceRevision
from genderseal.evidence.storage import get_store, hash_stored

pytestmark = pytest.mark.django_db


def stored_files():
    return bk.file_hashes()


def wipe(settings, tmp_path, name="restored-media"):
    """What a fresh install looks like: no rows in any copied table, an empty evidence store."""
    rs.empty_tables(bk.backed_up_models())
    settings.MEDIA_ROOT = tmp_path / name
    assert not rs.rows_present() and not stored_files()


def rewrite(source, target, change):
    """Copy an archive member by member; change(name, data) -> new data."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def test_round_trip_keeps_every_row_and_every_file(full_data, settings, tmp_path):
    import datetime

    # Times to the microsecond (Django's JSON cuts them to milliseconds): one below a millisecond.
    exact = datetime.datetime(2026, 11, 26, 13, 10, 24, 421, tzinfo=datetime.timezone.utc)
    Institution.objects.filter(slug="bma").update(created_at=exact)
    before, files = bk.rows_by_model(), stored_files()
    assert len(files) >= 5  # two uploads, a dossier, a certificate scan, an issued report
    assert {name.split("/")[0] for name in files} == {"evidence", "reports"}
    assert sum(len(rows) for rows in before.values()) > 100
    assert before["core.auditevent"] and before["evidence.evidencerevision"]

    archive = tmp_path / "backup.tar"
    manifest = bk.backup(archive)
    assert manifest["models"]["core.auditevent"]["rows"] == len(before["core.auditevent"])
    assert set(manifest["files"]) == set(files)
    assert all(manifest["files"][name]["sha256"] == digest for name, digest in files.items())
    assert "core" in manifest["migrations"] and manifest["app_version"]

    wipe(settings, tmp_path)
    rs.restore(archive)

    assert bk.rows_by_model() == before  # every record of every model, field by field (timestamps too)
    assert Institution.objects.get(slug="bma").created_at == exact
    assert stored_files() == files  # every file, by hash
    for revision in EvidenceRevision.objects.exclude(storage_name=""):
        assert hash_stored(get_store(), revision.storage_name) == revision.sha256
    # Keys continue after the restored ones (PostgreSQL sequences reset).
    event = record("test.after_restore", "x")
    assert event.pk > max(row["pk"] for row in before["core.auditevent"])
    assert Institution.objects.create(slug="new", name_th="ใหม่").pk > max(
        row["pk"] for row in before["core.institution"])


def test_compressed_archive_and_commands(full_data, settings, tmp_path):
    before = bk.rows_by_model()
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "files" in out.getvalue()
    with tarfile.open(archive) as tar:  # gzip, files first, the manifest last
        names = tar.getnames()
    assert names[0].startswith("files/") and names[-1] == "manifest.json"

    with pytest.raises(CommandError, match="not empty"):  # same rows plus one more: refused
        Institution.objects.create(slug="extra", name_th="เพิ่ม")
        call_command("restore", str(archive), stdout=io.StringIO())

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert bk.rows_by_model() == before
    assert not Institution.objects.filter(slug="extra").exists()


def test_non_empty_database_is_refused_before_any_change(full_data, settings, tmp_path):
    archive = tmp_path / "backup.tar"
    bk.backup(archive)
    wipe(settings, tmp_path)
    Institution.objects.create(slug="someone", name_th="มีข้อมูลแล้ว")
    with pytest.raises(bk.BackupError, match="core.institution: 1"):
        rs.restore(archive)
    assert not stored_files()  # not even the files were written
    assert list(Institution.objects.values_list("slug", flat=True)) == ["someone"]


def test_damaged_archive_is_refused(full_data, settings, tmp_path):
    archive, damaged = tmp_path / "backup.tar", tmp_path / "damaged.tar"
    manifest = bk.backup(archive)
    victim = "files/" + sorted(manifest["files"])[0]
    rewrite(archive, damaged, lambda name, data: (b"X" + data[1:]) if name == victim else data)
    wipe(settings, tmp_path)
    with pytest.raises(bk.BackupError, match="does not match the manifest"):
        rs.restore(damaged)
    assert not rs.rows_present() and not stored_files()

    row_victim = manifest["models"]["core.auditevent"]["path"]
    rewrite(archive, damaged, lambda name, data: data.replace(b'"action"', b'"acti0n"', 1)
            if name == row_victim else data)
    with pytest.raises(bk.BackupError, match=row_victim):
        rs.restore(damaged)
    assert not AuditEvent.objects.exists()


def test_other_migrations_are_refused(full_data, settings, tmp_path):
    archive, changed = tmp_path / "backup.tar", tmp_path / "changed.tar"
    bk.backup(archive)

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["core"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    rewrite(archive, changed, newer)
    wipe(settings, tmp_path)
    with pytest.raises(bk.BackupError, match="9999_from_the_future"):
        rs.restore(changed)


def test_existing_file_with_other_content_is_never_overwritten(full_data, settings, tmp_path):
    archive = tmp_path / "backup.tar"
    manifest = bk.backup(archive)
    wipe(settings, tmp_path)
    key, name = sorted(manifest["files"])[0].split("/", 1)
    assert key == "evidence"
    path = get_store().path(name)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"something else")
    with pytest.raises(bk.BackupError, match="different content"):
        rs.restore(archive)
    assert path.read_bytes() == b"something else"
    assert not rs.rows_present()


def test_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar"
    with tarfile.open(junk, "w") as tar:
        tar.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(bk.BackupError, match="not a gender-seal backup"):
        rs.restore(junk)


def test_every_stored_file_field_is_known_to_backup():
    """A model keeping a file in a store (a `*name` field next to a `*sha256` field) must be in STORES."""
    from django.apps import apps

    known = {(label, field) for _getter, fields in bk.STORES.values() for label, field in fields}
    found = set()
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        for name in names:
            prefix = name[:-len("sha256")]
            if name.endswith("sha256") and (f"{prefix}name" in names or f"{prefix}storage_name" in names):
                found.add((model._meta.label_lower, f"{prefix}storage_name" if f"{prefix}storage_name" in names
                           else f"{prefix}name"))
    assert found <= known, f"add to core/backup.py STORES: {sorted(found - known)}"
    assert ("evidence.evidencerevision", "storage_name") in found
