"""The audit page's user filter: a choice of the institution's members by name; old addresses still answer."""
import re

import pytest
from django.urls import reverse

from genderseal.core.audit import record

pytestmark = pytest.mark.django_db
AUDIT = reverse("audit-log", kwargs={"slug": "bma"})


@pytest.fixture
def events(world):
    world.secretariat.first_name, world.secretariat.last_name = "สมศรี", "ใจดี"
    world.secretariat.save()
    record("note.secretariat", "by the secretariat", institution=world.institution, actor=world.secretariat)
    record("note.committee", "by the committee", institution=world.institution, actor=world.committee)
    return world


def options(page):
    select = re.search(r'<select name="actor"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_user_filter_offers_the_members_by_name(events, login):
    page = login("committee").get(AUDIT).content.decode()
    choices = dict(options(page))
    assert choices["secretariat"] == "สมศรี ใจดี" and "committee" in choices and "" in choices
    assert "outsider" not in choices  # a member of another institution is not offered


def test_choosing_a_member_shows_their_events_only(events, login):
    browser = login("committee")
    page = browser.get(AUDIT, {"actor": "secretariat"}).content.decode()
    assert 'data-action="note.secretariat"' in page and 'data-action="note.committee"' not in page
    assert '<option value="secretariat" selected>' in page


def test_addresses_of_the_typed_filter_still_answer(events, login):
    browser = login("committee")
    page = browser.get(AUDIT, {"user": "committee"}).content.decode()  # the older name of the parameter
    assert 'data-action="note.committee"' in page and 'data-action="note.secretariat"' not in page
    answer = browser.get(AUDIT, {"actor": "somebody typed", "q": "committee"})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'class="errorlist' in page  # the value that is no member is named on the form
    assert 'data-action="note.committee"' in page and 'data-action="note.secretariat"' not in page
