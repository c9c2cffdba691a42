"""The request form of the Reports page: the kind, then only the parameters that kind takes."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.assessments.models import AssessmentRound
from genderseal.thai.dates import fiscal_year

from .issuing import FIELDS
from .models import ONLY_FROM_THEIR_PAGE, ReportKind, kinds_for


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"))
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False)
    other = forms.TypedChoiceField(label=_("Compared with round"), coerce=int, required=False)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False, choices=[
        (0, _("Whole year")), (1, _("Quarter 1 (Oct–Dec)")), (2, _("Quarter 2 (Jan–Mar)")),
        (3, _("Quarter 3 (Apr–Jun)")), (4, _("Quarter 4 (Jul–Sep)"))])
    format = forms.ChoiceField(label=_("File"), required=False, choices=[("pdf", "PDF"), ("docx", _("Word (DOCX)"))])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("th", "ไทย"), ("en", "English")])
    digits = forms.ChoiceField(label=_("Digits"), required=False, choices=[("arabic", _("Arabic (0-9)")),
                                                                           ("thai", _("Thai (๐-๙)"))])

    def __init__(self, membership, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [k for k in kinds_for(membership) if k not in ONLY_FROM_THEIR_PAGE]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        rounds = [(r.number, f"{r.number}. {r.title}") for r in
                  AssessmentRound.objects.for_member(membership).order_by("-number").only("number", "title")]
        self.fields["round"].choices = rounds
        self.fields["other"].choices = rounds[1:] + rounds[:1]  # the one before the latest, by default
        this_year = fiscal_year(timezone.localdate()).be
        self.fields["fiscal_year"].choices = [(y, str(y)) for y in range(this_year + 1, this_year - 5, -1)]
        self.fields["fiscal_year"].initial = this_year
        kind = self.data.get("kind") or self.initial.get("kind") or (kinds[0].value if kinds else "")
        self.chosen_kind = kind if kind in {k.value for k in kinds} else (kinds[0].value if kinds else "")
        self.fields["kind"].initial = self.chosen_kind

    def visible(self):
        """The fields the chosen kind takes, in order."""
        names = FIELDS.get(ReportKind(self.chosen_kind), ()) if self.chosen_kind else ()
        return [self["kind"]] + [self[name] for name in names]
