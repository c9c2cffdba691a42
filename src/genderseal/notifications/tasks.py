"""Background work (django-tasks): mail delivery, daily reminders and digests."""
from datetime import datetime

from django_tasks import task

from . import reminders, services


@task()
def deliver(notification_ids, now=None):
    return services.deliver(notification_ids, now=datetime.fromisoformat(now) if now else None)


@task()
def send_reminders():
    return reminders.run()


@task()
def send_digests():
    return services.send_digests()
