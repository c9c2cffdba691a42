from django import template

from genderseal.core.audit import changes

register = template.Library()


@register.filter
def audit_changes(event):
    """[(field, before, after)] of an audit event."""
    return changes(event)


@register.filter
def can(membership, action):
    """{% if membership|can:"audit.view" %}: the permission table, in templates."""
    return bool(membership) and membership.can(action)
