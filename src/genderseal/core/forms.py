"""Form pieces every app uses: the one date field (Buddhist Era in Thai) and the audit filter."""
from collections import Counter
from datetime import date, datetime, time

from django import forms
from django.db import models
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from genderseal.thai.dates import DateNotUnderstood, format_numeric, parse_date


class ThaiDateInput(forms.TextInput):
    """A text box for dd/mm/yyyy (the year in the Buddhist Era in Thai); app.js adds a month picker."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "size": "10", "maxlength": "10",
                          "data-thai-date": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        language = get_language() or "th"
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.setdefault("placeholder", _("dd/mm/yyyy (BE)") if language.startswith("th") else "dd/mm/yyyy")
        widget_attrs["lang"] = "th" if language.startswith("th") else "en"
        return context

    def format_value(self, value):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_numeric(value, get_language() or "th")
        return super().format_value(value)  # what was typed stays as typed when the form is shown again


class ThaiDateField(forms.DateField):
    """Every date field: dd/mm/2568 in Thai (dd/mm/2025 in English; ISO too), stored as a date."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Type the date as day/month/year, e.g. %(example)s."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        language = get_language() or "th"
        try:
            return parse_date(str(value), language)
        except DateNotUnderstood:
            example = "15/02/2568" if language.startswith("th") else "15/02/2025"
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid",
                                        params={"example": example}) from None


class ThaiDateTimeInput(ThaiDateInput):
    """dd/mm/yyyy HH:MM (the year in the Buddhist Era in Thai), in the site's time zone."""

    def __init__(self, attrs=None):
        super().__init__({"size": "16", "maxlength": "16", **(attrs or {})})
        self.attrs.pop("data-thai-date", None)  # the month picker would drop the time

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        language = get_language() or "th"
        context["widget"]["attrs"]["placeholder"] = (_("dd/mm/yyyy hh:mm (BE)") if language.startswith("th")
                                                     else "dd/mm/yyyy hh:mm")
        return context

    def format_value(self, value):
        if isinstance(value, datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{format_numeric(value.date(), get_language() or 'th')} {value:%H:%M}"
        return super().format_value(value)


class ThaiDateTimeField(forms.DateTimeField):
    """A moment typed as dd/mm/2568 14:30 (or ISO), stored aware in the site's time zone."""

    widget = ThaiDateTimeInput
    default_error_messages = {
        "invalid": _("Type the date and time as day/month/year hour:minute, e.g. %(example)s."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return from_current_timezone(value)
        language = get_language() or "th"
        text = str(value).strip().replace("T", " ")
        day_text, _sep, time_text = text.partition(" ")
        try:
            day = parse_date(day_text, language)
            moment = time.fromisoformat((time_text.strip() or "00:00").replace(".", ":"))
        except (DateNotUnderstood, ValueError):
            example = "15/02/2568 09:00" if language.startswith("th") else "15/02/2025 09:00"
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid",
                                        params={"example": example}) from None
        return from_current_timezone(datetime.combine(day, moment))


def thai_formfield(db_field, **kwargs):
    """formfield_callback for model forms: every DateField becomes a ThaiDateField (DateTimeField: ThaiDateTimeField)."""
    if isinstance(db_field, models.DateTimeField) and db_field.editable and not (db_field.auto_now or db_field.auto_now_add):
        kwargs.pop("widget", None)
        return db_field.formfield(form_class=ThaiDateTimeField, **kwargs)
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.pop("widget", None)
        return db_field.formfield(form_class=ThaiDateField, **kwargs)
    return db_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's ModelForm: every model DateField through ThaiDateField.

    Django reads `formfield_callback` from each form's own Meta only, so it is set on each subclass's
    Meta here (before the metaclass builds the fields), unless that Meta names its own.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and "formfield_callback" not in vars(meta):
            meta.formfield_callback = thai_formfield


def member_choices(membership):
    """(username, full name) of everyone who is or was a member of the institution, by name (one query).

    A name two members share is told apart by the user name."""
    from .models import Membership
    from .scoping import scope

    users = [m.user for m in scope(Membership.objects.select_related("user"), membership)]
    names = [(u.username, u.get_full_name() or u.username) for u in users]
    times = Counter(name for _username, name in names)
    shared = {name for name, n in times.items() if n > 1}
    return sorted(((username, f"{name} ({username})" if name in shared else name) for username, name in names),
                  key=lambda choice: choice[1])


class AuditFilter(forms.Form):
    action = forms.ChoiceField(label=_("Kind of record"), required=False)
    # The member by name; the value stays the user name, so addresses from the typed filter still work.
    actor = forms.ChoiceField(label=_("User"), required=False)
    since = ThaiDateField(label=_("From"), required=False)
    until = ThaiDateField(label=_("Until"), required=False)
    q = forms.CharField(label=_("Record"), required=False)

    def __init__(self, data=None, *, membership, **kwargs):
        from .history import kind_choices

        if data is not None and "user" in data and "actor" not in data:  # an address of the typed filter
            data = data.copy()
            data["actor"] = data["user"]
        super().__init__(data, **kwargs)
        self.fields["action"].choices = [("", _("All"))] + kind_choices()
        self.fields["actor"].choices = [("", _("Everyone"))] + member_choices(membership)
