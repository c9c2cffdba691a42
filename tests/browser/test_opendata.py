"""The secretariat chooses and publishes open data; a visitor reads it on a desktop and on a phone."""
import pytest
from django.core.cache import cache

from tests.factories import make_planning, make_world
from tests.opendata.helpers import approved_and_draft


@pytest.fixture
def opendata_world(transactional_db):
    cache.clear()
    world = make_world()
    approved_and_draft(make_planning(world))
    yield world
    cache.clear()


def test_publish_and_read_on_desktop_and_phone(live_server, browser, page, opendata_world, screenshot_dir):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "pass-secretariat")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")
    page.get_by_test_id("opendata-link").click()
    for item in ("level", "dimensions", "indicators"):
        page.check(f'input[name=items][value="{item}"]')
    page.select_option("select[name=fiscal_year]", "2568")
    page.get_by_test_id("od-choices").locator("button").click()
    assert page.get_by_test_id("od-preview").locator('tr[data-code="IND-1"]').count() == 1
    page.get_by_test_id("od-publish").click()
    assert page.get_by_test_id("od-public-link").is_visible()

    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        visitor = browser.new_context(viewport=viewport, locale="th-TH")  # not signed in
        public = visitor.new_page()
        public.goto(f"{live_server.url}/open/bma/")
        assert public.get_by_test_id("od-institution").inner_text() == "กรุงเทพมหานคร"
        assert public.get_by_test_id("od-dimensions").locator("svg").count() == 5
        row = public.get_by_test_id("od-indicators").locator('tr[data-code="IND-1"]')
        assert row.get_by_test_id("female").inner_text() == "42" and row.get_by_test_id("male").inner_text() == "18"
        assert public.get_by_test_id("od-reporting").count() == 0  # not chosen
        # Nothing wider than the screen: the tables turn into cards on a phone.
        assert public.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        public.screenshot(path=screenshot_dir / f"opendata-public-{name}.png", full_page=True)
        visitor.close()
