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
        "o = d.get('OPTIONS', {}); print(json.dumps({'pool': o.get('pool'), 'age': d['CONN_MAX_AGE'],"
        "'prepare': [o.get('server_side_binding'), o.get('prepare_threshold')]}))")


def settings_with(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DB_POOL", "DB_PREPARE", "DATABASE_"))}
    done = subprocess.run([sys.executable, "-c", SHOW], cwd=PROJECT, capture_output=True, text=True, timeout=120,
                          env={**clean, "GENDERSEAL_VAR_DIR": str(tmp_path),
                               "DATABASE_URL": "postgres://seal@db.example/seal", **env})
    return done.returncode, (json.loads(done.stdout) if done.returncode == 0 else done.stderr)


def test_the_pool_is_on_by_default_and_sized_from_the_environment(tmp_path):
    assert settings_with(tmp_path) == (0, {"pool": {"min_size": 1, "max_size": 4, "timeout": 10, "max_idle": 600},
                                           "age": 0, "prepare": [True, 2]})
    status, shown = settings_with(tmp_path, DB_POOL_MIN="2", DB_POOL_MAX="8", DB_POOL_TIMEOUT="3")
    assert status == 0 and shown["pool"] == {"min_size": 2, "max_size": 8, "timeout": 3, "max_idle": 600}


def test_without_the_pool_persistent_connections_apply_and_the_two_do_not_combine(tmp_path):
    assert settings_with(tmp_path, DB_POOL_MAX="0", DATABASE_CONN_MAX_AGE="60") == (0, {"pool": None, "age": 60,
                                                                                         "prepare": [True, 2]})
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


def test_prepared_statements_are_on_by_default_and_can_be_turned_off(tmp_path):
    assert settings_with(tmp_path, DB_PREPARE_THRESHOLD="5")[1]["prepare"] == [True, 5]
    assert settings_with(tmp_path, DB_PREPARE_THRESHOLD="0")[1]["prepare"] == [None, None]  # e.g. behind PgBouncer
    status, error = settings_with(tmp_path, DB_PREPARE_THRESHOLD="often")
    assert status != 0 and "DB_PREPARE_THRESHOLD must be a whole number" in error


@pytest.mark.django_db
def test_a_query_run_again_on_a_connection_is_prepared_on_the_server(world):
    """What each page asks for on every request (its member, the badges) is planned once per connection."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL (make test-postgres)")
    from genderseal.core.models import Membership

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    before = prepared()
    for user in (world.secretariat, world.focal_point, world.committee):  # other values, the same text
        assert Membership.objects.filter(user=user, institution=world.institution).get().role
    new = [sql for sql in prepared() if sql not in before]
    assert len(new) == 1 and '"core_membership"' in new[0] and "$1" in new[0]
