"""SQLite: find two-character queries through the trigram index instead of scanning every text.

Two characters are below the trigram size, so such a query scanned the text of every item
(0.5-0.8 s at 100,000 items when the pair is rare). Every occurrence of a pair "ab" starts a
trigram "ab?" as long as something follows it, so the index's vocabulary (`fts5vocab`) lists
the trigrams starting with the pair and one OR query over them finds the items. The indexer
now ends every `body` with a newline so a pair at the very end of a text is followed too;
existing bodies get it here.
"""
from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS evidence_trgm_vocab USING fts5vocab(evidence_trgm, 'row')",
    "UPDATE evidence_searchdocument SET body = body || char(10) WHERE substr(body, -1) <> char(10) OR body = ''",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS evidence_trgm_vocab"]
POSTGRES = ["UPDATE evidence_searchdocument SET body = body || E'\\n' WHERE right(body, 1) <> E'\\n' OR body = ''"]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0004_search_inline_rows")]

    operations = [migrations.RunPython(run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                                       run({"sqlite": SQLITE_REVERSE}))]
