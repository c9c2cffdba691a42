"""Benchmark: build the submission dossier of a round holding ~2 GB of files. Target: peak memory under 200 MB.

    .venv/bin/python bench/evidence_dossier.py                 # SQLite, var/bench/evidence_dossier.sqlite3
    scripts/test-postgres.sh .venv/bin/python bench/evidence_dossier.py

Writes 200 files of 10 MB of random (incompressible) bytes into a fresh evidence store in a
temporary directory under var/bench, records each as the approved revision of an evidence
item linked to one of the round's benchmarks (every fifth item to two benchmarks, so the
dossier holds 240 file entries, ~2.4 GB; half the items are PDFs, stored as they are, half
CSV, deflated), then builds the dossier in a separate process (`reports.issuing.build` of the
dossier's IssuedReport, the body of the background task) and reports that process's wall time and peak resident memory
(`ru_maxrss`: Django, the database driver and the build together, as in a task worker), and
the peak of Python allocations during the build (tracemalloc). The ZIP's central directory is
read back to check its entry count. The reference, in the same run: `zip -0` (store only) of the
same files under the same names (hard links into a scratch folder), timed the same way; target:
the build within 1.5x of it (the build also hashes the ZIP, writes the index and moves it in).
The files, the dossier and the scratch SQLite database are deleted afterwards.
Settings: BENCH_FILES (200), BENCH_FILE_MB (10).
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
SCRATCH = ROOT / "var" / "bench"
SQLITE = SCRATCH / "evidence_dossier.sqlite3"
if not os.environ.get("DATABASE_URL"):
    SCRATCH.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"

FILES = int(os.environ.get("BENCH_FILES", 200))
FILE_MB = int(os.environ.get("BENCH_FILE_MB", 10))
CHUNK = 1024 * 1024


class RandomBytes:
    """A readable file of `size` random bytes, made as it is read."""

    def __init__(self, size):
        self.left = size

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        return os.urandom(n)


def prepare():
    """Fill the store and the database; returns the dossier's id."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from genderseal.assessments.models import AssessmentRound, RoundKind, RoundStatus
    from genderseal.core.models import Institution, OrgUnit
    from genderseal.demo.load import ensure_framework
    from genderseal.evidence.models import Evidence, EvidenceLink, EvidenceRevision
    from genderseal.evidence.storage import get_store
    from genderseal.reports.models import IssuedReport, ReportKind
    from genderseal.standards.models import Benchmark

    call_command("migrate", verbosity=0)
    framework = ensure_framework()
    benchmarks = list(Benchmark.objects.current().filter(framework=framework).order_by("order"))
    user = get_user_model().objects.create_user(f"bench-dossier-{os.getpid()}", password="x")
    institution = Institution.objects.create(slug=f"bench-dossier-{os.getpid()}", name_th="ทดสอบแฟ้มหลักฐาน")
    unit = OrgUnit.objects.create(institution=institution, code="21000000", abbreviation="สยป.",
                                  name_th="สำนักยุทธศาสตร์และประเมินผล")
    round = AssessmentRound.objects.create(institution=institution, framework=framework, number=1,
                                           kind=RoundKind.SELF, title="bench-dossier", status=RoundStatus.SUBMITTED)
    store = get_store()
    started = time.perf_counter()
    for i in range(FILES):
        pdf = i % 2 == 0
        stored = store.put(RandomBytes(FILE_MB * CHUNK))
        with transaction.atomic():
            evidence = Evidence.objects.create(institution=institution, owner_unit=unit, status="approved",
                                               title_th=f"หลักฐานขนาดใหญ่ {i + 1}", created_by=user)
            EvidenceRevision.objects.create(
                evidence=evidence, number=1, storage_name=stored.name, sha256=stored.sha256, size=stored.size,
                content_type="application/pdf" if pdf else "text/csv",
                original_name=f"ไฟล์ทดสอบ-{i + 1:03d}.{'pdf' if pdf else 'csv'}", created_by=user)
            targets = [benchmarks[i % len(benchmarks)]]
            if i % 5 == 0:
                targets.append(benchmarks[(i + 7) % len(benchmarks)])
            for benchmark in targets:
                EvidenceLink.objects.create(evidence=evidence, benchmark=benchmark)
    print(f"wrote {FILES} files of {FILE_MB} MB in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return IssuedReport.objects.create(institution=institution, kind=ReportKind.DOSSIER, audience="secretariat",
                                       parameters={"round": round.number, "language": "th"}, requested_by=user).pk


