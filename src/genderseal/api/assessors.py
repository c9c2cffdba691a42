"""The assessor workspace over the API: assignments, ratings (published ones only for the institution), clarifications."""
from datetime import date, datetime

from ninja import Router, Schema
from ninja.responses import Status

from genderseal.assessors import queries, services
from genderseal.assessors.models import AssessorAssignment, Clarification
from genderseal.core.models import Role
from genderseal.core.scoping import get_scoped, membership_for

from .schemas import ErrorOut

router = Router(tags=["assessor workspace"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class AssignmentOut(Schema):
    institution: str
    round: int
    title: str
    starts_on: date | None
    ends_on: date | None
    published: bool


class RatingOut(Schema):
    benchmark: str
    result: str
    comment: str
    version: int
    published_at: datetime | None


class RatingsOut(Schema):
    round: int
    published: bool
    published_at: datetime | None
    level: str | None  # from the ratings the caller sees (rules.py)
    ratings: list[RatingOut]


class RatingIn(Schema):
    result: str
    comment: str = ""
    version: int  # 0 for a benchmark not rated yet


class MessageOut(Schema):
    author: str
    from_assessor: bool
    body: str
    created_at: datetime


class ClarificationOut(Schema):
    number: int
    benchmark: str
    status: str
    asked_at: datetime
    messages: list[MessageOut]


class QuestionIn(Schema):
    benchmark: str
    body: str


class MessageIn(Schema):
    body: str



def _rating_out(r):
    return {"benchmark": r.benchmark.code, "result": r.result_code, "comment": r.comment, "version": r.version,
            "published_at": r.published_at}


def _thread_out(t):
    return {"number": t.number, "benchmark": t.benchmark.code, "status": t.status, "asked_at": t.asked_at,
            "messages": [{"author": m.author.username if m.author else "", "from_assessor": m.from_assessor,
                          "body": m.body, "created_at": m.created_at} for m in t.messages.all()]}


@router.get("/assessor/assignments", response=list[AssignmentOut])
def my_assignments(request):
    """The caller's assignments in every institution where they hold the assessor role (a token: its own)."""
    rows = (AssessorAssignment.objects.filter(user=request.user, round__institution__memberships__user=request.user,
                                              round__institution__memberships__role=Role.ASSESSOR)
            .select_related("round__institution", "round__rating_publication"))
    token = getattr(request.user, "api_token", None)
    if token is not None:  # a token speaks for one institution only
        rows = rows.filter(round__institution__memberships=token.membership_id)
    return [{"institution": a.round.institution.slug, "round": a.round.number, "title": a.round.title,
             "starts_on": a.round.starts_on, "ends_on": a.round.ends_on,
             "published": hasattr(a.round, "rating_publication")} for a in rows]


@router.get("/institutions/{slug}/assess/rounds/{number}/ratings", response={200: RatingsOut, 404: ErrorOut})
def list_ratings(request, slug: str, number: int):
    """Assessors: every rating of their round (drafts included). The institution: published ratings only."""
    membership = membership_for(request.user, slug, "assessment.results")
    round = services.assigned_round(membership, number)
    publication = services.publication(round)
    published = queries.published_results(membership, round)
    ratings = [row.rating for row in published.rows if row.rating]
    return {"round": round.number, "published": publication is not None,
            "published_at": publication.published_at if publication else None,
            "level": published.summary.level if ratings else None, "ratings": [_rating_out(r) for r in ratings]}


@router.put("/institutions/{slug}/assess/rounds/{number}/ratings/{code}", response={200: RatingOut, **ERRORS})
def put_rating(request, slug: str, number: int, code: str, payload: RatingIn):
    membership = membership_for(request.user, slug, "assessment.work")
    round = services.assigned_round(membership, number)
    result = services.reviewable_result(membership, round, code)
    rating = services.save_rating(membership, round, result, result_code=payload.result, comment=payload.comment,
                                  expected_version=payload.version)
    return Status(200, _rating_out(rating))


@router.post("/institutions/{slug}/assess/rounds/{number}/publish", response={200: RatingsOut, **ERRORS})
def publish(request, slug: str, number: int):
    membership = membership_for(request.user, slug, "assessment.work")
    round = services.assigned_round(membership, number)
    services.publish(membership, round)
    return list_ratings(request, slug, number)


@router.get("/institutions/{slug}/assess/rounds/{number}/clarifications",
            response={200: list[ClarificationOut], 404: ErrorOut})
def list_clarifications(request, slug: str, number: int):
    membership = membership_for(request.user, slug, "clarification.view")
    round = services.assigned_round(membership, number)
    return [_thread_out(t) for t in queries.threads(membership, round)]


@router.post("/institutions/{slug}/assess/rounds/{number}/clarifications", response={200: ClarificationOut, **ERRORS})
def ask(request, slug: str, number: int, payload: QuestionIn):
    membership = membership_for(request.user, slug, "assessment.work")
    round = services.assigned_round(membership, number)
    result = services.reviewable_result(membership, round, payload.benchmark)
    thread = services.ask(membership, round, result, payload.body)
    return _thread_out(Clarification.objects.prefetch_related("messages__author").select_related("benchmark")
                       .get(pk=thread.pk))


@router.post("/institutions/{slug}/assess/rounds/{number}/clarifications/{thread}/messages",
             response={200: ClarificationOut, **ERRORS})
def post_message(request, slug: str, number: int, thread: int, payload: MessageIn):
    membership = membership_for(request.user, slug, "clarification.view")
    round = services.assigned_round(membership, number)
    found = get_scoped(Clarification.objects.select_related("round__institution", "benchmark"), membership,
                       round=round, number=thread)
    from genderseal.assessments.models import BenchmarkResult

    result = (BenchmarkResult.objects.for_member(membership).filter(round=round, benchmark=found.benchmark)
              .select_related("lead_unit").prefetch_related("responsible_units").first())
    services.reply(membership, found, result, payload.body)
    return _thread_out(Clarification.objects.prefetch_related("messages__author").select_related("benchmark")
                       .get(pk=found.pk))
