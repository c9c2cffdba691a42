from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "genderseal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from genderseal.core import workflow

        from . import reminders, services
        from .sources import register_installed

        register_installed(reminders)
        workflow.connect_notifications(services)
