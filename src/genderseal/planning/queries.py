"""Dashboard figures from aggregate queries: a fixed number of queries whatever the data size."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Prefetch, Sum, When
from django.utils import timezone
from django.utils.translation import get_language

from genderseal.core.models import OrgUnit, Role
from genderseal.thai.dates import FiscalYear
from genderseal.thai.periods import MONTHLY, QUARTERLY, deadline, period_label, periods

from . import presenters, rules, stamps
from .models import RECEIVED, Indicator, IndicatorTarget, Kind, PeriodReport, PlanningRule, Project, ReportStatus, Value

CACHE_SECONDS = 600  # a backstop only: every write through the app replaces the stamp token


def dashboard(membership, fy: FiscalYear, today, rule: rules.Rule):
    """Everything the dashboard shows, from cached parts: the institution's part and one part per unit.

    Keys hold the change stamps (replaced in the transaction of every write): the institution's
    token for everything, a unit's token for that unit's reporting row and its indicators' figures,
    so after a monthly report only that unit is recomputed. A cached part is never served after a
    change; totals stay derived (the cache holds query results only).
    """
    base = ":".join(str(part) for part in (
        membership.institution_id, stamps.token(membership.institution_id), fy.be, today.isoformat(),
        get_language() or "th", _received_for(membership) == (ReportStatus.APPROVED,),
        rule.deadline_days, rule.missing_points, rule.late_points))
    meta = cache.get(f"planning-dashboard:{base}")
    if meta is None:
        meta = _institution_part(membership, fy)
        cache.set(f"planning-dashboard:{base}", meta, CACHE_SECONDS)
    tokens = stamps.unit_tokens(membership.institution_id)
    keys = {unit_id: f"planning-dashboard-unit:{base}:{unit_id}:{tokens.get(unit_id, '-')}"
            for unit_id in meta["unit_ids"]}
    found = cache.get_many(list(keys.values()))
    missing = [unit_id for unit_id, key in keys.items() if key not in found]
    if missing:
        computed = _unit_parts(membership, fy, today, rule, meta, missing)
        cache.set_many({keys[unit_id]: part for unit_id, part in computed.items()}, CACHE_SECONDS)
        found.update({keys[unit_id]: part for unit_id, part in computed.items()})
    parts = [found[keys[unit_id]] for unit_id in meta["unit_ids"] if keys[unit_id] in found]
    rows = [part["row"] for part in parts if part["row"] is not None]
    top = sorted((f for part in parts for f in part["top"]), key=lambda f: (-f.split.total, f.code))[:12]
    return {"rows": rows, "late": late_units(rows), "total": presenters.total_tally(rows),
            "groups": merge_groups(part["groups"] for part in parts), "top": top, "markers": meta["markers"]}


def compute_dashboard(membership, fy, today, rule):
    """The dashboard without any cache (tests compare the cached one with it)."""
    rows = reporting(membership, fy, today, rule)
    figures = indicator_figures(membership, fy)
    return {"rows": rows, "late": late_units(rows), "total": presenters.total_tally(rows),
            "groups": grouped(membership, figures), "top": presenters.top_split(figures),
            "markers": marker_totals(membership, fy.be)}


def _institution_part(membership, fy):
    """What does not change with a period report: the units reporting this year, project facts, markers."""
    unit_ids = set(Indicator.objects.for_member(membership).filter(first_fy__lte=fy.be, last_fy__gte=fy.be)
                   .values_list("owner_unit_id", flat=True).distinct())
    codes = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "code")) if unit_ids else {}
    return {"unit_ids": sorted(unit_ids, key=lambda pk: codes[pk]), "projects": _project_facts(membership),
            "markers": marker_totals(membership, fy.be)}


def _unit_parts(membership, fy, today, rule, meta, unit_ids):
    """{unit id: {"row", "groups", "top"}} for these units, in one pass of queries."""
    rows = {row.unit.pk: row for row in reporting(membership, fy, today, rule, unit_ids=unit_ids)}
    indicators = Indicator.objects.for_member(membership).filter(owner_unit_id__in=unit_ids)
    by_unit = defaultdict(list)
    for figure in indicator_figures(membership, fy, indicators):
        by_unit[figure.unit_id].append(figure)
    return {unit_id: {"row": rows.get(unit_id), "groups": _groups(meta["projects"], by_unit[unit_id]),
                      "top": presenters.top_split(by_unit[unit_id])} for unit_id in unit_ids}


def marker_totals(membership, fy_be):
    """Projects running in the fiscal year and their budget, by gender marker (one aggregate query)."""
    return list(Project.objects.for_member(membership).filter(first_fy__lte=fy_be, last_fy__gte=fy_be)
                .values("gender_marker").annotate(n=Count("pk"), budget=Sum("budget")).order_by("gender_marker"))


def _received_for(membership):
    """Statuses counted as received for this member (assessors see only what the secretariat approved)."""
    return (ReportStatus.APPROVED,) if membership.role == Role.ASSESSOR else RECEIVED  # as PeriodReport.restrict_for


def _cutoff(day):
    """The first instant after `day` ends, in the current time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass
