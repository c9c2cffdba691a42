"""The two search engines behind one call: `hits(candidates, query, limit, offset, institution_id) -> Found`.

One statement per search, on both databases:

0. Every index is keyed by institution first: the match is restricted to the searcher's
   institution inside the index, so other institutions' hits are never visited.
   SQLite (migration 0016): the rowid of both FTS5 tables is `institution_id << 40 | evidence
   id`, so each institution holds a contiguous slice of every doclist, and every part asks for
   `rowid BETWEEN lo AND hi` (`institution_rowids`), a range FTS5 takes in its plan and seeks
   to inside the doclists; the evidence id is `rowid & KEY_MASK`. PostgreSQL: two-column GIN
   indexes on (institution_id, ...) and `d.institution_id = 42` in every part (migration 0015).
1. The word index (FTS5 unicode61 / tsvector) finds the items holding every word of the query;
   the text index finds the items whose text holds the query as written, inside words too
   (FTS5 trigram / pg_trgm). A two-character query is below the trigram size: SQLite looks
   up the trigrams that start with it in the index's vocabulary; PostgreSQL looks the pair up
   in each document's indexed set of character pairs (migration 0006).
2. Each hit is checked against `candidates` (the member's scoped and filtered Evidence
   queryset: institution, role, filters) as a correlated `EXISTS` on the primary key, inside
   the index scan and before anything is ranked. The candidate set itself is never built:
   that was the old `id IN (SELECT ...)` floor, proportional to the institution's size.
3. Each of the two kinds keeps `RANKED` checked hits (the newest on SQLite; in storage order
   on PostgreSQL, where the text matches are confirmed one by one and the scan must stop
   early); those are ranked (whole-word hits by relevance, bm25 or ts_rank; then hits inside
   words, newest first), counted, and the page is cut, all in the same statement.
   When a kind has more hits than that, only those are ranked and the total is reported as
   a lower bound (`Found.capped`): the page shows "1,000+". Below the cap, counts and order
   are exact.
"""
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import SearchDocument

WORD_BONUS = 1000.0
BULK_HASH = 64 * 1024 * 1024  # bytes of pending terms FTS5 holds before writing a segment, in bulk_load
RANKED = 1000  # hits of each kind ranked and counted exactly
KEY_BITS = 40  # SQLite FTS rowid = institution_id << KEY_BITS | evidence id (migration 0016)
KEY_MASK = (1 << KEY_BITS) - 1


@dataclass
class Found:
    ranked: list  # [(evidence id, score)] of the page
    total: int
    capped: bool = False  # more than `total` match; RANKED of each kind were ranked


def _check(candidates, column, pin=False):
    """`EXISTS (candidates whose pk = column)`: the scoping and filters, for one hit.

    `pin` keeps PostgreSQL from turning the EXISTS into a semi-join, which it would answer by
    hashing every candidate of the institution (a sequential scan): the per-hit primary-key
    probe is what keeps the cost proportional to the hits.
    """
    sql, params = candidates.order_by().filter(pk=RawSQL(column, ())).values("pk").query.sql_with_params()
    return f"EXISTS ({sql}{' OFFSET 0' if pin else ''})", list(params)


def _fts_phrases(query):
    return " ".join('"' + w.replace('"', '""') + '"' for w in query.words)


def institution_rowids(institution_id):
    """The FTS rowids of one institution's documents (migration 0016): `(lo, hi)`, both inclusive."""
    lo = int(institution_id) << KEY_BITS
    return lo, lo + KEY_MASK


def _word_implies_text(query):
    """A one-word query whose text lies inside the word: an item with the word holds the text too."""
    return len(query.words) == 1 and bool(query.fragment) and query.fragment in query.words[0]


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SqliteBackend:
    @staticmethod
    def _part(table, score, part, check):
        """The newest `keep` checked matches of one FTS table inside the institution's rowid range.

        `rowid BETWEEN` and `ORDER BY rowid DESC` reach FTS5's plan (not a filter afterwards): it
        seeks to the top of the institution's slice of each doclist and stops at its bottom.
        """
        return (f"SELECT * FROM (SELECT {table}.rowid & {KEY_MASK} AS id, {score} AS score, {part} AS part "
                f"FROM {table} WHERE {table} MATCH %s AND {table}.rowid BETWEEN %s AND %s AND {check} "
                f"ORDER BY {table}.rowid DESC LIMIT %s)")

    def _parts(self, candidates, query, keep, institution_id):
        parts, params = [], []
        rowids = institution_rowids(institution_id)
        if query.words:
            check, check_params = _check(candidates, f"(evidence_fts.rowid & {KEY_MASK})")
            parts.append(self._part("evidence_fts", "%s - bm25(evidence_fts)", 1, check))
            params += [WORD_BONUS, _fts_phrases(query), *rowids, *check_params, keep]
        if len(query.fragment) >= 3:
            text = '"' + query.fragment.replace('"', '""') + '"'
        else:  # two characters, below the trigram size: any trigram that starts with them (migration 0005)
            grams = self._trigrams_starting(query.fragment)
            text = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        if text:
            check, check_params = _check(candidates, f"(evidence_trgm.rowid & {KEY_MASK})")
            parts.append(self._part("evidence_trgm", "0.5", 2, check))
            params += [text, *rowids, *check_params, keep]
        if not parts:
            parts.append("SELECT NULL AS id, NULL AS score, NULL AS part WHERE 0")
        return " UNION ALL ".join(parts), params

    @staticmethod
    def _trigrams_starting(pair):
        with connection.cursor() as cursor:
            cursor.execute("SELECT term FROM evidence_trgm_vocab WHERE term >= %s AND term < %s",
                           [pair, pair + "\U0010ffff"])
            return [row[0] for row in cursor.fetchall()]

    def hits(self, candidates, query, limit, offset, institution_id):
        parts, params = self._parts(candidates, query, RANKED + 1, institution_id)
        return _run(parts, params, limit, offset)


