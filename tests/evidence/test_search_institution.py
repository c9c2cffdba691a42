"""The search indexes are keyed by institution: a search in one never visits another's documents."""
import pytest
from django.db import connection

from genderseal.evidence import search
from genderseal.evidence.models import Evidence, SearchDocument
from genderseal.evidence.search.backends import KEY_MASK, get_backend, institution_rowids, page_sql

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db

QUERIES = ["ผ้าอนามัย", "อนามั", "หญ", "นักเรียนหญิง", "2568"]


@pytest.fixture
def both(world):
    title = "โครงการผ้าอนามัยสำหรับนักเรียนหญิง ๒๕๖๘"
    return {"mine": make_evidence(world.institution, title), "theirs": make_evidence(world.other, title)}


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_alone_keeps_a_search_inside_the_institution(world, both, q):
    # Every item of every institution as candidates: only the index's institution key can refuse B's item.
    everything = Evidence.objects.all()
    assert [h.evidence for h in search.search(everything, q, world.institution.pk).hits] == [both["mine"]]
    assert [h.evidence for h in search.search(everything, q, world.other.pk).hits] == [both["theirs"]]


def test_the_member_scope_still_applies_within_the_institution(world, secretariat, both):
    mine = Evidence.objects.for_member(secretariat)
    assert search.search(mine, "ผ้าอนามัย", world.other.pk).hits == []  # B's key, A's candidates


def test_the_index_carries_each_documents_institution(world, both):
    mine, theirs = both["mine"].pk, both["theirs"].pk
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The FTS rowid carries the institution in its high bits: one contiguous range per institution.
            keys = {world.institution.pk: {(world.institution.pk << 40) | mine},
                    world.other.pk: {(world.other.pk << 40) | theirs}}
            for table in ("evidence_fts", "evidence_trgm"):
                cursor.execute(f"SELECT rowid FROM {table}")
                assert {row[0] for row in cursor.fetchall()} == keys[world.institution.pk] | keys[world.other.pk]
                for institution, expected in keys.items():
                    cursor.execute(f"SELECT rowid & {KEY_MASK} FROM {table} WHERE rowid BETWEEN %s AND %s",
                                   institution_rowids(institution))
                    assert {row[0] for row in cursor.fetchall()} == {key & KEY_MASK for key in expected}
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'evidence_searchdocument' "
                           "AND indexname LIKE 'evidence_search_%%'")
            definitions = dict(cursor.fetchall())
            assert {"evidence_search_tsv", "evidence_search_trgm", "evidence_search_pairs"} <= set(definitions)
            for name in ("evidence_search_tsv", "evidence_search_trgm", "evidence_search_pairs"):
                assert "gin (institution_id, " in definitions[name]


def test_moving_a_document_to_another_institution_moves_its_index_key(world, both):
    SearchDocument.objects.filter(pk=both["mine"].pk).update(institution=world.other)
    everything = Evidence.objects.all()
    assert search.search(everything, "อนามั", world.institution.pk).hits == []
    assert {h.evidence for h in search.search(everything, "อนามั", world.other.pk).hits} == set(both.values())


def test_institution_rowid_ranges_are_disjoint_and_hold_every_evidence_id():
    ranges = [institution_rowids(n) for n in (1, 2, 3, 60000, 3_000_000)]
    assert all(hi - lo == KEY_MASK for lo, hi in ranges)
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:]))


@pytest.mark.parametrize("q", ["นักเรียนหญิง", "อนามั", "หญ"])
def test_sqlite_seeks_the_institutions_rowid_range_inside_the_index(world, secretariat, both, q):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan")
    parts, params = get_backend()._parts(Evidence.objects.for_member(secretariat), search.parse_query(q), 1001,
                                         world.institution.pk)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + page_sql(parts), [*params, 20, 0])
        plan = [row[3] for row in cursor.fetchall()]
    scans = [line for line in plan if "VIRTUAL TABLE" in line]
    # FTS5 takes the rowid range (">" and "<" in its index string) and the newest-first order itself,
    # so it seeks inside each doclist instead of SQLite filtering every institution's matches afterwards.
    assert len(scans) == (2 if search.parse_query(q).words else 1), "\n".join(plan)
    assert all("><" in line.split(":", 1)[1] for line in scans), "\n".join(plan)
    assert not any("FOR ORDER BY" in line and "evidence_" in line for line in plan), "\n".join(plan)


@pytest.mark.parametrize("q", ["นักเรียนหญิง", "อนามั", "หญ"])
def test_postgresql_looks_the_institution_up_in_the_search_indexes(world, secretariat, both, q):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan")
    parts, params = get_backend()._parts(Evidence.objects.for_member(secretariat), search.parse_query(q), 1001,
                                         world.institution.pk)
    with connection.cursor() as cursor:
        # A test table is small enough to be read whole or through the plain institution index: leave the
        # planner only the search indexes, to see that the query's institution matches their first column
        # (an untyped literal would not match btree_gin's bigint operator class).
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'evidence_searchdocument' "
                       "AND indexdef LIKE '%%btree (institution_id)%%'")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')  # inside the test's transaction: rolled back
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + page_sql(parts), [*params, 20, 0])
        plan = [row[0] for row in cursor.fetchall()]
    lookups = [plan[n + 1] for n, line in enumerate(plan) if "Index Scan on evidence_search_" in line]
    assert lookups and all("Index Cond: ((institution_id = " in line or "Index Cond: (institution_id = " in line
                           for line in lookups), "\n".join(plan)
