"""Full-text search structures over evidence_searchdocument, per database.

SQLite: two external-content FTS5 tables (unicode61 over the segmented `words`, trigram
over `body`) kept in step by triggers. PostgreSQL: a generated tsvector column with a GIN
index and a pg_trgm GIN index on `body`.
"""
from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(words, content='evidence_searchdocument', "
    "content_rowid='evidence_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE evidence_trgm USING fts5(body, content='evidence_searchdocument', "
    "content_rowid='evidence_id', tokenize='trigram')",
    """CREATE TRIGGER evidence_search_ai AFTER INSERT ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(rowid, words) VALUES (new.evidence_id, new.words);
        INSERT INTO evidence_trgm(rowid, body) VALUES (new.evidence_id, new.body);
    END""",
    """CREATE TRIGGER evidence_search_ad AFTER DELETE ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, words) VALUES ('delete', old.evidence_id, old.words);
        INSERT INTO evidence_trgm(evidence_trgm, rowid, body) VALUES ('delete', old.evidence_id, old.body);
    END""",
    """CREATE TRIGGER evidence_search_au AFTER UPDATE ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, words) VALUES ('delete', old.evidence_id, old.words);
        INSERT INTO evidence_trgm(evidence_trgm, rowid, body) VALUES ('delete', old.evidence_id, old.body);
        INSERT INTO evidence_fts(rowid, words) VALUES (new.evidence_id, new.words);
        INSERT INTO evidence_trgm(rowid, body) VALUES (new.evidence_id, new.body);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS evidence_search_au",
    "DROP TRIGGER IF EXISTS evidence_search_ad",
    "DROP TRIGGER IF EXISTS evidence_search_ai",
    "DROP TABLE IF EXISTS evidence_trgm",
    "DROP TABLE IF EXISTS evidence_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE evidence_searchdocument ADD COLUMN words_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED",
    "CREATE INDEX evidence_search_tsv ON evidence_searchdocument USING gin (words_tsv)",
    "CREATE INDEX evidence_search_trgm ON evidence_searchdocument USING gin (body gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS evidence_search_trgm",
    "DROP INDEX IF EXISTS evidence_search_tsv",
    "ALTER TABLE evidence_searchdocument DROP COLUMN IF EXISTS words_tsv",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [
        migrations.RunPython(run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})),
    ]
