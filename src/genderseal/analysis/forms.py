from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm
from genderseal.planning.models import Indicator

from . import rules
from .models import Screening, Worksheet

TEXT = forms.Textarea(attrs={"rows": 3})


class StepForm(ModelForm):
    class Meta:
        model = Worksheet
        fields = []

    def __init__(self, *args, step, project, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            if isinstance(self.fields[name].widget, forms.Textarea):
                self.fields[name].widget.attrs["rows"] = 3
        if step == 2:
            self.fields["linked_indicators"] = forms.ModelMultipleChoiceField(
                label=_("Measurable indicators (the project's own)"), required=False,
                queryset=Indicator.objects.filter(project=project), widget=forms.CheckboxSelectMultiple,
                initial=list(self.instance.indicators.all()) if self.instance.pk else [])


def step_form(step):
    fields = list(rules.STEPS[step]["fields"])
    if step == 2:
        fields.insert(1, "goal_focus")
    return forms.modelform_factory(Worksheet, form=StepForm, fields=fields)


class FigureForm(forms.Form):
    """One sex-disaggregated baseline figure; rules.check_figure says what is wrong."""

    label = forms.CharField(label=_("Figure"), required=False, max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=rules.KINDS, initial="count")
    women = forms.CharField(label=_("Women / girls"), required=False, max_length=20)
    men = forms.CharField(label=_("Men / boys"), required=False, max_length=20)
    diverse = forms.CharField(label=_("Gender-diverse people"), required=False, max_length=20)
    source = forms.CharField(label=_("Source"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if self.has_changed() and any((data.get(k) or "").strip() for k in ("label", "women", "men", "diverse",
                                                                            "source")):
            for problem in rules.check_figure(data):
                self.add_error(None, problem)
        return data


FigureFormSet = formset_factory(FigureForm, extra=2)


def figures_from(formset):
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if any((data.get(k) or "").strip() for k in ("label", "women", "men", "diverse", "source")):
            rows.append({k: (data.get(k) or "").strip() for k in ("label", "kind", "women", "men", "diverse",
                                                                   "source")})
    return rows


class ScreeningForm(ModelForm):
    class Meta:
        model = Screening
        fields = ["international", "international_note", "national", "national_note", "institution_plan",
                  "institution_plan_note", "leadership", "leadership_note", "fit", "fit_note", "recommendation",
                  "recommendation_note"]
        widgets = {name: TEXT for name in fields if name.endswith("_note")}
