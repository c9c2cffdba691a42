from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "genderseal.worker"
    verbose_name = _("Background worker")

    def ready(self):
        from django_tasks_db.compat import task_enqueued

        from .queues import tag

        task_enqueued.connect(tag, dispatch_uid="genderseal.worker.tag")
