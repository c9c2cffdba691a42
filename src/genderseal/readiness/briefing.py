"""The briefing pack of one interviewee, gathered once as plain dataclasses (rendered in briefing_documents.py).

Who: a user (every session naming them) or, for someone without an account, the interviewee
rows with the same name, role and unit (every session naming that person).

Which benchmarks they will speak to: those their sessions cover (the session's benchmarks;
a dimension named on a session without any of its benchmarks stands for all of its
benchmarks) plus, within the dimensions of their sessions, the benchmarks their unit leads
in the latest self-assessment round. Their unit's lead benchmarks in dimensions they are
not interviewed on are left out: other people answer for them in other sessions.

Everything is read through the requesting member's scope, in a fixed number of queries
(about 15) whatever the number of sessions, benchmarks, evidence items or indicators.
"""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind
from genderseal.assessments.services import current_round
from genderseal.reports.typography import Style
from genderseal.standards.models import Benchmark, ResultOption

from .models import Interviewee, InterviewSession, Question

REPORTS_PER_BENCHMARK = 8  # monitoring reports shown under 1.1.3/1.1.4 (planning.queries.monitoring_reports)


@dataclass
class SessionLine:
    number: int
    title: str
    date: str
    time: str
    place: str
    link: str
    dimensions: list[str]
    benchmarks: list[str]
    assessors: list[str]


@dataclass
class EvidenceLine:
    title: str
    owner: str
    date: str


@dataclass
class IndicatorLine:
    code: str
    title: str
    owner: str
    period: str
    total: str
    by_sex: str


@dataclass
class AnswerLine:
    number: int
    question: str
    answer: str
    dimension: str
    benchmarks: list[str]


@dataclass
class BenchmarkBrief:
    code: str
    title: str
    dimension: str
    why: list[str]  # "session 1", "lead unit"
    result: str
    lead_unit: str
    response: str
    evidence: list[EvidenceLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)  # numbers of AnswerLine


@dataclass
class BriefingPack:
    style: Style
    institution: str
    person: str
    role: str
    unit: str
    issued: str
    round_title: str
    sessions: list[SessionLine]
    benchmarks: list[BenchmarkBrief]
    answers: list[AnswerLine]
    with_evidence: bool
    with_indicators: bool


class NoSessions(Exception):
    """The person is not named on any interview session."""


def interviewee_rows(membership, *, user=None, interviewee=None):
    """The interviewee rows of one person, with their sessions (one query)."""
    rows = Interviewee.objects.for_member(membership).select_related("unit", "user", "session")
    if interviewee is not None and interviewee.user_id:
        user = interviewee.user
    if user is not None:
        return list(rows.filter(user=user))
    return list(rows.filter(user=None, name=interviewee.name, role=interviewee.role, unit=interviewee.unit_id))


def _round(membership):
    """The latest self-assessment round, else the round that says where the institution stands."""
    rounds = list(AssessmentRound.objects.for_member(membership).select_related("framework").order_by("number"))
    own = [r for r in rounds if r.kind == RoundKind.SELF]
    return own[-1] if own else current_round(rounds)


def _sessions(membership, session_ids, style):
    sessions = list(InterviewSession.objects.for_member(membership).filter(pk__in=session_ids)
                    .prefetch_related("dimensions", Prefetch("benchmarks", Benchmark.objects.order_by("order"))))
    lines = [SessionLine(
        number=s.number, title=s.title, date=style.date(s.held_on),
        time=s.starts_at.strftime("%H:%M") + (f"–{s.ends_at.strftime('%H:%M')}" if s.ends_at else ""),
        place=s.place, link=s.online_link, dimensions=[d.code for d in s.dimensions.all()],
        benchmarks=[b.code for b in s.benchmarks.all()], assessors=s.assessor_list) for s in sessions]
    return sessions, lines


def _chosen(sessions, all_benchmarks, lead_ids):
    """{benchmark pk: [reasons]} and the dimensions concerned (see the module docstring)."""
    known = {b.pk: b for b in all_benchmarks}
    by_dimension = {}
    for b in all_benchmarks:
        by_dimension.setdefault(b.goal.dimension_id, []).append(b.pk)
    why, dimensions = {}, set()
    for s in sessions:
        named = [b.pk for b in s.benchmarks.all() if b.pk in known]
        named_dimensions = {known[pk].goal.dimension_id for pk in named}
        for d in s.dimensions.all():
            dimensions.add(d.pk)
            if d.pk not in named_dimensions:
                named += by_dimension.get(d.pk, [])
        for pk in dict.fromkeys(named):
            why.setdefault(pk, []).append(("session", s.number))
            dimensions.add(known[pk].goal.dimension_id)
    for pk in lead_ids:
        if pk in known and known[pk].goal.dimension_id in dimensions:
            why.setdefault(pk, []).append(("lead", None))
    return why, dimensions


