"""Issue 14 item 4: two queues, a time limit on every task, institutions in turn.

The worker runs in this process (`--batch`: it stops when its queues are empty) against the test
database; slow work is a fake that spins until the time limit stops it.
"""
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

import genderseal
from genderseal.core.models import Membership
from genderseal.evidence import tasks as evidence_tasks
from genderseal.reports import tasks as report_tasks
from genderseal.worker import queues
from genderseal.worker.management.commands.db_worker import Worker
from genderseal.worker.models import TaskInstitution

from tests.factories import make_evidence, make_issued_report, make_upload

pytestmark = pytest.mark.django_db
# The worker closes its connection after a failed task, as it must in production: the tests that run it
# commit their data (`transaction=True`), so a new connection sees it, on SQLite and on PostgreSQL alike.
committed = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]

# Where each task belongs: a new task must be added here (and to queues.INSTITUTION_OF when it works for one).
EXPECTED = {
    "genderseal.evidence.tasks.extract_revision": "extraction",
    "genderseal.evidence.tasks.embed_evidence": "extraction",
    "genderseal.evidence.tasks.reindex_terms": "extraction",
    "genderseal.reports.tasks.build_report": "documents",
    "genderseal.reports.tasks.expire_stale_reports": "documents",
    "genderseal.notifications.tasks.deliver": "default",
    "genderseal.notifications.tasks.send_reminders": "default",
    "genderseal.notifications.tasks.send_digests": "default",
}


def every_task():
    for info in pkgutil.walk_packages(genderseal.__path__, "genderseal."):
        if info.name.endswith(".tasks"):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, Task) and value.func.__module__ == module.__name__:
                    yield value


def test_every_task_is_on_its_queue_and_every_queue_has_a_limit_and_a_worker(settings):
    found = {task.module_path: task.queue_name for task in every_task()}
    assert found == EXPECTED
    assert set(EXPECTED.values()) == set(queues.QUEUES) == set(settings.TASKS["default"]["QUEUES"])
    assert all(queues.limit_for(q) > 0 for q in queues.QUEUES)
    assert queues.limit_for("extraction") > settings.EXTRACTION_WALL_SECONDS  # the child's own limit comes first
    assert set(queues.INSTITUTION_OF) <= set(EXPECTED)
    makefile = (ROOT / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:"):makefile.index("\n# ---", makefile.index("\nrun:"))]
    assert sorted(re.findall(r"db_worker --queue-name (\w+) --no-reload", run)) == sorted(queues.QUEUES)
    operations = (ROOT / "docs" / "operations.md").read_text()
    for queue in queues.QUEUES:
        assert f"--queue-name {queue}" in operations and f"TASK_LIMIT_{queue.upper()}" in operations


def run_worker(queue="*"):
    worker = Worker(queue_names=queue.split(","), interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=f"test:{queue}", excluded_queue_names=[])
    worker.run()


def test_institutions_take_turns_not_oldest_first(world):
    # BMA queues three re-indexings first, then the other institution one: the other's must not wait for all three.
    ids = [evidence_tasks.reindex_terms.enqueue(i).id for i in
           (world.institution.pk, world.institution.pk, world.institution.pk, world.other.pk)]
    tags = {str(task): institution for task, institution in TaskInstitution.objects.values_list("task", "institution")}
    assert tags == dict(zip(map(str, ids), [world.institution.pk] * 3 + [world.other.pk], strict=True))
    order = []
    while (task := queues.next_task(DBTaskResult.objects.filter(queue_name="extraction"))) is not None:
        task.claim("test")
        order.append(TaskInstitution.objects.get(task=task).institution_id)
    assert order == [world.institution.pk, world.other.pk, world.institution.pk, world.institution.pk]


def test_tasks_of_no_institution_take_a_turn_too(world):
    for _ in range(2):
        evidence_tasks.reindex_terms.enqueue(world.institution.pk)
    from genderseal.notifications import tasks as mail

    mail.send_digests.enqueue()
    order = []
    while (task := queues.next_task(DBTaskResult.objects.all())) is not None:
        task.claim("test")
        order.append(task.task_path.rsplit(".", 1)[1])
    assert order == ["reindex_terms", "send_digests", "reindex_terms"]


@committed
def test_a_worker_of_one_queue_leaves_the_other_queue_alone(world):
    evidence_tasks.reindex_terms.enqueue(world.institution.pk)
    report = make_issued_report(world, state="queued")
    report_tasks.build_report.enqueue(report.pk)
    run_worker("extraction")
    statuses = dict(DBTaskResult.objects.values_list("queue_name", "status"))
    assert statuses == {"extraction": "SUCCESSFUL", "documents": "READY"}


def spin(*args, **kwargs):
    for _ in range(10**9):
        pass
    raise AssertionError("the time limit did not stop the task")


@pytest.fixture
def tight_limits(settings):
    settings.TASK_TIME_LIMITS = {"extraction": 0.2, "documents": 0.2, "default": 0.2}


@committed
def test_a_report_over_its_time_limit_fails_with_the_reason(world, tight_limits, monkeypatch, settings_tmp_media):
    from genderseal.reports import issuing

    monkeypatch.setattr(issuing, "render", spin)
    report = make_issued_report(world, state="queued")
    report_tasks.build_report.enqueue(report.pk)
    run_worker("documents")
    report.refresh_from_db()
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED" and task.exception_class_path.endswith("TimeLimitExceeded")
    assert report.state == "failed" and report.error == queues.limit_message(0.2)


@committed
def test_an_extraction_over_its_time_limit_marks_the_revision_failed(world, tight_limits, monkeypatch,
                                                                    settings_tmp_media):
    from genderseal.evidence import services

    monkeypatch.setattr(evidence_tasks, "_extract", spin)
    evidence = make_evidence(world.institution, "แผนปฏิบัติการ", status="approved")
    revision = services.add_file(Membership.objects.get(user=world.secretariat), evidence,
                                 make_upload("plan.txt", "แผนงาน".encode()))
    DBTaskResult.objects.all().delete()
    evidence_tasks.extract_revision.enqueue(revision.pk)
    run_worker("extraction")
    revision.refresh_from_db()
    assert revision.extraction == "failed" and revision.extraction_error == queues.limit_message(0.2)
    assert DBTaskResult.objects.get().status == "FAILED"


@committed
def test_a_dossier_over_its_time_limit_is_failed_and_the_next_task_still_runs(world, tight_limits, monkeypatch,
                                                                             settings_tmp_media):
    from genderseal.evidence import dossier as dossiers

    monkeypatch.setattr(dossiers, "entries", spin)
    dossier = dossiers.start(Membership.objects.get(user=world.secretariat), world.round)
    assert DBTaskResult.objects.get().task_path.endswith("build_report")  # asked for: its build is queued
    report_tasks.expire_stale_reports.enqueue()
    run_worker("documents")
    dossier.refresh_from_db()
    assert dossier.state == "failed" and dossier.error == queues.limit_message(0.2)
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert statuses == {"genderseal.reports.tasks.build_report": "FAILED",
                        "genderseal.reports.tasks.expire_stale_reports": "SUCCESSFUL"}  # the worker went on


def test_outside_the_main_thread_a_task_runs_without_a_limit_rather_than_failing(caplog):
    import threading

    ran = []

    def task():
        with queues.time_limit(0.01):
            ran.append(True)

    thread = threading.Thread(target=task)
    thread.start()
    thread.join()
    assert ran == [True] and "--no-reload" in caplog.text