def build_child(dossier_id):
    """In a fresh process: build the dossier; print wall time and peak RSS."""
    import django

    django.setup()
    from genderseal.reports import issuing

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    issuing.build(dossier_id)
    elapsed = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"RESULT {elapsed:.1f} {before / 1024:.1f} {peak / 1024:.1f} {heap / 2**20:.1f}")


def zip_store_only(dossier, work):
    """Seconds `zip -0` takes for the dossier's files under the dossier's names."""
    from genderseal.assessments.models import AssessmentRound
    from genderseal.evidence import dossier as dossiers

    plain = work / "plain"
    round = AssessmentRound.objects.get(institution=dossier.institution_id, number=dossier.parameters["round"])
    from genderseal.reports.issuing import _member

    for entry in dossiers.entries(round, _member(dossier)):
        if entry.revision is not None:
            target = plain / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(work / "store" / entry.revision.storage_name, target)
    started = time.perf_counter()
    subprocess.run(["zip", "-0", "-q", "-r", str(work / "reference.zip"), "."], cwd=plain, check=True)
    return time.perf_counter() - started


def main():
    SCRATCH.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dossier-", dir=SCRATCH))
    os.environ["EVIDENCE_ROOT"] = str(work / "store")
    os.environ["REPORTS_ROOT"] = str(work / "reports")  # on the same disk: the finished ZIP is moved in
    if os.environ["DATABASE_URL"] == f"sqlite:///{SQLITE}":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    try:
        dossier_id = prepare()
        child = subprocess.run([sys.executable, __file__, "--build", str(dossier_id)], env=os.environ,
                               capture_output=True, text=True)
        if child.returncode:
            sys.stderr.write(child.stdout + child.stderr)
            raise SystemExit("the dossier build failed")
        elapsed, start_mb, peak_mb, heap_mb = map(float, child.stdout.split("RESULT", 1)[1].split())

        from django.db import connection

        from genderseal.reports.models import IssuedReport
        from genderseal.reports.storage import get_store

        dossier = IssuedReport.objects.get(pk=dossier_id)
        assert dossier.state == "done", dossier.error
        source = sum(f.stat().st_size for f in (work / "store").glob("??/??/*"))
        size = get_store().size(dossier.storage_name)
        with get_store().open(dossier.storage_name) as built:  # the central directory only
            assert len(zipfile.ZipFile(built).namelist()) == dossier.detail["files"] + 4  # + index.html, index.xlsx, cover.pdf, cover.docx
        print(f"\n{connection.vendor}: {FILES} files x {FILE_MB} MB of random bytes, {dossier.detail['files']} entries\n")
        print("| database | files in store | entries | source MB | dossier MB | build s | MB/s "
              "| RSS before build MB | peak RSS MB | Python heap peak in build MB |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        print(f"| {connection.vendor} | {FILES} | {dossier.detail['files']} | {source / 2**20:,.0f} | {size / 2**20:,.0f} "
              f"| {elapsed:.1f} | {size / 2**20 / elapsed:.0f} | {start_mb:.0f} | {peak_mb:.0f} | {heap_mb:.1f} |")
        print(f"\npeak RSS {peak_mb:.0f} MB (target 200 MB)")
        reference = zip_store_only(dossier, work)
        print(f"\nsame files, same run: dossier build {elapsed:.1f} s, `zip -0` {reference:.1f} s: "
              f"{elapsed / reference:.2f}x (target within 1.5x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if os.environ["DATABASE_URL"] == f"sqlite:///{SQLITE}":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build_child(int(sys.argv[2]))
    else:
        main()
