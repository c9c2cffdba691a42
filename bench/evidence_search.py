"""Benchmark: Thai search over 100,000 evidence items of ~1 KB of Thai text, versus a plain LIKE scan.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/evidence_search.py
    scripts/test-postgres.sh .venv/bin/python bench/evidence_search.py

Uses (and fills) the database in DATABASE_URL: point it at a scratch database. Documents are
made from the PyThaiNLP dictionary's words (already segmented, as the indexer stores them),
so building 100,000 takes minutes, not hours. Prints a Markdown table for docs/performance.md.
"""
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from genderseal.core.models import Institution, Membership, OrgUnit, Role  # noqa: E402
from genderseal.evidence import search  # noqa: E402
from genderseal.evidence.models import Evidence, SearchDocument  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", 100_000))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 100))
QUERIES = ["ผ้าอนามัย", "ความเท่าเทียม", "ยุทธศาสตร์", "อนามั", "เทียมทาง", "๒๕๖๘", "2568", "สยป.", "นักเรียนหญิง"]


def build():
    from pythainlp.corpus import thai_words

    call_command("migrate", verbosity=0)
    institution, created = Institution.objects.get_or_create(slug="bench", defaults={"name_th": "ทดสอบ"})
    user = get_user_model().objects.filter(username="bench").first() or \
        get_user_model().objects.create_user("bench", password="x")
    membership, _ = Membership.objects.get_or_create(user=user, institution=institution, role=Role.SECRETARIAT)
    unit, _ = OrgUnit.objects.get_or_create(institution=institution, code="21000000",
                                            defaults={"abbreviation": "สยป.", "name_th": "สำนักยุทธศาสตร์"})
    have = Evidence.objects.filter(institution=institution).count()
    rng = random.Random(7)
    vocabulary = [w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w][:20000]
    vocabulary += ["ผ้าอนามัย", "ความเท่าเทียม", "ยุทธศาสตร์", "2568", "สยป.", "นักเรียนหญิง"]
    batch = 2000
    for start in range(have, ITEMS, batch):
        with transaction.atomic():
            items = Evidence.objects.bulk_create(
                Evidence(institution=institution, owner_unit=unit, title_th=f"หลักฐาน {i}", status="approved")
                for i in range(start, min(start + batch, ITEMS)))
            docs = []
            for item in items:
                words = []
                while sum(len(w) for w in words) < 1000:
                    words.append(rng.choice(vocabulary))
                docs.append(SearchDocument(evidence=item, institution=institution, words=" ".join(words),
                                           body="".join(words)))
            SearchDocument.objects.bulk_create(docs)
        print(f"built {min(start + batch, ITEMS)}", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Membership.objects.select_related("institution").get(pk=membership.pk)


def timed(function, samples):
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main():
    membership = build()
    candidates = Evidence.objects.for_member(membership).filter(deleted_at=None)
    terms = search.institution_terms(membership.institution_id)
    rows = []
    for q in QUERIES:
        results = search.search(candidates, q, terms=terms)
        med, p95 = timed(lambda: search.search(candidates, q, terms=terms), SAMPLES)
        folded = search.parse_query(q).fragment
        like = lambda: list(candidates.filter(search__body__contains=folded).values_list("pk", flat=True)[:20])  # noqa
        lmed, lp95 = timed(like, max(5, SAMPLES // 10))
        rows.append((q, results.total, med, p95, lmed, lp95))
    print(f"\n{connection.vendor}, {ITEMS:,} items\n")
    print("| query | hits | search median ms | search p95 ms | LIKE median ms | LIKE p95 ms | ratio (p95) |")
    print("|---|---|---|---|---|---|---|")
    for q, total, med, p95, lmed, lp95 in rows:
        print(f"| {q} | {total} | {med:.1f} | {p95:.1f} | {lmed:.1f} | {lp95:.1f} | {lp95 / p95:.1f}× |")


if __name__ == "__main__":
    main()
