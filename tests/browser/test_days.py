"""Each role's day, at 1366 px and on a 390 px phone, starting from งานของฉัน (issue 13, "Done when").

Each test signs in as a persona (the demo's user names), does that role's day through the pages a
person would click, and asserts: the outcome is stored; no page visited scrolls sideways
(document scrollWidth <= viewport width); no link shown on those pages answers 404; no console error.
A seam still open in another engineer's work is reported by `Day.seam` and ends the test as xfail
with its reason once everything else has been asserted (it passes as soon as the seam is closed).
"""
import datetime
from urllib.parse import urljoin, urlparse

import pytest
from django.utils import timezone

from tests.factories import make_evidence, make_external_round, make_organisation, make_planning, make_world

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
SKIP_LINKS = ("/accounts/logout/", ".pdf", ".docx", ".xlsx", "/download/", ".csv", ".json")


@pytest.fixture
def day_world(transactional_db):
    """BMA: round 1 reviewed (10 of 40 met); external round 2 in progress led by สยป. with 1.1.1 submitted,
    1.1.2 approved, 1.2.1 returned to the focal point and 1.1.4 without a lead unit; the assessor assigned with clarification #1 open;
    indicator IND-1 (monthly, by sex) of สยป.; action item #1; one evidence item waiting for review."""
    from genderseal.assessments.models import BenchmarkResult

    world = make_world()
    make_organisation(world)
    make_planning(world, fy=2570)
    world.external = make_external_round(world)
    BenchmarkResult.objects.filter(round=world.external, benchmark__code="1.2.1").update(
        state="returned", return_comment="แนบคำสั่งแต่งตั้งคณะทำงานฉบับลงนาม")
    BenchmarkResult.objects.filter(round=world.external, benchmark__code="1.1.1").update(
        submitted_at=timezone.now() - datetime.timedelta(days=2))
    BenchmarkResult.objects.filter(round=world.external, benchmark__code="1.1.4").update(lead_unit=None)
    make_evidence(world.institution, "คำสั่งแต่งตั้งคณะทำงานด้านความเสมอภาค", status="submitted",
                  submitted_at=timezone.now() - datetime.timedelta(days=1))
    return world


