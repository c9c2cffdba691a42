from django import template

register = template.Library()


@register.filter
def share(split, option):
    """Percent of the total that one sex option holds."""
    return split.share(option) if split is not None else 0


@register.filter
def heat(tally):
    from genderseal.planning.presenters import heat_class

    return heat_class(tally)
