from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "genderseal.survey"
    label = "survey"
    verbose_name = _("Staff survey")
    default_auto_field = "django.db.models.BigAutoField"
