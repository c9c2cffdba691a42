"""Column labels on table cells, written by the server: on a phone a `table.data` becomes one card
per row and each cell shows its column's heading (app.css reads `data-label`).

`label_cells(html)` copies the last header row's headings (colspan counted) into `data-label` on each
body cell that has none (a cell spanning the whole row, such as "nothing yet", gets none), so the labels are there without JavaScript and before it runs (app.js does
the same in the browser for tables not wrapped in `{% labelled_table %}` and for rows swapped in
later). A table holding another table is left as it is.
"""
import html
import re

ATTRS = r"""(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*"""
CELL = re.compile(rf"<(td|th)\b({ATTRS})\s*(/?)>", re.I)
HEAD = re.compile(r"<thead\b.*?</thead>", re.I | re.S)
HEAD_ROW = re.compile(r"<tr\b.*?(?=<tr\b|</thead>)", re.I | re.S)
BODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.I | re.S)
ROW = re.compile(r"<tr\b", re.I)
COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.I)
TAGS = re.compile(r"<[^>]+>")


def _span(attrs):
    found = COLSPAN.search(attrs or "")
    return max(1, min(int(found.group(1)), 1000)) if found else 1


def headings(table_html):
    """The last header row's headings, one per column (a colspan heading repeated)."""
    head = HEAD.search(table_html)
    rows = HEAD_ROW.findall(head.group(0)) if head else []
    if not rows:
        return []
    names = []
    cells = list(CELL.finditer(rows[-1]))
    for i, cell in enumerate(cells):
        end = cells[i + 1].start() if i + 1 < len(cells) else len(rows[-1])
        inner = re.split(r"</t[dh]>", rows[-1][cell.end():end], maxsplit=1, flags=re.I)[0]
        text = " ".join(html.unescape(TAGS.sub(" ", inner)).split())
        names.extend([text] * _span(cell.group(2)))
    return names


def _label_row(row, names):
    column = 0

    def put(cell):
        nonlocal column
        tag, attrs, close = cell.group(1), cell.group(2) or "", cell.group(3)
        name = names[column] if column < len(names) else ""
        span = _span(attrs)
        column += span
        if not name or span >= len(names) > 1 or re.search(r"\sdata-label\s*=", attrs, re.I):  # a whole-row note
            return cell.group(0)
        return f'<{tag}{attrs} data-label="{html.escape(name, quote=True)}"{close}>'

    return CELL.sub(put, row)


def label_cells(table_html):
    """The table's HTML with `data-label` on every body cell that has none (see the module)."""
    if table_html.lower().count("<table") > 1:
        return table_html
    names = headings(table_html)
    if not names:
        return table_html

    def body(match):
        parts = ROW.split(match.group(2))
        labelled = [parts[0]] + ["<tr" + _label_row(part, names) for part in parts[1:]]
        return match.group(1) + "".join(labelled) + match.group(3)

    return BODY.sub(body, table_html)
