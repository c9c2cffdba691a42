"""Template filters for Thai conventions: BE dates, Thai digits, localized fields."""
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from genderseal.thai.dates import format_date
from genderseal.thai.digits import to_thai_digits

register = template.Library()


def _local(value):
    """An aware datetime in the site's time zone (a date stays as it is)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def be_date(value, style=""):
    return format_date(_local(value), get_language() or "th", short=style == "short")


@register.filter
def be_datetime(value):
    """'26 พ.ย. 2569 18:54': the short date (Buddhist Era in Thai) and the local time."""
    if not value:
        return ""
    value = _local(value)
    return f"{format_date(value, get_language() or 'th', short=True)} {value:%H:%M}"


@register.filter
def thai_digits(value):
    return to_thai_digits(value)


@register.filter
def t(obj, field):
    return obj.t(field) if obj is not None else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def pct(value):
    """A CSS width in percent: clamped to 0..100, always with a dot."""
    try:
        number = min(max(float(value), 0.0), 100.0)
    except (TypeError, ValueError):
        number = 0.0
    return f"{number:.2f}"


@register.filter
def ceil(value):
    import math

    return math.ceil(float(value) - 1e-9)
