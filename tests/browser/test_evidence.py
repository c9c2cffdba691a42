"""Upload a Thai PDF on the page, find it by a Thai word inside the file, download it in the dossier."""
import zipfile

import pytest

from tests.factories import make_evidence, make_thai_pdf, make_world


@pytest.fixture
def evidence_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = make_world()
    item = make_evidence(world.institution, "รายงานโครงการของสำนักการศึกษา", status="approved", benchmarks=["1.1.3"])
    return world, item


def test_upload_find_by_a_word_inside_the_file_and_download_in_the_dossier(live_server, page, evidence_world,
                                                                           tmp_path, screenshot_dir):
    world, item = evidence_world
    pdf = tmp_path / "สรุปผลโครงการ.pdf"
    pdf.write_bytes(make_thai_pdf(["สรุปผลโครงการแจกผ้าอนามัยฟรีให้นักเรียนหญิง", "ปีงบประมาณ ๒๕๖๘"]))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "pass-secretariat")
    page.click("button[type=submit]")
    page.wait_for_url("**/i/bma/my-work/")

    page.get_by_test_id("evidence-link").click()
    page.get_by_role("link", name=item.title_th).click()
    page.get_by_test_id("file-input").set_input_files(str(pdf))
    page.get_by_test_id("upload").click()
    page.get_by_test_id("download").first.wait_for()  # the page reloads once the upload is stored
    assert page.get_by_test_id("download").first.inner_text() == "สรุปผลโครงการ.pdf"
    page.screenshot(path=screenshot_dir / "evidence-detail.png", full_page=True)

    page.goto(f"{live_server.url}/i/bma/evidence/search/")
    page.get_by_test_id("search-input").fill("ผ้าอนามัย")
    page.get_by_test_id("search-submit").click()
    hit = page.get_by_test_id("search-hit").first
    hit.wait_for()
    assert item.title_th in hit.inner_text()
    assert hit.locator("mark").first.inner_text() == "ผ้าอนามัย"
    page.screenshot(path=screenshot_dir / "evidence-search.png", full_page=True)

    page.goto(f"{live_server.url}/i/bma/evidence/dossiers/")
    page.get_by_test_id("build-dossier").click()
    link = page.get_by_test_id("dossier-download")
    link.wait_for(timeout=20_000)
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    names = zipfile.ZipFile(path).namelist()
    assert "1 มิติที่ 1/1.1.3/01-สรุปผลโครงการ.pdf" in names and "index.html" in names
