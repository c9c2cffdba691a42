"""Every role on a 390 px phone: no page scrolls sideways, no link shown leads to a 404, every input is labelled.

Signs in as each demo persona, walks every page of the navigation and, two links deep, one page of
each kind (a round, an evidence item, a unit, an indicator and its monthly report form...). One link
of each kind shown on those pages is requested as that role and must not answer 404.
"""
import pytest
from django.core.management import call_command

from genderseal.demo.load import PASSWORD

from tests.browser.phone_walk import nav_paths, walk

PHONE = 390


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


ROLES = ["secretariat", "focal", "committee", "assessor"]


def walk_as(browser, live_server, username):
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/**")
    # The menu is folded on a phone: the first screen is the page, not the navigation.
    folded = not page.locator("details[data-nav-menu]").evaluate("el => el.open")
    header = page.locator("header.top").bounding_box()["height"]
    start = nav_paths(page)
    report = walk(page, live_server.url, start)
    context.close()
    return folded, header, start, report


def test_every_page_each_role_reaches_fits_a_phone_and_no_link_is_dead(live_server, browser, demo):
    """One demo load for the four roles (loading it takes most of the time)."""
    for username in ROLES:
        folded, header, start, report = walk_as(browser, live_server, username)
        assert folded and header < 160, username
        assert len(start) >= 6 and len(report) > len(start), username  # detail pages were reached too
        assert [(e["path"], e["status"]) for e in report if e["status"] != 200] == [], username
        assert [(e["path"], e["width"]) for e in report if e["width"] > PHONE] == [], username
        assert [(e["path"], d) for e in report for d in e["dead"]] == [], username
        assert [(e["path"], u) for e in report for u in e["unlabelled"]] == [], username


def test_a_date_is_picked_on_a_phone_in_the_buddhist_era_and_stored_as_a_date(live_server, browser, transactional_db):
    from genderseal.readiness.models import Milestone

    from tests.factories import make_world

    make_world()
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "pass-secretariat")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/**")
    page.goto(f"{live_server.url}/i/bma/readiness/milestones/new/")
    page.select_option("#id_kind", index=1)
    page.fill("#id_title_th", "ประชุมเตรียมรับการตรวจ")
    page.get_by_role("button", name="ปฏิทิน").first.click()
    heading = page.locator(".date-picker-head strong").first.inner_text()  # e.g. "ธันวาคม 2569"
    page.locator(".date-picker-grid button", has_text="15").first.click()
    typed = page.input_value("#id_due_on")
    assert typed.startswith("15/") and typed.endswith(heading.split()[-1])  # the year shown is the BE year
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE
    page.locator("form button.btn:not(.date-pick)").last.click()
    page.wait_for_load_state()
    milestone = Milestone.objects.get(title_th="ประชุมเตรียมรับการตรวจ")
    assert milestone.due_on.day == 15 and milestone.due_on.year == int(heading.split()[-1]) - 543
    context.close()
