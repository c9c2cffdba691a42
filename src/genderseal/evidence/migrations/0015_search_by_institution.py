"""Search indexes keyed by institution first: a search never steps over another institution's hits.

The word and text indexes were shared by every institution and each match was checked against
the member's institution after matching, so with ten large institutions in one database a
search visited (and checked) ten times the hits it could show. Now the institution is part of
every index, and a search is restricted to it inside the index:

SQLite: the word table (FTS5 unicode61) gets a column `institution_id` (the id as a token) and
the text table (FTS5 trigram) a column `scope`: three private-use characters naming the
institution (`backends.scope_token`), which the trigram tokenizer keeps as exactly one token.
A query is `institution_id : "42" AND words : (...)` / `scope : "..." AND body : ...`. The
text table reads `scope` from the view `evidence_search_content`. bm25 weighs the institution
column 0.

PostgreSQL: the three GIN indexes (words, trigrams, character pairs) become two-column indexes
on (institution_id, ...) through btree_gin, and a search names the institution.

Existing rows are re-indexed here (SQLite: both FTS tables rebuilt from the documents;
PostgreSQL: the indexes built again); nothing is re-segmented or re-read from files.
"""
from django.db import migrations

SCOPE = "char(57344, 983040 + {row}.institution_id / 60000, 983040 + {row}.institution_id % 60000)"
WORDS_TOKENIZER = "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\""

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS evidence_search_ai",
    "DROP TRIGGER IF EXISTS evidence_search_ad",
    "DROP TRIGGER IF EXISTS evidence_search_au_words",
    "DROP TRIGGER IF EXISTS evidence_search_au_body",
    "DROP TABLE IF EXISTS evidence_trgm_vocab",
    "DROP TABLE IF EXISTS evidence_fts",
    "DROP TABLE IF EXISTS evidence_trgm",
    "DROP VIEW IF EXISTS evidence_search_content",
]
SQLITE = SQLITE_DROP + [
    "CREATE VIEW evidence_search_content AS SELECT evidence_id, institution_id, words, body, "
    f"{SCOPE.format(row='evidence_searchdocument')} AS scope FROM evidence_searchdocument",
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(institution_id, words, content='evidence_searchdocument', "
    f"content_rowid='evidence_id', {WORDS_TOKENIZER})",
    "CREATE VIRTUAL TABLE evidence_trgm USING fts5(scope, body, content='evidence_search_content', "
    "content_rowid='evidence_id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE evidence_trgm_vocab USING fts5vocab(evidence_trgm, 'row')",
    "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')",
    "INSERT INTO evidence_trgm(evidence_trgm) VALUES ('rebuild')",
    f"""CREATE TRIGGER evidence_search_ai AFTER INSERT ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(rowid, institution_id, words) VALUES (new.evidence_id, new.institution_id, new.words);
        INSERT INTO evidence_trgm(rowid, scope, body) VALUES (new.evidence_id, {SCOPE.format(row='new')}, new.body);
    END""",
    f"""CREATE TRIGGER evidence_search_ad AFTER DELETE ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, institution_id, words)
            VALUES ('delete', old.evidence_id, old.institution_id, old.words);
        INSERT INTO evidence_trgm(evidence_trgm, rowid, scope, body)
            VALUES ('delete', old.evidence_id, {SCOPE.format(row='old')}, old.body);
    END""",
    """CREATE TRIGGER evidence_search_au_words AFTER UPDATE OF words, institution_id ON evidence_searchdocument
    BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, institution_id, words)
            VALUES ('delete', old.evidence_id, old.institution_id, old.words);
        INSERT INTO evidence_fts(rowid, institution_id, words) VALUES (new.evidence_id, new.institution_id, new.words);
    END""",
    f"""CREATE TRIGGER evidence_search_au_body AFTER UPDATE OF body, institution_id ON evidence_searchdocument
    BEGIN
        INSERT INTO evidence_trgm(evidence_trgm, rowid, scope, body)
            VALUES ('delete', old.evidence_id, {SCOPE.format(row='old')}, old.body);
        INSERT INTO evidence_trgm(rowid, scope, body) VALUES (new.evidence_id, {SCOPE.format(row='new')}, new.body);
    END""",
]
# Back to migration 0005's shape (one column each, content read from the documents).
SQLITE_REVERSE = SQLITE_DROP + [
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(words, content='evidence_searchdocument', "
    f"content_rowid='evidence_id', {WORDS_TOKENIZER})",
    "CREATE VIRTUAL TABLE evidence_trgm USING fts5(body, content='evidence_searchdocument', "
    "content_rowid='evidence_id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE evidence_trgm_vocab USING fts5vocab(evidence_trgm, 'row')",
    "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')",
    "INSERT INTO evidence_trgm(evidence_trgm) VALUES ('rebuild')",
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

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS evidence_search_tsv",
    "DROP INDEX IF EXISTS evidence_search_trgm",
    "DROP INDEX IF EXISTS evidence_search_pairs",
    "CREATE INDEX evidence_search_tsv ON evidence_searchdocument USING gin (institution_id, words_tsv)",
    "CREATE INDEX evidence_search_trgm ON evidence_searchdocument USING gin (institution_id, body gin_trgm_ops)",
    "CREATE INDEX evidence_search_pairs ON evidence_searchdocument USING gin (institution_id, pairs)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS evidence_search_tsv",
    "DROP INDEX IF EXISTS evidence_search_trgm",
    "DROP INDEX IF EXISTS evidence_search_pairs",
    "CREATE INDEX evidence_search_tsv ON evidence_searchdocument USING gin (words_tsv)",
    "CREATE INDEX evidence_search_trgm ON evidence_searchdocument USING gin (body gin_trgm_ops)",
    "CREATE INDEX evidence_search_pairs ON evidence_searchdocument USING gin (pairs)",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0014_delete_dossier")]

    operations = [migrations.RunPython(run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                                       run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}))]
