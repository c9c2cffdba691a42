"""What each role must do now (งานของฉัน): reading queries only, a fixed number whatever the data size.

Every list is cut at LIMIT lines (the page says how many more and links to the full list);
every line carries the address of the exact record (the row, by anchor). The states are
read from the records' own state fields; moving a record is in moves.py.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from genderseal.analysis.models import Status as AnalysisStatus
from genderseal.analysis.models import Worksheet
from genderseal.assessments import services as round_services
from genderseal.assessments import workflow as result_workflow
from genderseal.assessments.models import AssessmentRound, BenchmarkResult, ResultState, RoundStatus
from genderseal.assessors.models import AssessorAssignment, Clarification, ClarificationStatus, ExternalRating
from genderseal.core.links import link
from genderseal.core.models import Role
from genderseal.core.templatetags.thai import be_date
from genderseal.evidence.models import Evidence, EvidenceStatus
from genderseal.organisation.models import ActionItem
from genderseal.planning import queries as planning_queries
from genderseal.planning.models import RECEIVED, Indicator, PeriodReport, PlanningRule, ReportStatus
from genderseal.readiness.models import Milestone
from genderseal.standards.models import Benchmark
from genderseal.thai.dates import fiscal_year
from genderseal.thai.periods import deadline, period_end, period_label, period_of, periods

LIMIT = 30
TITLE_CHARS = 110  # a line's title is cut there
EXPIRING_DAYS = 60  # evidence expiring within this many days is listed
REPORT_MONTHS = 6  # report periods looked back on


@dataclass
class Line:
    kind: str  # result, evidence, report, worksheet, screening, action, clarification, milestone, unit, round
    pk: int
    code: str  # the short name shown first (benchmark code, indicator code, action number...)
    title: str
    url: str  # the exact record: its page, or its row by anchor
    state: str = ""
    state_label: str = ""
    when: object = None  # the date that matters: submitted, due, asked
    reason: str = ""  # why it was returned
    missing: list = field(default_factory=list)
    unit: object = None
    note: str = ""
    overdue: bool = False
    version: int | None = None
    mandatory: bool = False  # a benchmark the next medal cannot do without
    key: str = ""  # the line's id on the page when kind-pk is not unique (an indicator's periods)

    def __post_init__(self):
        # What the page shows, worked out once here rather than by filters and lookups per row.
        self.anchor = self.key or f"{self.kind}-{self.pk}"
        title = self.title or ""
        # Truncator counts combining marks (Thai vowels, tones) as nothing: never more than len().
        self.short_title = title if len(title) <= TITLE_CHARS else Truncator(title).chars(TITLE_CHARS)
        self.unit_label = str(self.unit) if self.unit else ""
        self.unit_name = self.unit.name if self.unit else ""
        self.when_text = be_date(self.when, "short") if self.when else ""


def _cut(rows):
    """(first LIMIT rows, how many more were found): callers fetch LIMIT + 1."""
    rows = list(rows)
    return rows[:LIMIT], max(0, len(rows) - LIMIT)


def _unit_ids(membership):
    return [u.pk for u in membership.units.all()]  # prefetched by membership_for


def rounds_in_progress(membership):
    return AssessmentRound.objects.for_member(membership).exclude(status=RoundStatus.CLOSED).filter(locked_at=None)


def _result_url(slug, result):
    return link("round-detail", slug, result.round.number) + f"#result-{result.pk}"


def _result_line(slug, result, **extra):
    fields = dict(state=result.state, state_label=result.get_state_display(), unit=result.lead_unit,
                  note=result.round.title, version=result.version)
    fields.update(extra)
    return Line("result", result.pk, result.benchmark.code, result.benchmark.t("title"), _result_url(slug, result),
                **fields)


def _evidence_line(slug, item, **extra):
    return Line("evidence", item.pk, f"#{item.pk}", item.t("title"),
                link("evidence-detail", slug, item.pk), state=item.status,
                state_label=item.get_status_display(), unit=item.owner_unit, version=item.version, **extra)


def _report_url(slug, code, period):
    return link("planning-indicator", slug, code) + f"#period-{period.isoformat()}"


def _report_form_url(slug, code, period, frequency):
    """The period form itself, opened on that period: where a due or returned report is written."""
    fy = fiscal_year(period)
    which = f"quarter={fy.quarter_of(period)}" if frequency == "quarterly" else f"month={period.month}"
    return link("planning-report", slug, code) + f"?fy={fy.be}&{which}"


def _worksheet_line(slug, sheet, **extra):
    return Line("worksheet", sheet.pk, sheet.project.code, sheet.project.t("title"),
                link("analysis-detail", slug, sheet.project.code), state=sheet.status,
                state_label=sheet.get_status_display(), unit=sheet.project.owner_unit, version=sheet.version,
                note=str(sheet.fiscal_year), **extra)


def _action_line(slug, item, today):
    return Line("action", item.pk, f"#{item.number}", item.title, link("action-detail", slug, item.number),
                state=item.status, state_label=item.get_status_display(), when=item.due_on, unit=item.owner_unit,
                overdue=bool(item.due_on and item.due_on < today))


def _clarification_line(slug, thread):
    return Line("clarification", thread.pk, thread.benchmark.code, thread.benchmark.t("title"),
                link("assess-thread", slug, thread.round.number, thread.number),
                state=thread.status, state_label=thread.get_status_display(), when=thread.asked_at,
                note=thread.round.title)


# --- focal point ------------------------------------------------------------------------

def focal_point(membership, today: date):
    """Benchmarks of my units, what was returned, reports due, action items, questions, evidence: 8 queries."""
    slug, units = membership.institution.slug, _unit_ids(membership)
    supported = BenchmarkResult.responsible_units.through.objects.filter(orgunit__in=units)
    mine = Q(lead_unit__in=units) | Q(pk__in=supported.values("benchmarkresult_id"))  # each by its own index
    results = (BenchmarkResult.objects.for_member(membership)
               .filter(round__in=rounds_in_progress(membership), benchmark__retired=False)
               .filter(mine)
               .exclude(state=ResultState.APPROVED)
               .select_related("benchmark", "round", "lead_unit")
               .order_by(F("lead_unit").asc(nulls_last=True), "round__number", "benchmark__order"))
    benchmarks, returned = [], []
    rows, more_benchmarks = _cut(results[:LIMIT + 1])
    todo = sum(r.lead_unit_id in units and r.state in _TO_DO for r in rows)  # the count's results part
    for r in rows:
        leads = r.lead_unit_id in units
        line = _result_line(slug, r, reason=r.return_comment if r.state == ResultState.RETURNED else "",
                            missing=result_workflow.missing_fields(r) if leads else [])
        line.note = f"{r.round.title} · " + (str(_lead) if leads else str(_support))
        (returned if r.state == ResultState.RETURNED and leads else benchmarks).append(line)

    evidence = (Evidence.objects.for_member(membership).alive().filter(owner_unit__in=units)
                .filter(Q(status=EvidenceStatus.RETURNED)
                        | Q(status=EvidenceStatus.APPROVED, expires_on__lte=today + timedelta(days=EXPIRING_DAYS)))
                .select_related("owner_unit").order_by("expires_on", "pk"))
    expiring, more_evidence = _cut(evidence[:LIMIT + 1])
    evidence_lines = []
    for e in expiring:
        if e.status == EvidenceStatus.RETURNED:
            returned.append(_evidence_line(slug, e, reason=e.review_comment, when=e.reviewed_at))
        else:
            evidence_lines.append(_evidence_line(slug, e, when=e.expires_on, overdue=e.expires_on < today))

    sheets = list(Worksheet.objects.for_member(membership).filter(project__owner_unit__in=units,
                                                                   status=AnalysisStatus.RETURNED)
                  .select_related("project__owner_unit").order_by("reviewed_at")[:LIMIT])
    returned += [_worksheet_line(slug, s, reason=s.review_comment, when=s.reviewed_at) for s in sheets]

    due, overdue, returned_reports = reports_due(membership, today, units)
    returned += returned_reports

    actions = (ActionItem.objects.for_member(membership).pending().filter(owner_unit__in=units)
               .select_related("owner_unit").order_by(F("due_on").asc(nulls_last=True), "number"))
    action_rows, more_actions = _cut(actions[:LIMIT + 1])

    waiting = waiting_clarifications(membership, units)
    complete = not (more_benchmarks or more_evidence or more_actions) and len(sheets) < LIMIT and len(waiting) < LIMIT
    if complete:  # every list whole: the count next to my work is theirs (counts.count_parts), returned reports aside
        todo += (sum(e.status == EvidenceStatus.RETURNED for e in expiring) + len(sheets) + len(waiting)
                 + sum(bool(a.due_on and a.due_on < today) for a in action_rows)
                 + _returned_reports(membership, units).count())
    return {
        "waiting": todo if complete else None,
        "benchmarks": benchmarks, "more_benchmarks": more_benchmarks,
        "returned": returned,
        "reports_due": due, "reports_overdue": overdue,
        "actions": [_action_line(slug, a, today) for a in action_rows], "more_actions": more_actions,
        "clarifications": waiting,
        "evidence": evidence_lines, "more_evidence": more_evidence,
    }


_TO_DO = (ResultState.DRAFT, ResultState.RETURNED)  # a led result still to answer or fix


def _returned_reports(membership, units):
    """My units' period reports returned to them, of any period (counted next to my work)."""
    return PeriodReport.objects.for_member(membership).filter(indicator__owner_unit__in=units,
                                                              status=ReportStatus.RETURNED)


