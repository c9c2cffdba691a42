"""Rounds, results and the round summary, scoped like the pages."""
from ninja import Router
from ninja.responses import Status

from genderseal.assessments import services
from genderseal.assessments.models import AssessmentRound, BenchmarkResult
from genderseal.core.scoping import get_scoped, membership_for

from .schemas import ErrorOut, ResultIn, ResultOut, RoundOut, SummaryOut

router = Router(tags=["rounds"])


def _round_out(r):
    return {"number": r.number, "kind": r.kind, "title": r.title, "status": r.status, "framework": r.framework.code,
            "starts_on": r.starts_on, "ends_on": r.ends_on, "submitted_on": r.submitted_on, "result_on": r.result_on}


def _result_out(r):
    return {"benchmark": r.benchmark.code, "result": r.result_code or None, "assessor_comment": r.assessor_comment,
            "response": r.response, "responsible_units": [u.code for u in r.responsible_units.all()],
            "version": r.version, "state": r.state}


def _round(request, slug, number):
    membership = membership_for(request.user, slug)
    rounds = AssessmentRound.objects.select_related("framework")
    return membership, get_scoped(rounds, membership, number=number)


def _results(membership):
    return (BenchmarkResult.objects.for_member(membership)
            .select_related("benchmark").prefetch_related("responsible_units"))


@router.get("/institutions/{slug}/rounds", response=list[RoundOut])
def list_rounds(request, slug: str):
    membership = membership_for(request.user, slug)
    return [_round_out(r) for r in AssessmentRound.objects.for_member(membership).select_related("framework")]


@router.get("/institutions/{slug}/rounds/{number}", response={200: RoundOut, 404: ErrorOut})
def get_round(request, slug: str, number: int):
    return _round_out(_round(request, slug, number)[1])


@router.get("/institutions/{slug}/rounds/{number}/summary", response={200: SummaryOut, 404: ErrorOut})
def round_summary(request, slug: str, number: int):
    return services.summarize_round(_round(request, slug, number)[1]).json


@router.get("/institutions/{slug}/rounds/{number}/results", response={200: list[ResultOut], 404: ErrorOut})
def list_results(request, slug: str, number: int):
    membership, rnd = _round(request, slug, number)
    rows = _results(membership).filter(round=rnd, benchmark__retired=False).order_by("benchmark__order")
    return [_result_out(r) for r in rows]


@router.patch(
    "/institutions/{slug}/rounds/{number}/results/{code}",
    response={200: ResultOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def update_result(request, slug: str, number: int, code: str, payload: ResultIn):
    membership, rnd = _round(request, slug, number)
    result = get_scoped(_results(membership).select_related("round"), membership, round=rnd, benchmark__code=code,
                        benchmark__retired=False)
    changes = {k: v for k, v in {"result_code": payload.result, "assessor_comment": payload.assessor_comment,
                                 "response": payload.response}.items() if v is not None}
    result = services.update_result(membership, result, changes, payload.version)
    return Status(200, _result_out(result))
