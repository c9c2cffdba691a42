from django import template

register = template.Library()


@register.simple_tag
def unread_count(membership):
    """Unread messages of the signed-in member: one COUNT query."""
    if not membership:
        return 0
    from genderseal.notifications.services import unread_count as count

    return count(membership)