class UnitRow:
    unit: object
    tally: rules.Tally
    months: list = field(default_factory=list)  # [(period, Tally)] for the heat map
    points: Decimal = Decimal(0)


def reporting(membership, fy: FiscalYear, today, rule: rules.Rule | None = None, unit_ids=None):
    """Per unit: expected / received / on time over the fiscal year to date, per month, points lost."""
    rule = rule or PlanningRule.for_institution(membership.institution_id)
    indicators = Indicator.objects.for_member(membership).filter(first_fy__lte=fy.be, last_fy__gte=fy.be)
    if unit_ids is not None:
        indicators = indicators.filter(owner_unit_id__in=unit_ids)
    counts = defaultdict(int)
    for unit_id, frequency, n in indicators.values_list("owner_unit_id", "frequency").annotate(n=Count("pk")):
        counts[(unit_id, frequency)] += n
    due = {f: rules.expected_periods(fy, f, today=today, rule=rule) for f in (MONTHLY, QUARTERLY)}
    on_time = Case(*[When(period=p, indicator__frequency=f,
                          submitted_at__lt=_cutoff(deadline(p, f, rule.deadline_days)), then=1)
                     for f in due for p in due[f]], default=0, output_field=IntegerField())
    received = defaultdict(lambda: [0, 0])
    rows = (PeriodReport.objects.for_member(membership)
            .filter(indicator__in=indicators, status__in=RECEIVED, period__gte=fy.start, period__lte=fy.end)
            .values_list("indicator__owner_unit_id", "indicator__frequency", "period")
            .annotate(n=Count("pk"), on_time=Sum(on_time)))
    for unit_id, frequency, period, n, ok in rows:
        received[(unit_id, frequency, period)] = [n, ok or 0]
    unit_ids = {u for u, _f in counts}
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=unit_ids)} if unit_ids else {}
    months = periods(fy, MONTHLY)
    out = []
    for unit_id in sorted(unit_ids, key=lambda pk: units[pk].code):
        total, cells = rules.Tally(), {m: rules.Tally() for m in months}
        for frequency, starts in due.items():
            n = counts.get((unit_id, frequency), 0)
            for start in starts:
                got, ok = received.get((unit_id, frequency, start), (0, 0))
                cell = rules.Tally(n, min(got, n), min(ok, n))
                total.add(cell)
                end_month = periods(fy, MONTHLY)[min(months.index(start) + (2 if frequency == QUARTERLY else 0), 11)]
                cells[end_month].add(cell)
        out.append(UnitRow(units[unit_id], total, [(m, cells[m]) for m in months], rules.points_lost(total, rule)))
    return out


def late_units(rows):
    """Units with a missing or late report, worst first."""
    return sorted((r for r in rows if r.tally.missing or r.tally.late),
                  key=lambda r: (-r.points, r.unit.code))


@dataclass
class IndicatorFigure:
    pk: int
    code: str
    title: str
    unit_id: int
    project_id: int | None
    kind: str
    target: Decimal | None
    actual: Decimal | None
    progress: float | None
    split: rules.SexSplit = field(default_factory=rules.SexSplit)


def indicator_figures(membership, fy: FiscalYear, indicators=None):
    """Actual (received reports), target and progress of every indicator of the fiscal year: 4 queries."""
    qs = indicators if indicators is not None else Indicator.objects.for_member(membership)
    qs = qs.filter(first_fy__lte=fy.be, last_fy__gte=fy.be)
    rows = list(qs.values_list("pk", "code", "title_th", "title_en", "owner_unit_id", "project_id", "kind",
                               "direction", "baseline", "aggregation"))
    targets = dict(IndicatorTarget.objects.filter(indicator__in=qs, fiscal_year=fy.be, quarter=0)
                   .values_list("indicator_id", "value"))
    values = (Value.objects.filter(report__indicator__in=qs, report__status__in=_received_for(membership),
                                   report__period__gte=fy.start, report__period__lte=fy.end))
    # One row per indicator and option (not per period): sums give the yearly actual and the sex split.
    sums, splits = defaultdict(Decimal), defaultdict(dict)
    for indicator_id, key, number in values.values_list("report__indicator_id", "option_key").annotate(
            n=Sum("number")).order_by():
        sums[indicator_id] += number
        splits[indicator_id][key] = number
    latest = defaultdict(list)  # "latest period" indicators only (few): totals per period
    last_ids = [r[0] for r in rows if r[9] == "last"]
    if last_ids:
        for indicator_id, _period, number in (values.filter(report__indicator_id__in=last_ids)
                                             .values_list("report__indicator_id", "report__period")
                                             .annotate(n=Sum("number")).order_by("report__indicator_id",
                                                                                 "report__period")):
            latest[indicator_id].append(number)
    english = (get_language() or "th").startswith("en")
    out = []
    for pk, code, th, en, unit_id, project_id, kind, direction, baseline, aggregation in rows:
        act = rules.actual(latest.get(pk, []), "last") if aggregation == "last" else sums.get(pk)
        target = targets.get(pk)
        out.append(IndicatorFigure(pk, code, (en or th) if english else (th or en), unit_id, project_id, kind,
                                   target, act, rules.progress(act, target, baseline, direction),
                                   rules.split_by_sex(splits.get(pk, {})) if kind == Kind.COUNT else rules.SexSplit()))
    return out


