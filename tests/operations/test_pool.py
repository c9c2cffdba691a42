"""PostgreSQL connections come from a pool per process, sized from the environment (docs/operations.md)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
SHOW = ("import json, genderseal.settings as s; d = s.DATABASES['default'];"
        "print(json.dumps({'pool': d.get('OPTIONS', {}).get('pool'), 'age': d['CONN_MAX_AGE']}))")


def settings_with(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DB_POOL", "DATABASE_"))}
    done = subprocess.run([sys.executable, "-c", SHOW], cwd=PROJECT, capture_output=True, text=True, timeout=120,
                          env={**clean, "GENDERSEAL_VAR_DIR": str(tmp_path),
                               "DATABASE_URL": "postgres://seal@db.example/seal", **env})
    return done.returncode, (json.loads(done.stdout) if done.returncode == 0 else done.stderr)


def test_the_pool_is_on_by_default_and_sized_from_the_environment(tmp_path):
    assert settings_with(tmp_path) == (0, {"pool": {"min_size": 1, "max_size": 4, "timeout": 10, "max_idle": 600},
                                           "age": 0})
    status, shown = settings_with(tmp_path, DB_POOL_MIN="2", DB_POOL_MAX="8", DB_POOL_TIMEOUT="3")
    assert status == 0 and shown["pool"] == {"min_size": 2, "max_size": 8, "timeout": 3, "max_idle": 600}


def test_without_the_pool_persistent_connections_apply_and_the_two_do_not_combine(tmp_path):
    assert settings_with(tmp_path, DB_POOL_MAX="0", DATABASE_CONN_MAX_AGE="60") == (0, {"pool": None, "age": 60})
    status, error = settings_with(tmp_path, DATABASE_CONN_MAX_AGE="60")
    assert status != 0 and "DATABASE_CONN_MAX_AGE must be 0 with the pool" in error
    status, error = settings_with(tmp_path, DB_POOL_MAX="many")
    assert status != 0 and "DB_POOL_MAX must be a whole number" in error


@pytest.mark.django_db(transaction=True)
def test_closed_connections_go_back_to_the_pool_and_are_taken_again():
    if connection.vendor != "postgresql" or not connection.pool:
        pytest.skip("PostgreSQL with the pool (make test-postgres)")
    sessions = []
    for _request in range(connection.pool.max_size + 3):
        connection.ensure_connection()
        sessions.append(connection.connection.info.backend_pid)
        connection.close()  # what Django does at the end of every request
    # PostgreSQL sessions are reused (the pool hands them out in turn), never more than the pool holds.
    assert len(set(sessions)) <= connection.pool.max_size < len(sessions)
