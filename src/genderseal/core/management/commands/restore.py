import tarfile

from django.core.management.base import BaseCommand, CommandError

from genderseal.core.backup import BackupError
from genderseal.core.restore import restore


class Command(BaseCommand):
    help = ("Load an archive written by `gender-seal backup` into this install: every hash is checked first, "
            "the migrations must match, the database must be empty (or --force), rows load in one transaction.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `gender-seal backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the rows of a database that is not empty (deletes them first)")

    def handle(self, *args, path, force=False, verbosity=1, **options):
        log = self.stdout.write if verbosity > 1 else (lambda message: None)
        try:
            manifest = restore(path, force=force, log=log)
        except (BackupError, OSError, tarfile.TarError) as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["models"].values())
        self.stdout.write(f"{path}: restored {rows} rows and {len(manifest['files'])} files "
                          f"(backup of {manifest['created_at']}, version {manifest['app_version']})")
