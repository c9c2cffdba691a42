"""A staff member answers the survey on a phone through a QR link; the results page keeps small groups out.
No Content-Security-Policy violation on the survey pages."""
import pytest

from tests.factories import make_survey, make_world

PEOPLE = [{"sex": "female", "value": 4}] * 6 + [{"sex": "male", "value": 2}] * 5


@pytest.fixture
def survey_world(transactional_db):
    world = make_world()
    return world, make_survey(world, responses=PEOPLE)


def test_answer_on_a_phone_then_the_link_counts_once(live_server, browser, survey_world, screenshot_dir):
    world, survey = survey_world
    token = survey.invitations.filter(used=False).first().token
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


def test_the_results_page_draws_without_policy_violations(live_server, page, survey_world):
    world, survey = survey_world
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "committee")
    page.fill("#id_password", "pass-committee")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/i/bma/survey/{survey.pk}/results/")
    sex = page.get_by_test_id("breakdown-sex")
    assert sex.locator("tr[data-group=female]").count() == 1 and sex.locator("tr[data-group=male]").count() == 1
    width = page.locator(".likert span.l4").first.evaluate("e => e.getBoundingClientRect().width")
    assert width > 0  # the bars are drawn by survey.css
    page.goto(f"{live_server.url}/i/bma/survey/{survey.pk}/")
    assert not violations, violations
