from django.core.management.base import BaseCommand, CommandError

from genderseal.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Write the database and every stored evidence file to one archive (tar; .tar.gz compresses), "
            "with a manifest of row counts, sha256 hashes, version and migrations. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. gender-seal-2026-11-26.tar")

    def handle(self, *args, path, verbosity=1, **options):
        log = self.stdout.write if verbosity > 1 else (lambda message: None)
        try:
            manifest = backup(path, log=log)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["models"].values())
        size = sum(entry["size"] for entry in manifest["files"].values())
        self.stdout.write(f"{path}: {rows} rows in {len(manifest['models'])} tables, "
                          f"{len(manifest['files'])} files ({size} bytes)")
        for name in manifest["missing_files"]:
            self.stderr.write(f"warning: a row names {name}, which is not in the store")
