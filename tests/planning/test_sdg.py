"""SDG 5: indicator codes, data sources, and which targets can be tracked with an accepted source."""
import pytest
from django.urls import reverse

from genderseal.planning import sdg
from genderseal.planning.models import Indicator


def test_indicator_codes_are_read_loosely_and_checked():
    assert sdg.parse_indicator_codes("5.6.1, ๕.๒.๑;5.a.1  5.6.1") == (["5.6.1", "5.2.1", "5.a.1"], [])
    assert sdg.parse_indicator_codes("5.7.1, 4.1.1, 5.6")[1] == ["5.7.1", "4.1.1", "5.6"]


def test_a_target_is_tracked_only_with_an_accepted_source():
    rows = sdg.coverage([("5.2", "violence"), ("5.6", "health"), ("5.c", "policies")],
                        [("pads", ["5.6.1"], False), ("violence", ["5.2.1"], True), ("hpv", ["5.6.2"], False)])
    assert [(r["code"], r["state"]) for r in rows] == [("5.2", "tracked"), ("5.6", "unaccepted"), ("5.c", "none")]
    assert [i for i, _c, _a in rows[1]["indicators"]] == ["pads", "hpv"]


@pytest.mark.django_db
def test_the_sdg5_page_and_the_indicator_form(world, login, django_assert_max_num_queries):
    from tests.factories import make_planning

    indicator = make_planning(world)
    Indicator.objects.filter(pk=indicator.pk).update(sdg_indicators="5.6.1", data_source="BMA Policy Tracking")
    url = reverse("planning-sdg5", kwargs={"slug": "bma"})
    browser = login("committee")
    with django_assert_max_num_queries(40) as counted:
        page = browser.get(url).content.decode()
    assert 'data-target="5.6" data-state="unaccepted"' in page and 'data-target="5.2" data-state="none"' in page
    Indicator.objects.filter(pk=indicator.pk).update(sdg_accepted=True)
    for n in range(5):
        Indicator.objects.create(institution=world.institution, code=f"X-{n}", title_th="x", owner_unit=indicator.owner_unit,
                                 unit_of_measure="คน", first_fy=2568, last_fy=2568, sdg_indicators="5.2.1")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = browser.get(url).content.decode()
    assert 'data-target="5.6" data-state="tracked"' in page and 'data-target="5.2" data-state="unaccepted"' in page
    edit = reverse("planning-indicator-edit", kwargs={"slug": "bma", "code": "IND-1"})
    form = login("secretariat").get(edit).content.decode()
    assert 'name="sdg_indicators"' in form and 'name="data_source"' in form


@pytest.mark.django_db
def test_the_demo_shows_one_target_tracked_and_the_rest_not():
    from genderseal.core.models import Membership
    from genderseal.demo.load import load_demo

    institution, _users = load_demo()
    rows = sdg.coverage([("5.2", ""), ("5.6", "")], [(i, sdg.parse_indicator_codes(i.sdg_indicators)[0], i.sdg_accepted)
                                                     for i in Indicator.objects.filter(institution=institution)])
    assert [r["state"] for r in rows] == ["tracked", "unaccepted"]
    assert Membership.objects.filter(institution=institution).exists()
