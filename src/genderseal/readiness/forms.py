from django import forms
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm
from genderseal.core.models import OrgUnit
from genderseal.evidence.models import Evidence
from genderseal.standards.models import Benchmark, Dimension, Level

from .models import Certificate, InterviewSession, Milestone, Question


def dimensions_for(membership):
    """Dimensions of the frameworks the institution's rounds use."""
    return (Dimension.objects.filter(framework__rounds__institution=membership.institution, retired=False)
            .select_related("framework").distinct().order_by("framework_id", "order"))


def benchmarks_for(membership):
    return (Benchmark.objects.filter(framework__rounds__institution=membership.institution, retired=False)
            .distinct().order_by("framework_id", "order"))


class MilestoneForm(ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "title_th", "title_en", "due_on", "ends_on", "owner_unit", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = OrgUnit.objects.for_member(membership).filter(retired_at=None)

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("ends_on") and data["ends_on"] < data["due_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data


class QuestionForm(ModelForm):
    class Meta:
        model = Question
        fields = ["dimension", "order", "group_th", "group_en", "question_th", "question_en", "answer_th", "answer_en",
                  "author_unit", "benchmarks", "evidence"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in
                   ("question_th", "question_en", "answer_th", "answer_en")}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = dimensions_for(membership)
        self.fields["benchmarks"].queryset = benchmarks_for(membership)
        self.fields["evidence"].queryset = Evidence.objects.for_member(membership).alive()
        self.fields["author_unit"].queryset = OrgUnit.objects.for_member(membership).filter(retired_at=None)


class SessionForm(ModelForm):
    online_link = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    class Meta:
        model = InterviewSession
        fields = ["title_th", "title_en", "held_on", "starts_at", "ends_at", "place", "online_link", "dimensions",
                  "benchmarks", "assessors"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}),
                   "ends_at": forms.TimeInput(attrs={"type": "time"}),
                   "assessors": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].queryset = dimensions_for(membership)
        self.fields["benchmarks"].queryset = benchmarks_for(membership)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class CertificateForm(ModelForm):
    """The awarded level (of the institution's frameworks), dates, issuing body and an optional scan."""

    scan = forms.FileField(label=_("scanned certificate"), required=False,
                           help_text=_("PDF or image; stored and hashed like evidence files."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Certificate
        fields = ["level", "awarded_on", "valid_until", "issuing_body", "reference", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = (Level.objects.filter(framework__rounds__institution=membership.institution)
                                         .distinct().order_by("framework_id", "order"))
        self.fields["valid_until"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        awarded, until = data.get("awarded_on"), data.get("valid_until")
        if awarded and until and until <= awarded:
            self.add_error("valid_until", _("The certificate must be valid after the day it was awarded."))
        return data
