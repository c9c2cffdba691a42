"""Under the Content-Security-Policy, Chromium reports no violation on the main pages and the fiscal-year
picker still submits (data-autosubmit in static/js/app.js). htmx edits are driven by the other browser tests."""
import pytest

from tests.factories import make_evidence_examples, make_planning, make_world

PAGES = ["/i/bma/", "/i/bma/rounds/1/", "/i/bma/plan/?fy=2568", "/i/bma/evidence/", "/i/bma/audit/",
         "/i/bma/units/", "/i/bma/readiness/milestones/", "/i/bma/analysis/"]


@pytest.fixture
def csp_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = make_world()
    make_planning(world)
    make_evidence_examples(world)
    return world


def test_no_policy_violations_and_scripts_still_work(live_server, page, csp_world):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "pass-secretariat")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")
    for url in PAGES:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert not violations, violations

    page.goto(f"{live_server.url}/i/bma/plan/?fy=2568")
    picker = page.get_by_test_id("fy-picker")
    other = picker.locator("option").nth(1).get_attribute("value")
    picker.select_option(other)
    page.wait_for_url(f"**/plan/?fy={other}")
    assert not violations, violations
