"""Proves the browser wiring: live server, static files, Debian's Chromium, screenshots."""


def test_it_serves_static_files_and_the_login_page_to_chromium(live_server, page, screenshot_dir):
    response = page.goto(f"{live_server.url}/static/vendor/htmx.min.js")
    assert response.status == 200, "htmx missing from static/vendor: run `make setup`"
    assert "htmx" in page.content()

    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response.status == 200, f"/accounts/login/ answered {response.status}"
    assert page.locator("form input[type=password]").count() == 1
    page.screenshot(path=screenshot_dir / "smoke.png", full_page=True)
