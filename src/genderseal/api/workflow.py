"""Review workflow over the API: move a result, see a round's progress, sign off, unlock."""
from ninja import Router, Schema

from genderseal.assessments import review
from genderseal.assessments.models import BenchmarkResult
from genderseal.core.scoping import get_scoped

from .rounds import _round
from .schemas import ErrorOut

router = Router(tags=["review workflow"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class TransitionIn(Schema):
    name: str  # submit | approve | return
    version: int
    comment: str = ""


class ReasonIn(Schema):
    reason: str


class StateOut(Schema):
    benchmark: str
    state: str
    version: int
    return_comment: str
    missing: list[str] = []


class ProgressOut(Schema):
    draft: int
    submitted: int
    approved: int
    returned: int
    total: int
    locked: bool


def _progress(rnd):
    return {**review.progress(rnd), "locked": rnd.is_locked}


@router.get("/institutions/{slug}/rounds/{number}/progress", response={200: ProgressOut, 404: ErrorOut})
def round_progress(request, slug: str, number: int):
    return _progress(_round(request, slug, number)[1])


@router.post("/institutions/{slug}/rounds/{number}/results/{code}/transitions", response={200: StateOut, **ERRORS})
def transition(request, slug: str, number: int, code: str, payload: TransitionIn):
    membership, rnd = _round(request, slug, number)
    result = get_scoped(BenchmarkResult.objects.select_related("round__institution", "benchmark")
                        .prefetch_related("responsible_units"),
                        membership, round=rnd, benchmark__code=code, benchmark__retired=False)
    result = review.transition(membership, result, payload.name, payload.version, comment=payload.comment)
    return {"benchmark": code, "state": result.state, "version": result.version,
            "return_comment": result.return_comment}


@router.post("/institutions/{slug}/rounds/{number}/signoff", response={200: ProgressOut, **ERRORS})
def sign_off(request, slug: str, number: int):
    membership, rnd = _round(request, slug, number)
    review.sign_off(membership, rnd)
    return _progress(rnd)


@router.post("/institutions/{slug}/rounds/{number}/unlock", response={200: ProgressOut, **ERRORS})
def unlock(request, slug: str, number: int, payload: ReasonIn):
    membership, rnd = _round(request, slug, number)
    review.unlock(membership, rnd, payload.reason)
    return _progress(rnd)