def build(membership, *, user=None, interviewee=None, style: Style | None = None,
          today: date | None = None) -> BriefingPack:
    """One interviewee's pack: their sessions, the benchmarks those cover and their unit leads."""
    rows = interviewee_rows(membership, user=user, interviewee=interviewee)
    if not rows:
        raise NoSessions()
    first = rows[0]
    unit = first.unit
    person = (first.user.get_full_name() or first.user.username) if first.user else (first.name or first.role)
    unit_ids = {r.unit_id for r in rows if r.unit_id}

    def choose(sessions, all_benchmarks, results):
        lead_ids = [pk for pk, r in results.items() if r.lead_unit_id and r.lead_unit_id in unit_ids]
        return _chosen(sessions, all_benchmarks, lead_ids)

    return _assemble(membership, {r.session_id for r in rows}, choose, style or Style(),
                     today or timezone.localdate(), person=person, role=first.role,
                     unit=f"{unit.abbreviation or unit.code} {unit.t('name')}".strip() if unit else "")


def build_executive(membership, *, style: Style | None = None, today: date | None = None) -> BriefingPack:
    """The executive pack: every dimension, benchmark and unit, every session and agreed answer, for
    the executives the Deputy Governor asks to know the work "ครบทุกมิติและทุกหน่วยงาน" (seed)."""
    from django.utils.translation import gettext as _

    user = membership.user
    session_ids = set(InterviewSession.objects.for_member(membership).values_list("pk", flat=True))

    def choose(sessions, all_benchmarks, results):
        why, _dimensions = _chosen(sessions, all_benchmarks, ())
        for b in all_benchmarks:
            why.setdefault(b.pk, [])
        return why, {b.goal.dimension_id for b in all_benchmarks}

    return _assemble(membership, session_ids, choose, style or Style(), today or timezone.localdate(),
                     person=user.get_full_name() or user.username, role=_("Executive briefing: every dimension and unit"),
                     unit="")


def _assemble(membership, session_ids, choose, style, today, *, person, role, unit) -> BriefingPack:
    from django.utils.translation import gettext as _

    sessions, session_lines = _sessions(membership, session_ids, style)
    round_ = _round(membership)
    framework_id = round_.framework_id if round_ else None
    if framework_id is None:  # no round yet: the framework of the benchmarks the sessions name
        framework_id = next((b.framework_id for s in sessions for b in s.benchmarks.all()), None) or next(
            (d.framework_id for s in sessions for d in s.dimensions.all()), None)
    all_benchmarks = list(Benchmark.objects.filter(framework=framework_id, retired=False)
                          .select_related("goal__dimension").order_by("order"))
    results = {}
    if round_ is not None:
        results = {r.benchmark_id: r for r in BenchmarkResult.objects.for_member(membership).filter(round=round_)
                   .select_related("lead_unit")}
    why, dimension_ids = choose(sessions, all_benchmarks, results)
    chosen = [b for b in all_benchmarks if b.pk in why]
    options = {o.code: o.t("label") for o in ResultOption.objects.filter(framework=framework_id)}

    briefs = {}
    for b in chosen:
        result = results.get(b.pk)
        reasons = []
        for kind, number in why[b.pk]:
            reasons.append(_("session %(number)s") % {"number": style.number(number)} if kind == "session"
                           else _("your unit leads it"))
        briefs[b.pk] = BenchmarkBrief(
            code=b.code, title=b.t("title"), dimension=b.goal.dimension.code, why=reasons,
            result=(options.get(result.result_code, result.result_code) if result and result.result_code
                    else _("Not rated yet")),
            lead_unit=str(result.lead_unit) if result and result.lead_unit else "",
            response=result.response if result else "")

    with_evidence = membership.can("evidence.view")
    if with_evidence and briefs:
        _add_evidence(membership, briefs, style, today)
    with_indicators = membership.can("planning.view")
    if with_indicators and briefs:
        _add_indicators(membership, briefs, style)
    answers = _answers(membership, briefs, dimension_ids) if membership.can("question.view") else []

    return BriefingPack(
        style=style, institution=membership.institution.t("name"), person=person, role=role, unit=unit,
        issued=style.date(today), round_title=str(round_.title) if round_ else "",
        sessions=session_lines, benchmarks=list(briefs.values()), answers=answers,
        with_evidence=with_evidence, with_indicators=with_indicators)


