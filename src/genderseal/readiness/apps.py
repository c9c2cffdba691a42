from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "genderseal.readiness"
    label = "readiness"
    verbose_name = _("External assessment readiness")

    def ready(self):
        from .certificates import register

        register()