# Words placed on a result line: does my unit lead it or support it?
_lead = _("my unit leads")
_support = _("my unit supports")


def waiting_clarifications(membership, units):
    """Open questions of the assessors on benchmarks my units lead (one query)."""
    led = BenchmarkResult.objects.filter(round=OuterRef("round"), benchmark=OuterRef("benchmark"),
                                         lead_unit__in=units)
    threads = (Clarification.objects.filter(round__institution=membership.institution,
                                            status=ClarificationStatus.OPEN)
               .filter(Exists(led)).select_related("round", "benchmark").order_by("asked_at")[:LIMIT])
    return [_clarification_line(membership.institution.slug, t) for t in threads]


def _report_periods(today):
    """(period start, frequency) whose period is over, looking back REPORT_MONTHS months."""
    out = []
    first = (today.replace(day=1) - timedelta(days=31 * REPORT_MONTHS)).replace(day=1)
    for fy in dict.fromkeys((fiscal_year(first), fiscal_year(today))):
        for frequency in ("monthly", "quarterly"):
            out += [(s, frequency) for s in periods(fy, frequency) if s >= period_of(first, frequency)
                    and period_end(s, frequency) < today]
    return out


def reports_due(membership, today, units):
    """My units' period reports: (due now, overdue, returned lines); 3 queries."""
    slug = membership.institution.slug
    rule = PlanningRule.for_institution(membership.institution_id)
    wanted = _report_periods(today)
    if not wanted or not units:
        return [], [], []
    years = {fiscal_year(s).be for s, _f in wanted}
    indicators = list(Indicator.objects.for_member(membership)
                      .filter(owner_unit__in=units, first_fy__lte=max(years), last_fy__gte=min(years))
                      .select_related("owner_unit").order_by("code")[:500])
    reports = {(r.indicator_id, r.period): r for r in
               PeriodReport.objects.filter(indicator__in=indicators, period__gte=min(s for s, _f in wanted))
               .only("indicator_id", "period", "status", "review_comment", "reviewed_at")}
    due, overdue, returned = [], [], []
    for start, frequency in sorted(wanted, reverse=True):
        fy = fiscal_year(start).be
        ends = deadline(start, frequency, rule.deadline_days)
        for ind in indicators:
            if ind.frequency != frequency or not ind.first_fy <= fy <= ind.last_fy:
                continue
            report = reports.get((ind.pk, start))
            if report is not None and report.status in RECEIVED:
                continue
            line = Line("report", ind.pk, ind.code, ind.t("title"), _report_form_url(slug, ind.code, start, frequency),
                        state=report.status if report else "", when=ends, unit=ind.owner_unit,
                        state_label=report.get_status_display() if report else "",
                        note=period_label(start, frequency, get_language() or "th"), overdue=ends < today,
                        key=f"due-{ind.pk}-{start.isoformat()}")
            line.period, line.frequency = start, frequency
            if report is not None and report.status == ReportStatus.RETURNED:
                line.reason = report.review_comment
                returned.append(line)
            elif ends < today:
                overdue.append(line)
            else:
                due.append(line)
    return due[:LIMIT], overdue[:LIMIT], returned[:LIMIT]


