"""`gender-seal units import FILE --institution SLUG`: load the unit tree from CSV or Excel.

Every problem goes to stderr with its file, sheet, row and field; the exit status is then 1
and nothing is written.
"""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from genderseal.core.commands import stop_with_problems
from genderseal.core.imports import ImportProblems
from genderseal.core.models import Institution
from genderseal.organisation import services


class Command(BaseCommand):
    help = "Import an institution's unit tree from a CSV (UTF-8) or Excel (.xlsx) file."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file")
        parser.add_argument("--institution", required=True, help="the institution's short name (slug)")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
            help="language of the messages (default: %(default)s)",
        )

    def handle(self, action, file, institution, language, **options):
        with translation.override(language):
            path = Path(file)
            if not path.is_file():
                raise CommandError(_("%(file)s: no such file") % {"file": path})
            found = Institution.objects.filter(slug=institution).first()
            if found is None:
                raise CommandError(_("No institution %(slug)s.") % {"slug": institution})
            try:
                report = services.import_units(found, path.read_bytes(), path.name)
            except ImportProblems as error:
                stop_with_problems(self, error.problems, lambda count: ngettext(
                    "%(count)d problem in %(file)s; nothing was imported.",
                    "%(count)d problems in %(file)s; nothing was imported.", count) % {"count": count, "file": path.name})
            self.stdout.write(_("Units imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.") % {
                "created": report.created, "updated": report.updated, "unchanged": report.unchanged})
