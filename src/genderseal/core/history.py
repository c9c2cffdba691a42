"""History panels in words: what happened, by whom, which fields changed from what to what.

`describe(events)` turns audit events into rows an official can read: the action in words
("Evidence: approved"), the person's name, each changed field by its label, choice values by their
label, dates in the Buddhist Era (in Thai), related records by name instead of an id. Codes, file
hashes and the raw detail stay in a technical-details view. One query per related model at most.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from genderseal.thai.dates import format_date

from .models import OrgUnit

# The record kind before the dot of an action, and the model whose field labels describe it.
KINDS = {
    "evidence": (gettext_lazy("Evidence"), "evidence.Evidence"),
    "action_item": (gettext_lazy("Action item"), "organisation.ActionItem"),
    "unit": (gettext_lazy("Unit"), "core.OrgUnit"),
    "committee": (gettext_lazy("Committee"), "organisation.Body"),
    "meeting": (gettext_lazy("Meeting"), "organisation.Meeting"),
    "round": (gettext_lazy("Round"), "assessments.AssessmentRound"),
    "result": (gettext_lazy("Result"), "assessments.BenchmarkResult"),
    "rating": (gettext_lazy("Rating"), "assessors.ExternalRating"),
    "clarification": (gettext_lazy("Clarifications"), "assessors.Clarification"),
    "assessor": (gettext_lazy("Assessor"), None),
    "analysis": (gettext_lazy("Gender analysis"), "analysis.Worksheet"),
    "opendata": (gettext_lazy("Open data"), "opendata.PublicationChoice"),
    "interview": (gettext_lazy("Interviews"), None),
    "planning": (gettext_lazy("Action plan"), None),
    "report": (gettext_lazy("Reports"), None),
    "dossier": (gettext_lazy("Dossier"), None),
    "framework": (gettext_lazy("Standard"), None),
    "member": (pgettext_lazy("history", "Member"), "core.Membership"),  # of the institution, not of a committee
    "institution": (gettext_lazy("Institution"), None),
    "platform": (gettext_lazy("Platform"), None),
    "survey": (gettext_lazy("Staff survey"), "survey.Survey"),
    "milestone": (gettext_lazy("Milestone"), "readiness.Milestone"),
    "question": (gettext_lazy("Question bank"), "readiness.Question"),
    "certificate": (gettext_lazy("Certificate"), "readiness.Certificate"),
    "auth": (gettext_lazy("Sign-in"), None),
    "api_token": (gettext_lazy("API token"), None),
}
# The record inside a kind, for actions of three parts (planning.indicator.targets).
SUBJECTS = {
    "planning.plan": gettext_lazy("Plan"), "planning.strategy": gettext_lazy("Strategy"),
    "planning.measure": gettext_lazy("Measure"), "planning.project": gettext_lazy("Project"),
    "planning.projects": gettext_lazy("Projects"), "planning.indicator": gettext_lazy("Indicator"),
    "planning.rule": gettext_lazy("Reporting rule"), "planning.strategic_area": gettext_lazy("Strategic area"),
    "planning.category": gettext_lazy("Disaggregation category"),
    "planning.category_option": gettext_lazy("Category option"),
    "planning.mapping": gettext_lazy("Import mapping"), "planning.report": gettext_lazy("Period report"),
    "analysis.worksheet": gettext_lazy("Gender analysis worksheet"),
    "analysis.screening": gettext_lazy("Screening form"),
}
# Whole actions whose words are not the sum of their parts.
ACTIONS = {
    "planning.category.option.remove": gettext_lazy("Disaggregation category: option removed"),
    "auth.login": gettext_lazy("Signed in"),
    "auth.login_failed": gettext_lazy("Sign-in failed (wrong password)"),
    "auth.login_throttled": gettext_lazy("Sign-in refused (too many attempts)"),
    "platform.admin": gettext_lazy("Platform administrator created"),
}
VERBS = {
    "create": pgettext_lazy("history", "created"), "update": pgettext_lazy("history", "changed"), "delete": pgettext_lazy("history", "deleted"),
    "restore": pgettext_lazy("history", "restored"), "retire": pgettext_lazy("history", "retired"), "submit": pgettext_lazy("history", "submitted for review"),
    "approve": pgettext_lazy("history", "approved"), "return": pgettext_lazy("history", "returned for rework"), "reopen": pgettext_lazy("history", "reopened"),
    "upload": pgettext_lazy("history", "file added"), "link_revision": pgettext_lazy("history", "link added"),
    "link": pgettext_lazy("history", "linked to a benchmark"), "unlink": pgettext_lazy("history", "unlinked from a benchmark"),
    "status": pgettext_lazy("history", "status changed"), "signoff": pgettext_lazy("history", "signed off"), "unlock": pgettext_lazy("history", "unlocked"),
    "assign": pgettext_lazy("history", "assigned"), "unassign": pgettext_lazy("history", "assignment removed"),
    "ask": pgettext_lazy("history", "question asked"), "reply": pgettext_lazy("history", "replied"), "save": pgettext_lazy("history", "saved"),
    "publish": pgettext_lazy("history", "published"), "unpublish": pgettext_lazy("history", "unpublished"), "import": pgettext_lazy("history", "imported"),
    "seats": pgettext_lazy("history", "members changed"), "start": pgettext_lazy("history", "started"), "request": pgettext_lazy("history", "requested"),
    "choices": pgettext_lazy("history", "choices changed"), "evidence": pgettext_lazy("history", "recorded as evidence"),
    "interviewees": pgettext_lazy("history", "interviewees changed"), "load": pgettext_lazy("history", "loaded"),
    "edit": pgettext_lazy("history", "changed"), "change": pgettext_lazy("history", "changed"),
    "archive": pgettext_lazy("history", "archived"), "unarchive": pgettext_lazy("history", "back in use"), "deactivate": pgettext_lazy("history", "deactivated"),
    "reactivate": pgettext_lazy("history", "active again"), "join": pgettext_lazy("history", "joined"),
    "invite": pgettext_lazy("history", "invited"), "invite_again": pgettext_lazy("history", "invitation sent again"),
    "invite_requested": pgettext_lazy("history", "a new invitation asked for"),
    "invite_revoke": pgettext_lazy("history", "invitation withdrawn"),
    "narrative": pgettext_lazy("history", "narrative written"), "targets": pgettext_lazy("history", "targets changed"),
    "disaggregation": pgettext_lazy("history", "disaggregation changed"),
    "marker": pgettext_lazy("history", "gender marker changed"),
    "attachments": pgettext_lazy("history", "attachments changed"), "links": pgettext_lazy("history", "links made"),
    "questions": pgettext_lazy("history", "questions changed"), "open": pgettext_lazy("history", "opened"),
    "close": pgettext_lazy("history", "closed"), "import_refused": pgettext_lazy("history", "import refused"),
    "reindex": pgettext_lazy("history", "re-indexed"), "term_add": pgettext_lazy("history", "search term added"),
    "term_remove": pgettext_lazy("history", "search term removed"),
    "shared_units": pgettext_lazy("history", "shared with units changed"),
    "remove": pgettext_lazy("history", "removed"), "revoke": pgettext_lazy("history", "revoked"),
}
# Field names every kind shares, when the model does not say.
COMMON = {
    "status": gettext_lazy("Status"), "state": gettext_lazy("Review state"), "comment": gettext_lazy("Comment"),
    "reason": gettext_lazy("Reason"), "question": gettext_lazy("Question"), "result": gettext_lazy("Result"),
    "benchmark": gettext_lazy("Benchmark"), "benchmarks": gettext_lazy("Benchmarks"),
    "assessor": gettext_lazy("Assessor"), "version": gettext_lazy("Version"), "items": gettext_lazy("Items"),
    "fiscal_year": gettext_lazy("Fiscal year (BE)"), "revision": gettext_lazy("Version"),
    "file": gettext_lazy("File"), "url": gettext_lazy("Link"), "note": gettext_lazy("Note"),
    "size": gettext_lazy("Size"), "evidence": gettext_lazy("Evidence"),
    "holder": gettext_lazy("Token holder"), "questions": gettext_lazy("Questions"), "count": gettext_lazy("Links"),
    "flagged": gettext_lazy("Over the unit's staff count"), "expires_at": gettext_lazy("Expires"),
    "invitation": gettext_lazy("Invitation"), "times_sent": gettext_lazy("Times sent"),
    "units": gettext_lazy("Units"), "user": gettext_lazy("User"),
}
# Fields holding units, recorded by code ("21000000") or by code and abbreviation ("21000000 สยป."): read by name.
UNIT_FIELDS = {"unit", "units", "owner_unit", "lead_unit", "parent", "responsible_units"}
UNIT_CODE = re.compile(r"^(\d{6,})(?:\s+.*)?$")
# An action whose detail describes another model than its kind's (a survey's batch of links).
ACTION_MODELS = {"survey.links": "survey.LinkBatch"}
# Kept for the technical details only: hashes, storage paths, file types, internal numbers.
TECHNICAL = {"sha256", "path", "storage", "content_type", "mime", "ip", "source", "version_before",
             "version_after", "means", "added", "removed", "changed"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Row:
    event: object
    what: str
    who: str
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (label, text) from the detail: reason, comment, file name


def _model(action):
    kind = action.partition(".")[0]
    name = ACTION_MODELS.get(action) or KINDS.get(kind, (None, None))[1]
    return apps.get_model(name) if name else None


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _choice_words(model):
    """{code: words} of every choice field of the kind's model: a code used as a key or value reads as words."""
    if model is None:
        return {}
    return {str(code): str(words) for f in model._meta.fields if getattr(f, "choices", None)
            for code, words in f.flatchoices}