def _add_evidence(membership, briefs, style, today):
    from genderseal.evidence.models import Evidence, EvidenceLink

    approved = Evidence.objects.for_member(membership).approved(on=today)
    links = (EvidenceLink.objects.filter(benchmark__in=list(briefs), evidence__in=approved)
             .select_related("evidence__owner_unit").order_by("-evidence__evidence_date", "evidence__title_th"))
    for link in links:
        e = link.evidence
        briefs[link.benchmark_id].evidence.append(EvidenceLine(
            title=e.t("title"), owner=str(e.owner_unit) if e.owner_unit else "", date=style.date(e.evidence_date)))


def _indicator_line(indicator, report, values, style):
    from genderseal.planning import rules
    from genderseal.thai.periods import period_label

    if report is None:
        return IndicatorLine(indicator.code, indicator.t("title"), str(indicator.owner_unit), "–", "–", "")
    split = rules.split_by_sex(values)
    by_sex = ""
    if indicator.by_sex and split.total:
        by_sex = " · ".join(f"{label} {style.number(_num(getattr(split, key)))}" for key, label in _sex_labels())
    return IndicatorLine(indicator.code, indicator.t("title"), str(indicator.owner_unit),
                         period_label(report.period, indicator.frequency, style.language),
                         f"{style.number(_num(rules.total(values)))} {indicator.unit_of_measure}", by_sex)


def _sex_labels():
    from django.utils.translation import gettext as _

    return (("female", _("female")), ("male", _("male")), ("other", _("other")))


def _num(value):
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}"


def _add_indicators(membership, briefs, style):
    """Indicators whose project names the benchmark, and for 1.1.3/1.1.4 the latest approved reports
    of any indicator (planning.queries.monitoring_reports); each with its latest approved figures."""
    from genderseal.planning import queries as planning_queries
    from genderseal.planning.models import Indicator, PeriodReport, ReportStatus, Value

    pairs = list(Indicator.objects.for_member(membership).filter(project__benchmarks__in=list(briefs))
                 .values_list("pk", "project__benchmarks"))
    feed = [pk for pk, b in briefs.items() if b.code in planning_queries.SEAL_BENCHMARKS]
    approved = PeriodReport.objects.for_member(membership).filter(status=ReportStatus.APPROVED)
    fed = []
    if feed:  # the indicators with the most recent approved reports
        fed = list(approved.values("indicator_id").annotate(last=Max("period"))
                   .order_by("-last", "indicator__code").values_list("indicator_id", flat=True)[:REPORTS_PER_BENCHMARK])
    indicator_ids = {pk for pk, _ in pairs} | set(fed)
    if not indicator_ids:
        return
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids).select_related("owner_unit")}
    latest = approved.filter(indicator=OuterRef("indicator")).order_by("-period").values("period")[:1]
    reports = {r.indicator_id: r for r in approved.filter(indicator__in=indicator_ids, period=Subquery(latest))
               .prefetch_related(Prefetch("values", Value.objects.order_by("option_key")))}

    def line(pk):
        report = reports.get(pk)
        values = {v.option_key: v.number for v in report.values.all()} if report else {}
        return _indicator_line(indicators[pk], report, values, style)

    for pk, benchmark_id in pairs:
        if benchmark_id in briefs and pk in indicators:
            briefs[benchmark_id].indicators.append(line(pk))
    seen_fed = [pk for pk in fed if pk in reports]
    for benchmark_id in feed:
        have = {i.code for i in briefs[benchmark_id].indicators}
        briefs[benchmark_id].indicators += [line(pk) for pk in seen_fed if indicators[pk].code not in have]
    for brief in briefs.values():
        brief.indicators.sort(key=lambda i: i.code)


def _answers(membership, briefs, dimension_ids):
    """The agreed answers for the chosen benchmarks, the dimensions of the sessions and general questions."""
    questions = (Question.objects.for_member(membership)
                 .filter(Q(benchmarks__in=list(briefs)) | Q(dimension__in=dimension_ids) | Q(dimension=None))
                 .distinct().select_related("dimension")
                 .prefetch_related(Prefetch("benchmarks", Benchmark.objects.order_by("order"))))
    answers = []
    for number, q in enumerate(questions, start=1):
        codes = [b.code for b in q.benchmarks.all()]
        answers.append(AnswerLine(number, q.question, q.answer, q.dimension.code if q.dimension else "", codes))
        for b in q.benchmarks.all():
            if b.pk in briefs:
                briefs[b.pk].questions.append(number)
    return answers
