"""The task worker killed (SIGKILL) in the middle of a dossier build: after a restart the build
is retried from scratch, no partial file is visible, and nothing points at a missing file."""
import hashlib
import io
import os
import zipfile

import pytest
from django_tasks_db.models import DBTaskResult

from genderseal.core.models import Membership
from genderseal.evidence import dossier as dossiers
from genderseal.evidence import services
from genderseal.evidence.storage import get_store

from .conftest import wait_for
from tests.factories import make_evidence, make_upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]


def test_a_dossier_build_killed_midway_is_retried_and_leaves_no_partial_file(world, shared, procs):
    membership = Membership.objects.get(user=world.secretariat)
    contents, revisions = [], []
    for i, code in enumerate(["1.1.1", "1.1.2", "1.1.3"]):
        item = make_evidence(world.institution, f"หลักฐาน {i}", status="approved", benchmarks=[code])
        contents.append(b"%PDF-1.4\n" + os.urandom(200_000))
        revisions.append(services.add_file(membership, item, make_upload(f"file-{i}.pdf", contents[-1])))
    # The second file becomes a FIFO: the build blocks on it, half written, until the worker is killed.
    store = get_store()
    blocking = store.path(revisions[1].storage_name)
    blocking.unlink()
    os.mkfifo(blocking)
    DBTaskResult.objects.all().delete()  # text extraction is not what this test is about
    dossier = dossiers.start(membership, world.round)
    env = shared.export()
    reports = shared.media / "reports"  # the store of issued files: content-addressed, ??/??/<sha256>
    scratch = reports / "tmp"
    state = "SELECT state, storage_name FROM reports_issuedreport WHERE id = %s"

    def stored():
        return [p for p in reports.glob("??/??/*") if p.is_file()]

    worker = procs.worker(env)
    wait_for(lambda: shared.rows(state, [dossier.pk])[0][0] == "running"
             and any(p.stat().st_size for p in scratch.glob(f"dossier-{dossier.pk}-*.zip")), 60,
             "the build did not start")
    procs.kill(worker)

    assert shared.rows(state, [dossier.pk])[0] == ("running", "")  # nothing points at a file
    assert stored() == []  # no partial dossier visible
    assert shared.value("SELECT status FROM django_tasks_database_dbtaskresult") == "RUNNING"

    blocking.unlink()
    blocking.write_bytes(contents[1])
    procs.worker(env, "worker-2")
    wait_for(lambda: shared.rows(state, [dossier.pk])[0][0] in ("done", "failed"), 90, "the build was not retried")

    status, name = shared.rows(state, [dossier.pk])[0]
    assert status == "done"
    path = reports / name
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == shared.value(
        "SELECT sha256 FROM reports_issuedreport WHERE id = %s", [dossier.pk])
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = sorted(n for n in archive.namelist() if not n.startswith(("index.", "cover.")))
    assert [archive.read(n) for n in files] == contents
    assert list(scratch.glob(f"dossier-{dossier.pk}-*")) == []  # the killed attempt's temporary file is gone
    assert stored() == [path]
    task = shared.rows("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")[0]
    assert task[0] == "SUCCESSFUL" and str(task[1]).count(":") >= 4  # claimed twice: by the dead and the new worker
