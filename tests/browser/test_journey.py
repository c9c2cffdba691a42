"""A secretariat officer signs in, changes a result in place and sees the level and bars change."""
import pytest
from playwright.sync_api import expect

from tests.factories import make_world

# 23 of 40 met (57.5%): one more and Bangkok reaches bronze (60%).
MET = [f"{d}.{g}.{b}" for d in range(1, 4) for g in (1, 2) for b in range(1, 5)][:23]


@pytest.fixture
def journey_world(transactional_db):
    return make_world(met=MET)


def test_it_updates_the_level_and_bars_when_a_result_changes(live_server, page, journey_world, screenshot_dir):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "pass-secretariat")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")
    page.get_by_role("link", name="ภาพรวม", exact=True).click()
    page.wait_for_url("**/i/bma/")

    assert page.get_by_test_id("percent").inner_text() == "57.5%"
    assert page.get_by_test_id("level").inner_text() == "ยังไม่ได้รับเหรียญ"
    page.screenshot(path=screenshot_dir / "dashboard-before.png", full_page=True)

    page.get_by_role("link", name="รอบการประเมิน").first.click()
    page.get_by_role("link", name="Round 1").click()
    dimension_4 = page.get_by_test_id("dimension-bars").locator("li").nth(3)
    assert dimension_4.locator(".num").inner_text() == "0.0%"

    row = page.locator('tr[data-code="4.1.1"]')
    row.get_by_role("button", name="แก้ไข").click()
    form = page.locator("tr.editing form")
    form.wait_for()
    form.locator("select[name=result_code]").select_option("met")
    form.locator("textarea[name=assessor_comment]").fill("มีแผนปฏิบัติการด้านความเสมอภาคทางเพศที่อนุมัติแล้ว")
    form.get_by_role("button", name="บันทึก").click()

    # expect() rather than wait_for_function: the Content-Security-Policy refuses the eval it uses.
    expect(page.get_by_test_id("percent")).to_have_text("60.0%")
    assert page.get_by_test_id("level").inner_text() == "เหรียญทองแดง"
    assert dimension_4.locator(".num").inner_text() == "12.5%"
    assert page.locator('tr[data-code="4.1.1"] [data-testid=result]').inner_text() == "ผ่าน"
    page.screenshot(path=screenshot_dir / "round-after-edit.png", full_page=True)

    page.goto(f"{live_server.url}/i/bma/")
    assert page.get_by_test_id("level").inner_text() == "เหรียญทองแดง"
    page.screenshot(path=screenshot_dir / "dashboard-after.png", full_page=True)


def test_it_refuses_a_stale_edit_in_the_browser(live_server, context, journey_world):
    from genderseal.assessments.models import BenchmarkResult

    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "pass-secretariat")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")
    page.goto(f"{live_server.url}/i/bma/rounds/1/", wait_until="networkidle")
    page.locator('tr[data-code="4.1.1"]').get_by_role("button", name="แก้ไข").click()
    page.locator("tr.editing form").wait_for()
    # Meanwhile someone else saves the same result.
    BenchmarkResult.objects.filter(round__number=1, round__institution__slug="bma",
                                   benchmark__code="4.1.1").update(result_code="partly_met", version=2)
    form = page.locator("tr.editing form")
    form.locator("select[name=result_code]").select_option("met")
    form.get_by_role("button", name="บันทึก").click()
    page.get_by_role("alert").wait_for()
    assert "มีผู้อื่นบันทึก" in page.get_by_role("alert").inner_text()
    assert BenchmarkResult.objects.get(round__number=1, round__institution__slug="bma",
                                       benchmark__code="4.1.1").result_code == "partly_met"
