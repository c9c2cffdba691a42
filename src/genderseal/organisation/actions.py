"""Action items: created from an assessor's comment or by hand, moved by their owners.

Who may move an item:
- the secretariat (`action_item.manage`) changes every field, drops an item (with a
  reason) and reopens a done or dropped one;
- a focal point (`action_item.update`) of the owner unit moves it between open, in
  progress and done and writes the progress note and the evidence it produced.
Edits carry the version the form was opened at; a stale one is refused.
"""
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genderseal.core.audit import record, snapshot
from genderseal.notifications.messages import register_message

from .models import ActionItem, ActionStatus
from .services import NotAllowed, OrganisationError, StaleEdit

register_message("action_assigned", gettext_lazy(
    "Action item #%(number)s is assigned to your unit %(unit)s: %(title)s"))

MANAGE_FIELDS = {"title", "description", "owner_unit", "due_on", "status", "drop_reason", "progress_note",
                 "evidence", "result"}
OWNER_FIELDS = {"status", "progress_note", "evidence"}
SCALAR_FIELDS = ("title", "description", "owner_unit", "due_on", "status", "drop_reason", "progress_note", "result")
# Moves a focal point of the owner unit may make; the secretariat may make any move.
OWNER_MOVES = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE},
    ActionStatus.IN_PROGRESS: {ActionStatus.OPEN, ActionStatus.DONE},
    ActionStatus.DONE: {ActionStatus.IN_PROGRESS},
    ActionStatus.DROPPED: set(),
}


def action_ref(item):
    return f"organisation.action:{item.number}"


def editable_fields(membership, item):
    if membership.can("action_item.manage"):
        return set(MANAGE_FIELDS)
    if membership.can("action_item.update") and item.owned_by(membership):
        return set(OWNER_FIELDS)
    return set()


def allowed_statuses(membership, item):
    """The statuses the member may set (the current one included)."""
    if membership.can("action_item.manage"):
        return [s for s, _label in ActionStatus.choices]
    if not editable_fields(membership, item):
        return [item.status]
    moves = OWNER_MOVES[ActionStatus(item.status)]
    return [s for s, _label in ActionStatus.choices if s == item.status or s in moves]


def draft_from_result(result):
    """Initial values of a new item answering an assessor's comment on a result."""
    comment = result.assessor_comment.strip()
    first = next((line.lstrip("-• ").strip() for line in comment.splitlines() if line.strip()), "")
    return {
        "result": result,
        "title": f"{result.benchmark.code}: {first}"[:500] if first else result.benchmark.code,
        "description": comment,
        "owner_unit": result.lead_unit or next(iter(result.responsible_units.all()), None),
    }


def _notify_owner(membership, item):
    from genderseal.notifications import services as notifications

    institution = membership.institution
    link = reverse("action-detail", args=[institution.slug, item.number])
    notifications.notify(notifications.focal_points(institution, [item.owner_unit_id]), institution,
                         "action_assigned", params={"number": item.number, "unit": str(item.owner_unit),
                                                    "title": item.title[:120]},
                         link=link, actor=membership.user)


def create_action_item(membership, *, title, owner_unit, description="", due_on=None, result=None,
                       status=ActionStatus.OPEN, progress_note="", drop_reason=""):
    if not membership.can("action_item.manage"):
        raise NotAllowed(_("You may not create action items."))
    if owner_unit.institution_id != membership.institution_id or (
            result is not None and result.round.institution_id != membership.institution_id):
        raise NotAllowed(_("That unit or result does not exist."))
    if status == ActionStatus.DROPPED and not drop_reason.strip():
        raise OrganisationError(_("Give a reason for dropping this action item."))
    for attempt in range(3):
        try:
            with transaction.atomic():
                number = (ActionItem.objects.filter(institution=membership.institution)
                          .aggregate(n=Max("number"))["n"] or 0) + 1
                item = ActionItem.objects.create(
                    institution=membership.institution, number=number, title=title, description=description,
                    owner_unit=owner_unit, due_on=due_on, result=result, status=status,
                    progress_note=progress_note, drop_reason=drop_reason, created_by=membership.user,
                    updated_by=membership.user,
                    closed_at=timezone.now() if status in (ActionStatus.DONE, ActionStatus.DROPPED) else None,
                )
                record("action_item.create", item, institution=membership.institution, actor=membership.user,
                       ref=action_ref(item), before={}, after=snapshot(item, SCALAR_FIELDS))
                _notify_owner(membership, item)
            return item
        except IntegrityError:  # two items created at once took the same number: take the next one
            if attempt == 2:
                raise
    return None


def update_action_item(membership, item, changes, expected_version):
    """Apply the changes the member may make, in one conditional UPDATE on the version."""
    allowed = editable_fields(membership, item)
    refused = set(changes) - allowed
    if not allowed or refused:
        names = ", ".join(str(ActionItem._meta.get_field(f).verbose_name) for f in sorted(refused or changes))
        raise NotAllowed(_("You may not change: %(fields)s") % {"fields": names})
    status = changes.get("status", item.status)
    if status != item.status and status not in allowed_statuses(membership, item):
        raise NotAllowed(_("You may not move this action item from %(old)s to %(new)s.") % {
            "old": ActionStatus(item.status).label, "new": ActionStatus(status).label})
    if status == ActionStatus.DROPPED and not changes.get("drop_reason", item.drop_reason).strip():
        raise OrganisationError(_("Give a reason for dropping this action item."))
    if "owner_unit" in changes and changes["owner_unit"].institution_id != membership.institution_id:
        raise NotAllowed(_("That unit does not exist."))
    evidence = changes.pop("evidence", None)
    if status != item.status:
        changes["closed_at"] = timezone.now() if status in (ActionStatus.DONE, ActionStatus.DROPPED) else None
    tracked = [k for k in changes if k in SCALAR_FIELDS]
    before = snapshot(item, [*tracked, "evidence"])
    reassigned = "owner_unit" in changes and changes["owner_unit"].pk != item.owner_unit_id
    with transaction.atomic():
        updated = ActionItem.objects.filter(pk=item.pk, version=expected_version).update(
            version=F("version") + 1, updated_by=membership.user, updated_at=timezone.now(), **changes)
        if not updated:
            raise StaleEdit(_("Someone else saved this action item after you opened it. Your change was not saved; "
                              "reload to see theirs."))
        item.refresh_from_db()
        if evidence is not None:
            item.evidence.set(evidence)
        record("action_item.update", item, institution=membership.institution, actor=membership.user,
               ref=action_ref(item), before=before, after=snapshot(item, [*tracked, "evidence"]),
               version=item.version)
        if reassigned:
            _notify_owner(membership, item)
    return item


def filtered_items(membership, *, unit=None, status=None, overdue=False, result=None, today=None):
    items = (ActionItem.objects.for_member(membership)
             .select_related("owner_unit", "result__benchmark", "result__round"))
    if unit:
        items = items.filter(owner_unit__code=unit)
    if status == "pending":
        items = items.pending()
    elif status:
        items = items.filter(status=status)
    if overdue:
        items = items.overdue(today)
    if result is not None:
        items = items.filter(result=result)
    return items.order_by(F("due_on").asc(nulls_last=True), "number")
