"""Benchmark: Thai search over 100,000 evidence items of ~1 KB of Thai text, versus a plain LIKE scan.

    .venv/bin/python bench/evidence_search.py                  # SQLite, var/bench/evidence_search.sqlite3
    scripts/test-postgres.sh .venv/bin/python bench/evidence_search.py

Uses the database in DATABASE_URL (default: a scratch SQLite file under var/bench, never the
site's database), migrates it and fills it once: 100,000 items of the searched institution
plus 10,000 of another one (so the institution restriction has something to refuse), five
units, mixed statuses, 1 % deleted. Documents are made from the PyThaiNLP dictionary's words,
already segmented as the indexer stores them, written with bulk inserts while index upkeep is
suspended (`search.backends.bulk_load`) and indexed in one rebuild: the whole build takes a
few minutes. A database already holding the full set is reused; a partly built one is refused.
National scale: BENCH_OTHERS=9 BENCH_OTHER_ITEMS=100000 puts nine more institutions of as many items
in the same database (ten in all): the searcher's queries must not pay for their hits.

Fast national build: BENCH_COPIES=9 instead makes the 100,000 items once (in a template
institution) and copies them with bulk SQL (`INSERT ... SELECT` with new ids, institution and
units) into the searched institution and nine others, then builds the indexes once: every
institution holds the same texts, so each of the searcher's hits sits beside nine other
institutions' hits of the same words (the worst case), ids interleaved as items filed over
the same years would be. 10 x 100,000 in well under an hour instead of ~2.5 h:

    DATABASE_URL=sqlite:////tmp/es/es10x100k.sqlite3 BENCH_COPIES=9 .venv/bin/python bench/evidence_search.py

Each query is timed as the search page runs it (`evidence.search.search()`: scoped candidates,
ranked page of 20 with snippets, total) and as a plain `LIKE '%q%'` scan over the same rows
(first 20 in list order; on PostgreSQL with bitmap scans off, so the pg_trgm index cannot
serve it; the last column lets it). Prints a Markdown table for docs/performance.md.
"""
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
if not os.environ.get("DATABASE_URL"):
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'evidence_search.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from genderseal.core.models import Institution, Membership, OrgUnit, Role  # noqa: E402
from genderseal.core.plans import custom_plans  # noqa: E402
from genderseal.evidence import search  # noqa: E402
from genderseal.evidence.models import Evidence, SearchDocument  # noqa: E402
from genderseal.evidence.search.backends import bulk_load  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", 100_000))
OTHERS = int(os.environ.get("BENCH_OTHERS", 1))  # other institutions in the same database
OTHER_ITEMS = int(os.environ.get("BENCH_OTHER_ITEMS", ITEMS // 10))  # items of each
COPIES = int(os.environ.get("BENCH_COPIES", 0))  # other institutions made as copies of the searched one
if COPIES:
    OTHERS, OTHER_ITEMS = COPIES, ITEMS
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 100))
BATCH = 5000
# (query, filters as the search page's filter form gives them)
QUERIES = [
    ("ผ้าอนามัย", {}),
    ("ความเท่าเทียม", {}),
    ("ยุทธศาสตร์", {}),
    ("อนามั", {}),  # inside words
    ("เทียมทาง", {}),  # across two words
    ("๒๕๖๘", {}),  # Thai digits find Arabic ones
    ("2568", {}),
    ("สยป.", {}),  # a unit abbreviation
    ("นักเรียนหญิง", {}),  # two words
    ("ผ้าอนามัย", {"status": "approved"}),
    ("ผ้าอนามัย", {"unit": "21000000"}),
    ("ความเท่าเทียม", {"status": "returned", "unit": "03000000"}),
]
# Reported apart from the target: a piece found in nearly every item, and two-character queries
# (below the trigram size), a common and a rare one.
BROAD = [("การ", {}), ("ผล", {}), ("ฆฌ", {})]
SPECIAL = ["ผ้าอนามัย", "ความเท่าเทียม", "ยุทธศาสตร์", "2568", "สยป.", "นักเรียน", "หญิง"]
UNITS = [("21000000", "สยป.", "สำนักยุทธศาสตร์และประเมินผล"), ("03000000", "สนอ.", "สำนักอนามัย"),
         ("04000000", "สนศ.", "สำนักการศึกษา"), ("05000000", "สพส.", "สำนักพัฒนาสังคม"),
         ("06000000", "สนย.", "สำนักการโยธา")]
