from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "genderseal.assessments"
    label = "assessments"
    verbose_name = _("Assessment rounds")

    def ready(self):
        from genderseal.notifications import reminders

        from .reminders import due_results

        reminders.register("results", due_results)
