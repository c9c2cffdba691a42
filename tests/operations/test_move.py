"""Moving between installs: a separate SQLite install (its own process and file) is backed up and
restored into this test database: the move from embedded SQLite to a PostgreSQL server, so it runs
in the PostgreSQL suite (scripts/test-postgres.sh). SQLite to SQLite is test_backup.py's round trip."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from genderseal.core import backup as bk
from genderseal.core import restore as rs

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite to SQLite is test_backup.py's round trip")
@pytest.mark.django_db
def test_restore_a_separate_sqlite_install_into_this_database(tmp_path, settings):
    source = tmp_path / "source"
    source.mkdir()
    archive, expected = tmp_path / "move.tar", tmp_path / "expected.json"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "genderseal.settings", "GENDERSEAL_VAR_DIR": str(source),
           "DATABASE_URL": f"sqlite:///{source / 'gender-seal.sqlite3'}", "MEDIA_ROOT": str(source / "media"),
           "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
           "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])}
    env.pop("EVIDENCE_ROOT", None)
    env.pop("EVIDENCE_S3_BUCKET", None)
    subprocess.run([sys.executable, "-m", "tests.operations.data", str(archive), str(expected)],
                   cwd=PROJECT, env=env, check=True, timeout=240)
    want = json.loads(expected.read_text(encoding="utf-8"))
    assert want["vendor"] == "sqlite" and len(want["files"]) >= 3

    # This database is freshly migrated: only what migrations seed (identical in both), no files.
    rs.restore(archive)

    assert json.loads(json.dumps(bk.rows_by_model())) == want["rows"], f"rows differ after moving to {connection.vendor}"
    assert bk.file_hashes() == want["files"]
