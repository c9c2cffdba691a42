"""A result goes from draft to approval; each side's inbox shows what the other did."""
import re

import pytest

from tests.factories import make_world


def count(locator):
    """The number in a count label, wherever the language puts it ("1 submitted", "ส่งแล้ว 1")."""
    return int(re.search(r"\d+", locator.inner_text()).group())


@pytest.fixture
def workflow_world(transactional_db):
    from genderseal.assessments.models import BenchmarkResult
    from genderseal.core.models import OrgUnit

    world = make_world()
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(lead_unit=unit)
    return world


def sign_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pass-{username}")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")
    return page


def test_a_result_goes_from_draft_to_approval_and_both_inboxes_follow(live_server, browser, workflow_world,
                                                                      screenshot_dir):
    from genderseal.assessments.models import BenchmarkResult

    focal = sign_in(browser, live_server, "focal")
    focal.goto(f"{live_server.url}/i/bma/rounds/1/", wait_until="networkidle")
    row = focal.locator('tr[data-code="1.1.1"]')
    assert row.get_by_test_id("state").get_attribute("data-state") == "draft"

    # Submitting without the institution's response is refused, naming what is missing.
    row.get_by_test_id("transition-submit").click()
    focal.locator('tr[data-code="1.1.1"] [data-testid=workflow-error]').wait_for()
    assert BenchmarkResult.objects.get(round__number=1, round__institution__slug="bma",
                                       benchmark__code="1.1.1").state == "draft"

    row = focal.locator('tr[data-code="1.1.1"]')
    row.get_by_role("button", name="แก้ไข").click()
    form = focal.locator("tr.editing form")
    form.wait_for()
    form.locator("textarea[name=response]").fill("แผนปฏิบัติการฯ ผ่านความเห็นชอบของคณะกรรมการแล้ว")
    form.get_by_role("button", name="บันทึก").click()
    focal.locator('tr[data-code="1.1.1"] [data-testid=transition-submit]').click()
    focal.wait_for_selector('tr[data-code="1.1.1"] [data-state="submitted"]')
    assert count(focal.get_by_test_id("count-submitted")) == 1
    focal.screenshot(path=screenshot_dir / "workflow-submitted.png", full_page=True)

    # The secretariat's inbox shows the submission; they follow it and approve.
    secretariat = sign_in(browser, live_server, "secretariat")
    assert secretariat.get_by_test_id("unread-count").inner_text() == "1"
    secretariat.get_by_test_id("inbox-link").click()
    message = secretariat.locator('[data-testid=notification][data-kind="submitted"]')
    assert "1.1.1" in message.inner_text()
    secretariat.screenshot(path=screenshot_dir / "workflow-inbox-secretariat.png", full_page=True)
    message.get_by_role("button").click()
    secretariat.wait_for_url(re.compile(r"/i/bma/rounds/1/(\?[^#]*)?#result-\d+$"))  # the row itself
    secretariat.wait_for_load_state("networkidle")
    assert secretariat.get_by_test_id("unread-count").count() == 0  # read now
    secretariat.locator('tr[data-code="1.1.1"] [data-testid=transition-approve]').click()
    secretariat.wait_for_selector('tr[data-code="1.1.1"] [data-state="approved"]')
    assert count(secretariat.get_by_test_id("count-approved")) == 1

    # The focal point's inbox now shows the approval.
    focal.goto(f"{live_server.url}/i/bma/", wait_until="networkidle")
    assert focal.get_by_test_id("unread-count").inner_text() == "1"
    focal.get_by_test_id("inbox-link").click()
    assert focal.locator('[data-testid=notification][data-kind="approved"]').count() == 1
    focal.screenshot(path=screenshot_dir / "workflow-inbox-focal.png", full_page=True)
    focal.context.close()
    secretariat.context.close()
