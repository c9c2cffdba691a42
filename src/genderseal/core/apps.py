from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "genderseal.core"
    label = "core"
    verbose_name = _("Institutions and people")

    def ready(self):
        from . import signals  # noqa: F401
