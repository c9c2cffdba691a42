"""The memo (บันทึกข้อความ) of a round: a form filled from the round, then the file (PDF or Word)."""
from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from genderseal.core.views import member_view

from .. import document_parts, memo
from ..typography import Style
from . import DOCX, PDF, _round


class MemoForm(forms.Form):
    sends = forms.ChoiceField(label=_("It sends"), choices=[("report", _("The readiness report")),
                                                            ("dossier", _("The evidence dossier"))])
    office = forms.CharField(label=pgettext_lazy("memo", "Office"), max_length=300)
    number = forms.CharField(label=pgettext_lazy("memo", "Ref."), max_length=100, required=False)
    date = forms.CharField(label=pgettext_lazy("memo", "Date"), max_length=100)
    subject = forms.CharField(label=pgettext_lazy("memo", "Subject"), max_length=500)
    to = forms.CharField(label=pgettext_lazy("memo", "To"), max_length=300)
    body = forms.CharField(label=_("Text (a blank line between paragraphs)"), widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=10000)
    name = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    format = forms.ChoiceField(label=_("File"), choices=[("pdf", "PDF"), ("docx", _("Word (DOCX)"))])
    digits = forms.ChoiceField(label=_("Digits"), choices=[("arabic", _("Arabic (0-9)")), ("thai", _("Thai (๐-๙)"))],
                               required=False)


def memo_file(membership, round, data):
    """(bytes, content type, file name) of the memo written from the form's (or the API's) data."""
    style = document_parts.official_style(membership.institution, get_language() or "th", data.get("digits") or "arabic")
    document = memo.build(style, membership.institution.t("name"), data)
    fmt = "docx" if data.get("format") == "docx" else "pdf"
    content = memo.memo_docx(document) if fmt == "docx" else memo.memo_pdf(document)
    name = f"{membership.institution.slug}-round-{round.number}-memo.{fmt}"
    return content, DOCX if fmt == "docx" else PDF, name


@member_view("reports.request")
def round_memo(request, membership, number):
    round = _round(membership, number)
    sends = request.GET.get("sends") if request.GET.get("sends") in memo.SUBJECTS else "report"
    if request.method == "POST":
        form = MemoForm(request.POST)
        if form.is_valid():
            content, content_type, name = memo_file(membership, round, form.cleaned_data)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    else:
        style = Style(get_language() or "th")
        initial = memo.defaults(membership, round, style, user=request.user, sends=sends)
        form = MemoForm(initial={**initial, "sends": sends, "format": "pdf"})
    return render(request, "reports/memo_form.html", {"round": round, "form": form,
                                                       "sends": sends}, status=400 if form.errors else 200)
