"""The readiness report of a round, gathered once and rendered as PDF or DOCX.

Everything is read through the member's scope; nothing here reads the request.
"""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from genderseal.assessments import presenters, services
from genderseal.assessments.models import BenchmarkResult, ResultContribution
from genderseal.organisation.models import ActionItem
from genderseal.standards.models import Dimension, Level, ResultOption

from .document_parts import person
from .typography import Style


@dataclass
class Row:
    code: str
    title: str
    dimension: str
    result: str
    result_code: str
    comment: str
    response: str
    evidence: list[str] = field(default_factory=list)
    # (label, text) under the row: the assessor's comment, the institution's account, each unit's
    # contribution and the working group's comments (the seed's narrative tables).
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Action:
    row: str  # 1..n in the document (Thai digits when asked), not the item's number
    number: int
    title: str
    unit: str
    due: str
    status: str
    benchmark: str


@dataclass
class ReadinessReport:
    style: Style
    institution: str
    round: object
    issued: str
    round_date: str
    level: str
    percent: str
    credit: str
    applicable: int
    gap_level: str
    gap_credit: str
    gap_mandatory: list[str]
    bars: list
    markers: list
    rows: list[Row]
    actions: list[Action]
    with_evidence: bool
    prepared_by: str = ""  # who asked for it: the name under "Prepared by"

    @property
    def applicable_text(self) -> str:
        return self.style.number(self.applicable)


def _credit(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def _notes(result, narratives, unaddressed=()):
    from django.utils.translation import gettext as _

    notes = [(_("Assessor comment"), result.assessor_comment), (_("Response"), result.response)]
    if unaddressed:
        notes.append((_("Parts of the comment no linked evidence addresses yet"),
                      "\n".join(f"- {part.text}" for part in unaddressed)))
    if narratives:
        notes += [(_("Contribution of %(unit)s") % {"unit": c.unit}, c.text) for c in result.contributions.all()]
        notes.append((_("Comments and suggestions of the working group"), result.working_group_comment))
    return [(label, text) for label, text in notes if text]


def _unaddressed(membership, framework, results):
    """{result id: [parts of its assessor comment no linked evidence addresses]} for results not met."""
    from genderseal.evidence import comment_check

    options = {o.code: o for o in ResultOption.objects.filter(framework=framework)}
    checked = comment_check.for_results(membership, [r for r in results if comment_check.not_met(r, options)])
    return {pk: [p for p in parts if not p.addressed] for pk, parts in checked.items()}


def build(membership, round, style: Style, today: date | None = None) -> ReadinessReport:
    today = today or timezone.localdate()
    summary = services.summarize_round(round).summary
    framework = round.framework
    levels = list(Level.objects.filter(framework=framework))
    labels = {level.code: level.t("label") for level in levels}
    dimensions = list(Dimension.objects.filter(framework=framework, retired=False))
    options = {o.code: o.t("label") for o in ResultOption.objects.filter(framework=framework)}
    narratives = membership.can("narrative.view")
    results = BenchmarkResult.objects.for_member(membership).filter(
        round=round, benchmark__retired=False).select_related("benchmark__goal__dimension").order_by("benchmark__order")
    if narratives:
        results = results.prefetch_related(Prefetch("contributions", ResultContribution.objects.select_related("unit")))
    results = list(results)
    evidence = {}
    with_evidence = membership.can("evidence.view")
    if with_evidence:
        from genderseal.evidence.queries import round_coverage

        for row in round_coverage(membership, round, style.language).rows:
            evidence[row.benchmark.pk] = [e.t("title") for e in row.evidence]
    unaddressed = _unaddressed(membership, framework, results) if with_evidence else {}
    rows = [
        Row(
            code=r.benchmark.code,
            title=r.benchmark.t("title"),
            dimension=r.benchmark.goal.dimension.code,
            result=options.get(r.result_code, r.result_code) if r.result_code else "",
            result_code=r.result_code,
            comment=r.assessor_comment,
            response=r.response,
            evidence=evidence.get(r.benchmark_id, []),
            notes=_notes(r, narratives, unaddressed.get(r.pk, ())),
        )
        for r in results
    ]
    items = (
        ActionItem.objects.for_member(membership)
        .pending()
        .filter(result__round=round)
        .select_related("owner_unit", "result__benchmark")
        .order_by("due_on", "number")
    )
    actions = [
        Action(style.number(row), a.number, a.title, a.owner_unit.t("name"), style.date(a.due_on),
               a.get_status_display(), a.result.benchmark.code if a.result_id else "")
        for row, a in enumerate(items, 1)
    ]
    gap = summary.next_level
    return ReadinessReport(
        style=style,
        institution=membership.institution.t("name"),
        round=round,
        issued=style.date(today),
        round_date=style.date(round.date),
        level=labels.get(summary.level, "") if summary.level else "",
        percent=style.percent(summary.total.percent),
        credit=style.number(_credit(summary.total.credit)),
        applicable=summary.total.applicable,
        gap_level=labels.get(gap.level, gap.level) if gap else "",
        gap_credit=style.number(_credit(gap.credit_needed)) if gap else "",
        gap_mandatory=list(gap.mandatory_missing) if gap else [],
        bars=presenters.dimension_bars(summary, dimensions),
        markers=presenters.level_markers(levels, summary.total.applicable),
        rows=rows,
        actions=actions,
        with_evidence=with_evidence,
        prepared_by=person(membership.user),
    )