def label_of(model, name):
    words = _choice_words(model).get(name) if _field(model, name) is None else None
    if words:
        return words
    found = _field(model, name)
    named = found is not None and getattr(found, "verbose_name", None)
    if named and (name not in COMMON or found.verbose_name != name.replace("_", " ")):
        text = str(found.verbose_name)  # a field left without a label keeps the shared words below
        return text[:1].upper() + text[1:]
    if name in COMMON:
        return str(COMMON[name])
    return name.replace("_", " ").capitalize()


def what_of(action):
    """An action code in words ("result.approve" -> "Result: approved"); an unknown code as it is."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    parts = action.split(".")
    kind, verb = parts[0], parts[-1]
    noun = SUBJECTS.get(".".join(parts[:2])) if len(parts) > 2 else None
    noun = noun or KINDS.get(kind, (None, None))[0]
    words = VERBS.get(verb)
    if noun and words:
        return f"{noun}: {words}"
    return str(noun or words or action)


def kind_choices():
    """[(kind, words)] for the audit page's filter, in the order of the words."""
    return sorted(((kind, str(noun)) for kind, (noun, _model) in KINDS.items()), key=lambda pair: pair[1])


def _plain(value, model_field, related, choices=None, size=False):
    """One stored value as words (`choices`: the kind's {code: words}, for lists of codes)."""
    choices = choices or {}
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_plain(v, model_field, related, choices) for v in value)
    if isinstance(value, str) and value in choices:
        return choices[value]
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v, None, related)}" for k, v in value.items())
    language = get_language() or "th"
    if size and isinstance(value, int):
        return filesizeformat(value)
    if model_field is not None:
        if getattr(model_field, "choices", None):
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.ForeignKey) and isinstance(value, int):
            return related.get((model_field.related_model, value), str(value))
        if isinstance(model_field, models.FileField) and isinstance(value, str):
            return value.rsplit("/", 1)[-1]  # the file's name, not where it is stored
    return _date_words(value, language) if isinstance(value, str) else str(value)


