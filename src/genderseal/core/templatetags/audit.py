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


@register.filter
def history_rows(events):
    """A history panel's events in words (core/history.py)."""
    from genderseal.core.history import describe

    return describe(events)
