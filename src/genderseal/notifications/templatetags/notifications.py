from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context, membership):
    """Unread messages of the signed-in member: the navigation's "inbox" count, read with my work's."""
    if not membership:
        return 0
    from genderseal.core import navigation

    request = context.get("request")
    if request is None:  # drawn outside a request (a mail, a test): counted on its own
        from genderseal.notifications.services import unread_count as count

        return count(membership)
    return navigation.count(request, "inbox", membership)
