"""Units, unit imports, committees and action items, scoped and permitted like the pages."""
from datetime import date, datetime

from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import OrgUnit
from genderseal.core.scoping import get_scoped, membership_for
from genderseal.organisation import actions
from genderseal.organisation.models import ActionItem, Body, UnitImport

from .schemas import ErrorOut

router = Router(tags=["organisation"])


class UnitOut(Schema):
    code: str
    parent: str | None
    abbreviation: str
    name_th: str
    name_en: str
    retired: bool


class UnitImportOut(Schema):
    filename: str
    status: str
    created: int
    updated: int
    problems: list[dict]
    at: datetime


class SeatOut(Schema):
    role: str
    position: str
    unit: str | None
    person: str


class MeetingOut(Schema):
    number: int
    title: str
    held_on: date


class CommitteeOut(Schema):
    code: str
    kind: str
    parent: str | None
    name_th: str
    name_en: str
    mandate: str
    order_number: str
    order_date: date | None
    benchmarks: list[str]
    seats: list[SeatOut]
    meetings: list[MeetingOut]


class ActionItemOut(Schema):
    number: int
    title: str
    description: str
    owner_unit: str
    due_on: date | None
    status: str
    drop_reason: str
    progress_note: str
    round: int | None
    benchmark: str | None
    overdue: bool
    version: int


class ActionItemIn(Schema):
    title: str
    owner_unit: str
    description: str = ""
    due_on: date | None = None
    round: int | None = None
    benchmark: str | None = None


class ActionItemPatch(Schema):
    version: int
    title: str | None = None
    description: str | None = None
    owner_unit: str | None = None
    due_on: date | None = None
    status: str | None = None
    drop_reason: str | None = None
    progress_note: str | None = None



def _item_out(item, today):
    return {"number": item.number, "title": item.title, "description": item.description,
            "owner_unit": item.owner_unit.code, "due_on": item.due_on, "status": item.status,
            "drop_reason": item.drop_reason, "progress_note": item.progress_note,
            "round": item.result.round.number if item.result else None,
            "benchmark": item.result.benchmark.code if item.result else None,
            "overdue": item.is_overdue(today), "version": item.version}


def _unit(membership, code):
    return get_scoped(OrgUnit.objects.filter(retired_at=None), membership, code=code)


@router.get("/institutions/{slug}/units", response=list[UnitOut])
def list_units(request, slug: str):
    membership = membership_for(request.user, slug, "unit.view")
    return [{"code": u.code, "parent": u.parent.code if u.parent else None, "abbreviation": u.abbreviation,
             "name_th": u.name_th, "name_en": u.name_en, "retired": u.retired_at is not None}
            for u in OrgUnit.objects.for_member(membership).select_related("parent")]


@router.get("/institutions/{slug}/unit-imports", response=list[UnitImportOut])
def list_unit_imports(request, slug: str):
    membership = membership_for(request.user, slug, "unit.manage")
    return [{"filename": i.filename, "status": i.status, "created": i.created, "updated": i.updated,
             "problems": i.problems, "at": i.at} for i in UnitImport.objects.for_member(membership)[:50]]


@router.get("/institutions/{slug}/committees", response=list[CommitteeOut])
def list_committees(request, slug: str):
    membership = membership_for(request.user, slug, "committee.view")
    bodies = (Body.objects.for_member(membership).select_related("parent")
              .prefetch_related("benchmarks", "seats__unit", "meetings"))
    return [{"code": b.code, "kind": b.kind, "parent": b.parent.code if b.parent else None, "name_th": b.name_th,
             "name_en": b.name_en, "mandate": b.mandate, "order_number": b.order_number, "order_date": b.order_date,
             "benchmarks": sorted(x.code for x in b.benchmarks.all()),
             "seats": [{"role": s.role, "position": s.position, "unit": s.unit.code if s.unit else None,
                        "person": s.person} for s in b.seats.all()],
             "meetings": [{"number": m.number, "title": m.title, "held_on": m.held_on} for m in b.meetings.all()]}
            for b in bodies]


@router.get("/institutions/{slug}/action-items", response=list[ActionItemOut])
def list_action_items(request, slug: str, unit: str = "", status: str = "", overdue: bool = False):
    membership = membership_for(request.user, slug, "action_item.view")
    today = timezone.localdate()
    items = actions.filtered_items(membership, unit=unit, status=status, overdue=overdue, today=today)
    return [_item_out(i, today) for i in items[:500]]


@router.post("/institutions/{slug}/action-items",
             response={201: ActionItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def create_action_item(request, slug: str, payload: ActionItemIn):
    membership = membership_for(request.user, slug, "action_item.manage")
    result = None
    if payload.round is not None and payload.benchmark:
        result = get_scoped(BenchmarkResult.objects.select_related("round", "benchmark"), membership,
                            round__number=payload.round, benchmark__code=payload.benchmark)
    item = actions.create_action_item(membership, title=payload.title, owner_unit=_unit(membership, payload.owner_unit),
                                      description=payload.description, due_on=payload.due_on, result=result)
    return Status(201, _item_out(item, timezone.localdate()))


@router.patch("/institutions/{slug}/action-items/{number}",
              response={200: ActionItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def update_action_item(request, slug: str, number: int, payload: ActionItemPatch):
    membership = membership_for(request.user, slug, "action_item.view")
    item = get_scoped(ActionItem.objects.select_related("owner_unit", "result__round", "result__benchmark"),
                      membership, number=number)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "owner_unit" in changes:
        changes["owner_unit"] = _unit(membership, changes["owner_unit"])
    if "status" in changes and changes["status"] not in {s for s, _label in actions.ActionStatus.choices}:
        return Status(400, {"detail": f"unknown status {changes['status']!r}"})
    item = actions.update_action_item(membership, item, changes, version)
    item = ActionItem.objects.select_related("owner_unit", "result__round", "result__benchmark").get(pk=item.pk)
    return Status(200, _item_out(item, timezone.localdate()))
