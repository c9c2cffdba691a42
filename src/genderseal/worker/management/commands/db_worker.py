"""`gender-seal db_worker`: django-tasks-db's worker, plus recovery of tasks whose worker died.

This app comes before django_tasks_db in INSTALLED_APPS, so this command replaces theirs.
Recovery runs when the worker starts and then every TASKS_RECOVER_INTERVAL seconds in a thread.
"""
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker as base

from genderseal.worker import recovery


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


class Command(base.Command):
    help = base.Command.help + "; re-queues (or fails) tasks of workers that died"

    def handle(self, *args, worker_id, **options):
        if ":" not in worker_id:  # the default: a random id; ours says which host and process
            worker_id = recovery.worker_id(worker_id[:16])
        _recover_quietly()
        stop = threading.Event()
        interval = getattr(settings, "TASKS_RECOVER_INTERVAL", 60)
        threading.Thread(target=_sweeper, args=(stop, interval), daemon=True, name="task-recovery").start()
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
