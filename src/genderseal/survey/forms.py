from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm
from genderseal.core.models import OrgUnit

from .models import Delivery, Survey, SurveyQuestion


class SurveyForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Survey
        fields = ["title_th", "title_en", "intro_th", "intro_en", "opens_at", "closes_at", "owner_unit"]
        widgets = {"title_th": forms.TextInput(attrs={"class": "w-full"}),
                   "title_en": forms.TextInput(attrs={"class": "w-full"}),
                   "intro_th": forms.Textarea(attrs={"rows": 3}), "intro_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, membership, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = OrgUnit.objects.for_member(membership).filter(retired_at=None)
        self.fields["owner_unit"].label_from_instance = lambda unit: unit.choice_label
        if creating:
            self.fields["title_th"].required = False
            self.fields["standard"] = forms.BooleanField(
                label=_("Start from the standard questions"), required=False, initial=True,
                help_text=_("The Seal's staff opinion topics in Thai and English; "
                            "an empty title takes the standard one."))
        else:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        if not self.fields.get("standard") or not data.get("standard"):
            if not (data.get("title_th") or data.get("title_en")):
                self.add_error("title_th", _("Give the survey a title."))
        return data


class QuestionForm(ModelForm):
    class Meta:
        model = SurveyQuestion
        fields = ["order", "kind", "text_th", "text_en", "labels_th", "labels_en", "required"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("text_th", "text_en")}
        widgets.update({name: forms.Textarea(attrs={"rows": 5, "style": "font-size:.85rem", "placeholder": hint})
                        for name, hint in (("labels_th", _("Thai, lines 1–5")),
                                           ("labels_en", _("English, lines 1–5")))})
        widgets["order"] = forms.NumberInput(attrs={"style": "width:3.5rem"})
        widgets["kind"] = forms.Select(attrs={"style": "width:100%"})

    def clean(self):
        data = super().clean()
        for name in ("labels_th", "labels_en"):
            lines = [line for line in (data.get(name) or "").splitlines() if line.strip()]
            if lines and len(lines) != 5:
                self.add_error(name, _("Give exactly five labels, one per line, or none."))
        return data


QuestionFormset = inlineformset_factory(Survey, SurveyQuestion, form=QuestionForm, extra=2, can_delete=True)


class BatchForm(forms.Form):
    """A batch of single-use links for the staff of one unit, sent by e-mail or printed as sealed slips."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    staff_count = forms.IntegerField(label=_("Staff in the unit"), min_value=1, max_value=100000,
                                     help_text=_("Recorded with the batch and shown to the committee beside the "
                                                 "results; a batch larger than this is refused."))
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices, widget=forms.RadioSelect,
                                 initial=Delivery.EMAIL)
    emails = forms.CharField(label=_("E-mail addresses"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("One per line. Each address gets its own link; addresses are not kept."))
    count = forms.IntegerField(label=_("Number of slips"), required=False, min_value=1, max_value=200,
                               help_text=_("Up to 200 per batch; a larger unit takes several batches."))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import respondent_units

        self.fields["unit"].queryset = respondent_units(survey)
        self.fields["unit"].label_from_instance = lambda unit: unit.choice_label

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Delivery.SLIPS and not data.get("count"):
            self.add_error("count", _("Give the number of slips to print."))
        if data.get("delivery") == Delivery.EMAIL:
            from .services import Invalid, parse_addresses

            try:
                data["addresses"] = parse_addresses(data.get("emails"))
            except Invalid as error:
                self.add_error("emails", error.problems["emails"])
            else:
                if not data["addresses"]:
                    self.add_error("emails", _("Give at least one e-mail address."))
        return data
