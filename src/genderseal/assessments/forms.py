from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from genderseal.core.forms import ThaiDateField
from genderseal.thai.digits import to_arabic_digits

from .models import RoundKind


class ResultForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    result_code = forms.ChoiceField(label=_("Result"), required=False)
    assessor_comment = forms.CharField(label=_("Assessor comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    response = forms.CharField(label=_("Institution's response"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=None, required=False)
    responsible_units = forms.ModelMultipleChoiceField(label=_("Responsible units"), queryset=None, required=False)

    def __init__(self, *args, options, units, editable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_code"].choices = [("", _("Not rated"))] + [(o.code, o.t("label")) for o in options]
        self.fields["responsible_units"].queryset = units
        self.fields["lead_unit"].queryset = units
        for name in ("result_code", "assessor_comment", "response", "lead_unit", "responsible_units"):
            if name not in editable:
                del self.fields[name]

    def changes(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    title = forms.CharField(label=pgettext_lazy("round", "Title"), max_length=255)
    starts_on = ThaiDateField(label=_("Starts on"), required=False)
    ends_on = ThaiDateField(label=_("Ends on"), required=False)
    copy_from = forms.ModelChoiceField(label=_("Start as a copy of"), queryset=None, required=False,
                                       empty_label=_("(empty round)"))

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = rounds

    def clean_title(self):
        return to_arabic_digits(self.cleaned_data["title"]).strip()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The round cannot end before it starts."))
        return data


class RoundFilter(forms.Form):
    state = forms.CharField(required=False)
    dimension = forms.CharField(required=False)
    result = forms.CharField(required=False)
    unit = forms.CharField(required=False)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), widget=forms.Textarea(attrs={"rows": 2}))

