"""PostgreSQL: keep search documents of up to ~8 KB uncompressed in their row.

A text match is confirmed by re-reading the item's `body` (pg_trgm's LIKE recheck) and a word
match is ranked by reading its tsvector: with the default `toast_tuple_target` (2 KB) every
document of ~1 KB of Thai text (3 KB of UTF-8) is compressed, and each search decompresses
both, for every hit. Raising the target to a page leaves such rows as they are (they take a
page each either way); longer texts are still compressed (lz4, migration 0003) or moved out
of line. Applies to rows written from now on.
"""
from django.db import migrations


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_search_words_tokenizer")]

    operations = [
        migrations.RunPython(run("ALTER TABLE evidence_searchdocument SET (toast_tuple_target = 8160)"),
                             run("ALTER TABLE evidence_searchdocument RESET (toast_tuple_target)")),
    ]
