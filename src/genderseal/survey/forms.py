from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm
from genderseal.core.models import OrgUnit

from .models import Survey, SurveyQuestion


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


class LinksForm(forms.Form):
    count = forms.IntegerField(label=_("Number of single-use links"), min_value=1, max_value=1000, initial=50)
