"""The round page's rows: read with what each shows (`read`), and written as HTML, the row's one place.

The round page shows every benchmark of the round (40 in the Seal's standard), each row some 35 values
and ten conditions; the template engine spent about 0.3 ms a row, a quarter of the page at 5,000
institutions (docs/performance.md). The page's template prints `result.html`, in the list and when htmx
swaps one row in. `_html` escapes every value as the template and `format_html` do (the same
characters), without `format_html`'s check for lazy strings around each of a row's ~40 values, which
was 40% of the rows' time; the return form, which needs the request (its token, what was typed), is
still the shared template `core/_return_form.html`.

`read` gives each row its benchmark (the standard's kept rows), lead and responsible units and action
items from one query each for the whole page, where `select_related`/`prefetch_related` cost 8 ms of
the page's 40 at 5,000 institutions (a join for the order, a manager and queryset built per row).
"""
import html
from collections import defaultdict

from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString

from genderseal.core.models import OrgUnit
from genderseal.core.prefetch import attach
from genderseal.standards.kept import rows_of

from .models import BenchmarkResult


def _escaped(value):
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _html(template, *values):
    """What `format_html(template, *values)` gives: each value escaped unless already safe HTML."""
    return SafeString(template.format(*map(_escaped, values)))


def _html_join(template, rows):
    return SafeString("".join(_html(template, *values) for values in rows))


def read(membership, round, results, action_items=False):
    """`results` (a queryset of the round's results) as a list in the standard's order, each with its round,
    benchmark, lead unit and responsible units (and action items) attached; and the institution's units
    by id, retired ones too (a result may still name one). A fixed number of queries whatever the rows."""
    results = list(results)
    kept = rows_of(round.framework)
    if any(r.benchmark_id not in kept.benchmarks for r in results):
        kept = rows_of(round.framework, again=True)
    units = {unit.pk: unit for unit in OrgUnit.objects.for_member(membership)}  # in code order
    responsible = defaultdict(list)
    for result_id, unit_id in (BenchmarkResult.responsible_units.through.objects
                               .filter(benchmarkresult__round=round).values_list("benchmarkresult_id", "orgunit_id")):
        if unit_id in units:  # never another institution's unit, whatever a row says
            responsible[result_id].append(units[unit_id])
    items = defaultdict(list)
    if action_items:
        model = BenchmarkResult._meta.get_field("action_items").related_model
        for item in model.objects.for_member(membership).filter(result__round=round):
            items[item.result_id].append(item)
    for result in results:
        result.round, result.benchmark = round, kept.benchmarks[result.benchmark_id]
        result.lead_unit = units.get(result.lead_unit_id)
        attach(result, "responsible_units", sorted(responsible[result.pk], key=lambda unit: unit.code))
        if action_items:
            attach(result, "action_items", items[result.pk])
    results.sort(key=lambda result: (result.benchmark.order, result.benchmark.code))
    return results, units


def _result_cell(result, labels):
    if result.option:
        return _html('<span class="result result-{}">{}</span>', result.option.code, result.option.t("label"))
    return _html('<span class="result result-none">{}</span>', labels["not_rated"])


def _comment_cell(result, page):
    if not (result.assessor_comment and page["can_action_items"]):
        return _html("{}", result.assessor_comment)
    if result.action_links:
        links = _html_join('<a class="btn small secondary" data-testid="open-action-item" href="{}">{}</a> ',
                                 ((item.url, item.label) for item in result.action_links))
    else:
        links = _html('<a class="btn small secondary" data-testid="make-action-item" href="{}?result={}">{}</a>',
                            page["action_create_url"], result.pk, page["row_labels"]["action_item"])
    return _html("{}<br>{}", result.assessor_comment, links)


def _response_cell(result, page):
    if not page["can_narratives"]:
        return _html("{}", result.response)
    return _html('{}<br><a class="small" data-testid="narrative-link" href="{}{}/narrative/">{}</a>',
                       result.response, page["edit_prefix"], result.code_path, page["row_labels"]["narrative"])


def _units_cell(result):
    lead = result.lead_unit
    # Safe when empty too: a plain "" before the badges would turn them into text.
    badge = (_html('<span class="badge lead" title="{}" data-testid="lead-unit">{}</span> ', lead.name, lead)
             if lead else SafeString(""))
    return badge + _html_join('<span class="badge" title="{}">{}</span> ',
                              ((unit.name, unit) for unit in result.other_units))


def _state_cell(result):
    returned = (_html('<div class="comment muted" data-testid="return-reason">{}</div>', result.return_comment)
                if result.state == "returned" and result.return_comment else "")
    error = (_html('<div class="error" role="alert" data-testid="workflow-error">{}</div>', result.error)
             if getattr(result, "error", "") else "")
    return _html('<span class="state state-{}" data-testid="state" data-state="{}">{}</span>\n    {}\n    {}',
                       result.state, result.state, result.get_state_display(), returned, error)


def _moves_cell(result, page, request):
    edit = (_html('<button class="btn small secondary" hx-get="{}{}/" hx-target="closest tr" '
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
            moves.append(_html(
                '<button class="btn small" data-testid="transition-{}" hx-post="{}{}/{}/" hx-vals=\'{{"version": "{}"}}\' '
                'hx-target="closest tr" hx-swap="outerHTML">{}</button>',
                step.name, page["edit_prefix"], result.code_path, step.name, result.version, step.label))
    return _html("{}\n    {}", edit, SafeString("".join(moves)))


def _context(request, values):
    return Context({**values, "request": request, "csrf_token": get_token(request)})


def row_html(result, page, request):
    """The row of `result` (prepared by the view: option, links, units, transitions) on the round page."""
    labels = page["row_labels"]
    code = result.benchmark.code
    return _html(
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


def every_result(membership, filters, results):
    """`results` when they are every result of the round (no filter, and this member's scope leaves none
    out: an assessor's does), for the counts and summary to be worked out from them; else None."""
    if any(filters.values()):
        return None
    everything = BenchmarkResult.objects.all()
    return results if BenchmarkResult.restrict_for(everything, membership) is everything else None


def body_html(results):
    """The table's rows in order, each dimension's heading row before its first benchmark (`row_html` written
    for each result already)."""
    parts, dimension_id = [], None
    for result in results:
        goal = result.benchmark.goal
        heading = ""
        if goal.dimension_id != dimension_id:
            dimension_id = goal.dimension_id
            heading = _html('<tr class="dimension-row"><td colspan="8">{}. {}</td></tr>',
                                  goal.dimension.code, goal.dimension.t("title"))
        parts.append(_html("\n    {}\n    {}\n  ", heading, result.html))
    return SafeString("".join(parts))
