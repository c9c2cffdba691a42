"""Pages for rounds: the dashboard, the round page with in-place editing, new rounds, comparison."""
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core import errors
from genderseal.core.audit import history_for
from genderseal.core.links import link
from genderseal.core.models import OrgUnit
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.evidence import queries as evidence_queries
from genderseal.readiness.certificates import dashboard_context as certificate_context
from genderseal.readiness.presenters import next_open_milestone
from genderseal.standards import rules
from genderseal.standards.kept import rows_of
from genderseal.standards.models import Benchmark, Dimension, ResultOption

from .. import presenters, review, rows, services
from ..forms import ResultForm, RoundFilter, RoundForm
from ..models import AssessmentRound, BenchmarkResult, ResultState
from ..rows import row_html
from . import workflow


def _rounds(membership):
    return AssessmentRound.objects.for_member(membership).select_related("framework", "copied_from")


def _summary_context(summary, membership, rounds=None, held=None):
    """What the summary panel (level, percent bar, dimension bars, gap, closest to the next medal) needs;
    `held`: every result of the summary's round, read by the page already."""
    framework = summary.round.framework
    _gap, working, closest = services.closest_to_next_medal(membership, rounds or [summary.round], summary, held)
    kept = rows_of(framework)
    levels, dimensions = list(kept.levels), list(kept.dimensions)
    return {
        "current": summary,
        "levels": {level.code: level for level in levels},
        "markers": presenters.level_markers(levels, summary.summary.total.applicable),
        "bars": presenters.dimension_bars(summary.summary, dimensions),
        "dimensions": dimensions,
        "gap": summary.summary.next_level,
        "closest": closest,
        "working_round": working,
    }


@member_view("round.view")
def dashboard(request, membership):
    rounds = list(_rounds(membership))
    summaries = services.summarize_rounds(rounds)
    current = services.current_round(rounds)
    today = timezone.localdate()
    context = {
        "trend": summaries,
        # The readiness milestones when one is open ahead, else the rounds' dates.
        "next_milestone": next_open_milestone(membership, today) or presenters.next_milestone(rounds, today),
        "last_milestone": presenters.last_milestone(rounds, today),
    }
    if current is not None:
        context.update(_summary_context(next(s for s in summaries if s.round.pk == current.pk), membership, rounds))
    context.update(evidence_queries.dashboard_context(membership, current))
    context.update(certificate_context(membership, today))
    return render(request, "assessments/dashboard.html", context)


@member_view("round.view")
def round_list(request, membership):
    rounds = list(_rounds(membership))
    summaries = services.summarize_rounds(rounds)
    labels = {(lv.framework_id, lv.code): lv.t("label")
              for framework in {r.framework_id: r.framework for r in rounds}.values() for lv in rows_of(framework).levels}
    for s in summaries:
        s.level_label = labels.get((s.round.framework_id, s.summary.level), "")
    return render(request, "assessments/round_list.html", {"summaries": summaries})


def _result_rows(membership, round, filters=None):
    """The round's results, filtered; `rows.read` orders them and attaches what each row shows."""
    results = BenchmarkResult.objects.for_member(membership).filter(round=round)
    if filters:
        if filters.get("state"):
            results = results.filter(state=filters["state"])
        if filters.get("dimension"):
            results = results.filter(benchmark__goal__dimension__code=filters["dimension"])
        if filters.get("result") == "none":
            results = results.filter(result_code="")
        elif filters.get("result"):
            results = results.filter(result_code=filters["result"])
        if filters.get("unit"):
            results = results.filter(responsible_units__code=filters["unit"])
    return results


@member_view("round.view")
def round_detail(request, membership, number):
    round = get_scoped(_rounds(membership), membership, number=number)
    filter_form = RoundFilter(request.GET)
    filter_form.is_valid()
    options = rows_of(round.framework).options
    links = _row_links(membership, round)
    results, units = rows.read(membership, round, _result_rows(membership, round, filter_form.cleaned_data),
                               action_items=links["can_action_items"])
    held = rows.every_result(membership, filter_form.cleaned_data, results)  # counts and summary from them
    _prepare_rows(request, membership, results, options, links)
    context = {
        "round": round,
        "results": results,
        "rows": rows.body_html(results),
        "options": options.values(),
        "units": [unit for unit in units.values() if unit.retired_at is None],
        "filters": filter_form.cleaned_data,
        "can_manage": membership.can("round.manage"),
        "states": ResultState.choices,
        **links,
        **workflow.progress_context(membership, round, held),
        "history": history_for(membership, ref_prefix=review.round_ref(round.pk) + "/", ref=review.round_ref(round.pk)),
    }
    context.update(_summary_context(services.summarize_round(round, held), membership, held=held))
    context.update(evidence_queries.round_context(membership, round))
    return render(request, "assessments/round_detail.html", context)


def _row_links(membership, round):
    """What every row links to and may show, once per page instead of once per row."""
    slug = membership.institution.slug
    return {
        "benchmark_prefix": reverse("framework-detail", args=[slug, round.framework.code]) + "benchmarks/",
        "edit_prefix": reverse("round-detail", args=[slug, round.number]) + "results/",
        "action_create_url": link("action-create", slug),
        "can_action_items": membership.can("action_item.manage"),
        "can_narratives": membership.can("narrative.view"),
        "row_labels": {"not_rated": _("Not rated"), "edit": _("Edit"), "action_item": _("Action item"),
                       "narrative": _("Units' contributions and the working group's comments"),
                       # each cell's column for the phone's card layout (app.css reads data-label)
                       "code": _("Code"), "benchmark": _("Benchmark"), "result": _("Result"),
                       "comment": _("Assessor comment"), "response": _("Institution's response"),
                       "units": _("Responsible units"), "state": _("Review state")},
    }


