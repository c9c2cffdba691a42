"""A query built the same way at every request, compiled once per process.

Building a queryset of many parts and compiling it to SQL can cost more than running it: the count
next to งานของฉัน is five subqueries, about 2 ms of Python for a query the database answers in 1 ms,
on every page. `fetch_one(key, build, values)` builds the queryset from stand-in values, compiles it
once per `key` (which names everything that shapes the SQL: the role, how many units), and later only
puts each request's values into the parameters.

The rule for `build`: its values go into the query as they are (filters, never `if value ...`), and
the key names everything else that shapes it. Checked when compiled: built from two different sets of
stand-ins, the SQL must be the same and the parameters must differ exactly where a stand-in went, each
traced back to its value. Otherwise (a value that changes the SQL, goes in transformed, or makes the
build read a row) the key is marked and its query is built and compiled at every call, as before.
"""
from datetime import date

from django.db import connections

_kept = {}  # key -> (sql, [(position, value index, as text)], params) or None (build every time)
_BASE = 9_137_000_000_000  # stand-in numbers: far above any id


def _stand_ins(values, variant):
    out = []
    for i, value in enumerate(values):
        if type(value) is int:  # noqa: E721 (a bool is not a stand-in)
            out.append(_BASE + 1000 * variant + i)
        elif type(value) is date:  # noqa: E721
            out.append(date(1903 + 40 * variant + i, 1 + i % 12, 1 + variant))
        else:
            raise TypeError(f"no stand-in for {type(value).__name__}")
    return out


def _sql(queryset):
    return queryset.query.get_compiler(queryset.db).as_sql()


def _compile(build, values):
    try:
        a, b = _stand_ins(values, 0), _stand_ins(values, 1)
    except TypeError:
        return None
    try:
        sql_a, params_a = _sql(build(*a))
        sql_b, params_b = _sql(build(*b))
    except Exception:  # noqa: BLE001 (the build needed more than its values, e.g. a related row: no shortcut)
        return None
    if sql_a != sql_b or len(params_a) != len(params_b):
        return None
    slots = []
    for position, (pa, pb) in enumerate(zip(params_a, params_b)):
        if pa == pb:
            continue
        found = [i for i in range(len(values)) if str(pa) == str(a[i]) and str(pb) == str(b[i])]
        if len(found) != 1:
            return None
        slots.append((position, found[0], isinstance(pa, str)))
    return sql_a, slots, list(params_a)


def fetch_one(key, build, values, using="default"):
    """The first row of `build(*values)` (a queryset of plain values), compiled once per `key`."""
    key = (using, connections[using].vendor, key)
    if key not in _kept:
        _kept[key] = _compile(build, values)
    kept = _kept[key]
    if kept is None:
        sql, params = _sql(build(*values))
    else:
        sql, slots, params = kept
        params = list(params)
        for position, index, as_text in slots:
            params[position] = str(values[index]) if as_text else values[index]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def forget():
    _kept.clear()
