"""The two search engines behind one call: `hits(candidates, query, limit, offset) -> ([(id, score)], total)`.

`candidates` is the member's scoped and filtered Evidence queryset; its SQL is used as a
subquery so scoping and filters are applied inside the database, in one statement. Whole-word
matches rank above matches inside words.
"""
from django.db import connection

WORD_BONUS = 1000.0


def _ids_sql(candidates):
    return candidates.values("pk").query.sql_with_params()


def _fts_phrase(query):
    return " ".join('"' + w.replace('"', '""') + '"' for w in query.words)


class SqliteBackend:
    def hits(self, candidates, query, limit, offset):
        ids_sql, ids_params = _ids_sql(candidates)
        parts, params = [], []
        if query.words:
            parts.append(f"SELECT rowid AS id, {WORD_BONUS} - bm25(evidence_fts) AS score "
                         "FROM evidence_fts WHERE evidence_fts MATCH %s")
            params.append(_fts_phrase(query))
        if len(query.fragment) >= 3:
            parts.append("SELECT rowid AS id, -bm25(evidence_trgm) AS score "
                         "FROM evidence_trgm WHERE evidence_trgm MATCH %s")
            params.append('"' + query.fragment.replace('"', '""') + '"')
        else:  # two characters: below the trigram size, scan the candidates' text
            parts.append("SELECT evidence_id AS id, 0.5 AS score FROM evidence_searchdocument "
                         "WHERE instr(body, %s) > 0")
            params.append(query.fragment)
        matches = " UNION ALL ".join(parts)
        base = (f"SELECT id, MAX(score) AS score FROM ({matches}) AS m "
                f"WHERE id IN ({ids_sql}) GROUP BY id")
        return _run(base, params + list(ids_params), limit, offset)


class PostgresBackend:
    def hits(self, candidates, query, limit, offset):
        ids_sql, ids_params = _ids_sql(candidates)
        parts, params = [], []
        if query.words:
            parts.append(f"SELECT evidence_id AS id, {WORD_BONUS} + ts_rank(words_tsv, q) AS score "
                         "FROM evidence_searchdocument, plainto_tsquery('simple', %s) AS q WHERE words_tsv @@ q")
            params.append(" ".join(query.words))
        like = "%" + query.fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts.append("SELECT evidence_id AS id, 0.5 AS score FROM evidence_searchdocument WHERE body LIKE %s")
        params.append(like)
        matches = " UNION ALL ".join(parts)
        base = (f"SELECT id, MAX(score) AS score FROM ({matches}) AS m "
                f"WHERE id IN ({ids_sql}) GROUP BY id")
        return _run(base, params + list(ids_params), limit, offset)


def _run(base, params, limit, offset):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, score, COUNT(*) OVER () FROM ({base}) AS r "
                       "ORDER BY score DESC, id DESC LIMIT %s OFFSET %s", params + [limit, offset])
        rows = cursor.fetchall()
        if not rows and offset:
            cursor.execute(f"SELECT COUNT(*) FROM ({base}) AS r", params)
            return [], cursor.fetchone()[0]
    total = rows[0][2] if rows else 0
    return [(row[0], row[1]) for row in rows], total


def get_backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
