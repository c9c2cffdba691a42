"""The review workflow, declared as data per kind of reviewable record, and the one function that moves one.

Every reviewable kind (benchmark results, evidence, monthly reports, gender-analysis worksheets,
screening forms) shares one vocabulary of states:

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                   │ return               │ return (where the kind allows it)
      └──── returned ◀────┘◀─────────────────────┘   returned ──submit──▶ submitted

A `Flow` lists a kind's steps: from which states, to which state, the permission (core/permissions.py),
whether the step is the record owner's (its unit's focal point; the secretariat acts for any unit) or a
reviewer's, whether it asks for a reason, and the fields it requires. A required field counts only when
the step's actor can fill it: a focal point's submit never waits for the rating, which is the
assessor's or the secretariat's. The rules (`may`, `available`, `required`) are plain functions over
these tables, tested without the database.

`move()` is the one function that moves a record: it checks the role and ownership, the state, the
version (a stale page is refused), the reason and the required fields, then writes, records the audit
event and notifies whoever must act next, all in one transaction. What differs per kind (how to find
the owner, the link to the record, extra fields such as the confirmed gender marker) is given by a
`Kind` object the app declares next to its model (assessments/review.py, evidence/services.py, ...).
"""
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import Invalid, Locked, NotAllowed, StaleEdit
from .permissions import allowed


class State(models.TextChoices):
    """The one state vocabulary of every reviewable kind (each model's own choices use the same values)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


DRAFT, SUBMITTED, APPROVED, RETURNED = State.DRAFT, State.SUBMITTED, State.APPROVED, State.RETURNED
OWNER, REVIEWER = "owner", "reviewer"  # who acts in a step; the other one is told


@dataclass(frozen=True)
class Need:
    """A field a step requires, counted only if the actor may fill it (`action`) and, with `when`,
    only where the record's context says so (e.g. the rating only in an internal round)."""

    field: str
    action: str
    when: str = ""


@dataclass(frozen=True)
class Step:
    name: str
    sources: frozenset
    target: str
    action: str  # the permission in core/permissions.py
    actor: str  # OWNER or REVIEWER
    label: str
    reason: bool = False  # returning always asks why
    needs: tuple = ()


@dataclass(frozen=True)
class Flow:
    kind: str
    steps: dict = field(default_factory=dict)

    def step(self, name):
        return self.steps.get(name)


def _flow(kind, *steps):
    return Flow(kind, {s.name: s for s in steps})


def _submit(action, *needs):
    return Step("submit", frozenset({DRAFT, RETURNED}), SUBMITTED, action, OWNER, _("Submit for review"),
                needs=tuple(needs))


def _approve(action):
    return Step("approve", frozenset({SUBMITTED}), APPROVED, action, REVIEWER, _("Approve"))


def _return(action, sources=(SUBMITTED, APPROVED)):
    return Step("return", frozenset(sources), RETURNED, action, REVIEWER, _("Return"), reason=True)


FLOWS = {f.kind: f for f in (
    # Benchmark results: the lead unit's focal point answers (response) and submits; the rating is the
    # assessor's (external round) or the secretariat's (internal round); the secretariat approves.
    _flow("result",
          _submit("result.submit", Need("result_code", "result.rate", when="internal"),
                  Need("response", "result.respond"), Need("lead_unit", "result.assign")),
          _approve("result.approve"), _return("result.approve")),
    _flow("evidence",
          _submit("evidence.edit"), _approve("evidence.review"), _return("evidence.review"),
          Step("reopen", frozenset({APPROVED}), DRAFT, "evidence.review", REVIEWER, _("Reopen"))),
    # Monthly reports: an approved period is locked, so it is not returned.
    _flow("report", _submit("report.submit"), _approve("report.approve"),
          _return("report.approve", sources=(SUBMITTED,))),
    _flow("worksheet", _submit("analysis.edit"), _approve("analysis.approve"), _return("analysis.approve")),
    _flow("screening", _submit("screening.edit"), _approve("screening.decide"),
          _return("screening.decide", sources=(SUBMITTED,))),
)}


