"""Search storage: whole Thai words in SQLite's word index; cheaper rechecks on PostgreSQL.

SQLite:

FTS5's unicode61 tokenizer treats Unicode marks (category M) as separators by default, and
Thai vowel and tone marks are marks: ผ้าอนามัย was indexed as the pieces ผ / าอนาม / ย, so
a query's pieces could match pieces of unrelated words anywhere in a document. The word
table is rebuilt with marks as token characters (the segmenter already put the spaces
between words). The update trigger is split so a re-segmentation (new institution terms:
only `words` changes) does not rewrite the much larger trigram index of `body`.

PostgreSQL's parser already keeps Thai words whole. There, a search re-reads the `body` of
each text match (pg_trgm's LIKE recheck) and the tsvector of each word match (ts_rank): both
are kept in the row, compressed with lz4 (`STORAGE MAIN`), rather than pglz-compressed out of
line in the TOAST table, which halves the cost per hit. Rows written before this migration keep
their old compression until they are re-indexed.
"""
from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS evidence_search_ai",
    "DROP TRIGGER IF EXISTS evidence_search_ad",
    "DROP TRIGGER IF EXISTS evidence_search_au",
    "DROP TABLE IF EXISTS evidence_fts",
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(words, content='evidence_searchdocument', "
    "content_rowid='evidence_id', tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")",
    "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')",
    """CREATE TRIGGER evidence_search_ai AFTER INSERT ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(rowid, words) VALUES (new.evidence_id, new.words);
        INSERT INTO evidence_trgm(rowid, body) VALUES (new.evidence_id, new.body);
    END""",
    """CREATE TRIGGER evidence_search_ad AFTER DELETE ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, words) VALUES ('delete', old.evidence_id, old.words);
        INSERT INTO evidence_trgm(evidence_trgm, rowid, body) VALUES ('delete', old.evidence_id, old.body);
    END""",
    """CREATE TRIGGER evidence_search_au_words AFTER UPDATE OF words ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, words) VALUES ('delete', old.evidence_id, old.words);
        INSERT INTO evidence_fts(rowid, words) VALUES (new.evidence_id, new.words);
    END""",
    """CREATE TRIGGER evidence_search_au_body AFTER UPDATE OF body ON evidence_searchdocument BEGIN
        INSERT INTO evidence_trgm(evidence_trgm, rowid, body) VALUES ('delete', old.evidence_id, old.body);
        INSERT INTO evidence_trgm(rowid, body) VALUES (new.evidence_id, new.body);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS evidence_search_au_body",
    "DROP TRIGGER IF EXISTS evidence_search_au_words",
    "DROP TRIGGER IF EXISTS evidence_search_ad",
    "DROP TRIGGER IF EXISTS evidence_search_ai",
    "DROP TABLE IF EXISTS evidence_fts",
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(words, content='evidence_searchdocument', "
    "content_rowid='evidence_id', tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')",
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

POSTGRES = [
    # lz4 needs PostgreSQL 14+ built with it (the Debian/Ubuntu packages are); pglz otherwise.
    """DO $$ BEGIN
        EXECUTE 'ALTER TABLE evidence_searchdocument ALTER COLUMN body SET COMPRESSION lz4, '
                'ALTER COLUMN words_tsv SET COMPRESSION lz4';
    EXCEPTION WHEN OTHERS THEN NULL;
    END $$""",
    "ALTER TABLE evidence_searchdocument ALTER COLUMN body SET STORAGE MAIN, ALTER COLUMN words_tsv SET STORAGE MAIN",
]
POSTGRES_REVERSE = [
    "ALTER TABLE evidence_searchdocument ALTER COLUMN body SET STORAGE EXTENDED, "
    "ALTER COLUMN words_tsv SET STORAGE EXTENDED",
    """DO $$ BEGIN
        EXECUTE 'ALTER TABLE evidence_searchdocument ALTER COLUMN body SET COMPRESSION default, '
                'ALTER COLUMN words_tsv SET COMPRESSION default';
    EXCEPTION WHEN OTHERS THEN NULL;
    END $$""",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_search_index")]

    operations = [migrations.RunPython(run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                                         run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}))]
