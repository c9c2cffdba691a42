from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import OrgUnit, Role


def unit_choices(institution):
    return OrgUnit.objects.filter(institution=institution, retired_at=None).order_by("code")


class MemberForm(forms.Form):
    """Role and units (focal points only); the invitation form adds the e-mail."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    units = forms.ModelMultipleChoiceField(label=_("Units (focal points)"), required=False,
                                           queryset=OrgUnit.objects.none(),
                                           widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = unit_choices(institution)
        self.fields["units"].label_from_instance = lambda u: u.choice_label


EMBLEM_MAX_BYTES = 2 * 1024 * 1024


class InviteForm(MemberForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    field_order = ["email", "role", "units"]


class NewAccountForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), help_text=password_validators_help_text_html)
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class AskAgainForm(forms.Form):
    message = forms.CharField(label=_("Message for the secretariat (optional)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))


class InstitutionForm(forms.Form):
    slug = forms.SlugField(label=_("Short name"), max_length=50, help_text=_("Part of every address: /i/short-name/"))
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)
    secretariat = forms.EmailField(label=_("First secretariat's e-mail"))


class RenameForm(forms.Form):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)


class SettingsForm(RenameForm):
    default_language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES,
                                         help_text=_("Of invitations and of new members' pages."))
    frameworks = forms.ModelMultipleChoiceField(label=_("Frameworks used"), required=False, queryset=None,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        from genderseal.core.models import Institution
        from genderseal.standards.models import Framework

        super().__init__(*args, **kwargs)
        self.fields["frameworks"].queryset = Framework.objects.order_by("code")
        if any(f.name == "emblem" for f in Institution._meta.get_fields()):  # the documents' cover emblem
            self.fields["emblem"] = forms.ImageField(
                label=_("Emblem"), required=False,
                help_text=_("PNG or JPEG, at most 2 MB; printed on the cover of documents."))

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        if emblem and emblem.size > EMBLEM_MAX_BYTES:
            raise forms.ValidationError(_("The emblem is larger than 2 MB."))
        if emblem and getattr(emblem, "image", None) is not None and emblem.image.format not in ("PNG", "JPEG"):
            raise forms.ValidationError(_("The emblem must be a PNG or JPEG image."))
        return emblem



class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {**auth_forms.SetPasswordForm.error_messages, "password_mismatch": _("The two passwords differ.")}


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {**auth_forms.PasswordChangeForm.error_messages,
                      "password_mismatch": _("The two passwords differ.")}


def _days_choices():
    from django.utils.translation import ngettext_lazy

    from genderseal.core.models import ApiToken

    return [(days, ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days}) for days in ApiToken.DAYS]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What it is for"), max_length=100,
                           help_text=_("E.g. “KPI sync”: it names the token in the list."))
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, choices=_days_choices, initial=90,
                                  help_text=_("After that the token stops working; make a new one."))
