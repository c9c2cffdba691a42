"""Template filters for Thai conventions: BE dates, Thai digits, localized fields."""
from django import template
from django.utils.translation import get_language

from genderseal.thai.dates import format_date
from genderseal.thai.digits import to_thai_digits

register = template.Library()


@register.filter
def be_date(value, style=""):
    return format_date(value, get_language() or "th", short=style == "short")


@register.filter
def thai_digits(value):
    return to_thai_digits(value)


@register.filter
def t(obj, field):
    return obj.t(field) if obj is not None else ""