@dataclass
class Group:
    key: object
    label: str
    indicators: int = 0
    with_target: int = 0
    progress_sum: float = 0.0
    split: rules.SexSplit = field(default_factory=rules.SexSplit)

    @property
    def progress(self):
        return round(self.progress_sum / self.with_target, 1) if self.with_target else None


def _project_facts(membership):
    """Per project: strategic area, plan, SDG targets, for grouping (3 queries)."""
    projects = {p[0]: p for p in Project.objects.for_member(membership).values_list(
        "pk", "strategic_area_id", "strategic_area__name_th", "measure__strategy__plan_id",
        "measure__strategy__plan__title_th", "owner_unit_id")}
    sdg = defaultdict(list)
    for project_id, code in Project.sdg_targets.through.objects.filter(
            project__institution=membership.institution_id).values_list("project_id", "sdgtarget__code"):
        sdg[project_id].append(code)
    units = {u.pk: str(u) for u in OrgUnit.objects.for_member(membership)}
    return {"projects": projects, "sdg": dict(sdg), "units": units}


def _groups(facts, figures):
    """{group name: {key: Group}} of these figures (partial sums: merge_groups adds parts up)."""
    groups = {name: {} for name in ("plan", "area", "unit", "sdg")}
    projects, sdg, units = facts["projects"], facts["sdg"], facts["units"]

    def add(name, key, label, fig):
        g = groups[name].setdefault(key, Group(key, label))
        g.indicators += 1
        if fig.progress is not None:
            g.with_target += 1
            g.progress_sum += min(fig.progress, 100.0)
        for option in rules.SEX_OPTIONS:
            setattr(g.split, option, getattr(g.split, option) + getattr(fig.split, option))

    for fig in figures:
        add("unit", fig.unit_id, units.get(fig.unit_id, "?"), fig)
        project = projects.get(fig.project_id)
        if project:
            if project[1]:
                add("area", project[1], project[2], fig)
            if project[3]:
                add("plan", project[3], project[4], fig)
            for code in sdg.get(fig.project_id, []):
                add("sdg", code, code, fig)
    return groups


def merge_groups(parts):
    """Add up partial groups into sorted lists per group name."""
    merged = {name: {} for name in ("plan", "area", "unit", "sdg")}
    for part in parts:
        for name, groups in part.items():
            for key, g in groups.items():
                into = merged[name].get(key)
                if into is None:
                    merged[name][key] = Group(key, g.label, g.indicators, g.with_target, g.progress_sum,
                                              rules.SexSplit(*(getattr(g.split, o) for o in rules.SEX_OPTIONS)))
                    continue
                into.indicators += g.indicators
                into.with_target += g.with_target
                into.progress_sum += g.progress_sum
                for option in rules.SEX_OPTIONS:
                    setattr(into.split, option, getattr(into.split, option) + getattr(g.split, option))
    return {name: sorted(g.values(), key=lambda g: str(g.key)) for name, g in merged.items()}


def grouped(membership, figures):
    """Progress (mean of capped indicator progress) and sex split by plan, strategic area, unit, SDG target."""
    return merge_groups([_groups(_project_facts(membership), figures)])


# Feeding the Seal: approved indicator reports as monitoring evidence for benchmarks 1.1.3 and 1.1.4.
SEAL_BENCHMARKS = ("1.1.3", "1.1.4")  # gender targets monitored and reported on
SEAL_LIMIT = 24


def monitoring_reports(membership, limit=SEAL_LIMIT):
    """The latest approved reports with their values (3 queries), and how many there are in all."""
    approved = PeriodReport.objects.for_member(membership).filter(status=ReportStatus.APPROVED)
    rows = list(approved.select_related("indicator__owner_unit").prefetch_related(
        Prefetch("values", queryset=Value.objects.order_by("option_key"))).order_by("-period", "indicator__code")[:limit])
    language = get_language() or "th"
    for report in rows:
        values = {v.option_key: v.number for v in report.values.all()}
        report.label = period_label(report.period, report.indicator.frequency, language)
        report.total = rules.total(values)
        report.split = rules.split_by_sex(values)
    return rows, approved.count()


def benchmark_context(membership, benchmark):
    if benchmark.code not in SEAL_BENCHMARKS or not membership.can("planning.view"):
        return {}
    rows, count = monitoring_reports(membership)
    return {"planning_reports": rows, "planning_report_count": count}
