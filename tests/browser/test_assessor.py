"""An assessor rates a benchmark in the workspace and publishes; the institution sees the rating only afterwards."""
import pytest

from tests.factories import make_external_round, make_world

COMMENT = "แผนครอบคลุมทุกมิติ มีงบประมาณและผู้รับผิดชอบ"


@pytest.fixture
def assess_world(transactional_db):
    world = make_world()
    make_external_round(world, thread=False)
    return world


def sign_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pass-{username}")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")
    return page


@pytest.mark.browser
def test_assessor_rates_and_publishes_then_the_institution_sees_it(live_server, browser, assess_world,
                                                                    screenshot_dir):
    from genderseal.assessors.models import ExternalRating

    assessor = sign_in(browser, live_server, "assessor")
    assessor.get_by_test_id("assess-link").click()  # the nav link, then the round's workspace
    assessor.locator('tr[data-round="2"] a.btn').click()
    assessor.wait_for_url("**/i/bma/assess/rounds/2/")
    assessor.get_by_test_id("rate-1.1.1").click()
    form = assessor.get_by_test_id("rating-form-1.1.1")
    form.locator("select[name=result_code]").select_option("met")
    form.locator("textarea[name=comment]").fill(COMMENT)
    form.get_by_test_id("save-rating").click()
    rating = assessor.get_by_test_id("rating-1.1.1")
    rating.get_by_test_id("rating-comment").wait_for()
    assert COMMENT in rating.inner_text()
    assert ExternalRating.objects.get(benchmark__code="1.1.1").published_at is None

    # Before publication: the institution sees no rating, on the results page or the round page.
    secretariat = sign_in(browser, live_server, "secretariat")
    secretariat.goto(f"{live_server.url}/i/bma/assess/rounds/2/results/", wait_until="networkidle")
    secretariat.get_by_test_id("not-published").wait_for()
    assert COMMENT not in secretariat.content()
    secretariat.goto(f"{live_server.url}/i/bma/rounds/2/", wait_until="networkidle")
    assert COMMENT not in secretariat.content()

    assessor.on("dialog", lambda dialog: dialog.accept())
    assessor.get_by_test_id("publish").click()
    assessor.get_by_test_id("published").wait_for()
    assessor.screenshot(path=screenshot_dir / "assessor-workspace-published.png", full_page=True)

    secretariat.goto(f"{live_server.url}/i/bma/assess/rounds/2/results/", wait_until="networkidle")
    row = secretariat.locator('tr[data-code="1.1.1"]')
    assert COMMENT in row.inner_text()
    assert secretariat.get_by_test_id("derived-level").is_visible()
    secretariat.screenshot(path=screenshot_dir / "assessor-results-institution.png", full_page=True)
