"""Many links of one route on a page for the price of one reverse.

`link(name, *args)` answers what `reverse(name, args=args)` answers. The route is reversed once per
shape of its arguments, with a marker in place of each whole number, and remembered; each link then
only puts its numbers in. Text arguments (a slug, a code) are part of the remembered shape, so a page
reverses once per institution and kind of record, not once per row. The memory is per URLconf and
script prefix, and forgotten when the URL settings change (tests).
"""
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 918_273_645_000  # the markers: _MARK + position, never a real id
_shapes = {}


def link(name, *args):
    key = (get_urlconf(), get_script_prefix(), name,
           tuple(None if type(a) is int else a for a in args))  # noqa: E721 (bool is not a number here)
    pattern = _shapes.get(key)
    if pattern is None:
        marks = [str(_MARK + i) for i in range(len(args))]
        url = reverse(name, args=[m if type(a) is int else a for m, a in zip(marks, args)])  # noqa: E721
        pattern = url.replace("{", "{{").replace("}", "}}")
        for i, (mark, a) in enumerate(zip(marks, args)):
            if type(a) is int:  # noqa: E721
                if pattern.count(mark) != 1:  # the marker must stand for this argument alone
                    return reverse(name, args=args)
                pattern = pattern.replace(mark, f"{{{i}}}")
        _shapes[key] = pattern
    return pattern.format(*args)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _shapes.clear()
