"""Template filters of the documents we print (PDF through WeasyPrint)."""
from django import template
from django.utils.safestring import mark_safe

from genderseal.reports import linebreak

register = template.Library()


@register.filter
def name(value):
    """A name of a person, unit or institution, never broken across lines."""
    return mark_safe(linebreak.name_html(value))


@register.filter
def digits(value, style):
    """A number or a time in the document's digits (Thai digits when the document asks for them)."""
    return style.number(value)