# --- secretariat ------------------------------------------------------------------------

def blockers(membership):
    """Benchmarks the next medal needs (the candidates rule) in the working round: (lines, gap, round)."""
    rounds = list(AssessmentRound.objects.for_member(membership).select_related("framework"))
    scored = round_services.current_round(rounds)
    if scored is None:
        return [], None, None
    summary = round_services.summarize_rounds([scored])[0]
    gap, working, results = round_services.closest_to_next_medal(membership, rounds, summary)
    slug = membership.institution.slug
    return [_result_line(slug, r, mandatory=r.mandatory) for r in results], gap, working


def secretariat(membership, today: date):
    slug = membership.institution.slug
    lines, gap, working = blockers(membership)
    rows = planning_queries.reporting(membership, fiscal_year(today), today)
    late = [{"unit": r.unit, "missing": r.tally.missing, "late": r.tally.late,
             "url": link("unit-detail", slug, r.unit.code)}
            for r in planning_queries.late_units(rows)][:LIMIT]
    actions = (ActionItem.objects.for_member(membership).overdue(today)
               .select_related("owner_unit").order_by("due_on", "number"))
    action_rows, more_actions = _cut(actions[:LIMIT + 1])
    milestones = (Milestone.objects.for_member(membership).open().filter(due_on__lt=today)
                  .select_related("owner_unit").order_by("due_on")[:LIMIT])
    from .queue import review_queue

    queue, waiting = review_queue(membership)
    return {
        "queue": queue, "waiting": waiting,  # waiting: the count next to my work, when the queue holds it all
        "blockers": [line for line in lines if line.unit is None], "gap": gap, "working_round": working,
        "owned_blockers": [line for line in lines if line.unit is not None],
        "late_units": late,
        "actions": [_action_line(slug, a, today) for a in action_rows], "more_actions": more_actions,
        "milestones": [Line("milestone", m.pk, m.get_kind_display(), m.t("title"),
                            link("milestone-list", slug) + f"#milestone-{m.pk}", state=m.status,
                            state_label=m.get_status_display(), when=m.due_on, unit=m.owner_unit, overdue=True)
                       for m in milestones],
    }


