"""Planning pages: dashboard, plans, projects, indicators (values table and target chart)."""
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.thai.dates import FiscalYear, fiscal_year
from genderseal.thai.periods import parse_be_year, period_label, periods

from .. import presenters, queries, services
from ..models import Indicator, IndicatorTarget, Measure, PeriodReport, Plan, PlanningRule, Project, Strategy


def _fy(request, membership=None):
    """The fiscal year asked for, else the current one, or the latest with reports when the current has none."""
    be = parse_be_year(request.GET.get("fy"))
    if be:
        return FiscalYear(be)
    current = fiscal_year(timezone.localdate())
    if membership is not None:
        latest = (PeriodReport.objects.for_member(membership).filter(period__lte=current.end)
                  .order_by("-period").values_list("period", flat=True).first())
        if latest is not None and latest < current.start:
            return fiscal_year(latest)
    return current


def _fy_choices(current):
    return [current.be + d for d in (-2, -1, 0, 1)]


@member_view("planning.view")
def dashboard(request, membership):
    fy = _fy(request, membership)
    today = timezone.localdate()
    rule = PlanningRule.for_institution(membership.institution_id)
    return render(request, "planning/dashboard.html", {
        "fy": fy, "fy_choices": _fy_choices(fiscal_year(today)), "rule": rule,
        "months": [period_label(m, "monthly", get_language() or "th") for m in periods(fy, "monthly")],
        **queries.dashboard(membership, fy, today, rule),
    })


@member_view("planning.view")
def plan_list(request, membership):
    plans = Plan.objects.for_member(membership).annotate(n_strategies=Count("strategies", distinct=True))
    return render(request, "planning/plan_list.html", {"plans": plans})


@member_view("planning.view")
def plan_detail(request, membership, code):
    plan = get_scoped(Plan.objects.prefetch_related(
        Prefetch("strategies", queryset=Strategy.objects.prefetch_related(
            Prefetch("measures", queryset=Measure.objects.prefetch_related("projects"))))), membership, code=code)
    return render(request, "planning/plan_detail.html", {"plan": plan})


def _projects(membership):
    return (Project.objects.for_member(membership)
            .select_related("owner_unit", "strategic_area", "measure__strategy__plan")
            .prefetch_related("sdg_targets", "benchmarks"))


@member_view("planning.view")
def project_list(request, membership):
    projects = _projects(membership).annotate(n_indicators=Count("indicators"))
    fy = parse_be_year(request.GET.get("fy"))
    if fy:
        projects = projects.filter(first_fy__lte=fy, last_fy__gte=fy)
    return render(request, "planning/project_list.html", {"projects": projects, "fy": fy})


@member_view("planning.view")
def project_detail(request, membership, code):
    project = get_scoped(_projects(membership), membership, code=code)
    fy = _fy(request)
    figures = queries.indicator_figures(membership, fy, Indicator.objects.for_member(membership).filter(project=project))
    return render(request, "planning/project_detail.html", {
        "project": project, "figures": figures, "fy": fy})


@member_view("planning.view")
def indicator_detail(request, membership, code):
    indicator = get_scoped(Indicator.objects.select_related("owner_unit", "project").prefetch_related(
        "categories__options"), membership, code=code)
    fy = _fy(request)
    keys = indicator.option_keys(list(indicator.categories.all()))
    reports = list(PeriodReport.objects.for_member(membership).filter(
        indicator=indicator, period__gte=fy.start, period__lte=fy.end).prefetch_related("values"))
    targets = list(IndicatorTarget.objects.filter(indicator=indicator).order_by("fiscal_year", "quarter"))
    table = presenters.values_table(indicator, fy, keys, reports, get_language() or "th")
    for row in table["rows"]:
        if row["report"] is not None:
            row["transitions"] = services.available(membership, row["report"])
    return render(request, "planning/indicator_detail.html", {
        "indicator": indicator, "fy": fy, "keys": keys,
        "key_labels": [presenters.option_label(k, indicator.categories.all()) for k in keys],
        "fy_choices": list(range(indicator.first_fy, indicator.last_fy + 1)),
        "table": table, "targets": targets,
        # The months' narratives the member may read (assessors: approved months), as the export and API hold them.
        "narratives": [row for row in table["rows"] if row["report"] is not None and row["report"].narrative],
        "chart": presenters.target_chart(indicator, fy, table["rows"], targets),
        "quarters": presenters.quarters(indicator, fy, table["rows"], targets),
        "can_report": services.can_edit_unit(membership, indicator.owner_unit_id) and membership.can("report.edit"),
        "can_edit": services.can_edit_unit(membership, indicator.owner_unit_id) and membership.can("indicator.edit"),
    })