STATUSES = ["approved"] * 6 + ["draft"] * 2 + ["submitted", "returned"]


def vocabulary():
    from pythainlp.corpus import thai_words

    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w)
    return random.Random(1).sample(words, 20000) + SPECIAL


def fill(institution, units, count, rng, words, user):
    """`count` items with their search documents, in batches of BATCH."""
    start_day = date(2020, 1, 1)
    deleted = timezone.now()
    for start in range(0, count, BATCH):
        with transaction.atomic():
            items = Evidence.objects.bulk_create(
                Evidence(institution=institution, owner_unit=rng.choice(units), title_th=f"หลักฐานที่ {i + 1}",
                         status=rng.choice(STATUSES), evidence_date=start_day + timedelta(days=rng.randrange(2500)),
                         created_by=user, deleted_at=deleted if rng.random() < 0.01 else None)
                for i in range(start, min(start + BATCH, count)))
            docs = []
            for item in items:
                text = []
                while sum(len(w) for w in text) < 1000:
                    text.append(rng.choice(words))
                docs.append(SearchDocument(evidence=item, institution=institution,
                                           words=" ".join([*item.title_th.split(), *text]),
                                           body=item.title_th + " " + "".join(text) + "\n"))
            SearchDocument.objects.bulk_create(docs)
        print(f"  {institution.slug}: {min(start + BATCH, count):,} items", file=sys.stderr)


def copy_items(template, targets, units):
    """Copy the template institution's items and search documents into each of `targets` with bulk SQL.

    New ids interleave the copies (item n of the template becomes items base + n * k + j for
    the k targets), as items filed by several institutions over the same years would be;
    units are mapped by code. The template's rows are deleted afterwards.
    """
    item_columns = [f.column for f in Evidence._meta.concrete_fields]
    doc_columns = [f.column for f in SearchDocument._meta.concrete_fields]
    k = len(targets)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM evidence_evidence")
        base = cursor.fetchone()[0]
        for j, target in enumerate(targets):
            started = time.perf_counter()
            unit_map = " ".join(f"WHEN {units[template.pk][n].pk} THEN {units[target.pk][n].pk}"
                                for n in range(len(UNITS)))
            values = {"id": f"{base} + e.id * {k} + {j}", "institution_id": str(target.pk),
                      "owner_unit_id": f"CASE e.owner_unit_id {unit_map} END"}
            cursor.execute(
                f"INSERT INTO evidence_evidence ({', '.join(item_columns)}) "
                f"SELECT {', '.join(values.get(c, 'e.' + c) for c in item_columns)} "
                f"FROM evidence_evidence e WHERE e.institution_id = {template.pk}")
            values = {"evidence_id": f"{base} + d.evidence_id * {k} + {j}", "institution_id": str(target.pk)}
            cursor.execute(
                f"INSERT INTO evidence_searchdocument ({', '.join(doc_columns)}) "
                f"SELECT {', '.join(values.get(c, 'd.' + c) for c in doc_columns)} "
                f"FROM evidence_searchdocument d WHERE d.institution_id = {template.pk}")
            print(f"  {target.slug}: copied in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        cursor.execute(f"DELETE FROM evidence_searchdocument WHERE institution_id = {template.pk}")
        cursor.execute(f"DELETE FROM evidence_evidence WHERE institution_id = {template.pk}")
        for sql in connection.ops.sequence_reset_sql(no_style(), [Evidence]):
            cursor.execute(sql)


def build():
    call_command("migrate", verbosity=0)
    institution, _ = Institution.objects.get_or_create(slug="bench", defaults={"name_th": "ทดสอบ"})
    others = [Institution.objects.get_or_create(slug="bench-other" + (f"-{n + 1}" if n else ""),
                                                defaults={"name_th": f"หน่วยงานอื่น {n + 1}"})[0]
              for n in range(OTHERS)]
    user = get_user_model().objects.filter(username="bench").first() or \
        get_user_model().objects.create_user("bench", password="x")
    membership, _ = Membership.objects.get_or_create(user=user, institution=institution, role=Role.SECRETARIAT)
    units = {}
    for place in (institution, *others):
        units[place.pk] = [OrgUnit.objects.get_or_create(institution=place, code=code,
                                                         defaults={"abbreviation": abbr, "name_th": name})[0]
                           for code, abbr, name in UNITS]
    have = Evidence.objects.filter(institution=institution).count()
    if have and have != ITEMS:
        raise SystemExit(f"the database holds {have:,} bench items, not {ITEMS:,}: point DATABASE_URL at an "
                         "empty scratch database (or delete var/bench/evidence_search.sqlite3)")
    if not have:
        rng, words = random.Random(7), vocabulary()
        started = time.perf_counter()
        if connection.vendor == "sqlite":  # a scratch database: no need to survive a power cut while building
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA cache_size = -1000000")
        with bulk_load():
            if COPIES:
                template, _ = Institution.objects.get_or_create(slug="bench-template", defaults={"name_th": "แม่แบบ"})
                units[template.pk] = [OrgUnit.objects.get_or_create(
                    institution=template, code=code, defaults={"abbreviation": abbr, "name_th": name})[0]
                    for code, abbr, name in UNITS]
                Evidence.objects.filter(institution=template).delete()  # a build cut short before
                fill(template, units[template.pk], ITEMS, rng, words, user)
                with transaction.atomic():
                    copy_items(template, [institution, *others], units)
            else:
                fill(institution, units[institution.pk], ITEMS, rng, words, user)
                for other in others:
                    fill(other, units[other.pk], OTHER_ITEMS, rng, words, user)
            loaded = time.perf_counter()
            print("  rebuilding the search indexes", file=sys.stderr)
        print(f"built {ITEMS + OTHERS * OTHER_ITEMS:,} items in {time.perf_counter() - started:.0f} s "
              f"(rows {loaded - started:.0f} s, indexes {time.perf_counter() - loaded:.0f} s)", file=sys.stderr)
        with connection.cursor() as cursor:  # what autovacuum / a nightly ANALYZE does in service
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")
    return Membership.objects.select_related("institution").prefetch_related("units").get(pk=membership.pk)


def timed(function, samples):
    function()  # warm-up
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)]


