from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def my_work_count(membership):
    """How many things the member must act on now (one query): the count next to งานของฉัน."""
    if not membership:
        return 0
    from genderseal.mywork.queries import nav_count

    return nav_count(membership, timezone.localdate())