def _date_words(value, language):
    """An ISO date or moment in words (Buddhist Era in Thai); any other text as it is."""
    try:
        if ISO_DATE.match(value):
            return format_date(date.fromisoformat(value), language)
        if ISO_DATETIME.match(value):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return f"{format_date(moment.date(), language, short=True)} {moment:%H:%M}"
    except ValueError:
        pass
    return value


def _related_names(events):
    """{(model, pk): name} for every foreign key id in the events' before/after, one query per model."""
    wanted, units = defaultdict(set), set()
    for event in events:
        model = _model(event.action)
        sides = [event.detail.get("before"), event.detail.get("after"), event.detail]
        for values in sides:
            if not isinstance(values, dict):
                continue
            for name, value in values.items():
                found = _field(model, name)
                if isinstance(found, models.ForeignKey) and isinstance(value, int):
                    wanted[found.related_model].add(value)
                elif name in UNIT_FIELDS:
                    for one in value if isinstance(value, list) else [value]:
                        code = UNIT_CODE.match(one) if isinstance(one, str) else None
                        if code:
                            units.add(code.group(1))
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    institutions = {event.institution_id for event in events}
    for unit in OrgUnit.objects.filter(code__in=units, institution_id__in=institutions) if units else []:
        names[(OrgUnit, unit.institution_id, unit.code)] = unit.choice_label
    return names


def _unit_words(name, value, event, related):
    """A unit recorded by its code (alone or before its abbreviation) as its name; anything else as it is."""
    if name not in UNIT_FIELDS:
        return value
    if isinstance(value, list):
        return [_unit_words(name, one, event, related) for one in value]
    code = UNIT_CODE.match(value) if isinstance(value, str) else None
    return related.get((OrgUnit, event.institution_id, code.group(1)), value) if code else value


def describe(events):
    """Rows in words for a history panel (events newest first, as history_for returns them)."""
    events = list(events or [])
    related = _related_names(events)
    rows = []
    for event in events:
        model = _model(event.action)
        choices = _choice_words(model)
        actor = event.actor
        who = (actor.get_full_name() or actor.username) if actor else "–"
        row = Row(event=event, what=what_of(event.action), who=who)
        before, after = event.detail.get("before"), event.detail.get("after")
        if isinstance(before, dict) or isinstance(after, dict):
            before, after = before or {}, after or {}
            for name in sorted(set(before) | set(after)):
                if name in TECHNICAL:
                    continue
                found = _field(model, name)
                was, now = (_unit_words(name, side.get(name), event, related) for side in (before, after))
                row.changes.append(Change(label_of(model, name), _plain(was, found, related, choices),
                                          _plain(now, found, related, choices)))
        for name, value in event.detail.items():
            if name in ("before", "after") or name in TECHNICAL or value in (None, "", []):
                continue
            found = _field(model, name)
            value = _unit_words(name, value, event, related)
            row.notes.append((label_of(model, name), _plain(value, found, related, choices, size=name == "size")))
        rows.append(row)
    return rows
