"""`gender-seal evidence verify`: re-hash every stored evidence file and report missing or changed ones.

`gender-seal evidence embed --all`: (re)compute the meaning vectors of every item whose text or
encoder version changed since they were stored (`--force`: of every item).

`gender-seal evidence forget-old-dossiers`: remove the ZIPs of dossiers made before they were issued
files (the `dossiers/` folder) whose copy in the reports store is verified by hash (`--dry-run`: only say).
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from genderseal.evidence.models import EvidenceRevision
from genderseal.evidence.storage import get_store, hash_stored


def verify(store=None):
    """(checked, problems): problems are (revision, "missing" | "changed")."""
    store = store or get_store()
    checked, problems, seen = 0, [], {}
    revisions = (EvidenceRevision.objects.exclude(storage_name="").select_related("evidence__institution")
                 .order_by("pk"))
    for revision in revisions.iterator(chunk_size=500):
        name = revision.storage_name
        if name not in seen:
            if not store.exists(name):
                seen[name] = None
            else:
                seen[name] = hash_stored(store, name)
            checked += 1
        actual = seen[name]
        if actual is None:
            problems.append((revision, "missing"))
        elif actual != revision.sha256:
            problems.append((revision, "changed"))
    return checked, problems


class Command(BaseCommand):
    help = "Evidence files: `verify` re-hashes every stored file and reports missing or changed ones."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="re-hash every stored file; exit 1 if any is missing or changed")
        embed = sub.add_parser("embed", help="compute the meaning vectors of evidence items")
        embed.add_argument("--all", action="store_true", help="every item not deleted (required)")
        embed.add_argument("--force", action="store_true", help="recompute even where nothing changed")
        forget = sub.add_parser("forget-old-dossiers", help="remove old dossier ZIPs whose copy is verified by hash")
        forget.add_argument("--dry-run", action="store_true", help="say what would be removed, remove nothing")

    def handle(self, *args, action, **options):
        if action == "embed":
            return self.embed(options)
        if action == "forget-old-dossiers":
            return self.forget_old_dossiers(options["dry_run"])
        if action == "verify":
            checked, problems = verify()
            for revision, problem in problems:
                self.stdout.write(f"{problem.upper()}: {revision.evidence.institution.slug} evidence "
                                  f"{revision.evidence_id} revision {revision.number} "
                                  f"{revision.original_name!r} ({revision.storage_name}, expected {revision.sha256})")
            self.stdout.write(f"{checked} file(s) checked, {len(problems)} problem(s).")
            if problems:
                raise CommandError(f"{len(problems)} evidence file(s) missing or changed")

    def forget_old_dossiers(self, dry_run):
        from genderseal.reports.old_dossiers import forget_old_zips

        result = forget_old_zips(dry_run=dry_run)
        for name in result.removed:
            self.stdout.write(_("Removed: %(name)s") % {"name": name} if not dry_run else
                              _("Would remove: %(name)s") % {"name": name})
        for name, reason in result.kept:
            self.stdout.write(_("Kept: %(name)s (%(reason)s)") % {"name": name, "reason": reason})
        self.stdout.write(_("%(removed)d old dossier file(s) removed, %(kept)d kept.")
                          % {"removed": 0 if dry_run else len(result.removed), "kept": len(result.kept)})

    def embed(self, options):
        from genderseal.evidence.meaning import embed_evidence
        from genderseal.evidence.models import Evidence

        if not options["all"]:
            raise CommandError("say --all to compute the vectors of every item")
        items, written = 0, 0
        for evidence in Evidence.objects.filter(deleted_at=None).order_by("pk").iterator(chunk_size=200):
            written += embed_evidence(evidence, force=options["force"])
            items += 1
        self.stdout.write(f"{items} item(s) checked, {written} chunk vector(s) written.")
        from genderseal.evidence.suggest import embed_benchmarks

        added, dropped = embed_benchmarks()
        self.stdout.write(f"Benchmark texts: {added} vector(s) written, {dropped} of texts gone dropped.")
