"""SQLite search indexes: each FTS5 table merged into one segment after the rebuild of 0016.

A rebuild leaves several segments per table (one per filled term buffer, partly merged), and a
search walks every segment's doclist of each term: at ten institutions of 100,000 items the
trigram table had 11 segments, and merging them into one ('optimize') halved a trigram phrase
inside one institution (ความเท่าเทียม 15.4 to 8.5 ms, ผ้าอนามัย 7.9 to 4.0 ms). Later writes add
small segments that FTS5's automerge folds in as usual.

The merge frees the old segments' pages; they hold index data of documents that still exist
(written again into the merged segment), so they are not zeroed first (`secure_delete`, on in
Debian's SQLite, would write every freed page once more). PostgreSQL: nothing to do.
"""
import importlib

from django.db import migrations

# The same settings as 0016's rebuild (a larger cache, freed pages not zeroed), put back after.
rebuilding = importlib.import_module("genderseal.evidence.migrations.0016_search_rowid_by_institution").rebuilding


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor, rebuilding(cursor):
        for table in ("evidence_fts", "evidence_trgm"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


class Migration(migrations.Migration):
    dependencies = [("evidence", "0016_search_rowid_by_institution")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
