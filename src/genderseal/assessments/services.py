"""The verbs of assessment rounds. Services never read the request."""
from dataclasses import dataclass
from math import ceil

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from genderseal.core import errors
from genderseal.core.audit import diff, record, snapshot
from genderseal.core.errors import NotAllowed, StaleEdit  # noqa: F401 (re-exported)
from genderseal.core.models import Role
from genderseal.standards import rules
from genderseal.standards.kept import rows_of
from genderseal.standards.models import Benchmark, ResultOption

from .models import NEXT_STATUS, AssessmentRound, BenchmarkResult, ResultState, RoundStatus

ResultError = errors.DomainError


@dataclass
class RoundSummary:
    round: AssessmentRound
    summary: rules.Summary
    results: dict  # benchmark code -> result code or None

    @property
    def rated(self):
        """How many benchmarks have a result yet: 0 means the round is not scored at all."""
        return sum(1 for code in self.results.values() if code)

    @property
    def json(self):
        data = rules.summary_json(self.summary)
        data["round"] = self.round.number
        return data


def results_by_round(rounds, held=None):
    """{round id: {benchmark code: result code}} for many rounds in one query; none when `held`, every result
    of the one round, read by the page already with their benchmarks (`rows.read`)."""
    if held is not None:
        return {rounds[0].pk: {r.benchmark.code: r.result_code or None for r in held}}
    by_round = {r.pk: {} for r in rounds}
    rows = BenchmarkResult.objects.filter(round__in=[r.pk for r in rounds]).values_list(
        "round_id", "benchmark__code", "result_code"
    )
    for round_id, code, result in rows:
        by_round[round_id][code] = result or None
    return by_round


def summarize_rounds(rounds, held=None):
    """RoundSummary for each round, in a fixed number of queries whatever their count (none for the one
    round whose every result the page `held`)."""
    rounds = list(rounds)
    standards = {}
    by_round = results_by_round(rounds, held)
    summaries = []
    for r in rounds:
        if r.framework_id not in standards:
            standards[r.framework_id] = rows_of(r.framework).standard
        summaries.append(RoundSummary(r, rules.summarize(standards[r.framework_id], by_round[r.pk]), by_round[r.pk]))
    return summaries


def summarize_round(round, held=None):
    return summarize_rounds([round], held)[0]


def current_round(rounds):
    """The round that says where the institution stands: the latest with a result."""
    rounds = list(rounds)
    done = [r for r in rounds if r.status in (RoundStatus.REVIEWED, RoundStatus.CLOSED)]
    return (done or rounds or [None])[-1]


EDITABLE = {
    "result_code": "result.rate",
    "assessor_comment": "result.rate",
    "response": "result.respond",
}


def editable_fields(membership, result):
    if result.round.is_read_only:
        return set()
    if membership.role == Role.ASSESSOR:
        # Assessors rate in their workspace (assessors app), hidden until published; written here
        # they would show to the institution at once.
        return set()
    fields = {f for f, action in EDITABLE.items() if membership.can(action)}
    if membership.role == "focal_point":
        mine = {u.pk for u in membership.units.all()}
        responsible = {u.pk for u in result.responsible_units.all()} | {result.lead_unit_id}
        if not mine & responsible or result.state in (ResultState.SUBMITTED, ResultState.APPROVED):
            fields.discard("response")  # a submitted answer waits for review
    if membership.can("result.assign"):
        fields |= {"lead_unit", "responsible_units"}
    return fields


def update_result(membership, result, changes, expected_version):
    """Apply the changes the member may make; refuse a stale version.

    The version check and the write are one UPDATE, so two people saving at once
    cannot both win.
    """
    allowed = editable_fields(membership, result)
    if result.round.is_read_only:
        raise ResultError(_("This round is closed and can no longer be changed."))
    refused = set(changes) - allowed
    if refused:
        raise NotAllowed(_("You may not change: %(fields)s") % {
            "fields": ", ".join(str(BenchmarkResult._meta.get_field(f).verbose_name) for f in sorted(refused))
        })
    code = changes.get("result_code")
    if code:
        valid = set(ResultOption.objects.filter(framework_id=result.round.framework_id).values_list("code", flat=True))
        if code not in valid:
            raise ResultError(_('"%(code)s" is not a result of this framework.') % {"code": code})
    units = changes.pop("responsible_units", None)
    tracked = [*changes, *(["responsible_units"] if units is not None else [])]
    before = snapshot(result, tracked)
    with transaction.atomic():
        updated = BenchmarkResult.objects.filter(pk=result.pk, version=expected_version).update(
            version=expected_version + 1, updated_by=membership.user, **changes
        )
        if not updated:
            raise StaleEdit(
                _("Someone else saved this result after you opened it. Your change was not saved; reload to see theirs.")
            )
        result.refresh_from_db()
        if units is not None:
            result.responsible_units.set(units)
        old, new = diff(before, snapshot(result, tracked))
        changed = list(new)
        record(
            "result.update",
            f"{result.round.number}/{result.benchmark.code}",
            institution=membership.institution,
            actor=membership.user,
            ref=f"assessments.round:{result.round_id}/benchmark:{result.benchmark_id}",
            before=old,
            after=new,
            version=result.version,
        )
        _notify_update(membership, result, changed, units)
    return result


