"""Tasks of dead workers are queued again, then failed after TASKS_MAX_ATTEMPTS; live ones are left alone."""
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from genderseal.core.models import Membership
from genderseal.evidence import dossier as dossiers
from genderseal.reports.models import IssuedReport
from genderseal.worker import recovery

from .conftest import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_pid():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def running(worker_ids, started=None):
    task = DBTaskResult.objects.create(task_path="genderseal.reports.tasks.build_report", backend_name="default",
                                       args_kwargs={"args": [1], "kwargs": {}}, run_after=timezone.now(),
                                       status="RUNNING", worker_ids=worker_ids,
                                       started_at=started or timezone.now())
    return task


def test_a_task_of_a_dead_worker_on_this_host_is_queued_again(dead_pid):
    task = running([f"{recovery.host()}:{dead_pid}:abc"])
    assert recovery.recover() == (1, 0)
    task.refresh_from_db()
    assert task.status == "READY" and task.started_at is None


def test_a_task_of_a_live_worker_or_of_a_recent_one_elsewhere_is_left_alone(settings):
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "db_worker"])
    try:
        wait_for(lambda: b"db_worker" in open(f"/proc/{worker.pid}/cmdline", "rb").read(), 10, "no exec")
        alive = running([f"{recovery.host()}:{worker.pid}:abc"])  # a live process whose command says db_worker
        reused = running([recovery.worker_id("x")])  # this pid is alive but is no worker: a reused pid
        elsewhere = running(["other-host:123:abc"])
        stale = running(["other-host:456:abc"],
                        started=timezone.now() - timedelta(seconds=settings.TASKS_STALE_AFTER + 5))
        assert recovery.recover() == (2, 0)
    finally:
        worker.kill()
        worker.wait()
    for task in (alive, reused, elsewhere, stale):
        task.refresh_from_db()
    assert (alive.status, reused.status, elsewhere.status, stale.status) == ("RUNNING", "READY", "RUNNING", "READY")


def test_after_the_last_attempt_the_task_and_its_dossier_are_failed(world, dead_pid, settings):
    settings.TASKS_MAX_ATTEMPTS = 2
    dossier = dossiers.start(Membership.objects.get(user=world.secretariat), world.round)
    IssuedReport.objects.filter(pk=dossier.pk).update(state="running")
    DBTaskResult.objects.all().delete()
    dead = f"{recovery.host()}:{dead_pid}:abc"
    task = running([dead, dead])
    DBTaskResult.objects.filter(pk=task.pk).update(args_kwargs={"args": [dossier.pk], "kwargs": {}})
    assert recovery.recover() == (0, 1)
    task.refresh_from_db()
    dossier.refresh_from_db()
    assert task.status == "FAILED" and "Interrupted" in task.exception_class_path
    assert dossier.state == "failed" and "Interrupted" in dossier.error and dossier.running_key is None
