"""Issue 14 item 3 (in part): a single-use link's public page does not reveal whether it was used."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from genderseal.survey.models import Response

from tests.factories import make_survey, token_of

pytestmark = pytest.mark.django_db


def answers(survey):
    return {f"q{q.pk}": "4" for q in survey.questions.filter(kind="likert")}


def page_of(token):
    html = Client().get(reverse("survey-respond", args=[token])).content.decode()
    html = re.sub(r"/s/[^/\"]+/", "/s/TOKEN/", html)
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1CSRF", html)


def test_a_used_link_looks_like_an_unused_one(world):
    survey = make_survey(world, links=2)
    used, fresh = (token_of(i) for i in survey.invitations.all())
    assert Client().post(reverse("survey-respond", args=[used]), answers(survey)).status_code == 302
    assert survey.invitations.filter(used=True).count() == 1
    assert page_of(used) == page_of(fresh)  # the same page, the same status
    # A second answer through the used link gets the same thanks, and nothing is stored.
    again = Client().post(reverse("survey-respond", args=[used]), answers(survey))
    assert again.status_code == 302 and again["Location"] == reverse("survey-thanks")
    assert Response.objects.filter(survey=survey).count() == 1
