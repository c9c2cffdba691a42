"""The one date field: officials type and read Buddhist Era dates in Thai; the database keeps ISO dates."""
from datetime import date

import pytest
from django import forms
from django.utils import translation

from genderseal.core.forms import ThaiDateField, ThaiDateInput, ThaiDateTimeField
from genderseal.thai.dates import DateNotUnderstood, format_numeric, parse_date


class DueForm(forms.Form):
    due_on = ThaiDateField(label="due", required=False)


@pytest.mark.parametrize("typed, expected", [
    ("15/02/2568", date(2025, 2, 15)),
    ("15/2/2568", date(2025, 2, 15)),
    ("๑๕/๐๒/๒๕๖๘", date(2025, 2, 15)),
    ("15-02-2568", date(2025, 2, 15)),
    ("15.02.2568", date(2025, 2, 15)),
    (" 1/10/2567 ", date(2024, 10, 1)),
    ("2025-02-15", date(2025, 2, 15)),  # ISO, as the API and older pages send it
    ("15/02/2025", date(2025, 2, 15)),  # a Gregorian year is still understood
    ("", None),
])
def test_it_reads_the_dates_officials_type(typed, expected):
    assert parse_date(typed, "th") == expected


@pytest.mark.parametrize("typed", ["31/02/2568", "15/13/2568", "15/02/68", "yesterday", "15/02", "2568"])
def test_it_refuses_what_is_not_a_date(typed):
    with pytest.raises(DateNotUnderstood):
        parse_date(typed, "th")


def test_it_shows_the_buddhist_era_in_thai_and_the_gregorian_year_in_english():
    assert format_numeric(date(2025, 2, 15), "th") == "15/02/2568"
    assert format_numeric(date(2025, 2, 15), "en") == "15/02/2025"
    assert format_numeric(None, "th") == ""


def test_a_thai_form_takes_be_and_stores_the_iso_date():
    with translation.override("th"):
        form = DueForm({"due_on": "30/09/2568"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["due_on"] == date(2025, 9, 30)
    assert form.cleaned_data["due_on"].isoformat() == "2025-09-30"


def test_the_widget_shows_a_stored_date_in_the_buddhist_era_with_a_thai_hint():
    with translation.override("th"):
        html = DueForm(initial={"due_on": date(2025, 9, 30)})["due_on"].as_widget()
    assert 'value="30/09/2568"' in html and 'inputmode="numeric"' in html and "data-thai-date" in html
    assert 'placeholder="วว/ดด/ปปปป (พ.ศ.)"' in html
    with translation.override("en"):
        html = DueForm(initial={"due_on": date(2025, 9, 30)})["due_on"].as_widget()
    assert 'value="30/09/2025"' in html and 'placeholder="dd/mm/yyyy"' in html


def test_a_refused_date_is_explained_in_thai_and_kept_as_typed():
    with translation.override("th"):
        form = DueForm({"due_on": "31/02/2568"})
        assert not form.is_valid()
        assert form.errors["due_on"] == ["กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/02/2568"]
        assert 'value="31/02/2568"' in form["due_on"].as_widget()


def test_model_forms_get_the_thai_date_field_for_every_date():
    from genderseal.readiness.forms import MilestoneForm

    form_class = MilestoneForm
    assert isinstance(form_class.base_fields["due_on"], ThaiDateField)
    assert isinstance(form_class.base_fields["due_on"].widget, ThaiDateInput)


class OpensForm(forms.Form):
    opens_at = ThaiDateTimeField(label="opens", required=False)


def test_a_moment_is_typed_in_the_buddhist_era_and_stored_aware_in_bangkok_time():
    from django.utils import timezone

    with translation.override("th"):
        form = OpensForm({"opens_at": "15/02/2568 09:30"})
        assert form.is_valid(), form.errors
        moment = form.cleaned_data["opens_at"]
        assert timezone.is_aware(moment) and timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") == "2025-02-15 09:30"
        assert 'value="15/02/2568 09:30"' in OpensForm(initial={"opens_at": moment})["opens_at"].as_widget()
        refused = OpensForm({"opens_at": "15/02/2568 25:00"})
        assert not refused.is_valid()
        assert refused.errors["opens_at"] == ["กรอกวันที่และเวลาเป็น วัน/เดือน/ปี พ.ศ. ชั่วโมง:นาที เช่น 15/02/2568 09:00"]
