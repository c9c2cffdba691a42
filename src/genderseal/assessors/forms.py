from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class RatingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    result_code = forms.ChoiceField(label=_("Rating"))
    comment = forms.CharField(label=_("Assessor comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_code"].choices = [("", "—")] + [(o.code, o.t("label")) for o in options]


class QuestionForm(forms.Form):
    body = forms.CharField(label=_("Question for the institution"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class AssignForm(forms.Form):
    round = forms.IntegerField(widget=forms.HiddenInput)
    user = forms.ModelChoiceField(label=_("Assessor"), queryset=get_user_model().objects.none())

    def __init__(self, *args, assessors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=[m.user_id for m in assessors])


class AccountForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
