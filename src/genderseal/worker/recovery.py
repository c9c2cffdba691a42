"""Tasks whose worker died (killed, out of memory, machine lost) are retried or reported failed.

django-tasks-db marks a task RUNNING when a worker claims it and nothing ever looks at it again
if that worker dies. Our `db_worker` names each worker `host:pid:random`, so another worker (or
the same one restarted) on that host can tell a dead worker at once; a task claimed on another
host counts as interrupted once it has run longer than TASKS_STALE_AFTER seconds.

An interrupted task goes back to the queue (its `worker_ids` count the attempts) until it has
been tried TASKS_MAX_ATTEMPTS times; then it is marked FAILED, and what it was building (a
report or dossier) is marked failed too, so nobody waits for it. Tasks must therefore be safe to run again:
an issued file's build starts from scratch and files go into storage by atomic rename.
"""
import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class Interrupted(Exception):
    """The worker running the task stopped before the task finished."""


def host():
    return socket.gethostname()[:32]


def worker_id(suffix):
    return f"{host()}:{os.getpid()}:{suffix}"[:64]


def alive(worker):
    """True/False for a worker of this host; None when it ran elsewhere (or has an id of another form)."""
    parts = worker.split(":")
    if len(parts) != 3 or parts[0] != host() or not parts[1].isdecimal():
        return None
    pid = int(parts[1])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # the pid may have been reused, or be a zombie (empty command line)
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"db_worker" in handle.read()
    except OSError:
        return True


def _report_failed(args, message):
    from genderseal.reports.models import IssuedReport, ReportState

    IssuedReport.objects.filter(pk=args[0], state__in=[ReportState.QUEUED, ReportState.RUNNING]).update(
        state=ReportState.FAILED, error=message[:2000], finished_at=timezone.now(), running_key=None)


def _revision_failed(args, message):
    from genderseal.evidence.models import EvidenceRevision, ExtractionState

    EvidenceRevision.objects.filter(pk=args[0], extraction=ExtractionState.PENDING).update(
        extraction=ExtractionState.FAILED, extraction_error=message[:300], extracted_text="")


# What to mark failed when a task is given up (its worker died, or it ran past its time limit:
# queues.run_limited): task path -> callable(args, message).
ON_GIVE_UP = {
    "genderseal.reports.tasks.build_report": _report_failed,
    "genderseal.evidence.tasks.extract_revision": _revision_failed,
}


def recover(now=None):
    """Re-queue or fail the tasks of dead workers; returns (re-queued, failed) counts."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=getattr(settings, "TASKS_STALE_AFTER", 6 * 3600))
    attempts_allowed = getattr(settings, "TASKS_MAX_ATTEMPTS", 3)
    requeued = failed = 0
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "started_at", "worker_ids", "task_path", "args_kwargs"):
        last = task.worker_ids[-1] if task.worker_ids else ""
        state = alive(last)
        if state or (state is None and task.started_at and task.started_at > stale_before):
            continue
        # Conditional: if two workers recover at once, only one acts.
        same = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at)
        if len(task.worker_ids) < attempts_allowed:
            if same.update(status=TaskResultStatus.READY, started_at=None):
                requeued += 1
                logger.warning("task %s (%s) was interrupted (worker %s); queued again", task.pk, task.task_path,
                               last)
            continue
        message = f"Interrupted: the worker stopped while running this task ({len(task.worker_ids)} attempts)"
        if same.update(status=TaskResultStatus.FAILED, finished_at=now, return_value=None, traceback=message,
                       exception_class_path=f"{Interrupted.__module__}.{Interrupted.__qualname__}"):
            failed += 1
            logger.error("task %s (%s) failed: %s", task.pk, task.task_path, message)
            handler = ON_GIVE_UP.get(task.task_path)
            if handler:
                handler(task.args_kwargs.get("args", []), message)
    return requeued, failed
