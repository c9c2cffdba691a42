"""`gender-seal db_worker`: django-tasks-db's worker, plus recovery of tasks whose worker died,
institutions taking turns and a time limit on every task (worker/queues.py).

This app comes before django_tasks_db in INSTALLED_APPS, so this command replaces theirs.
Recovery runs when the worker starts and then every TASKS_RECOVER_INTERVAL seconds in a thread.
Without --queue-name a worker serves every queue (one worker is enough for a small site);
`make run` and docs/operations.md start one per queue.
"""
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as base
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from genderseal.worker import queues, recovery


def _recover_quietly():
    try:
        recovery.recover()
    except Exception:  # a failed sweep must not stop the worker; the next one tries again
        recovery.logger.exception("recovering interrupted tasks failed")
    finally:
        connection.close()


def _sweeper(stop, interval):
    while not stop.wait(interval):
        close_old_connections()
        _recover_quietly()


class Worker(base.Worker):
    """Claims with `queues.next_task` (institutions in turn) and runs within the queue's time limit."""

    def tasks(self):
        tasks = DBTaskResult.objects.filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim(self):
        """(claimed task or None, whether the database answered)."""
        tasks = self.tasks()
        with exclusive_transaction(tasks.db):
            try:
                task_result = queues.next_task(tasks)
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result, True
            except OperationalError as error:
                if is_locked_database_exception(error):  # keep trying: it unlocks eventually
                    return None, False
                raise

    def run(self):
        base.logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            base.time.sleep(base.random.random())  # no thundering herd
        while self.running:
            close_old_connections()
            task_result, answered = self.claim()
            if task_result is not None:
                queues.run_limited(self.run_task, task_result)
            if self.batch and answered and task_result is None:
                return None
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return None
            close_old_connections()
            if self.running and not task_result:
                base.time.sleep(self.interval)


class Command(base.Command):
    help = base.Command.help + "; institutions in turn, a time limit per task, re-queues tasks of workers that died"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, worker_id, **options):
        if ":" not in worker_id:  # the default: a random id; ours says which host and process
            worker_id = recovery.worker_id(worker_id[:16])
        _recover_quietly()
        stop = threading.Event()
        interval = getattr(settings, "TASKS_RECOVER_INTERVAL", 60)
        threading.Thread(target=_sweeper, args=(stop, interval), daemon=True, name="task-recovery").start()
        original, base.Worker = base.Worker, Worker  # their handle() builds `Worker(...)`: ours
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            base.Worker = original
            stop.set()
