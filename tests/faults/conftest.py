"""Servers and workers as real processes, killed on purpose, against the test database.

The test's data (made with the factories, committed: `transaction=True`) is shared with the
subprocesses: on SQLite the in-memory test database is copied to a file they open; on
PostgreSQL they connect to the test database itself.
"""
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

BIN = Path(sys.executable).parent


def is_postgres():
    return connection.vendor == "postgresql"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Shared:
    """The database and files the subprocesses use, and plain SQL against that database."""

    def __init__(self, tmp_path):
        self.dir = tmp_path
        self.media = tmp_path / "media"
        self.media.mkdir(exist_ok=True)
        self.file = tmp_path / "shared.sqlite3"
        self.url = None

    def export(self):
        """Call once the test's data is made; returns the environment for subprocesses."""
        if is_postgres():
            s = connection.settings_dict
            self.url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        else:
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.file}"
        return self.env()

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))}
        env.update(DATABASE_URL=self.url, MEDIA_ROOT=str(self.media), GENDERSEAL_VAR_DIR=str(self.dir / "var"),
                   DJANGO_SETTINGS_MODULE="genderseal.settings", DEBUG="false", LOG_LEVEL="WARNING",
                   TASKS_RECOVER_INTERVAL="1", PYTHONUNBUFFERED="1",
                   GENDERSEAL_WARM_MEANING="false")  # no search in these tests: start gunicorn quickly
        env.pop("EVIDENCE_ROOT", None)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def rows(self, sql, params=()):
        if is_postgres():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        with sqlite3.connect(self.file, timeout=20) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

    def value(self, sql, params=()):
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None


class Processes:
    """Subprocesses started by a test; each killed (by its own pid) at the end."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.started = []

    def start(self, name, args, env):
        log = open(self.tmp / f"{name}.log", "ab")
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        proc.log_path = self.tmp / f"{name}.log"
        self.started.append(proc)
        return proc

    def web(self, env, name="web", workers=1):
        port = free_port()
        proc = self.start(name, [str(BIN / "gunicorn"), "genderseal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                 "--workers", str(workers), "--timeout", "120", "--no-control-socket"], env)
        proc.url = f"http://127.0.0.1:{port}"
        wait_for(lambda: answers(proc.url + "/accounts/login/") or proc.poll() is not None, 60,
                 f"{name} did not start")
        assert proc.poll() is None, proc.log_path.read_text()
        return proc

    def worker(self, env, name="worker"):
        return self.start(name, [str(BIN / "gender-seal"), "db_worker", "--no-reload", "--interval", "0.2",
                                 "--no-startup-delay"], env)

    def kill(self, proc, sig=signal.SIGKILL):
        """Kill the process and its children (gunicorn's workers): its own process group."""
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def stop_all(self):
        for proc in self.started:
            if proc.poll() is None:
                self.kill(proc)


def answers(url):
    try:
        urllib.request.urlopen(url, timeout=2)
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def wait_for(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(message)


@pytest.fixture
def shared(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = None
    settings.EVIDENCE_S3_BUCKET = ""
    return Shared(tmp_path)


@pytest.fixture
def procs(tmp_path):
    group = Processes(tmp_path)
    yield group
    group.stop_all()
