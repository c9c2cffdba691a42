from django import forms
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm, ThaiDateField
from genderseal.thai.digits import to_arabic_digits

from .models import Evidence, EvidenceKind, EvidenceStatus
from .services import EvidenceError, check_plain_text


class EvidenceForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Evidence
        fields = ["title_th", "title_en", "description", "kind", "owner_unit", "shared_units", "evidence_date",
                  "expires_on", "tags"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, all_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units
        self.fields["owner_unit"].required = True
        self.fields["shared_units"].queryset = all_units if all_units is not None else units
        self.fields["shared_units"].required = False

    def clean(self):
        data = super().clean()
        for name in ("title_th", "title_en", "description", "tags"):
            if isinstance(data.get(name), str):
                data[name] = to_arabic_digits(data[name]).strip() if name != "description" else data[name].strip()
                try:
                    check_plain_text(self.fields[name].label, data[name])
                except EvidenceError as error:
                    self.add_error(name, str(error))
        if not data.get("title_th") and not data.get("title_en") and not self.has_error("title_th"):
            self.add_error("title_th", _("Give the evidence a title."))
        if data.get("evidence_date") and data.get("expires_on") and data["expires_on"] < data["evidence_date"]:
            self.add_error("expires_on", _("The evidence cannot expire before its own date."))
        return data

    def changes(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "shared_units")}


class LinkRevisionForm(forms.Form):
    url = forms.CharField(label=_("Web link (http or https)"), max_length=1000)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class BenchmarkLinkForm(forms.Form):
    benchmark = forms.CharField(label=_("Benchmark code"), max_length=16)
    means = forms.CharField(label=_("Means of verification (numbers, e.g. 1,2)"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_benchmark(self):
        return to_arabic_digits(self.cleaned_data["benchmark"]).strip()

    def clean_means(self):
        raw = to_arabic_digits(self.cleaned_data["means"] or "")
        try:
            return [int(p) - 1 for p in raw.replace(" ", ",").split(",") if p.strip()]
        except ValueError:
            raise forms.ValidationError(_("Give the numbers of the means of verification, e.g. 1,2.")) from None


class EvidenceFilter(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", _("Any status"))] + EvidenceStatus.choices)
    kind = forms.ChoiceField(required=False, choices=[("", _("Any kind"))] + EvidenceKind.choices)
    unit = forms.CharField(required=False)
    benchmark = forms.CharField(required=False)
    dimension = forms.CharField(required=False)
    date_from = ThaiDateField(required=False)
    date_to = ThaiDateField(required=False)
    deleted = forms.BooleanField(required=False)


def apply_filters(queryset, data, membership):
    if not data:
        return queryset.filter(deleted_at=None)
    if data.get("deleted") and membership.can("evidence.restore"):
        queryset = queryset.exclude(deleted_at=None)
    else:
        queryset = queryset.filter(deleted_at=None)
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("unit"):
        queryset = queryset.filter(owner_unit__code=data["unit"])
    if data.get("benchmark"):
        queryset = queryset.filter(links__benchmark__code=to_arabic_digits(data["benchmark"]).strip())
    if data.get("dimension"):
        queryset = queryset.filter(links__benchmark__goal__dimension__code=data["dimension"]).distinct()
    if data.get("date_from"):
        queryset = queryset.filter(evidence_date__gte=data["date_from"])
    if data.get("date_to"):
        queryset = queryset.filter(evidence_date__lte=data["date_to"])
    return queryset
