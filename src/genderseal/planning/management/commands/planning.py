"""`gender-seal planning import FILE --institution bma` (and `export FILE`): the planning template."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from genderseal.core.commands import stop_with_problems
from genderseal.core.models import Institution


class Command(BaseCommand):
    help = "Planning template: `import FILE` checks the whole file and imports it only when clean; `export FILE`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("import", "export"):
            p = sub.add_parser(name)
            p.add_argument("file")
            p.add_argument("--institution", required=True)
            p.add_argument("--fy", type=int, default=None, help="export one fiscal year (BE)")

    def handle(self, *args, action, file, institution, fy=None, **options):
        from genderseal.planning import exporter, importer

        try:
            inst = Institution.objects.get(slug=institution)
        except Institution.DoesNotExist:
            raise CommandError(f"no institution {institution}") from None
        path = Path(file)
        if action == "export":
            member = type("Member", (), {"institution": inst, "institution_id": inst.pk, "role": "secretariat"})()
            path.write_bytes(exporter.export_xlsx(member, fy))
            self.stdout.write(f"wrote {path}")
            return
        if not path.exists():
            raise CommandError(f"{file}: no such file")
        try:
            summary = importer.import_file(inst, path.read_bytes(), path.name)
        except importer.ImportProblems as error:
            stop_with_problems(self, error.problems, lambda count: ngettext(
                "%(count)d problem in %(file)s; nothing was imported.",
                "%(count)d problems in %(file)s; nothing was imported.", count) % {"count": count, "file": path.name})
        self.stdout.write("imported {indicators} indicators, {targets} targets, {values} values; "
                          "{unchanged} unchanged rows of approved periods skipped".format(**summary))
