"""Many-to-many rows handed to objects as if `prefetch_related` had read them, from rows a page already holds.

Django's `prefetch_related` builds a manager and a filtered queryset for every object it fills (about
0.1 ms each: 4 ms for the round page's 40 results, a tenth of the page) and runs its own query, when
the page has read the institution's units already. `attach` puts each object's list where the
related manager looks first (`obj._prefetched_objects_cache[name]`, the place `prefetch_related`
fills), so `obj.<name>.all()` answers from it with no query, in the rules as in the templates.
"""
from django.db.models import QuerySet


def attach(obj, name, rows):
    """`obj.<name>.all()` answers `rows` (a list of the related model's objects, in the order wanted)."""
    field = obj._meta.get_field(name)
    held = QuerySet(model=field.related_model)
    held._result_cache = list(rows)
    held._prefetch_done = True
    cache = getattr(obj, "_prefetched_objects_cache", None)
    if cache is None:
        cache = obj._prefetched_objects_cache = {}
    cache[name] = held
