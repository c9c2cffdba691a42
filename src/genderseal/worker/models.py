"""Which institution a queued task works for, so a worker takes institutions in turn (queues.py)."""
from django.db import models
from django_tasks_db.models import DBTaskResult


class TaskInstitution(models.Model):
    """Written when a task is enqueued (queues.tag); tasks of no institution (mail) have none."""

    task = models.OneToOneField(DBTaskResult, primary_key=True, on_delete=models.CASCADE,
                                related_name="institution_tag")
    institution = models.ForeignKey("core.Institution", on_delete=models.CASCADE, related_name="+")
