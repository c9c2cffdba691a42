"""PostgreSQL: find two-character queries through an index of each text's character pairs.

pg_trgm cannot look up fewer than three characters, so a two-character query scanned every
text until enough hits were confirmed: quick for a common pair, ~0.9 s at 100,000 items for a
pair that is rare or found nowhere. Each search document now carries the distinct pairs of its
`body` (a generated column, GIN-indexed): `pairs @> ARRAY['ab']` is an exact index lookup.
SQLite does the same through the trigram index's vocabulary (migration 0005).
"""
from django.db import migrations

POSTGRES = [
    "CREATE OR REPLACE FUNCTION evidence_pairs(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') "
    "FROM generate_series(1, greatest(length(t) - 1, 0)) AS i $$",
    "ALTER TABLE evidence_searchdocument ADD COLUMN pairs text[] GENERATED ALWAYS AS (evidence_pairs(body)) STORED",
    "CREATE INDEX evidence_search_pairs ON evidence_searchdocument USING gin (pairs)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS evidence_search_pairs",
    "ALTER TABLE evidence_searchdocument DROP COLUMN IF EXISTS pairs",
    "DROP FUNCTION IF EXISTS evidence_pairs(text)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0005_search_two_characters")]

    operations = [migrations.RunPython(run(POSTGRES), run(POSTGRES_REVERSE))]
