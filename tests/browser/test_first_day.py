"""First day without the demo: the platform administrator creates an institution, its secretariat accepts
the invitation, imports units and invites a focal point, who accepts, signs in and sees an empty my-work
page; the new institution sees nothing of BMA's."""
import re

import pytest
from django.core import mail

from genderseal.accounts import services

from tests.factories import make_world

PASSWORD = "หนึ่งสองสามสี่ห้าหกเจ็ด"  # 21 Thai characters: length, not character classes
UNITS = ("code,parent,abbreviation,name_th,name_en\n"
         "10000000,,สนผ.,สำนักนโยบายและแผน,Policy and Planning Bureau\n"
         "10010000,10000000,ฝยศ.,ฝ่ายยุทธศาสตร์,Strategy Section\n")


@pytest.fixture
def first_day(transactional_db):
    world = make_world()
    admin = services.create_platform_admin("platform", password=PASSWORD, email="platform@example.go.th")
    return world, admin


def sign_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def sign_out(page):
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url("**/accounts/login/")


def invitation_link(to):
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    return re.search(r"https?://\S+/invite/\S+/", message.body).group(0)


def test_first_day_from_a_new_institution_to_a_focal_points_home(live_server, page, first_day, screenshot_dir):
    sign_in(page, live_server.url, "platform", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_test_id("platform-link").click()
    page.fill("#id_slug", "dla")
    page.fill("#id_name_th", "กรมส่งเสริมการปกครองท้องถิ่น")
    page.fill("#id_name_en", "Department of Local Administration")
    page.fill("#id_secretariat", "sec@dla.go.th")
    page.get_by_test_id("create-institution").click()
    page.wait_for_url("**/platform/institutions/dla/")
    assert "sec@dla.go.th" in page.content()
    sign_out(page)

    # The secretariat opens the mailed link, sets a password and lands in the new institution.
    page.goto(invitation_link("sec@dla.go.th"))
    assert "กรมส่งเสริมการปกครองท้องถิ่น" in page.content()
    page.screenshot(path=screenshot_dir / "first-day-invitation.png", full_page=True)
    page.fill("#id_full_name", "เลขานุการ สถ.")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_test_id("create").click()
    page.wait_for_url("**/i/dla/my-work/")

    # Settings at 390 px: names, language, frameworks.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/i/dla/settings/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "first-day-settings-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # Units from a CSV file.
    page.goto(f"{live_server.url}/i/dla/units/import/")
    page.set_input_files("input[type=file]", files=[{"name": "units.csv", "mimeType": "text/csv",
                                                     "buffer": UNITS.encode()}])
    page.get_by_role("button", name="นำเข้า").click()
    page.wait_for_load_state()
    assert "ฝ่ายยุทธศาสตร์" in page.goto(f"{live_server.url}/i/dla/units/").text()

    # Invite a focal point of the strategy section.
    page.goto(f"{live_server.url}/i/dla/members/")
    page.get_by_test_id("invite-link").click()
    page.fill("#id_email", "focal@dla.go.th")
    page.select_option("#id_role", "focal_point")
    page.select_option("#id_units", label="ฝ่ายยุทธศาสตร์ (ฝยศ.)")  # units read by name, not budget code
    page.get_by_test_id("send-invitation").click()
    page.wait_for_url("**/i/dla/members/")
    assert "focal@dla.go.th" in page.get_by_test_id("pending").inner_text()
    page.screenshot(path=screenshot_dir / "first-day-members.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "first-day-members-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_out(page)

    # The focal point accepts on a phone, signs in with their e-mail and sees their (empty) work.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(invitation_link("focal@dla.go.th"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "first-day-invitation-phone.png", full_page=True)
    page.fill("#id_full_name", "ผู้ประสานงาน ฝยศ.")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_test_id("create").click()
    page.wait_for_url("**/i/dla/my-work/")
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_out(page)
    sign_in(page, live_server.url, "focal@dla.go.th", PASSWORD)
    page.wait_for_url("**/i/dla/my-work/")
    assert page.locator("h1").inner_text() == "งานของฉัน"
    assert page.get_by_test_id("count-benchmarks").inner_text() == "0"
    assert page.get_by_test_id("count-actions").inner_text() == "0"
    page.screenshot(path=screenshot_dir / "first-day-my-work.png", full_page=True)

    # Nothing of BMA's: its pages do not exist for the new institution's people, nor its data in their API.
    assert page.goto(f"{live_server.url}/i/bma/").status == 404
    assert page.goto(f"{live_server.url}/api/institutions/bma/rounds").status == 404
    rounds = page.goto(f"{live_server.url}/api/institutions/dla/rounds")
    assert rounds.status == 200 and rounds.json() == []
    assert "กรุงเทพ" not in page.goto(f"{live_server.url}/i/dla/units/").text()
