"""Gender analysis worksheets (the four steps and the marker), screening forms, and projects by marker.

Every call is scoped to the caller's institution and, like the pages, shows assessors approved worksheets and
forms only. A worksheet is named by its project's code (one worksheet per project). The one write moves a
worksheet (submit, approve confirming or overriding the marker, return) through the same service as the page.
"""
from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from genderseal.analysis import queries, rules, services
from genderseal.analysis.models import Screening, Worksheet
from genderseal.core.scoping import membership_for

from .schemas import ErrorOut

router = Router(tags=["analysis"])


class StepOut(Schema):
    number: int
    title: str
    complete: bool
    answers: dict[str, str]


class FigureOut(Schema):
    label: str
    kind: str
    women: str
    men: str
    diverse: str
    source: str


class MarkerOut(Schema):
    suggested: str  # derived from the answers on every call (rules.MARKER_RULES)
    rule: int  # 0-based index of the rule that gave the suggestion
    rule_text: str
    confirmed: str | None  # the approver's marker, once approved
    override_reason: str  # why the approver chose another marker than the suggestion
    project: str  # the marker the project carries


class WorksheetOut(Schema):
    project: str
    project_title_th: str
    project_title_en: str
    owner_unit: str
    fiscal_year: int
    status: str
    version: int
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_comment: str
    goal_focus: str
    indicators: list[str]
    baseline: list[FigureOut]
    steps: list[StepOut]
    marker: MarkerOut


class AlignmentOut(Schema):
    criterion: str
    alignment: str
    justification: str


class ScreeningOut(Schema):
    project: str
    fiscal_year: int
    status: str
    version: int
    alignment: list[AlignmentOut]
    recommendation: str
    recommendation_note: str
    decision: str | None  # approved or returned, once decided
    decision_comment: str
    submitted_at: datetime | None
    reviewed_at: datetime | None


class MoveIn(Schema):
    version: int
    comment: str = ""
    marker: str = ""  # approve: the confirmed marker (default: the suggestion)
    reason: str = ""  # approve: why, when the marker is not the suggestion


class MarkerCountOut(Schema):
    gender_marker: str
    projects: int
    budget: float



def _worksheets(membership):
    return (Worksheet.objects.for_member(membership).select_related("project__owner_unit")
            .prefetch_related("indicators").order_by("project__code"))


def _worksheet_out(w):
    indicators = list(w.indicators.all())
    suggested, index = rules.suggest_marker(w.facts(indicators))
    missing = rules.missing_steps(w.answers(), w.baseline)
    return {
        "project": w.project.code, "project_title_th": w.project.title_th, "project_title_en": w.project.title_en,
        "owner_unit": w.project.owner_unit.code, "fiscal_year": w.fiscal_year, "status": w.status,
        "version": w.version, "submitted_at": w.submitted_at, "reviewed_at": w.reviewed_at,
        "review_comment": w.review_comment, "goal_focus": w.goal_focus,
        "indicators": [i.code for i in indicators],
        "baseline": [{k: str(f.get(k) or "") for k in ("label", "kind", "women", "men", "diverse", "source")}
                     for f in w.baseline or []],
        "steps": [{"number": n, "title": str(step["title"]), "complete": n not in missing,
                   "answers": {name: getattr(w, name) for name in step["fields"]}} for n, step in rules.STEPS.items()],
        "marker": {"suggested": suggested, "rule": index, "rule_text": str(rules.MARKER_RULES[index][2]),
                   "confirmed": w.confirmed_marker or None, "override_reason": w.marker_reason,
                   "project": w.project.gender_marker},
    }


CRITERIA = ("international", "national", "institution_plan", "leadership", "fit")


def _screening_out(s):
    decided = s.status in ("approved", "returned")
    return {
        "project": s.project.code, "fiscal_year": s.fiscal_year, "status": s.status, "version": s.version,
        "alignment": [{"criterion": c, "alignment": getattr(s, c), "justification": getattr(s, f"{c}_note")}
                      for c in CRITERIA],
        "recommendation": s.recommendation, "recommendation_note": s.recommendation_note,
        "decision": s.status if decided else None, "decision_comment": s.review_comment if decided else "",
        "submitted_at": s.submitted_at, "reviewed_at": s.reviewed_at,
    }


@router.get("/institutions/{slug}/analysis/worksheets", response=list[WorksheetOut])
def list_worksheets(request, slug: str, fy: int | None = None, status: str | None = None):
    """Every worksheet the caller may see (assessors: approved only), by project code."""
    rows = _worksheets(membership_for(request.user, slug, "analysis.view"))
    if fy:
        rows = rows.filter(fiscal_year=fy)
    if status:
        rows = rows.filter(status=status)
    return [_worksheet_out(w) for w in rows]


@router.get("/institutions/{slug}/analysis/worksheets/{code}", response={200: WorksheetOut, 404: ErrorOut})
def get_worksheet(request, slug: str, code: str):
    """The worksheet of project `code`: its four steps, baseline figures and the marker."""
    worksheet = _worksheets(membership_for(request.user, slug, "analysis.view")).filter(project__code=code).first()
    if worksheet is None:
        return Status(404, {"detail": _("No worksheet for this project.")})
    return _worksheet_out(worksheet)


@router.get("/institutions/{slug}/analysis/screenings", response=list[ScreeningOut])
def list_screenings(request, slug: str, fy: int | None = None, project: str | None = None):
    """Screening forms (one per project and fiscal year) the caller may see."""
    rows = (Screening.objects.for_member(membership_for(request.user, slug, "analysis.view")).select_related("project")
            .order_by("project__code", "-fiscal_year"))
    if fy:
        rows = rows.filter(fiscal_year=fy)
    if project:
        rows = rows.filter(project__code=project)
    return [_screening_out(s) for s in rows]


@router.get("/institutions/{slug}/analysis/markers", response=list[MarkerCountOut])
def marker_counts(request, slug: str, fy: int | None = None):
    """Projects running in fiscal year `fy` (default: the current one) and their budget, by gender marker."""
    rows = queries.marker_counts(membership_for(request.user, slug, "analysis.view"), fy or queries.current_fy())
    return [{"gender_marker": r["gender_marker"], "projects": r["n"], "budget": float(r["budget"] or 0)}
            for r in rows]


@router.post("/institutions/{slug}/analysis/worksheets/{code}/{name}",
             response={200: WorksheetOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def move_worksheet(request, slug: str, code: str, name: str, payload: MoveIn):
    """`submit`, `approve` (with `marker`, and `reason` when it is not the suggestion) or `return` (with
    `comment`); `version` is the worksheet's version as read, so a stale call is refused (409)."""
    membership = membership_for(request.user, slug, "analysis.view")
    worksheet = _worksheets(membership).filter(project__code=code).first()
    if worksheet is None or not membership.can("analysis.edit") or name not in services.WORKSHEET.flow.steps:
        return Status(404, {"detail": _("No worksheet for this project.")})
    services.move_worksheet(membership, worksheet, name, payload.version, actor=request.user,
                            comment=payload.comment, marker=payload.marker, reason=payload.reason)
    return _worksheet_out(_worksheets(membership).get(pk=worksheet.pk))
