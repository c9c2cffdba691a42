from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "genderseal.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self):
        from . import stamps
        from .reminders import register

        register()
        stamps.connect()
