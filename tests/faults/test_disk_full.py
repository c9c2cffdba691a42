"""A full disk under the evidence store: the upload is refused with a clear message, nothing is
half stored or recorded, and uploads work again once space is freed. Needs root (tmpfs mount)."""
import os
import subprocess

import pytest

from genderseal.core.models import ApiToken
from genderseal.evidence.models import EvidenceRevision

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_disk(tmp_path, settings):
    mount = tmp_path / "store"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    settings.EVIDENCE_ROOT = str(mount)
    settings.EVIDENCE_S3_BUCKET = ""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def files_in(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_full_disk_refuses_the_upload_cleanly_and_recovers(world, client, small_disk):
    evidence = make_evidence(world.institution)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world.secretariat, 'test')}"}
    url = f"/api/institutions/bma/evidence/{evidence.pk}/revisions"
    client.post("/language/", {"language": "en"})

    big = b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024)  # more than the whole disk
    response = client.post(url, {"file": make_upload("big.pdf", big)}, **auth)
    assert response.status_code == 507  # Insufficient Storage (core.errors.StorageFull)
    assert "big.pdf" in response.json()["detail"] and "space" in response.json()["detail"]
    assert not EvidenceRevision.objects.exists()
    assert files_in(small_disk) == []  # not even a temporary part

    filler = small_disk / "filler"
    with open(filler, "wb") as handle:  # fill the disk up to the last few KB
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    response = client.post(url, {"file": make_upload("small.pdf", b"%PDF-1.4\n" + os.urandom(100_000))}, **auth)
    assert response.status_code == 507 and not EvidenceRevision.objects.exists()
    assert files_in(small_disk) == ["filler"]

    filler.unlink()  # space freed: the same upload goes through and the file is whole
    response = client.post(url, {"file": make_upload("small.pdf", b"%PDF-1.4\n" + os.urandom(100_000))}, **auth)
    assert response.status_code == 201, response.content
    revision = EvidenceRevision.objects.get()
    stored = small_disk / revision.storage_name
    assert stored.stat().st_size == revision.size
