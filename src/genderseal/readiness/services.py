"""The verbs of readiness: save milestones, questions and sessions, each change audited.

Services take the membership and plain cleaned data, never the request.
"""
from django.db import transaction
from django.db.models import Max

from genderseal.core.audit import record, snapshot

from .models import InterviewSession, Milestone, Question


def _save(membership, obj, data, *, fields, m2m, action, ref_name):
    creating = obj.pk is None
    # Read "before" from the database: a bound ModelForm has already changed the instance in memory.
    before = None if creating else snapshot(type(obj).objects.get(pk=obj.pk), [*fields, *m2m])
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.institution = membership.institution
    with transaction.atomic():
        if creating and isinstance(obj, InterviewSession) and not obj.number:
            last = InterviewSession.objects.filter(institution=membership.institution).aggregate(n=Max("number"))["n"]
            obj.number = (last or 0) + 1
        obj.save()
        for name in m2m:
            if name in data:
                getattr(obj, name).set(data[name])
        record(f"{action}.{'create' if creating else 'update'}", str(obj), institution=membership.institution,
               actor=membership.user, ref=f"readiness.{ref_name}:{obj.pk}", before=before,
               after=snapshot(obj, [*fields, *m2m]))
    return obj


MILESTONE_FIELDS = ["kind", "title_th", "title_en", "due_on", "ends_on", "owner_unit", "status", "note"]
QUESTION_FIELDS = ["dimension", "order", "group_th", "group_en", "question_th", "question_en", "answer_th", "answer_en",
                   "author_unit"]
SESSION_FIELDS = ["title_th", "title_en", "held_on", "starts_at", "ends_at", "place", "online_link", "assessors"]


def save_milestone(membership, milestone, data):
    return _save(membership, milestone or Milestone(), data, fields=MILESTONE_FIELDS, m2m=(),
                 action="milestone", ref_name="milestone")


def save_question(membership, question, data):
    return _save(membership, question or Question(), data, fields=QUESTION_FIELDS, m2m=("benchmarks", "evidence"),
                 action="question", ref_name="question")


def save_session(membership, session, data):
    return _save(membership, session or InterviewSession(), data, fields=SESSION_FIELDS,
                 m2m=("dimensions", "benchmarks"), action="interview", ref_name="interview")


def save_interviewees(membership, session, formset):
    """Save the interviewee rows of a validated inline formset, audited as one change of the session."""
    before = snapshot(session, ["interviewees"])
    formset.instance = session
    formset.save()
    record("interview.interviewees", str(session), institution=membership.institution, actor=membership.user,
           ref=f"readiness.interview:{session.pk}", before=before, after=snapshot(session, ["interviewees"]))
