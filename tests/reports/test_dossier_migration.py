"""The move of evidence dossiers into issued files (reports migration 0004): every row, its state, its
numbers and its ZIP, which is copied into the reports store with the same bytes."""
import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reports", "0003_issued_file_detail"), ("evidence", "0013_meaning_codes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_every_dossier_becomes_an_issued_file_and_keeps_its_zip(world, settings_tmp_media):
    from genderseal.evidence.storage import get_store as evidence_store
    from genderseal.reports.storage import get_store as reports_store

    old = migrate(BEFORE)
    Dossier = old.get_model("evidence", "Dossier")
    zip_bytes = b"PK\x05\x06" + b"\x00" * 18  # an empty ZIP
    name = "dossiers/1-0123abcd.zip"
    path = evidence_store().path(name)
    path.parent.mkdir(parents=True)
    path.write_bytes(zip_bytes)
    built_at = timezone.now() - timedelta(days=3)
    common = {"institution_id": world.institution.pk, "round_id": world.round.pk,
              "created_by_id": world.secretariat.pk}
    done = Dossier.objects.create(state="done", progress=100, storage_name=name, size=len(zip_bytes),
                                  sha256=hashlib.sha256(zip_bytes).hexdigest(), files=12, finished_at=built_at,
                                  **common)
    Dossier.objects.filter(pk=done.pk).update(created_at=built_at)
    running = Dossier.objects.create(state="running", progress=40, **common)
    failed = Dossier.objects.create(state="failed", message="disk full", **common)

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    IssuedReport = new.get_model("reports", "IssuedReport")
    moved = {r.detail["dossier"]: r for r in IssuedReport.objects.filter(kind="dossier")}
    assert set(moved) == {done.pk, running.pk, failed.pk}

    report = moved[done.pk]
    assert (report.state, report.progress, report.detail["files"], report.parameters) == (
        "done", 100, 12, {"round": world.round.number, "language": "th"})
    assert report.filename == f"dossier-bma-round-{world.round.number}.zip" and report.content_type == "application/zip"
    assert report.requested_by_id == world.secretariat.pk and report.requested_at == built_at
    assert report.sha256 == hashlib.sha256(zip_bytes).hexdigest() and report.size == len(zip_bytes)
    with reports_store().open(report.storage_name) as handle:
        assert handle.read() == zip_bytes
    assert path.read_bytes() == zip_bytes  # the evidence store's copy is kept

    assert moved[running.pk].state == "failed" and "again" in moved[running.pk].error  # its old task is gone
    assert moved[failed.pk].state == "failed" and moved[failed.pk].error == "disk full"
    assert not IssuedReport.objects.exclude(running_key=None).exists()  # nothing blocks a new request
