"""`gender-seal framework validate FILE` and `gender-seal framework load FILE`.

Every problem goes to stderr with its file and line (or sheet and row); the exit status
is then 1 and nothing is written. FILE is YAML (.yaml, .yml) or Excel (.xlsx).
"""
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from genderseal.core.commands import stop_with_problems
from genderseal.standards.loader import parse_file
from genderseal.standards.spec import FrameworkError


class Command(BaseCommand):
    help = "Validate or load a framework file (.yaml, .yml or .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["validate", "load"])
        parser.add_argument("file")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
            help="language of the messages (default: %(default)s)",
        )

    def handle(self, action, file, language, **options):
        with translation.override(language):
            self.run(action, Path(file))

    def run(self, action, path):
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        try:
            spec = parse_file(path)
            if action == "validate":
                self.stdout.write(_("%(file)s is valid: %(summary)s") % {
                    "file": path.name, "summary": spec.summary_line()})
                return
            from genderseal.standards.services import load_framework

            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            report = load_framework(spec, path.name, sha256)
        except FrameworkError as error:
            stop_with_problems(self, error.problems, lambda count: ngettext(
                "%(count)d problem in %(file)s; nothing was written.",
                "%(count)d problems in %(file)s; nothing was written.", count) % {"count": count, "file": path.name})
        for line in report.lines():
            self.stdout.write(line)
