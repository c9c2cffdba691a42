"""The one family of refusals: each class defined once, each answered with its status on pages and in the API."""
import re
from pathlib import Path

import pytest
from django import forms

from genderseal.core import errors

SRC = Path(__file__).resolve().parents[2] / "src" / "genderseal"


@pytest.mark.parametrize("name", ["DomainError", "StaleEdit", "NotAllowed", "NotFound", "Invalid", "Locked",
                                  "Conflict", "StorageFull"])
def test_each_refusal_is_defined_once(name):
    found = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
             if re.search(rf"^class {name}\b", p.read_text(encoding="utf-8"), re.M)]
    assert found == ["core/errors.py"]


def test_no_app_maps_refusals_to_statuses_by_hand():
    """The status comes with the error; a view or API call never picks it by the error's type."""
    pattern = re.compile(r"StaleEdit\s*:\s*409|isinstance\(error, \w+\.Stale\w*\)|except \w+\.\w+ as \w+:\n\s+"
                         r"return Status\(40\d")
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("error, status", [
    (errors.StaleEdit("x"), 409), (errors.NotAllowed("x"), 403), (errors.NotFound("x"), 404),
    (errors.Invalid("x"), 400), (errors.Locked("x"), 409), (errors.Conflict("x"), 409),
])
def test_each_refusal_carries_its_status(error, status):
    assert error.status == status and isinstance(error, errors.DomainError)


def test_invalid_names_its_fields():
    error = errors.Invalid({"male": "Give a whole number.", "female": "Give a whole number."})
    assert error.problems == {"male": "Give a whole number.", "female": "Give a whole number."}
    assert "Give a whole number." in error.message
    assert errors.as_dict(error) == {"detail": error.message, "errors": [
        {"field": "male", "message": "Give a whole number."}, {"field": "female", "message": "Give a whole number."}]}


class _Form(forms.Form):
    male = forms.CharField(required=False)


def test_a_refused_save_is_shown_on_the_form_with_what_was_typed():
    form = _Form({"male": "12"})
    assert form.is_valid()
    status = errors.on_form(form, errors.Invalid({"male": "Too many.", "other": "Unknown."}))
    assert status == 400 and form.errors["male"] == ["Too many."] and form["male"].value() == "12"
    form = _Form({"male": "12"})
    form.is_valid()
    assert errors.on_form(form, errors.StaleEdit("Saved by someone else.")) == 409
    assert form.non_field_errors() == ["Saved by someone else."]
