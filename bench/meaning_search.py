"""Benchmark: search by meaning (evidence/meaning.py): model load, embedding speed, query latency.

    .venv/bin/python bench/meaning_search.py          # SQLite, var/bench/meaning_search.sqlite3

Measures, in this process: the encoder's first load (time, resident memory before and after),
embedding 1,000 phrases, then the meaning part of a search (`meaning.meaning_hits`: scoped
candidates, stored vectors read, query embedded, scored in numpy) over ITEMS items of the
searched institution with VECTORS vectors each (random unit vectors written in bulk, plus
three real Thai items that must come first), another institution's items alongside. The first
search reads the institution's compact index (meaning_index.py): its time and size are printed
apart. Prints lines for docs/performance.md.
"""
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
if not os.environ.get("DATABASE_URL"):
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'meaning_search.sqlite3'}"

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402

from genderseal.core.models import Institution  # noqa: E402
from genderseal.evidence import meaning, meaning_index  # noqa: E402
from genderseal.evidence.models import Evidence, EvidenceEmbedding, MeaningCode  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", 100_000))
VECTORS = int(os.environ.get("BENCH_VECTORS", 12))  # per item: a title and a short description as phrases
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 20))
REAL = ["โครงการจัดหาผ้าอนามัยให้นักเรียนหญิง", "รายงานงบประมาณที่คำนึงถึงมิติเพศ", "การอบรมป้องกันการล่วงละเมิดทางเพศ"]
QUERIES = ["sanitary pads", "gender budget", "sexual harassment training"]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write(rows, place, version):
    EvidenceEmbedding.objects.bulk_create([row for row, _code in rows], batch_size=5000)
    MeaningCode.objects.bulk_create([MeaningCode(embedding_id=row.pk, institution=place, evidence_pk=row.evidence_id,
                                                 version=version, code=code.tobytes()) for row, code in rows],
                                    batch_size=5000)


def fill():
    call_command("migrate", verbosity=0)
    home, _ = Institution.objects.get_or_create(slug="bench-meaning", defaults={"name_th": "ทดสอบ"})
    other, _ = Institution.objects.get_or_create(slug="bench-meaning-other", defaults={"name_th": "อื่น"})
    if Evidence.objects.filter(institution=home).count() >= ITEMS:
        return home
    rng = np.random.default_rng(1)
    version = meaning.model_version()
    for place, count in ((home, ITEMS), (other, ITEMS // 10)):
        items = Evidence.objects.bulk_create(Evidence(institution=place, title_th=f"เอกสาร {n}") for n in range(count))
        rows = []
        for item in items:
            vectors = rng.standard_normal((VECTORS, meaning.DIMENSIONS)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            rows += [(EvidenceEmbedding(evidence=item, chunk=i, text=item.title_th, phrase=item.title_th,
                                        vector=v.tobytes(), model=meaning.MODEL_NAME, version=version), code)
                     for i, (v, code) in enumerate(zip(vectors, meaning_index.code_of(vectors)))]
            if len(rows) >= 50_000:
                write(rows, place, version)
                rows = []
        write(rows, place, version)
    for title in REAL:
        meaning.embed_evidence(Evidence.objects.create(institution=home, title_th=title))
    return home


def main():
    before = rss_mb()
    started = time.perf_counter()
    meaning.model()
    load = time.perf_counter() - started
    print(f"- model load: {load:.1f} s; peak resident memory {before:.0f} MB before, {rss_mb():.0f} MB after")
    phrases = [f"ผ้าอนามัย สำหรับ นักเรียน {n}" for n in range(1000)]
    started = time.perf_counter()
    meaning.embed(phrases)
    print(f"- 1,000 phrases embedded in {time.perf_counter() - started:.1f} s")
    home = fill()
    candidates = Evidence.objects.filter(institution=home, deleted_at=None)
    vectors = EvidenceEmbedding.objects.filter(evidence__institution=home).count()
    started = time.perf_counter()
    index = meaning_index.index(home.pk, meaning.model_version())
    print(f"- {ITEMS:,} items, {vectors:,} vectors: index read in {time.perf_counter() - started:.1f} s, "
          f"{index.nbytes / 2**20:.0f} MB; peak resident memory now {rss_mb():.0f} MB")
    for query in QUERIES:
        timings, found = [], []
        for _ in range(SAMPLES):
            started = time.perf_counter()
            found = meaning.meaning_hits(candidates, query)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"- {query!r}: {vectors:,} vectors, median "
              f"{statistics.median(timings):.0f} ms, p95 {p95:.0f} ms; first hit {found[0].sentence if found else '-'}")
    print(f"- load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