class Day:
    """One person's browser at one width, checking every page it visits."""

    def __init__(self, browser, live_server, username, size, shots=None):
        self.base = live_server.url
        self.width, height = WIDTHS[size]
        self.context = browser.new_context(viewport={"width": self.width, "height": height}, locale="th-TH")
        self.page = self.context.new_page()
        self.errors, self.wide, self.broken, self.seams, self.checked = [], [], [], [], set()
        self.page.on("console", lambda m: self.errors.append(f"{self.page.url}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", f"pass-{username}")
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/i/bma/my-work/")
        self.look()
        if shots is not None:  # the landing page, for docs/screenshots/ (docs/my-work.md)
            self.page.screenshot(path=shots / f"my-work-{username}-{size}.png", full_page=True)

    def look(self):
        """Check the page now shown: its width, and every visible link on it (each href once per day)."""
        page = self.page
        page.wait_for_load_state("networkidle")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > self.width:
            self.wide.append(f"{urlparse(page.url).path} is {scroll} px wide")
        hrefs = page.eval_on_selector_all(
            "a[href]", "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('href'))")
        for href in hrefs:
            url = urljoin(page.url, href).split("#", 1)[0]
            if urlparse(url).netloc != urlparse(self.base).netloc or url in self.checked:
                continue
            if any(part in url for part in SKIP_LINKS):
                continue
            self.checked.add(url)
            status = self.context.request.get(url, max_redirects=0).status
            if status == 404:
                self.broken.append(f"{href} on {urlparse(page.url).path}")

    def go(self, locator):
        locator.first.click()
        self.look()

    def seam(self, ok, reason, errors_from=None):
        """A step another engineer's work has still to make possible; the refusal's console errors
        (since `errors_from`) belong to it."""
        if not ok:
            if errors_from is not None:
                reason += f" (console: {self.errors[errors_from:]})"
                del self.errors[errors_from:]
            self.seams.append(reason)

    def finish(self, screenshot=None):
        if screenshot:
            self.page.screenshot(path=screenshot, full_page=True)
        self.context.close()
        assert not self.broken, f"links answering 404: {self.broken}"
        assert not self.errors, f"console errors: {self.errors}"
        if self.width > 400:
            assert not self.wide, f"pages scrolling sideways: {self.wide}"
        elif self.wide:
            self.seams.append(f"phone layout (issue 13 item 6) not finished: {self.wide}")
        if self.seams:
            pytest.xfail("; ".join(self.seams))


def my_work(day):
    """Back to งานของฉัน through the navigation (on a phone, through the folded menu first)."""
    if not day.page.get_by_test_id("my-work-link").is_visible():
        day.page.locator("[data-nav-menu] summary").click()
    day.page.get_by_test_id("my-work-link").click()
    day.page.wait_for_url("**/my-work/")
    day.look()


@pytest.mark.parametrize("size", WIDTHS)
def test_focal_points_day(live_server, browser, day_world, size, tmp_path, screenshot_dir):
    from genderseal.assessments.models import BenchmarkResult
    from genderseal.evidence.models import Evidence
    from genderseal.planning.models import PeriodReport

    day = Day(browser, live_server, "focal", size, screenshot_dir)
    page = day.page
    # The count of things to do: beside งานของฉัน, or on the folded menu of a phone.
    assert page.get_by_test_id("my-work-count").is_visible() or page.get_by_test_id("menu-count").is_visible()
    returned = page.locator('[data-testid="section-returned"] [data-kind="result"][data-code="1.2.1"]')
    assert "แนบคำสั่งแต่งตั้งคณะทำงานฉบับลงนาม" in returned.inner_text()

    # Answer a benchmark of my unit in the external round and submit it: from its line to its row.
    day.go(page.locator('[data-testid="section-benchmarks"] [data-code="1.2.2"] a.work-open'))
    row = page.locator('tr[data-code="1.2.2"]')
    row.get_by_role("button", name="แก้ไข").click()
    form = page.locator("tr.editing form")
    form.locator("textarea[name=response]").fill("มีแผนปฏิบัติการด้านความเสมอภาคระหว่างเพศ ปี 2568-2570")
    form.get_by_role("button", name="บันทึก").click()
    mark = len(day.errors)
    page.locator('tr[data-code="1.2.2"] [data-testid=transition-submit]').click()
    page.locator('tr[data-code="1.2.2"] [data-state="submitted"], tr[data-code="1.2.2"] [data-testid=workflow-error]').wait_for()
    answered = BenchmarkResult.objects.get(round=day_world.external, benchmark__code="1.2.2")
    assert answered.response.startswith("มีแผนปฏิบัติการ")
    day.seam(answered.state == "submitted",
             "the focal point cannot submit an external-round answer: the rating is required (workflow, item 1)",
             errors_from=mark)

    # Fix the returned item: its line shows the reason and opens the row.
    my_work(day)
    day.go(page.locator('[data-testid="section-returned"] [data-code="1.2.1"] a.work-open'))
    row = page.locator('tr[data-code="1.2.1"]')
    row.get_by_role("button", name="แก้ไข").click()
    form = page.locator("tr.editing form")
    form.locator("textarea[name=response]").fill("แนบคำสั่งแต่งตั้งฉบับลงนามแล้ว")
    form.get_by_role("button", name="บันทึก").click()
    mark = len(day.errors)
    page.locator('tr[data-code="1.2.1"] [data-testid=transition-submit]').click()
    page.locator('tr[data-code="1.2.1"] [data-state="submitted"], tr[data-code="1.2.1"] [data-testid=workflow-error]').wait_for()
    fixed = BenchmarkResult.objects.get(round=day_world.external, benchmark__code="1.2.1")
    assert fixed.response == "แนบคำสั่งแต่งตั้งฉบับลงนามแล้ว"
    day.seam(fixed.state == "submitted",
             "a returned external-round answer cannot be moved on by the focal point (workflow, item 1)",
             errors_from=mark)

    # Upload evidence for my unit.
    pdf = tmp_path / "รายงานผลการดำเนินงาน.pdf"
    from tests.factories import make_thai_pdf

    pdf.write_bytes(make_thai_pdf(["รายงานผลการดำเนินงานด้านความเสมอภาคระหว่างเพศ"]))
    page.goto(f"{live_server.url}/i/bma/evidence/")
    day.look()
    page.goto(f"{live_server.url}/i/bma/evidence/new/")
    day.look()
    page.fill("[name=title_th]", "รายงานผลการดำเนินงาน สยป.")
    page.select_option("[name=owner_unit]", label=page.locator("[name=owner_unit] option").nth(1).inner_text())
    page.get_by_test_id("save").click()
    page.get_by_test_id("file-input").set_input_files(str(pdf))
    page.get_by_test_id("upload").click()
    page.get_by_test_id("download").first.wait_for()
    day.look()
    item = Evidence.objects.get(title_th="รายงานผลการดำเนินงาน สยป.")
    assert item.owner_unit.code == "21000000" and item.revisions.count() == 1
    page.get_by_test_id("transition-submit").click()
    page.wait_for_load_state("networkidle")
    assert Evidence.objects.get(pk=item.pk).status == "submitted"

    # The monthly report due now, split by sex, from its line on my work.
    my_work(day)
    due = page.locator('[data-testid="section-reports-due"] [data-kind="report"] a.work-open')
    day.go(due)
    page.get_by_test_id("value-female").fill("๑๒")
    page.get_by_test_id("value-male").fill("9")
    page.get_by_test_id("save-submit").click()
    page.wait_for_load_state("networkidle")
    day.look()
    report = PeriodReport.objects.filter(indicator__code="IND-1").order_by("-period").first()
    assert report is not None and report.status == "submitted"
    assert {v.option_key: int(v.number) for v in report.values.all()} == {"female": 12, "male": 9}
    today = timezone.localdate()
    day.seam(report.period <= today and (today - report.period).days < 62,
             f"the report form saved {report.period}, not the month due now (workflow, item 3)")
    day.finish(screenshot_dir / f"day-focal-{size}.png")


@pytest.mark.parametrize("size", WIDTHS)
def test_secretariats_day(live_server, browser, day_world, size, screenshot_dir):
    from genderseal.assessments.models import BenchmarkResult
    from genderseal.evidence.models import Evidence

    day = Day(browser, live_server, "secretariat", size, screenshot_dir)
    page = day.page
    queue = page.get_by_test_id("section-queue")
    kinds = queue.locator("[data-testid=line]").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds[:2] == ["result", "evidence"]  # oldest first: 1.1.1 two days ago, the order yesterday

    # Return the result with a reason, from the queue.
    line = queue.locator('[data-kind="result"][data-code="1.1.1"]')
    line.get_by_test_id("return-comment").fill("ยังไม่ได้แนบรายงานการประชุม")
    line.get_by_test_id("queue-return").click()
    page.wait_for_url("**/my-work/**")
    day.look()
    returned = BenchmarkResult.objects.get(round=day_world.external, benchmark__code="1.1.1")
    assert (returned.state, returned.return_comment) == ("returned", "ยังไม่ได้แนบรายงานการประชุม")

    # Approve the evidence from the queue; it leaves the queue.
    page.get_by_test_id("section-queue").locator('[data-kind="evidence"]').get_by_test_id("queue-approve").click()
    page.wait_for_url("**/my-work/**")
    day.look()
    assert Evidence.objects.get(title_th="คำสั่งแต่งตั้งคณะทำงานด้านความเสมอภาค").status == "approved"
    assert page.get_by_test_id("section-queue").get_by_test_id("empty").is_visible()

    # The benchmarks blocking the next medal without an owner open their row in the working round.
    blocker = page.get_by_test_id("section-blockers").locator('[data-code="1.1.4"] a.work-open')
    assert "/i/bma/rounds/2/#result-" in blocker.get_attribute("href")
    day.go(blocker)
    assert page.locator('tr[data-code="1.1.4"]').is_visible()
    day.finish(screenshot_dir / f"day-secretariat-{size}.png")


@pytest.mark.parametrize("size", WIDTHS)
def test_committees_day(live_server, browser, day_world, size, screenshot_dir):
    from genderseal.assessments.models import AssessmentRound, BenchmarkResult

    BenchmarkResult.objects.filter(round=day_world.round).update(state="approved")
    day = Day(browser, live_server, "committee", size, screenshot_dir)
    page = day.page
    ready = page.locator('[data-testid="readiness-round"][data-round="1"]')
    assert ready.get_attribute("data-ready") == "yes" and "40" in ready.get_by_test_id("approved-count").inner_text()
    waiting = page.locator('[data-testid="readiness-round"][data-round="2"]')
    assert waiting.get_attribute("data-ready") == "no" and waiting.get_by_test_id("missing").is_visible()
    assert page.get_by_test_id("signoff-rule").is_visible()

    day.go(page.get_by_test_id("section-decisions").get_by_test_id("open-signoff"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("sign-off").click()
    page.wait_for_load_state("networkidle")
    day.look()
    assert AssessmentRound.objects.get(pk=day_world.round.pk).locked_at is not None
    my_work(day)
    assert page.get_by_test_id("section-decisions").get_by_test_id("empty").is_visible()
    day.finish(screenshot_dir / f"day-committee-{size}.png")


@pytest.mark.parametrize("size", WIDTHS)
def test_assessors_day(live_server, browser, day_world, size, screenshot_dir):
    from genderseal.assessors.models import Clarification, ExternalRating

    day = Day(browser, live_server, "assessor", size, screenshot_dir)
    page = day.page
    assignment = page.get_by_test_id("section-assignments").locator('[data-kind="round"][data-code="2"]')
    assert assignment.get_by_test_id("left-to-rate").get_attribute("data-left") == "40"

    # Rate the first benchmark left, from its link on my work.
    day.go(assignment.get_by_test_id("to-rate"))
    page.get_by_test_id("rate-1.1.1").click()
    form = page.get_by_test_id("rating-form-1.1.1")
    form.locator("select[name=result_code]").select_option("met")
    form.locator("textarea[name=comment]").fill("มีแผนและผ่านความเห็นชอบ")
    form.get_by_test_id("save-rating").click()
    page.get_by_test_id("rating-1.1.1").get_by_test_id("rating-comment").wait_for()
    assert ExternalRating.objects.get(round=day_world.external, benchmark__code="1.1.1").result_code == "met"

    # Ask the institution about another benchmark.
    bench = page.get_by_test_id("bench-1.1.2")
    bench.locator("details summary").click()
    bench.locator("textarea[name=body]").fill("ขอดูรายงานการประชุมคณะกรรมการ")
    bench.get_by_test_id("ask-1.1.2").click()
    page.wait_for_load_state("networkidle")
    day.look()
    assert Clarification.objects.filter(round=day_world.external, benchmark__code="1.1.2").exists()
    my_work(day)
    assert page.get_by_test_id("section-clarifications").locator('[data-code="1.1.2"]').count() == 1
    day.finish(screenshot_dir / f"day-assessor-{size}.png")
