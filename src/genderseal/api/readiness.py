"""Readiness, read-only: milestones, interview sessions, the question bank, and staff survey results.

Each call checks the same action as the page (`milestone.view`, `interview.view`,
`question.view`, `survey.view`), so a role sees here what its pages show. Survey results
are aggregates only, filtered by the same `visible_groups` rule as the page and the export.
"""
from datetime import date, datetime, time

from django.db.models import Count, Prefetch
from django.utils import timezone
from ninja import Router, Schema

from genderseal.core.scoping import get_scoped, membership_for
from genderseal.readiness.models import Interviewee, InterviewSession, Milestone, Question
from genderseal.survey.models import Survey
from genderseal.survey.queries import survey_results

from .schemas import ErrorOut

router = Router(tags=["readiness"])



class MilestoneOut(Schema):
    id: int
    kind: str
    title_th: str
    title_en: str
    due_on: date | None
    ends_on: date | None
    owner_unit: str | None
    status: str
    overdue: bool
    days_left: int | None


class IntervieweeOut(Schema):
    name: str
    role: str
    unit: str | None
    username: str | None


class SessionOut(Schema):
    number: int
    title_th: str
    title_en: str
    held_on: date
    starts_at: time
    ends_at: time | None
    place: str
    online_link: str
    dimensions: list[str]
    benchmarks: list[str]
    assessors: list[str]
    interviewees: list[IntervieweeOut]


class QuestionOut(Schema):
    id: int
    dimension: str | None
    order: int
    question_th: str
    question_en: str
    answer_th: str
    answer_en: str
    benchmarks: list[str]
    evidence: list[int]


class SurveyOut(Schema):
    id: int
    title_th: str
    title_en: str
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    questions: int
    responses: int


class ScaleOut(Schema):
    question: int  # the question's order number
    n: int
    mean: float | None
    counts: list[int]  # answers per point 1..5


class GroupOut(Schema):
    key: str  # the group's code ("female", "u30", a unit code, "" = not stated, "other" = pooled small groups)
    label: str
    respondents: int
    questions: list[ScaleOut]


class BreakdownOut(Schema):
    dimension: str
    groups: list[GroupOut]


class SurveyQuestionOut(Schema):
    order: int
    kind: str
    text_th: str
    text_en: str
    overall: ScaleOut | None


class ResultsOut(Schema):
    survey: int
    total: int
    minimum: int  # the smallest group shown
    min_total: int  # no figure at all below this many responses
    closed: bool  # no figure at all before the survey is closed
    shown: bool  # false while open or below min_total: then no figures at all
    questions: list[SurveyQuestionOut]
    breakdowns: list[BreakdownOut]


@router.get("/institutions/{slug}/milestones", response=list[MilestoneOut])
def list_milestones(request, slug: str):
    membership = membership_for(request.user, slug, "milestone.view")
    today = timezone.localdate()
    rows = Milestone.objects.for_member(membership).select_related("owner_unit")
    return [{"id": m.pk, "kind": m.kind, "title_th": m.title_th, "title_en": m.title_en, "due_on": m.due_on,
             "ends_on": m.ends_on, "owner_unit": m.owner_unit.code if m.owner_unit_id else None, "status": m.status,
             "overdue": m.is_overdue(today),
             "days_left": (m.due_on - today).days if m.due_on and m.is_open and m.due_on >= today else None}
            for m in rows]


@router.get("/institutions/{slug}/interviews", response=list[SessionOut])
def list_interviews(request, slug: str, mine: bool = False):
    """Interview sessions; `mine=true` gives the caller's own schedule (sessions naming them)."""
    membership = membership_for(request.user, slug, "interview.view")
    rows = (InterviewSession.objects.for_member(membership)
            .prefetch_related("dimensions", "benchmarks",
                              Prefetch("interviewees", Interviewee.objects.select_related("unit", "user"))))
    if mine:
        rows = rows.filter(interviewees__user=request.user).distinct()
    return [{"number": s.number, "title_th": s.title_th, "title_en": s.title_en, "held_on": s.held_on,
             "starts_at": s.starts_at, "ends_at": s.ends_at, "place": s.place, "online_link": s.online_link,
             "dimensions": [d.code for d in s.dimensions.all()], "benchmarks": [b.code for b in s.benchmarks.all()],
             "assessors": s.assessor_list,
             "interviewees": [{"name": i.name, "role": i.role, "unit": i.unit.code if i.unit_id else None,
                               "username": i.user.username if i.user_id else None} for i in s.interviewees.all()]}
            for s in rows]


@router.get("/institutions/{slug}/questions", response=list[QuestionOut])
def list_questions(request, slug: str, dimension: str | None = None):
    """The question bank with the agreed answers (not for assessors: it is the institution's preparation)."""
    membership = membership_for(request.user, slug, "question.view")
    rows = Question.objects.for_member(membership).select_related("dimension").prefetch_related(
        "benchmarks", Prefetch("evidence", to_attr="evidence_rows"))
    if dimension == "general":
        rows = rows.filter(dimension=None)
    elif dimension:
        rows = rows.filter(dimension__code=dimension)
    visible = None
    out = []
    for q in rows:
        if visible is None:  # evidence ids the caller may see at all: one query
            from genderseal.evidence.models import Evidence

            visible = set(Evidence.objects.for_member(membership).filter(questions__institution=membership.institution)
                          .values_list("pk", flat=True))
        out.append({"id": q.pk, "dimension": q.dimension.code if q.dimension_id else None, "order": q.order,
                    "question_th": q.question_th, "question_en": q.question_en, "answer_th": q.answer_th,
                    "answer_en": q.answer_en, "benchmarks": [b.code for b in q.benchmarks.all()],
                    "evidence": sorted(e.pk for e in q.evidence_rows if e.pk in visible)})
    return out


@router.get("/institutions/{slug}/surveys", response=list[SurveyOut])
def list_surveys(request, slug: str):
    membership = membership_for(request.user, slug, "survey.view")
    rows = Survey.objects.for_member(membership).annotate(
        n_questions=Count("questions", distinct=True), n_responses=Count("responses", distinct=True))
    return [{"id": s.pk, "title_th": s.title_th, "title_en": s.title_en, "status": s.status, "opens_at": s.opens_at,
             "closes_at": s.closes_at, "questions": s.n_questions, "responses": s.n_responses} for s in rows]


def _scale(order, s):
    return {"question": order, "n": s.n, "mean": s.mean, "counts": list(s.counts)}


@router.get("/institutions/{slug}/surveys/{survey_id}/results", response={200: ResultsOut, 404: ErrorOut})
def survey_result(request, slug: str, survey_id: int):
    """Aggregates only: no free text, no single responses, no group under the minimum size."""
    membership = membership_for(request.user, slug, "survey.view")
    survey = get_scoped(Survey.objects.all(), membership, pk=survey_id)
    results = survey_results(survey, with_texts=False)
    scale = results.scale_questions
    return {
        "survey": survey.pk, "total": results.total, "minimum": results.minimum, "min_total": results.min_total,
        "closed": results.closed, "shown": results.enough,
        "questions": [{"order": q.question.order, "kind": q.question.kind, "text_th": q.question.text_th,
                       "text_en": q.question.text_en,
                       "overall": _scale(q.question.order, q.overall) if q.overall else None}
                      for q in results.questions],
        "breakdowns": [{"dimension": b.dimension,
                        "groups": [{"key": row.key, "label": row.label,
                                    "respondents": row.respondents,
                                    "questions": [_scale(q.question.order, s) for q, s in zip(scale, row.stats)]}
                                   for row in b.rows]}
                       for b in results.breakdowns],
    }

