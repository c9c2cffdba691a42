from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "genderseal.accounts"
    verbose_name = _("Institutions and people")
