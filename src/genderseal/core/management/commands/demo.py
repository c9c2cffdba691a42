from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from genderseal.demo.load import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the BMA demo (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        institution, users = load_demo()
        self.stdout.write(_("Demo institution: %(name)s (%(slug)s)") % {"name": institution.name_th,
                                                                        "slug": institution.slug})
        self.stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": PASSWORD})
        for username, role in users:
            self.stdout.write(f"  {username:<12} {role.label}")
        self.stdout.write(f"  {'admin':<12} " + _("Platform administrator (loads frameworks)"))