def _institution_is(institution_id):
    """`d.institution_id = <id>` typed as the column: btree_gin's operator classes (int8_ops for a bigint
    key) have no cross-type `=`, so an untyped integer literal would leave the GIN index's institution
    column unused (the match would then read every institution's entries and filter rows afterwards)."""
    column = SearchDocument._meta.get_field("institution").target_field.rel_db_type(connection)
    return f"d.institution_id = CAST({int(institution_id)} AS {column})"


class PostgresBackend:
    def _parts(self, candidates, query, keep, institution_id):
        words = " ".join(query.words)
        if len(query.fragment) >= 3:
            holds, text = "d.body LIKE %s", _like(query.fragment)
        else:  # no trigram to look up: the pair index (exact, no recheck of the text needed)
            holds, text = "d.pairs @> ARRAY[%s]::text[]", query.fragment
        # the first column of every search index (migration 0015): only this institution's entries are read
        mine = _institution_is(institution_id)
        holds = f"{mine} AND {holds}"
        check, check_params = _check(candidates, "d.evidence_id", pin=True)
        if _word_implies_text(query):
            # One word holding the typed text: every item with the word also holds the text, so
            # one pass over the text matches suffices; the word test reads the row already fetched.
            return ("SELECT d.evidence_id AS id, CASE WHEN d.words_tsv @@ plainto_tsquery('simple', %s) "
                    "THEN %s + ts_rank(d.words_tsv, plainto_tsquery('simple', %s)) ELSE 0.5 END AS score, "
                    "1 AS part FROM evidence_searchdocument d "
                    f"WHERE {holds} AND {check} LIMIT %s"), [words, WORD_BONUS, words, text, *check_params, keep]
        parts, params = [], []
        if query.words:
            # The newest `keep` hits are chosen first (no heap text read: the GIN match is exact),
            # then only those are ranked (ts_rank reads the tsvector).
            parts.append(
                "SELECT h.id, %s + ts_rank(r.words_tsv, plainto_tsquery('simple', %s)) AS score, 1 AS part "
                "FROM (SELECT d.evidence_id AS id FROM evidence_searchdocument d "
                f"WHERE {mine} AND d.words_tsv @@ plainto_tsquery('simple', %s) "
                f"AND {check} "
                "ORDER BY d.evidence_id DESC LIMIT %s) h JOIN evidence_searchdocument r ON r.evidence_id = h.id")
            params += [WORD_BONUS, words, words, *check_params, keep]
        # Every trigram match is re-read to confirm it (LIKE recheck): no ORDER BY, so the scan
        # stops after `keep` confirmed hits (in storage order) instead of confirming them all.
        parts.append("SELECT d.evidence_id AS id, 0.5::float8 AS score, 2 AS part "
                     f"FROM evidence_searchdocument d WHERE {holds} AND {check} LIMIT %s")
        params += [text, *check_params, keep]
        return " UNION ALL ".join(f"({p})" for p in parts), params

    def hits(self, candidates, query, limit, offset, institution_id):
        parts, params = self._parts(candidates, query, RANKED + 1, institution_id)
        return _run(parts, params, limit, offset)


def page_sql(parts):
    return (f"WITH m AS ({parts}), "
            "best AS (SELECT id, MAX(score) AS score FROM m GROUP BY id), "
            "sizes AS (SELECT part, COUNT(*) AS n FROM m GROUP BY part) "
            "SELECT id, score, (SELECT COUNT(*) FROM best), (SELECT COALESCE(MAX(n), 0) FROM sizes) "
            "FROM best ORDER BY score DESC, id DESC LIMIT %s OFFSET %s")


def _run(parts, params, limit, offset):
    """Rank the checked hits of both kinds, count them, and cut the page, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(page_sql(parts), params + [limit, offset])
        rows = cursor.fetchall()
        if not rows:  # a page past the end: still say how many there are
            cursor.execute(f"WITH m AS ({parts}), best AS (SELECT id FROM m GROUP BY id), "
                           "sizes AS (SELECT part, COUNT(*) AS n FROM m GROUP BY part) "
                           "SELECT (SELECT COUNT(*) FROM best), (SELECT COALESCE(MAX(n), 0) FROM sizes)", params)
            total, largest = cursor.fetchone()
        else:
            total, largest = rows[0][2], rows[0][3]
    return Found([(row[0], row[1]) for row in rows], total, capped=largest > RANKED)


def get_backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


@contextmanager
def bulk_load():
    """Suspend index upkeep while many search documents are written; rebuild the indexes once at the end.

    For loading or re-indexing tens of thousands of items at once (the benchmark, a full re-index):
    per-row upkeep through triggers (SQLite) or GIN inserts (PostgreSQL) is several times slower
    than one rebuild. Searches made meanwhile miss the documents written inside the block.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'evidence_searchdocument'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                yield
            finally:
                for table in ("evidence_fts", "evidence_trgm"):
                    # a larger in-memory batch of terms: fewer segments to merge (~40 % faster at 1M items)
                    cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', %s)", [BULK_HASH])
                    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
                    cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', %s)", [1024 * 1024])
                for _name, sql in triggers:
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'evidence_searchdocument' "
                           "AND indexname IN ('evidence_search_tsv', 'evidence_search_trgm', 'evidence_search_pairs')")
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {name}")
            try:
                yield
            finally:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                for _name, sql in indexes:
                    cursor.execute(sql)
                cursor.execute("RESET maintenance_work_mem")
        else:
            yield
