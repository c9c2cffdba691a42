"""A focal point enters a month's values split by sex; the dashboard's reporting rate and sex bars follow."""
import pytest

from tests.factories import make_planning, make_world


@pytest.fixture
def planning_world(transactional_db):
    world = make_world()
    make_planning(world)
    return world


def test_enter_a_month_by_sex_and_see_the_dashboard_change(live_server, page, planning_world, screenshot_dir):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "focal")
    page.fill("#id_password", "pass-focal")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")

    page.get_by_test_id("planning-link").click()
    page.goto(f"{live_server.url}/i/bma/plan/?fy=2568")
    assert page.get_by_test_id("reporting-rate").inner_text() == "0.0%"

    page.goto(f"{live_server.url}/i/bma/plan/indicators/IND-1/report/?fy=2568&month=10")
    page.get_by_test_id("value-female").fill("๑๒")  # Thai digits
    page.get_by_test_id("value-male").fill("8")
    page.get_by_test_id("save-submit").click()
    page.wait_for_url("**/indicators/IND-1/?fy=2568")
    row = page.locator('tr[data-period="2024-10-01"]')
    assert row.get_by_test_id("total").inner_text() == "20"

    page.goto(f"{live_server.url}/i/bma/plan/?fy=2568")
    assert page.get_by_test_id("reporting-rate").inner_text() == "8.3%"
    bars = page.get_by_test_id("sex-bars")
    assert bars.get_by_test_id("female").first.inner_text() == "12"
    assert bars.get_by_test_id("male").first.inner_text() == "8"
    page.screenshot(path=screenshot_dir / "planning-dashboard.png", full_page=True)
