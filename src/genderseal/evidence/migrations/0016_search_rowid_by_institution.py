"""SQLite search indexes: each institution a contiguous slice of every doclist.

With migration 0015 the institution was a column of both FTS5 tables (`institution_id : "42"`,
`scope : "..."`): matches were filtered by it, but FTS5 still walked every institution's
entries of each term's doclist, since doclists are ordered by rowid and the rowid was the
evidence id (institutions interleaved). With ten institutions of 100,000 items a trigram
phrase walked ten times what the searcher could find.

Now the rowid of both tables is `key = (institution_id << 40) | evidence_id` (evidence ids stay
below 2**40), read through the view `evidence_search_content` (`key`, `words`, `body`) with
`content_rowid='key'`: every doclist holds one institution's entries side by side, and a search
asks for `rowid BETWEEN institution_id << 40 AND (institution_id + 1 << 40) - 1`, a rowid range
that FTS5 takes in its query plan and uses to seek inside each doclist (its doclist index),
never visiting other institutions' entries. The institution columns are gone (one column each:
`words`, `body`). The view lists the documents in key order, so a `rebuild` (here and in
`search.backends.bulk_load`) feeds FTS5 rising rowids (a falling one flushes its buffer into a
new segment). FTS5 reads the view only for a rebuild: a rowid lookup (snippet(), highlight())
would scan it, and the search never makes one (snippets are cut in Python).

Triggers write the key; moving a document to another institution moves its entries.
Existing rows are re-indexed here from the documents. PostgreSQL is unchanged (its two-column
GIN indexes on (institution_id, ...) already read only the institution's entries): no-op there.
"""
import importlib
from contextlib import contextmanager

from django.db import migrations

PREVIOUS = importlib.import_module("genderseal.evidence.migrations.0015_search_by_institution")

KEY = "(({row}.institution_id << 40) | {row}.evidence_id)"
WORDS_TOKENIZER = "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\""
BULK_HASH = 64 * 1024 * 1024  # bytes of pending terms before FTS5 writes a segment, during the rebuild

SQLITE = PREVIOUS.SQLITE_DROP + [
    f"CREATE VIEW evidence_search_content AS SELECT {KEY.format(row='d')} AS key, d.words AS words, "
    "d.body AS body FROM evidence_searchdocument d ORDER BY d.institution_id, d.evidence_id",
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(words, content='evidence_search_content', "
    f"content_rowid='key', {WORDS_TOKENIZER})",
    "CREATE VIRTUAL TABLE evidence_trgm USING fts5(body, content='evidence_search_content', "
    "content_rowid='key', tokenize='trigram')",
    "CREATE VIRTUAL TABLE evidence_trgm_vocab USING fts5vocab(evidence_trgm, 'row')",
    f"INSERT INTO evidence_fts(evidence_fts, rank) VALUES ('hashsize', {BULK_HASH})",
    "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')",
    "INSERT INTO evidence_fts(evidence_fts, rank) VALUES ('hashsize', 1048576)",
    f"INSERT INTO evidence_trgm(evidence_trgm, rank) VALUES ('hashsize', {BULK_HASH})",
    "INSERT INTO evidence_trgm(evidence_trgm) VALUES ('rebuild')",
    "INSERT INTO evidence_trgm(evidence_trgm, rank) VALUES ('hashsize', 1048576)",
    f"""CREATE TRIGGER evidence_search_ai AFTER INSERT ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(rowid, words) VALUES ({KEY.format(row='new')}, new.words);
        INSERT INTO evidence_trgm(rowid, body) VALUES ({KEY.format(row='new')}, new.body);
    END""",
    f"""CREATE TRIGGER evidence_search_ad AFTER DELETE ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, words) VALUES ('delete', {KEY.format(row='old')}, old.words);
        INSERT INTO evidence_trgm(evidence_trgm, rowid, body) VALUES ('delete', {KEY.format(row='old')}, old.body);
    END""",
    f"""CREATE TRIGGER evidence_search_au_words AFTER UPDATE OF words, institution_id, evidence_id
    ON evidence_searchdocument BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, words) VALUES ('delete', {KEY.format(row='old')}, old.words);
        INSERT INTO evidence_fts(rowid, words) VALUES ({KEY.format(row='new')}, new.words);
    END""",
    f"""CREATE TRIGGER evidence_search_au_body AFTER UPDATE OF body, institution_id, evidence_id
    ON evidence_searchdocument BEGIN
        INSERT INTO evidence_trgm(evidence_trgm, rowid, body) VALUES ('delete', {KEY.format(row='old')}, old.body);
        INSERT INTO evidence_trgm(rowid, body) VALUES ({KEY.format(row='new')}, new.body);
    END""",
]


@contextmanager
def rebuilding(cursor):
    """A larger page cache, and freed pages not zeroed, while the search tables are rebuilt or merged.

    The freed pages hold index entries of documents that stay (indexed again): Debian's SQLite has
    secure_delete on, which wrote 7 GB more at 10 x 100,000. Both settings are put back after.
    """
    cursor.execute("PRAGMA cache_size")
    cache = cursor.fetchone()[0]
    cursor.execute("PRAGMA secure_delete")
    secure = cursor.fetchone()[0]
    cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
    cursor.execute("PRAGMA secure_delete = 0")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA secure_delete = {int(secure)}")
        cursor.execute(f"PRAGMA cache_size = {int(cache)}")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor, rebuilding(cursor):
        for sql in SQLITE:
            cursor.execute(sql)


def backward(apps, schema_editor):
    """Back to migration 0015's shape: the institution as a column of both tables, rowid = evidence id."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in PREVIOUS.SQLITE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0015_search_by_institution")]

    operations = [migrations.RunPython(forward, backward)]