# --- plain rules ------------------------------------------------------------------------------------


def may(flow, name, state, role, *, owner=False, read_only=False):
    """May a member of `role` apply step `name` to a record of `flow` in `state`? `owner`: the member's
    units own the record; it matters for focal points only (the secretariat acts for every unit)."""
    from .models import Role

    step = flow.step(name)
    if step is None or read_only or state not in step.sources or not allowed(role, step.action):
        return False
    return owner or step.actor != OWNER or role != Role.FOCAL_POINT  # focal points act for their units only


def available(flow, state, role, *, owner=False, read_only=False):
    """The steps this member may apply now, in declaration order."""
    return [s for s in flow.steps.values() if may(flow, s.name, state, role, owner=owner, read_only=read_only)]


def required(step, role, context=()):
    """The fields this step needs from this actor: only those the role may fill, in the given context."""
    return [n.field for n in step.needs if allowed(role, n.action) and (not n.when or n.when in context)]


def next_actor(step):
    """Who must act once the step is done: the reviewer after a submit, the owner after a return."""
    if step.target == SUBMITTED:
        return REVIEWER
    if step.target in (RETURNED, DRAFT):
        return OWNER
    return None


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# --- moving a record --------------------------------------------------------------------------------


class Kind:
    """What `move()` needs to know about one kind of record; apps subclass it next to their model."""

    flow: Flow
    model = None
    state_field = "status"
    reason_field = "review_comment"
    submitter_field = "submitted_by"  # None when the model does not keep who submitted
    audit_prefix = ""
    noun = _("record")

    def owns(self, membership, record):
        """May this member act as the record's owner (its unit's focal point, or the secretariat)?"""
        raise NotImplementedError

    def read_only(self, record):
        """A message when the record takes no more steps (locked period, signed-off round), else ""."""
        return ""

    def context(self, record):
        """Flags for `Need.when`, e.g. {"internal"}."""
        return set()

    def missing(self, membership, record, step):
        """{field: label} of what the step still needs from this member."""
        out = {}
        for name in required(step, membership.role, self.context(record)):
            model_field = record._meta.get_field(name)
            if blank(getattr(record, model_field.attname)):
                out[name] = str(model_field.verbose_name)
        return out

    def extra(self, membership, record, step, now, options):
        """Fields to write besides the state and stamps (checked here; may raise)."""
        return {}

    def after(self, membership, record, step, before, options):
        """Side effects inside the transaction once the record moved (e.g. the project's marker)."""

    def audit_detail(self, record, step, options):
        """More to put in the audit event's `after` (e.g. the confirmed marker)."""
        return {}

    def label(self, record):
        return str(record)

    def ref(self, record):
        raise NotImplementedError

    def link(self, record):
        """The record itself: its page, or its row on a list page by anchor."""
        raise NotImplementedError

    def owners(self, record):
        """User ids of who must act when the record goes back (its unit's focal points, its submitter)."""
        ids = set()
        submitter = getattr(record, f"{self.submitter_field}_id", None) if self.submitter_field else None
        if submitter:
            ids.add(submitter)
        return ids

    def reviewers(self, record):
        from genderseal.core.models import Role

        return notifications().members(record.institution, Role.SECRETARIAT)

    def notice(self, record, step):
        """(notification kind, params) for this step; the reason is added when there is one."""
        return f"{self.flow.kind}.{step.name}", {"label": self.label(record)}

    def notify_more(self, membership, record, step, now):
        """Further notices (e.g. the committee when a whole round is approved)."""


# The notifications app (a higher layer) plugs its services in when Django starts
# (notifications/apps.py), so core never imports it.
_NOTIFICATIONS = []


def connect_notifications(services):
    _NOTIFICATIONS[:] = [services]


def notifications():
    """The notifications services (notify, members); the app connects them in its ready()."""
    if not _NOTIFICATIONS:
        raise RuntimeError("the notifications app is not installed: no one would be told of a workflow step")
    return _NOTIFICATIONS[0]