def _notify_update(membership, result, changed, units):
    """Units newly made responsible hear that they were assigned; the owners hear of a new assessor comment."""
    from genderseal.notifications import services as notifications

    params = {"code": result.benchmark.code, "round": result.round.number,
              "actor": membership.user.get_full_name() or membership.user.username}
    link = reverse("round-detail", args=[membership.institution.slug, result.round.number])
    institution = membership.institution
    assigned = set()
    if "lead_unit" in changed and result.lead_unit_id:
        assigned.add(result.lead_unit)
    if "responsible_units" in changed and units is not None:
        assigned |= set(units)
    for unit in assigned:
        notifications.notify(notifications.focal_points(institution, [unit.pk]), institution, "assigned",
                             params={**params, "unit": str(unit)}, link=link, actor=membership.user)
    if "assessor_comment" in changed and result.assessor_comment.strip():
        owners = notifications.focal_points(
            institution, [result.lead_unit_id, *(u.pk for u in result.responsible_units.all())])
        notifications.notify(owners, institution, "commented", params=params, link=link, actor=membership.user)


def create_round(membership, *, kind, title, framework, starts_on=None, ends_on=None, copy_from=None):
    """A new round with one result per current benchmark, optionally copied from an earlier one."""
    with transaction.atomic():
        number = (
            AssessmentRound.objects.filter(institution=membership.institution).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        new = AssessmentRound.objects.create(
            institution=membership.institution,
            framework=framework,
            number=number,
            kind=kind,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            copied_from=copy_from,
        )
        benchmarks = list(Benchmark.objects.current().filter(framework=framework))
        previous = {}
        if copy_from is not None:
            previous = {
                r.benchmark_id: r
                for r in BenchmarkResult.objects.filter(round=copy_from).prefetch_related("responsible_units")
            }
        created = BenchmarkResult.objects.bulk_create(
            [
                BenchmarkResult(
                    round=new,
                    benchmark=b,
                    result_code=previous[b.pk].result_code if b.pk in previous else "",
                    response=previous[b.pk].response if b.pk in previous else "",
                )
                for b in benchmarks
            ]
        )
        through = BenchmarkResult.responsible_units.through
        through.objects.bulk_create(
            [
                through(benchmarkresult_id=r.pk, orgunit_id=u.pk)
                for r in created
                if r.benchmark_id in previous
                for u in previous[r.benchmark_id].responsible_units.all()
            ]
        )
        record("round.create", new, institution=membership.institution, actor=membership.user,
               ref=f"assessments.round:{new.pk}", before={},
               after={"number": new.number, "kind": new.kind, "title": new.title,
                      "starts_on": str(new.starts_on or ""), "ends_on": str(new.ends_on or "")},
               copied_from=copy_from.number if copy_from else None)
    return new


def advance_status(membership, round):
    """open -> submitted -> reviewed -> closed."""
    if round.status not in NEXT_STATUS:
        raise ResultError(_("This round is closed."))
    previous = round.status
    round.status = NEXT_STATUS[RoundStatus(round.status)]
    round.save(update_fields=["status"])
    record("round.status", round, institution=membership.institution, actor=membership.user,
           ref=f"assessments.round:{round.pk}", before={"status": previous}, after={"status": round.status})
    return round


def next_medal_codes(gap, most=12):
    """The benchmarks the next medal needs, in the rules' candidates order (mandatory ones still missing first,
    then the closest): as many as the credit still needed, at least five, at most `most`."""
    wanted = max(ceil(gap.credit_needed), len(gap.mandatory_missing), 5)
    return gap.candidates[:min(wanted, most)]


def working_round(rounds, scored):
    """Where the next medal is worked on: the latest round of the same standard still open to changes."""
    return next((r for r in reversed(list(rounds)) if not r.is_read_only and r.framework_id == scored.framework_id),
                scored)


def closest_to_next_medal(membership, rounds, summary, held=None):
    """(gap, working round, [result]) for the benchmarks the next medal needs, each the working round's result
    (its lead unit and review state) in the candidates order; one query, none when the working round is the
    one whose every result the page `held`. No list while nothing is rated."""
    gap = summary.summary.next_level
    if gap is None or not summary.rated:
        return gap, None, []
    working = working_round(rounds, summary.round)
    codes = next_medal_codes(gap)
    if held is not None and working.pk == summary.round.pk:
        found = {r.benchmark.code: r for r in held if r.benchmark.code in set(codes)}
    else:
        found = {r.benchmark.code: r for r in BenchmarkResult.objects.for_member(membership)
                 .filter(round=working, benchmark__code__in=codes).select_related("benchmark", "round", "lead_unit")}
    results = [found[c] for c in codes if c in found]
    for r in results:
        r.mandatory = r.benchmark.code in gap.mandatory_missing
    return gap, working, results
