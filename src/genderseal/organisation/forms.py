from django import forms
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm, ThaiDateField
from genderseal.core.models import OrgUnit, unit_code_validator

from .models import ActionStatus, Body, BodyKind, Meeting, Seat, SeatRole


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.choice_label


class UnitMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.choice_label


class EvidenceChoice(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return item.t("title")


class EvidenceMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, item):
        return item.t("title")


def active_units(membership):
    return OrgUnit.objects.for_member(membership).filter(retired_at=None).order_by("code")


def evidence_for(membership):
    from genderseal.evidence.models import Evidence

    return Evidence.objects.for_member(membership).alive().order_by("-pk")


class UnitForm(forms.Form):
    code = forms.CharField(label=_("unit code"), max_length=8, validators=[unit_code_validator])
    parent = UnitChoice(label=_("parent unit"), queryset=OrgUnit.objects.none(), required=False)
    abbreviation = forms.CharField(label=_("abbreviation"), max_length=32, required=False)
    name_th = forms.CharField(label=_("name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("name (English)"), max_length=255, required=False)

    def __init__(self, *args, membership, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = active_units(membership)
        if unit is not None:
            parents = parents.exclude(pk=unit.pk)
            del self.fields["code"]
        self.fields["parent"].queryset = parents

    def clean_code(self):
        from genderseal.thai.digits import to_arabic_digits

        return to_arabic_digits(self.cleaned_data["code"].strip())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))


class ActionItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    result_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("title"), max_length=500, widget=forms.TextInput(attrs={"style": "width:100%"}))
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    owner_unit = UnitChoice(label=_("owner unit"), queryset=OrgUnit.objects.none())
    due_on = ThaiDateField(label=_("due date"), required=False)
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices)
    drop_reason = forms.CharField(label=_("reason for dropping"), widget=forms.Textarea(attrs={"rows": 2}),
                                  required=False)
    progress_note = forms.CharField(label=_("progress note"), widget=forms.Textarea(attrs={"rows": 3}),
                                    required=False)
    evidence = EvidenceMultipleChoice(label=_("evidence it produced"), queryset=None, required=False)

    def __init__(self, *args, membership, editable=None, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = active_units(membership)
        self.fields["evidence"].queryset = evidence_for(membership)
        if statuses is not None:
            self.fields["status"].choices = [(s, ActionStatus(s).label) for s in statuses]
        self.editable = editable
        if editable is not None:
            for name in list(self.fields):
                if name not in editable and name not in ("version", "result_id"):
                    del self.fields[name]

    def changes(self, item):
        """Only the fields whose value differs from the item's."""
        data = self.cleaned_data
        out = {}
        for name in self.fields:
            if name in ("version", "result_id"):
                continue
            value = data.get(name)
            if name == "evidence":
                if {e.pk for e in value} != {e.pk for e in item.evidence.all()}:
                    out[name] = list(value)
            elif name == "owner_unit":
                if value.pk != item.owner_unit_id:
                    out[name] = value
            elif (value if value is not None else "") != (getattr(item, name) or ""):
                out[name] = value if value is not None else (None if name == "due_on" else "")
        return out


class ActionFilter(forms.Form):
    unit = forms.CharField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", _("All")), ("pending", _("Open or in progress")),
                                                        *ActionStatus.choices])
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))


class BodyForm(ModelForm):
    class Meta:
        model = Body
        fields = ["code", "kind", "parent", "name_th", "name_en", "mandate", "order_number", "order_date",
                  "order_document", "benchmarks", "dissolved_on"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 4})}

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, membership, dimension_benchmarks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Body.objects.for_member(membership).exclude(
            pk=self.instance.pk if self.instance.pk else None)
        self.fields["order_document"] = EvidenceChoice(label=_("signed order (evidence)"),
                                                       queryset=evidence_for(membership), required=False)
        self.fields["benchmarks"].widget = forms.CheckboxSelectMultiple()
        self.fields["benchmarks"].label_from_instance = lambda b: f"{b.code} {b.t('title')}"
        self.fields["benchmarks"].queryset = dimension_benchmarks
        self.fields["kind"].choices = BodyKind.choices
        if self.instance.pk:
            del self.fields["code"]
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):  # the service validates and saves; skip ModelForm's instance update
        pass


class SeatForm(ModelForm):
    class Meta:
        model = Seat
        fields = ["role", "position", "unit", "person"]

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoice(label=_("unit"), queryset=active_units(membership), required=False)
        self.fields["role"].choices = SeatRole.choices


SeatFormSet = forms.modelformset_factory(Seat, form=SeatForm, extra=3, can_delete=True)


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "held_on", "agenda", "minutes", "minutes_document"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4}), "minutes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes_document"] = EvidenceChoice(label=_("minutes (evidence)"),
                                                         queryset=evidence_for(membership), required=False)

    def _post_clean(self):
        pass
