from django import template

from genderseal.core.typed import take

register = template.Library()


@register.simple_tag(takes_context=True)
def typed_again(context, action):
    """{% typed_again action as text %}: what was typed in the refused form posting to `action` (core/typed.py)."""
    request = context.get("request")
    return take(request, str(action)) if request is not None else ""
