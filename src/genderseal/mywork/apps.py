from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MyWorkConfig(AppConfig):
    name = "genderseal.mywork"
    label = "mywork"
    verbose_name = _("My work")

    def ready(self):
        # งานของฉัน first in the navigation, with its count (also on the folded phone menu).
        from django.utils import timezone

        from genderseal.core.navigation import Section, add_section, register_count

        from .counts import BADGES, badges

        add_section(Section("my-work", _("My work"), "my-work", "mywork.view", ("my-work",), "my-work-link"))
        # The inbox's unread count is read in the same query (counts.py).
        register_count(BADGES, lambda membership, wanted: badges(membership, timezone.localdate(), wanted))
