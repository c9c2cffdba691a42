"""A staff member answers the survey on a phone through a QR link; the secretariat makes a batch of links
without seeing any; the results page (closed survey) keeps small groups out and lists the batches.
No Content-Security-Policy violation on the survey pages; no sideways scrolling at 390 px."""
import pytest

from tests.factories import make_survey, make_world

PEOPLE = [{"sex": "female", "value": 4}] * 6 + [{"sex": "male", "value": 2}] * 5


@pytest.fixture
def survey_world(transactional_db):
    world = make_world()
    return world, make_survey(world, responses=PEOPLE)


def test_answer_on_a_phone_then_the_link_counts_once(live_server, browser, survey_world, screenshot_dir):
    world, survey = survey_world
    token = survey.tokens[0]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="th-TH")
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    for scale in page.locator("fieldset[data-question] .scale").all():
        scale.locator("label").nth(4).tap()
    page.select_option("select[name=sex]", "diverse")
    page.screenshot(path=screenshot_dir / "survey-phone.png", full_page=True)
    page.get_by_test_id("submit").tap()
    page.wait_for_url("**/s/thanks/")
    assert page.get_by_test_id("thanks").is_visible()
    # A used link looks like an unused one (nobody learns it was used); a second answer is thanked
    # and not stored.
    page.goto(f"{live_server.url}/s/{token}/")
    assert not page.get_by_test_id("refused").is_visible()
    for scale in page.locator("fieldset[data-question] .scale").all():
        scale.locator("label").nth(0).tap()
    page.select_option("select[name=sex]", "diverse")
    page.get_by_test_id("submit").tap()
    page.wait_for_url("**/s/thanks/")
    assert not violations, violations
    context.close()

    from genderseal.survey.models import Response

    assert Response.objects.filter(survey=survey, sex="diverse").count() == 1


def sign_in(page, live_server, who):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", who)
    page.fill("#id_password", f"pass-{who}")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_the_secretariat_mails_a_batch_of_links_and_sees_none(live_server, browser, survey_world, screenshot_dir):
    world, survey = survey_world
    for width in (1366, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
        page = context.new_page()
        sign_in(page, live_server, "secretariat")
        page.goto(f"{live_server.url}/i/bma/survey/{survey.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 1366:
            form = page.get_by_test_id("batch-form")
            form.locator("select[name=unit]").select_option(label="สำนักยุทธศาสตร์และประเมินผล (สยป.)")
            form.locator("input[name=staff_count]").fill("12")
            form.locator("textarea[name=emails]").fill("a@bangkok.go.th\nb@bangkok.go.th")
            page.get_by_test_id("make-batch").click()
            page.wait_for_load_state("networkidle")
            assert page.get_by_test_id("batches").locator("tr[data-batch]").count() == 1
            assert "/s/" not in page.content()
        page.screenshot(path=screenshot_dir / f"survey-detail-{width}.png", full_page=True)
        context.close()


def test_the_results_page_draws_without_policy_violations(live_server, browser, survey_world, screenshot_dir):
    world, open_survey = survey_world
    survey = make_survey(world, status="closed", responses=PEOPLE)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, live_server, "committee")
    page.goto(f"{live_server.url}/i/bma/survey/{open_survey.pk}/results/")
    assert page.get_by_test_id("not-closed").is_visible()  # no figure while answers can come in
    page.goto(f"{live_server.url}/i/bma/survey/{survey.pk}/results/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "survey-results-390.png", full_page=True)
    sex = page.get_by_test_id("breakdown-sex")
    assert sex.locator("tr[data-group=female]").count() == 1 and sex.locator("tr[data-group=male]").count() == 1
    width = page.locator(".likert span.l4").first.evaluate("e => e.getBoundingClientRect().width")
    assert width > 0  # the bars are drawn by survey.css
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=screenshot_dir / "survey-results-1366.png", full_page=True)
    page.goto(f"{live_server.url}/i/bma/survey/{survey.pk}/")
    assert not violations, violations
    context.close()
