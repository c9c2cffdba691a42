"""`gender-seal evidence verify`: re-hash every stored evidence file and report missing or changed ones.

`gender-seal evidence embed --all`: (re)compute the meaning vectors of every item whose text or
encoder version changed since they were stored (`--force`: of every item).
"""
from django.core.management.base import BaseCommand, CommandError

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

    def handle(self, *args, action, **options):
        if action == "embed":
            return self.embed(options)
        if action == "verify":
            checked, problems = verify()
            for revision, problem in problems:
                self.stdout.write(f"{problem.upper()}: {revision.evidence.institution.slug} evidence "
                                  f"{revision.evidence_id} revision {revision.number} "
                                  f"{revision.original_name!r} ({revision.storage_name}, expected {revision.sha256})")
            self.stdout.write(f"{checked} file(s) checked, {len(problems)} problem(s).")
            if problems:
                raise CommandError(f"{len(problems)} evidence file(s) missing or changed")

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