# --- committee --------------------------------------------------------------------------

def committee(membership, today: date):
    """Per round in progress: how many approved, what is missing, whether it can be signed off (2 queries)."""
    slug = membership.institution.slug
    rounds = list(rounds_in_progress(membership).order_by("number"))
    counts = {}
    for round_id, state, n in (BenchmarkResult.objects.filter(round__in=rounds, benchmark__retired=False)
                               .values_list("round", "state").annotate(n=Count("pk")).order_by()):
        counts.setdefault(round_id, {})[state] = n
    readiness = []
    for r in rounds:
        figures = result_workflow.progress(counts.get(r.pk, {}))
        readiness.append({
            "round": r, "figures": figures,
            "missing": [(ResultState(s).label, figures[s]) for s in
                        (ResultState.DRAFT, ResultState.SUBMITTED, ResultState.RETURNED) if figures[s]],
            "ready": result_workflow.can_sign_off(Role.COMMITTEE, figures, closed=r.is_closed, locked=r.is_locked),
            "url": reverse("round-detail", args=[slug, r.number]) + "#workflow-progress",
        })
    return {"readiness": readiness, "decisions": [x for x in readiness if x["ready"]]}


# --- assessor ---------------------------------------------------------------------------

def assessor(membership, today: date):
    """Assigned rounds, what is left to rate in each, open clarifications (4 queries)."""
    slug = membership.institution.slug
    assignments = list(AssessorAssignment.objects.for_member(membership).filter(user=membership.user)
                       .select_related("round").order_by("round__number"))
    rounds = [a.round for a in assignments]
    benchmarks = {}
    for framework_id, code, _order in (Benchmark.objects.current().filter(framework__in={r.framework_id for r in rounds})
                                      .values_list("framework_id", "code", "order").order_by("order")):
        benchmarks.setdefault(framework_id, []).append(code)
    rated = {}
    for round_id, code in ExternalRating.objects.filter(round__in=rounds).values_list("round", "benchmark__code"):
        rated.setdefault(round_id, set()).add(code)
    work = []
    for r in rounds:
        left = [c for c in benchmarks.get(r.framework_id, []) if c not in rated.get(r.pk, set())]
        base = reverse("assess-workspace", args=[slug, r.number])
        work.append({"round": r, "url": base, "left": len(left), "total": len(benchmarks.get(r.framework_id, [])),
                     "lines": [{"code": c, "url": f"{base}#bench-{slugify(c)}"} for c in left[:LIMIT]]})
    threads = (Clarification.objects.for_member(membership).filter(status=ClarificationStatus.OPEN)
               .select_related("round", "benchmark").order_by("asked_at")[:LIMIT])
    return {"assignments": work, "clarifications": [_clarification_line(slug, t) for t in threads]}


BUILDERS = {Role.FOCAL_POINT: focal_point, Role.SECRETARIAT: secretariat, Role.COMMITTEE: committee,
            Role.ASSESSOR: assessor}


def my_work(membership, today: date):
    return BUILDERS[membership.role](membership, today)
