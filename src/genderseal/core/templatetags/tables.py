"""{% labelled_table %}<table class="data">…</table>{% endlabelled_table %}: every body cell carries its
column's heading in data-label, written by the server (core/tables.py), for the phone's stacked rows."""
from django import template
from django.utils.safestring import mark_safe

from genderseal.core.tables import label_cells

register = template.Library()


@register.tag
def labelled_table(parser, token):
    nodes = parser.parse(("endlabelled_table",))
    parser.delete_first_token()
    return LabelledTable(nodes)


class LabelledTable(template.Node):
    def __init__(self, nodes):
        self.nodes = nodes

    def render(self, context):
        return mark_safe(label_cells(self.nodes.render(context)))  # noqa: S308 (rendered, escaped template output)
