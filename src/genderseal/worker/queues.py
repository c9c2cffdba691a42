"""Two queues, a time limit on every task, and institutions taking turns (docs/operations.md "Workers").

- `extraction`: text extraction, meaning vectors, re-segmenting after a term change.
- `documents`: reports, dossiers, briefing packs (issued reports).
- `default`: mail, reminders and digests.

A task runs at most its queue's limit (settings.TASK_TIME_LIMITS, seconds): then it is stopped,
marked failed, and what it was building (the evidence revision, the report, the dossier) is marked
failed with that reason (recovery.ON_GIVE_UP). When several institutions have tasks waiting, the
worker takes the institution it served least recently first, not the oldest task overall: one
institution's hundred uploads do not hold another's report.
"""
import logging
import signal
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

EXTRACTION, DOCUMENTS, DEFAULT = "extraction", "documents", "default"
QUEUES = (EXTRACTION, DOCUMENTS, DEFAULT)
DEFAULT_LIMITS = {EXTRACTION: 300, DOCUMENTS: 900, DEFAULT: 300}
HISTORY = timedelta(days=1)  # how far back "served least recently" looks


def _revision(args):
    from genderseal.evidence.models import EvidenceRevision

    return EvidenceRevision.objects.filter(pk=args[0]).values_list("evidence__institution_id", flat=True).first()


def _evidence(args):
    from genderseal.evidence.models import Evidence

    return Evidence.objects.filter(pk=args[0]).values_list("institution_id", flat=True).first()


def _report(args):
    from genderseal.reports.models import IssuedReport

    return IssuedReport.objects.filter(pk=args[0]).values_list("institution_id", flat=True).first()


# Task path -> the institution it works for, from its arguments (one query when it is enqueued).
INSTITUTION_OF = {
    "genderseal.evidence.tasks.extract_revision": _revision,
    "genderseal.evidence.tasks.embed_evidence": _evidence,
    "genderseal.evidence.tasks.reindex_terms": lambda args: args[0],
    "genderseal.reports.tasks.build_report": _report,
}


def tag(sender, task_result, **kwargs):
    """On enqueue (django-tasks-db's signal): remember the task's institution for the turns."""
    from django_tasks_db.backend import DatabaseBackend

    from .models import TaskInstitution

    if not (isinstance(sender, type) and issubclass(sender, DatabaseBackend)):
        return  # another backend (immediate, in tests and development): no queue to take turns in
    find = INSTITUTION_OF.get(task_result.task.module_path)
    if find is None:
        return
    try:
        institution_id = find(list(task_result.args))
    except (IndexError, TypeError, ValueError):
        return
    if institution_id is not None:
        TaskInstitution.objects.create(task_id=task_result.id, institution_id=institution_id)


def next_task(tasks):
    """The task to run next among `tasks` (this worker's queues), locked for claiming, or None.

    Institutions with waiting tasks take turns: the one whose last task started longest ago (or
    never, lately) goes first; tasks of no institution count as one more. Within an institution,
    django-tasks' own order (priority, then oldest).
    """
    ready = tasks.ready()
    waiting = list(ready.order_by().values("institution_tag__institution").annotate(first=Min("enqueued_at")))
    if len(waiting) <= 1:
        return ready.get_locked()
    ids = [row["institution_tag__institution"] for row in waiting]
    served = dict(tasks.filter(started_at__gte=timezone.now() - HISTORY, institution_tag__institution__in=[
        i for i in ids if i is not None]).order_by().values_list("institution_tag__institution")
        .annotate(last=Max("started_at")))
    if None in ids:
        served[None] = tasks.filter(started_at__gte=timezone.now() - HISTORY, institution_tag=None).aggregate(
            last=Max("started_at"))["last"]
    never = datetime.min.replace(tzinfo=dt_timezone.utc)
    for row in sorted(waiting, key=lambda r: (served.get(r["institution_tag__institution"]) or never, r["first"])):
        institution = row["institution_tag__institution"]
        own = ready.filter(institution_tag=None) if institution is None else ready.filter(
            institution_tag__institution=institution)
        first = list(own.values_list("pk", flat=True)[:1])
        if first:
            task = DBTaskResult.objects.filter(pk=first[0], status=TaskResultStatus.READY).get_locked()
            if task is not None:
                return task
    return ready.get_locked()


class TimeLimitExceeded(BaseException):
    """Raised in the worker when a task runs past its queue's limit (BaseException: no task's own
    `except Exception` keeps it running)."""


def limit_for(queue_name):
    limits = {**DEFAULT_LIMITS, **getattr(settings, "TASK_TIME_LIMITS", {})}
    return float(limits.get(queue_name, limits[DEFAULT]))


def limit_message(seconds):
    with translation.override(settings.LANGUAGE_CODE):
        return _("Stopped: this work took longer than its time limit of %(seconds)s seconds.") % {
            "seconds": f"{seconds:g}"}


@contextmanager
def time_limit(seconds):
    """Raise TimeLimitExceeded in this (main) thread after `seconds` of wall-clock time.

    Signals reach the main thread only: a worker run with --reload runs tasks in another thread, and
    there the limit cannot be enforced (logged; `make run` and production start workers with --no-reload).
    """

    def expired(signum, frame):
        raise TimeLimitExceeded(limit_message(seconds))

    if threading.current_thread() is not threading.main_thread():
        logger.warning("no time limit: tasks run outside the main thread (start the worker with --no-reload)")
        yield
        return
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_limited(run, db_task_result):
    """`run(db_task_result)` (the worker's own run_task) within the task's time limit; over it, the task
    is failed (by the worker) and what it was building is marked failed with the reason."""
    from .recovery import ON_GIVE_UP

    seconds = limit_for(db_task_result.queue_name)
    try:
        with time_limit(seconds):
            run(db_task_result)
    except TimeLimitExceeded:  # fired after the task had finished, while it was being recorded
        pass
    if db_task_result.status == TaskResultStatus.FAILED and db_task_result.exception_class_path.endswith(
            TimeLimitExceeded.__qualname__):
        logger.error("task %s (%s) stopped after %s seconds", db_task_result.pk, db_task_result.task_path, seconds)
        handler = ON_GIVE_UP.get(db_task_result.task_path)
        if handler:
            handler(db_task_result.args_kwargs.get("args", []), limit_message(seconds))
