"""A focal point makes an API token from the header link, copies it once and revokes it, on a phone and a laptop."""
import pytest

from tests.factories import make_world


@pytest.fixture
def token_world(transactional_db):
    return make_world()


@pytest.mark.parametrize("width", [390, 1366])
def test_make_see_once_and_revoke_a_token(live_server, browser, token_world, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="th-TH")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "focal")
    page.fill("#id_password", "pass-focal")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/**")
    assert page.locator("header.top").bounding_box()["height"] < 160
    page.get_by_test_id("api-tokens-link").click()
    page.wait_for_url("**/i/bma/api-tokens/")
    page.fill("#id_name", "ระบบ KPI ของสำนักยุทธศาสตร์")
    page.select_option("#id_days", "30")
    page.get_by_test_id("token-form").locator("button").click()
    key = page.get_by_test_id("new-key").locator("code.wrap-anywhere").inner_text()
    assert key.startswith("gs_")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"tokens-{width}.png"), full_page=True)
    page.get_by_test_id("my-tokens").get_by_role("button").click()
    page.wait_for_url("**/i/bma/api-tokens/")
    assert page.get_by_test_id("my-tokens").locator("tr.muted").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
