"""The verbs of the unit tree, committees and ownership. Services never read the request.

Action items have their own module (actions.py). Every change is recorded in the audit
trail with the before and after values of the fields it changed.
"""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundStatus
from genderseal.core import errors
from genderseal.core.audit import record, snapshot
from genderseal.core.errors import NotAllowed, StaleEdit  # noqa: F401 (re-exported)
from genderseal.core.models import OrgUnit

from .models import ActionItem, Body, Meeting
from .unit_import import UNIT_FIELDS, ImportReport, UnitTreeImport  # noqa: F401 (ImportReport re-exported)

OrganisationError = errors.DomainError


def unit_ref(unit):
    return f"organisation.unit:{unit.code}"


def body_ref(body):
    return f"organisation.body:{body.code}"


# --- the unit tree -------------------------------------------------------------------------


def unit_tree(units):
    """[(unit, depth)] in tree order (children under their parent, by code); one pass over a list."""
    units = list(units)
    by_parent = {}
    codes = {u.pk for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in codes else None
        by_parent.setdefault(parent, []).append(unit)
    ordered = []

    def walk(parent, depth):
        for unit in sorted(by_parent.get(parent, []), key=lambda u: u.code):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def _would_cycle(unit, parent):
    node = parent
    while node is not None:
        if node.pk == unit.pk:
            return True
        node = node.parent
    return False


def save_unit(membership, unit, data):
    """Create (unit.pk is None) or edit a unit; `data` holds parent, abbreviation and names (and code on create)."""
    creating = unit.pk is None
    parent = data.get("parent")
    if parent is not None and parent.institution_id != membership.institution_id:
        raise NotAllowed(_("That parent unit does not exist."))
    if not creating and parent is not None and _would_cycle(unit, parent):
        raise OrganisationError(_("A unit cannot sit under itself or one of its own sub-units."))
    before = None if creating else snapshot(unit, ["parent", *UNIT_FIELDS])
    if creating:
        unit.institution = membership.institution
        unit.code = data["code"]
        if OrgUnit.objects.filter(institution=membership.institution, code=unit.code).exists():
            raise OrganisationError(_("A unit with code %(code)s exists already.") % {"code": unit.code})
    unit.parent = parent
    for key in UNIT_FIELDS:
        setattr(unit, key, data.get(key, "") or "")
    with transaction.atomic():
        unit.save()
        record("unit.create" if creating else "unit.update", f"{unit.code} {unit.name_th}",
               institution=membership.institution, actor=membership.user, ref=unit_ref(unit),
               before=before, after=snapshot(unit, ["parent", *UNIT_FIELDS]))
    return unit


def records_of(unit):
    """{relation name: count} of the records that point at this unit (children, results, evidence...)."""
    held = {}
    for relation in unit._meta.related_objects:
        accessor = relation.get_accessor_name()
        if not accessor or relation.hidden:  # a hidden reverse (related_name "+") has no accessor
            continue
        manager = getattr(unit, accessor)
        if manager.exists():
            held[relation.related_model._meta.verbose_name_plural] = manager.count()
    return held


def retire_or_delete_unit(membership, unit):
    """Delete a unit nothing points at; retire (keep, hide from choices) a unit that holds records.

    Returns "deleted" or "retired".
    """
    held = records_of(unit)
    with transaction.atomic():
        if not held:
            record("unit.delete", f"{unit.code} {unit.name_th}", institution=membership.institution,
                   actor=membership.user, ref=unit_ref(unit),
                   before=snapshot(unit, ["code", "name_th", "parent"]), after={})
            unit.delete()
            return "deleted"
        if unit.retired_at is None:
            unit.retired_at = timezone.now()
            unit.save(update_fields=["retired_at"])
            record("unit.retire", f"{unit.code} {unit.name_th}", institution=membership.institution,
                   actor=membership.user, ref=unit_ref(unit), before={"retired": False}, after={"retired": True},
                   records={str(k): v for k, v in held.items()})
        return "retired"


def restore_unit(membership, unit):
    if unit.retired_at is not None:
        unit.retired_at = None
        unit.save(update_fields=["retired_at"])
        record("unit.restore", f"{unit.code} {unit.name_th}", institution=membership.institution,
               actor=membership.user, ref=unit_ref(unit), before={"retired": True}, after={"retired": False})
    return unit


def import_units(institution, data, filename, *, actor=None):
    """Import a unit tree from CSV or Excel bytes: all rows or none (unit_import.UnitTreeImport).

    Raises ImportProblems with every problem (file, sheet, row, field) and
    writes nothing but the refused import's record. Units are matched by code: new codes are
    created, known ones updated; units missing from the file are left as they are.
    """
    return UnitTreeImport(institution, filename, actor=actor).run(data)


# --- ownership -----------------------------------------------------------------------------


def ownership_round(rounds):
    """The round a unit works on now: the latest that is not closed, else the latest."""
    rounds = list(rounds)
    open_rounds = [r for r in rounds if r.status != RoundStatus.CLOSED]
    return (open_rounds or rounds or [None])[-1]


@dataclass
class Owned:
    result: BenchmarkResult
    lead: bool
    open_items: int

    @property
    def missing(self):
        """What is missing, as short keys the page translates."""
        gaps = []
        if not self.result.result_code:
            gaps.append("result")
        if not self.result.response.strip():
            gaps.append("response")
        if self.open_items:
            gaps.append("actions")
        return gaps


def unit_ownership(membership, unit, round):
    """The results the unit leads or supports in a round, with their gaps and ratings in words: three queries."""
    if round is None:
        return []
    pending = Q(action_items__status__in=["open", "in_progress"])
    results = (
        BenchmarkResult.objects.for_member(membership)
        .filter(round=round, benchmark__retired=False)
        .filter(Q(lead_unit=unit) | Q(responsible_units=unit))
        .select_related("benchmark", "lead_unit")
        .prefetch_related(Prefetch("responsible_units", queryset=OrgUnit.objects.order_by("code")))
        .annotate(open_items=Count("action_items", filter=pending, distinct=True))
        .order_by("benchmark__order")
        .distinct()
    )
    from genderseal.standards.models import ResultOption

    options = {o.code: o for o in ResultOption.objects.filter(framework=round.framework_id)}
    owned = []
    for r in results:
        r.option = options.get(r.result_code)  # the rating in words, not its code
        owned.append(Owned(r, r.lead_unit_id == unit.pk, r.open_items))
    return owned


def due_items(membership, unit, limit=100):
    """The unit's pending action items by due date (undated last): one query."""
    from django.db.models import F

    return list(
        ActionItem.objects.for_member(membership).pending().filter(owner_unit=unit)
        .select_related("result__benchmark", "result__round")
        .order_by(F("due_on").asc(nulls_last=True), "number")[:limit]
    )


def assign_owners(membership, round, rows):
    """rows: [(result, lead unit or None, [supporting units], version)]; changes go through update_result.

    Returns the number of results changed; a stale row raises StaleEdit naming the benchmark
    and nothing is saved.
    """
    from genderseal.assessments import services as assessments

    changed = 0
    with transaction.atomic():
        for result, lead, supporting, version in rows:
            units = {u.pk: u for u in supporting}
            if lead is not None:
                units[lead.pk] = lead
            old_units = {u.pk for u in result.responsible_units.all()}
            if result.lead_unit_id == (lead.pk if lead else None) and old_units == set(units):
                continue
            try:
                assessments.update_result(membership, result,
                                          {"lead_unit": lead, "responsible_units": list(units.values())}, version)
            except assessments.StaleEdit:
                raise StaleEdit(_("Benchmark %(code)s was changed by someone else after you opened this page. "
                                  "Nothing was saved; reload to see the change.") % {"code": result.benchmark.code}) from None
            except assessments.ResultError as error:
                raise OrganisationError(f"{result.benchmark.code}: {error}") from error
            changed += 1
    return changed


def rounds_for(membership):
    return AssessmentRound.objects.for_member(membership).select_related("framework").order_by("number")


# --- committees and working groups ------------------------------------------------------------

BODY_FIELDS = ("kind", "parent", "name_th", "name_en", "mandate", "order_number", "order_date", "order_document",
               "dissolved_on")


def save_body(membership, body, data, expected_version=None):
    """Create or edit a committee or working group; `data` holds BODY_FIELDS, code and benchmarks."""
    creating = body.pk is None
    before = None if creating else snapshot(body, [*BODY_FIELDS, "benchmarks"])
    if creating:
        body.institution = membership.institution
        body.code = data["code"]
        if Body.objects.filter(institution=membership.institution, code=body.code).exists():
            raise OrganisationError(_("The short name %(code)s is taken.") % {"code": body.code})
    for key in BODY_FIELDS:
        if key in data:
            setattr(body, key, data[key])
    if body.parent_id and body.parent_id == body.pk:
        raise OrganisationError(_("A committee cannot be set up by itself."))
    with transaction.atomic():
        if creating:
            body.save()
        else:
            values = {k: getattr(body, k) for k in BODY_FIELDS}
            updated = Body.objects.filter(pk=body.pk, version=expected_version).update(
                version=expected_version + 1, **values)
            if not updated:
                raise StaleEdit(_("Someone else saved this after you opened it. Your change was not saved; "
                                  "reload to see theirs."))
            body.version = expected_version + 1
        if "benchmarks" in data:
            body.benchmarks.set(data["benchmarks"])
        record("committee.create" if creating else "committee.update", body.name_th,
               institution=membership.institution, actor=membership.user, ref=body_ref(body),
               before=before, after=snapshot(body, [*BODY_FIELDS, "benchmarks"]))
    return body


def _seat_plain(seat):
    return snapshot(seat, ["role", "position", "unit", "person"])


def save_seats(membership, body, seats, deleted):
    """Save the seats of a body (changed or new Seat objects) and delete others; one audit event."""
    before = [_seat_plain(s) for s in body.seats.select_related("unit")]
    with transaction.atomic():
        for seat in deleted:
            if seat.pk and seat.body_id == body.pk:
                seat.delete()
        for order, seat in enumerate(seats):
            seat.body = body
            seat.order = order
            seat.save()
        after = [_seat_plain(s) for s in body.seats.select_related("unit")]
        record("committee.seats", body.name_th, institution=membership.institution, actor=membership.user,
               ref=body_ref(body), before={"seats": before}, after={"seats": after})
    return body


MEETING_FIELDS = ("title", "held_on", "agenda", "minutes", "minutes_document")


def save_meeting(membership, body, meeting, data):
    creating = meeting.pk is None
    before = None if creating else snapshot(meeting, MEETING_FIELDS)
    for key in MEETING_FIELDS:
        if key in data:
            setattr(meeting, key, data[key])
    with transaction.atomic():
        if creating:
            meeting.body = body
            last = Meeting.objects.filter(body=body).select_for_update().order_by("-number").first()
            meeting.number = (last.number if last else 0) + 1
        meeting.save()
        record("meeting.create" if creating else "meeting.update", f"{body.name_th}: {meeting}",
               institution=membership.institution, actor=membership.user,
               ref=f"{body_ref(body)}/meeting:{meeting.number}", before=before, after=snapshot(meeting, MEETING_FIELDS))
    return meeting