def refusal(kind, membership, record, name):
    """The step, or the refusal that stops it (raised): unknown step, locked, not the member's to do."""
    step = kind.flow.step(name)
    if step is None:
        raise Invalid({"step": gettext("There is no such step.")})
    locked = kind.read_only(record)
    if locked:
        raise Locked(locked)
    state = getattr(record, kind.state_field)
    if not may(kind.flow, name, state, membership.role, owner=kind.owns(membership, record)):
        raise NotAllowed(gettext("You may not do this to a %(noun)s that is %(state)s.") % {
            "noun": kind.noun, "state": State(state).label if state in State.values else state})
    return step


def steps_for(kind, membership, record):
    """The steps this member may take on the record now (for the buttons)."""
    from .models import Role

    if kind.read_only(record):
        return []
    state, role = getattr(record, kind.state_field), membership.role
    asks_owner = role == Role.FOCAL_POINT and any(  # ownership is looked up only when it decides
        s.actor == OWNER and state in s.sources and allowed(role, s.action) for s in kind.flow.steps.values())
    return available(kind.flow, state, role, owner=asks_owner and kind.owns(membership, record))


def move(kind, membership, record, name, version=None, *, reason="", now=None, **options):
    """Move `record` one step; everything checked, written, audited and notified in one transaction.

    `version` is the version the member's page showed (None: not checked); a page opened before
    someone else's change is refused as stale. `reason` is required when returning and shows on the
    record and in the notice. Returns the record, reloaded.
    """
    from genderseal.core.audit import record as audit

    now = now or timezone.now()
    reason = (reason or "").strip()
    before = getattr(record, kind.state_field)
    if version not in (None, "") and int(version) != record.version:
        raise StaleEdit(gettext("Someone else changed this %(noun)s after you opened it. Reload to see the "
                                "change.") % {"noun": kind.noun})
    step = refusal(kind, membership, record, name)
    if step.reason and not reason:
        raise Invalid({"reason": gettext("Say why you return it: the reason is required.")})
    missing = kind.missing(membership, record, step) if step.target == SUBMITTED else {}
    if missing:
        raise Invalid(gettext("Fill in before submitting: %(fields)s") % {"fields": ", ".join(missing.values())},
                      problems=missing)
    fields = {kind.state_field: step.target}
    if step.target == SUBMITTED:
        fields.update(submitted_at=now, **{kind.reason_field: ""})
        if kind.submitter_field:
            fields[kind.submitter_field] = membership.user
    else:
        fields.update(reviewed_by=membership.user, reviewed_at=now, **{kind.reason_field: reason})
    fields.update(kind.extra(membership, record, step, now, options))
    with transaction.atomic():
        rows = kind.model.objects.filter(pk=record.pk, **{kind.state_field: before})
        if version not in (None, ""):
            rows = rows.filter(version=int(version))
        if not rows.update(version=F("version") + 1, **fields):
            raise StaleEdit(gettext("Someone else changed this %(noun)s after you opened it. Reload to see the "
                                    "change.") % {"noun": kind.noun})
        record.refresh_from_db()
        kind.after(membership, record, step, before, options)
        audit(f"{kind.audit_prefix}.{name}", kind.label(record), institution=membership.institution,
              actor=membership.user, ref=kind.ref(record), before={kind.state_field: before},
              after={kind.state_field: step.target, **kind.audit_detail(record, step, options),
                     **({"comment": reason} if reason else {})},
              version=record.version)
        _notify(kind, membership, record, step, reason, now, notifications())
    return record


def _notify(kind, membership, record, step, reason, now, notifications):
    who = next_actor(step)
    if who == REVIEWER:
        recipients = kind.reviewers(record)
    else:  # approved: the owners are told; returned: they must act
        recipients = kind.owners(record)
    notice, params = kind.notice(record, step)
    params = {**params, "actor": membership.user.get_full_name() or membership.user.username}
    if reason:
        params["comment"] = reason
    notifications.notify(recipients, membership.institution, notice, params=params, link=kind.link(record),
                         actor=membership.user, now=now)
    kind.notify_more(membership, record, step, now)