def _prepare_rows(request, membership, results, options, links):
    """Each row's values and HTML (rows.py) worked out here: 40 rows a page."""
    slug = membership.institution.slug
    for result in results:
        result.option = options.get(result.result_code)
        result.can_edit = bool(services.editable_fields(membership, result))
        result.transitions = review.available(membership, result)
        result.code_path = quote(result.benchmark.code, safe="/")
        result.other_units = [u for u in result.responsible_units.all() if u.pk != result.lead_unit_id]
        result.action_links = []
        if result.assessor_comment and links["can_action_items"]:
            for item in result.action_items.all():
                item.url = link("action-detail", slug, item.number)
                item.label = _("Action item #%(number)s") % {"number": item.number}
                result.action_links.append(item)
        result.html = row_html(result, links, request)


def _result_form(membership, result, data=None):
    editable = services.editable_fields(membership, result)
    options = ResultOption.objects.filter(framework=result.round.framework_id)
    units = OrgUnit.objects.for_member(membership).filter(retired_at=None)
    initial = {
        "version": result.version,
        "result_code": result.result_code,
        "assessor_comment": result.assessor_comment,
        "response": result.response,
        "lead_unit": result.lead_unit_id,
        "responsible_units": list(result.responsible_units.all()),
    }
    return ResultForm(data, initial=initial, options=options, units=units, editable=editable)


@require_http_methods(["GET", "POST"])
@member_view("result.edit")
def result_edit(request, membership, number, code):
    result = get_scoped(
        BenchmarkResult.objects.select_related("round__framework", "benchmark__goal__dimension"),
        membership,
        round__number=number,
        benchmark__code=code,
        benchmark__retired=False,
    )
    if not services.editable_fields(membership, result):
        raise Http404
    template = "assessments/round_detail.html"
    if request.method == "GET":
        if "cancel" in request.GET:
            return _render_row(request, membership, result)
        return render(request, template + "#result-form",
                      {"form": _result_form(membership, result), "result": result})
    form = _result_form(membership, result, request.POST)
    if form.is_valid():
        try:
            result = services.update_result(membership, result, form.changes(), form.cleaned_data["version"])
        except services.ResultError as error:
            status = errors.on_form(form, error)
            return render(request, template + "#result-form",
                          {"form": form, "result": result}, status=status)
        return _render_row(request, membership, result, with_summary=True)
    return render(request, template + "#result-form",
                  {"form": form, "result": result}, status=400)


def _render_row(request, membership, result, with_summary=False, with_progress=False, error="", status=200):
    result = get_scoped(
        BenchmarkResult.objects.select_related("round__framework", "round__institution", "benchmark__goal__dimension",
                                               "updated_by", "lead_unit")
        .prefetch_related("responsible_units"),
        membership,
        pk=result.pk,
    )
    links = _row_links(membership, result.round)
    result.error = error
    _prepare_rows(request, membership, [result], rows_of(result.round.framework).options, links)
    context = {"result": result, "round": result.round, "oob": with_summary,
               "oob_progress": with_progress, **links}
    if with_summary:
        context.update(_summary_context(services.summarize_round(result.round), membership))
    if with_progress:
        context.update(workflow.progress_context(membership, result.round))
    return render(request, "assessments/round_detail.html#result-row-response", context, status=status)


@require_http_methods(["GET", "POST"])
@member_view("round.manage")
def round_create(request, membership):
    rounds = _rounds(membership)
    form = RoundForm(request.POST or None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["copy_from"]
        framework = source.framework if source else _default_framework(rounds)
        if framework is None:
            form.add_error(None, _("Load a framework before creating a round."))
        else:
            new = services.create_round(
                membership, kind=data["kind"], title=data["title"], framework=framework,
                starts_on=data["starts_on"], ends_on=data["ends_on"], copy_from=source,
            )
            messages.success(request, _("Round %(number)s created.") % {"number": new.number})
            return redirect("round-detail", slug=membership.institution.slug, number=new.number)
    return render(request, "assessments/round_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _default_framework(rounds):
    from genderseal.standards.models import Framework

    latest = rounds.order_by("-number").first()
    return latest.framework if latest else Framework.objects.order_by("pk").first()


@require_POST
@member_view("round.manage")
def round_advance(request, membership, number):
    round = get_scoped(_rounds(membership), membership, number=number)
    try:
        services.advance_status(membership, round)
        messages.success(request, _("Round status is now: %(status)s") % {"status": round.get_status_display()})
    except services.ResultError as error:
        messages.error(request, str(error))
    return redirect("round-detail", slug=membership.institution.slug, number=number)


@member_view("round.view")
def round_compare(request, membership, number, other):
    before = get_scoped(_rounds(membership), membership, number=other)
    after = get_scoped(_rounds(membership), membership, number=number)
    if before.framework_id != after.framework_id:
        messages.error(request, _("These rounds use different frameworks and cannot be compared."))
        return redirect("round-detail", slug=membership.institution.slug, number=number)
    old, new = services.summarize_rounds([before, after])
    benchmarks, dimensions = rules.compare(old.summary, new.summary, old.results, new.results)
    titles = {b.code: b for b in Benchmark.objects.filter(framework=after.framework)}
    dim_titles = {d.code: d for d in Dimension.objects.filter(framework=after.framework)}
    options = {o.code: o for o in ResultOption.objects.filter(framework=after.framework)}
    return render(request, "assessments/round_compare.html", {
        "before": old, "after": new,
        "benchmarks": [(c, titles.get(c.code), options.get(c.before), options.get(c.after)) for c in benchmarks],
        "dimensions": [(d, dim_titles.get(d.code)) for d in dimensions],
    })