def like_scan(queryset):
    """The plain LIKE scan: on PostgreSQL the pg_trgm index would otherwise serve the LIKE."""
    if connection.vendor != "postgresql":
        return list(queryset)
    with custom_plans(), connection.cursor() as cursor:  # planned now, with bitmap scans off: not a kept plan
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return list(queryset)


def main():
    from genderseal.evidence.forms import apply_filters

    membership = build()
    load_before = os.getloadavg()[0]
    terms = search.institution_terms(membership.institution_id)
    rows = []
    for q, filters in QUERIES + BROAD:
        def candidates():
            return apply_filters(Evidence.objects.for_member(membership), filters, membership)

        def run():
            return search.search(candidates(), q, membership.institution_id, terms=terms)

        folded = search.parse_query(q).fragment

        def like():
            return candidates().filter(search__body__contains=folded).values_list("pk", flat=True)[:20]

        results = run()
        med, p95 = timed(run, SAMPLES)
        lmed, lp95 = timed(lambda: like_scan(like()), max(5, SAMPLES // 10))
        if connection.vendor == "postgresql":
            def like_indexed():
                with custom_plans():  # planned for this pattern: a kept generic plan can be far worse (core/plans.py)
                    return list(like())

            _imed, ip95 = timed(like_indexed, max(5, SAMPLES // 10))
        else:  # no index can serve a LIKE on SQLite
            _imed, ip95 = lmed, lp95
        label = q + "".join(f" + {k}={v}" for k, v in filters.items())
        if (q, filters) in BROAD:
            label += " (broad)"
        rows.append((label, results.total_label, med, p95, lmed, lp95, ip95))
    print(f"\n{connection.vendor}, {ITEMS:,} items (+{OTHER_ITEMS:,} of each of {OTHERS} other institution(s)), "
          f"{SAMPLES} samples per query, load average {load_before:.1f} before and "
          f"{os.getloadavg()[0]:.1f} after ({os.cpu_count()} cores)\n")
    print("| query | hits | search median ms | search p95 ms | LIKE scan median ms | LIKE scan p95 ms "
          "| ratio (p95) | LIKE with any index p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for label, total, med, p95, lmed, lp95, ip95 in rows:
        print(f"| {label} | {total} | {med:.1f} | {p95:.1f} | {lmed:.1f} | {lp95:.1f} | {lp95 / p95:.0f}× "
              f"| {ip95:.1f} |")
    worst = max(row[3] for row in rows[:len(QUERIES)])
    print(f"\nworst search p95 (broad queries aside): {worst:.1f} ms (target 30 ms)")


if __name__ == "__main__":
    main()
