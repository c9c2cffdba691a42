"""Plans made for each run's values, where one plan for every value would be wrong.

On PostgreSQL a query run again on a connection is prepared (settings: DB_PREPARE_THRESHOLD), and
PostgreSQL may then keep one generic plan for all its values. For a text pattern (`LIKE '%…%'` over the
trigram index) the right plan depends on the pattern: a two-character one has no trigram, and the
index plan kept for longer ones would read the whole index (20 s against 0.6 s for a plain scan at
1,000,000 documents, docs/performance.md). Queries whose plan depends on their values run inside
`custom_plans()`.
"""
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def custom_plans():
    """Inside: every statement planned for its own values (PostgreSQL; nothing to do elsewhere)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield
        # Inside a longer transaction the setting would last to its end: back to what it was.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode TO DEFAULT")
