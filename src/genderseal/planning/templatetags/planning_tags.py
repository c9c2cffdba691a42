from django import template

register = template.Library()


@register.filter
def share(split, option):
    """Percent of the total that one sex option holds."""
    return split.share(option) if split is not None else 0


@register.filter
def heat_cells(months):
    """A unit's twelve heat-map cells as one piece of HTML: 600 cells through the template
    language cost more than the rest of the dashboard together."""
    from django.utils.html import format_html, format_html_join

    from genderseal.planning.presenters import heat_class

    return format_html_join("", "{}", (
        (format_html('<td class="{}" title="{}/{}">{}</td>', heat_class(cell), cell.received, cell.expected,
                     f"{cell.received}/{cell.expected}" if cell.expected else ""),)
        for _period, cell in months))
