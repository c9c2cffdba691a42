"""Request a round comparison on the Reports page, watch it finish by polling, download the PDF."""
import pytest

from tests.factories import make_round, make_world


@pytest.fixture
def reports_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks are queued and not run: the test plays the worker, so the page must poll to see the result.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = make_world()
    make_round(world.institution, world.framework, number=2, met=["1.1.1", "1.1.2"], title="รอบที่สอง")
    return world


def test_request_watch_and_download_a_comparison(live_server, page, reports_world, screenshot_dir):
    from genderseal.reports import issuing
    from genderseal.reports.models import IssuedReport

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "committee")
    page.fill("#id_password", "pass-committee")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")

    page.get_by_test_id("reports-link").click()
    page.wait_for_url("**/i/bma/reports/")
    page.wait_for_load_state()  # htmx (deferred) listens for the change only once the page has loaded
    page.get_by_test_id("report-kind").select_option("comparison")
    page.locator("select[name=other]").wait_for()  # the form now asks for the second round
    page.locator("select[name=round]").select_option("2")
    page.locator("select[name=other]").select_option("1")
    page.get_by_test_id("request-report").click()
    page.wait_for_url("**/reports/*/")
    assert page.get_by_test_id("report-progress").get_attribute("data-state") == "queued"

    report = IssuedReport.objects.get()
    assert report.kind == "comparison" and report.parameters["round"] == 2 and report.parameters["other"] == 1
    issuing.build(report.pk)  # the worker
    link = page.get_by_test_id("report-download")
    link.wait_for(timeout=15_000)  # appears by HTMX polling, without a reload
    page.screenshot(path=screenshot_dir / "reports-detail.png", full_page=True)
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download_info.value.suggested_filename == "bma-round-2-vs-1.pdf"

    page.goto(f"{live_server.url}/i/bma/reports/")
    assert page.get_by_test_id("report-status").first.get_attribute("data-state") == "done"
    page.screenshot(path=screenshot_dir / "reports-history.png", full_page=True)
