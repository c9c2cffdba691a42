"""The memo (บันทึกข้อความ) that sends a round's report or dossier onward, as PDF or Word: what is not
given is filled from the round and the institution, as on the page."""
from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import Router, Schema
from ninja.responses import Status

from genderseal.core.scoping import membership_for
from genderseal.reports import memo
from genderseal.reports.typography import Style
from genderseal.reports.views import _round
from genderseal.reports.views.memo import memo_file

from .schemas import ErrorOut

router = Router(tags=["reports"])


class MemoIn(Schema):
    sends: str = "report"  # report or dossier
    format: str = "pdf"  # pdf or docx
    digits: str = "arabic"  # arabic or thai
    office: str | None = None
    number: str | None = None
    date: str | None = None
    subject: str | None = None
    to: str | None = None
    body: str | None = None  # paragraphs separated by a blank line
    name: str | None = None
    position: str | None = None


@router.post("/institutions/{slug}/rounds/{number}/memo", response={200: None, 400: ErrorOut, 404: ErrorOut})
def round_memo(request, slug: str, number: int, payload: MemoIn):
    """The memo file (PDF or DOCX) for round `number`."""
    membership = membership_for(request.user, slug, "reports.request")
    if payload.sends not in memo.SUBJECTS or payload.format not in ("pdf", "docx"):
        return Status(400, {"detail": "sends must be report or dossier; format pdf or docx"})
    round = _round(membership, number)
    data = memo.defaults(membership, round, Style(get_language() or "th", payload.digits), user=request.user,
                         sends=payload.sends)
    data.update({k: v for k, v in payload.dict().items() if v is not None})
    content, content_type, name = memo_file(membership, round, data)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
