"""A row of the round page as HTML: the row's one place, written here rather than in the template.

The round page shows every benchmark of the round (40 in the Seal's standard), each row some 35 values
and ten conditions; the template engine spent about 0.3 ms a row, a quarter of the page at 5,000
institutions (docs/performance.md). The page's template prints `result.html`, in the list and when htmx
swaps one row in. `format_html` escapes every value as the template did; the return form, which needs
the request (its token, what was typed), is still the shared template `core/_return_form.html`.
"""
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def _result_cell(result, labels):
    if result.option:
        return format_html('<span class="result result-{}">{}</span>', result.option.code, result.option.t("label"))
    return format_html('<span class="result result-none">{}</span>', labels["not_rated"])


def _comment_cell(result, page):
    if not (result.assessor_comment and page["can_action_items"]):
        return format_html("{}", result.assessor_comment)
    if result.action_links:
        links = format_html_join("", '<a class="btn small secondary" data-testid="open-action-item" href="{}">{}</a> ',
                                 ((item.url, item.label) for item in result.action_links))
    else:
        links = format_html('<a class="btn small secondary" data-testid="make-action-item" href="{}?result={}">{}</a>',
                            page["action_create_url"], result.pk, page["row_labels"]["action_item"])
    return format_html("{}<br>{}", result.assessor_comment, links)


def _response_cell(result, page):
    if not page["can_narratives"]:
        return format_html("{}", result.response)
    return format_html('{}<br><a class="small" data-testid="narrative-link" href="{}{}/narrative/">{}</a>',
                       result.response, page["edit_prefix"], result.code_path, page["row_labels"]["narrative"])


def _units_cell(result):
    lead = result.lead_unit
    html = (format_html('<span class="badge lead" title="{}" data-testid="lead-unit">{}</span> ', lead.name, lead)
            if lead else "")
    return html + format_html_join("", '<span class="badge" title="{}">{}</span> ',
                                   ((unit.name, unit) for unit in result.other_units))


def _state_cell(result):
    returned = (format_html('<div class="comment muted" data-testid="return-reason">{}</div>', result.return_comment)
                if result.state == "returned" and result.return_comment else "")
    error = (format_html('<div class="error" role="alert" data-testid="workflow-error">{}</div>', result.error)
             if getattr(result, "error", "") else "")
    return format_html('<span class="state state-{}" data-testid="state" data-state="{}">{}</span>\n    {}\n    {}',
                       result.state, result.state, result.get_state_display(), returned, error)


def _moves_cell(result, page, request):
    edit = (format_html('<button class="btn small secondary" hx-get="{}{}/" hx-target="closest tr" '
                        'hx-swap="outerHTML">{}</button>', page["edit_prefix"], result.code_path,
                        page["row_labels"]["edit"]) if result.can_edit else "")
    moves = []
    for step in result.transitions:
        if step.name == "return":
            form = get_template("core/_return_form.html").template
            moves.append(SafeString(form.render(_context(request, {
                "action": page["edit_prefix"] + result.benchmark.code + "/return/", "hx": True,
                "version": result.version}))))
        else:
            moves.append(format_html(
                '<button class="btn small" data-testid="transition-{}" hx-post="{}{}/{}/" hx-vals=\'{{"version": "{}"}}\' '
                'hx-target="closest tr" hx-swap="outerHTML">{}</button>',
                step.name, page["edit_prefix"], result.code_path, step.name, result.version, step.label))
    return format_html("{}\n    {}", edit, SafeString("".join(moves)))


def _context(request, values):
    return Context({**values, "request": request, "csrf_token": get_token(request)})


def row_html(result, page, request):
    """The row of `result` (prepared by the view: option, links, units, transitions) on the round page."""
    labels = page["row_labels"]
    code = result.benchmark.code
    return format_html(
        '\n<tr id="result-{}" data-code="{}">\n'
        '  <td data-label="{}"><a href="{}{}/">{}</a></td>\n'
        '  <td data-label="{}">{}</td>\n'
        '  <td data-testid="result" data-label="{}">{}</td>\n'
        '  <td class="comment" data-label="{}">{}</td>\n'
        '  <td class="comment" data-label="{}">{}</td>\n'
        '  <td data-label="{}">{}</td>\n'
        '  <td data-label="{}">{}</td>\n'
        '  <td>{}</td>\n'
        '</tr>\n',
        result.pk, code,
        labels["code"], page["benchmark_prefix"], result.code_path, code,
        labels["benchmark"], result.benchmark.t("title"),
        labels["result"], _result_cell(result, labels),
        labels["comment"], _comment_cell(result, page),
        labels["response"], _response_cell(result, page),
        labels["units"], _units_cell(result),
        labels["state"], _state_cell(result),
        _moves_cell(result, page, request),
    )
