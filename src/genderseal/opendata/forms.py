from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.thai.dates import fiscal_year

from .models import Item


def fiscal_year_choices(today=None):
    current = fiscal_year(today or timezone.localdate()).be
    return [(be, str(be)) for be in range(current, current - 6, -1)]


class ChoicesForm(forms.Form):
    items = forms.MultipleChoiceField(label=_("Publish"), choices=Item.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year (BE) of the indicator results and reporting rates"),
                                         coerce=int, choices=())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, extra_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = fiscal_year_choices()
        if extra_year and extra_year not in {be for be, _label in choices}:
            choices.append((extra_year, str(extra_year)))
        self.fields["fiscal_year"].choices = choices
