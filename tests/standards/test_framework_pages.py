import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult
from genderseal.standards.models import Benchmark, Framework

pytestmark = pytest.mark.django_db
FIXTURES = "tests/fixtures/frameworks"


def upload(client, name, data):
    return client.post(reverse("framework-upload"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("platform", is_staff=True))
    return client


def test_it_loads_a_framework_file_uploaded_by_a_platform_administrator(admin_client):
    with open(f"{FIXTURES}/mini.yaml", "rb") as f:
        response = upload(admin_client, "mini.yaml", f.read())
    assert response.status_code == 200
    assert 'data-testid="load-report"' in response.content.decode()
    assert Framework.objects.count() == 1


def test_it_refuses_a_file_that_is_not_a_framework_and_writes_nothing(admin_client):
    response = upload(admin_client, "notes.txt", b"hello")
    assert response.status_code == 200 and "notes.txt" in response.content.decode()
    response = upload(admin_client, "bad.yaml", b"framework: [unclosed\n")
    page = response.content.decode()
    assert "bad.yaml" in page and "errorlist" in page
    assert Framework.objects.count() == 0


def _workbook(tmp_path, **framework_cells):
    """mini.yaml as a workbook; framework_cells replace values of the framework sheet by key."""
    from openpyxl import load_workbook

    from genderseal.standards.excel import write_xlsx
    from genderseal.standards.loader import parse_yaml

    path = tmp_path / "mini.xlsx"
    write_xlsx(parse_yaml(f"{FIXTURES}/mini.yaml"), path)
    if framework_cells:
        book = load_workbook(path)
        for row in book["framework"].iter_rows(min_row=2):
            if row[0].value in framework_cells:
                row[1].value = framework_cells[row[0].value]
        book.save(path)
    return path.read_bytes()


def test_a_workbook_upload_loads_in_one_go_or_writes_nothing(admin_client, tmp_path):
    response = upload(admin_client, "mini.xlsx", _workbook(tmp_path, version=None))
    page = response.content.decode()
    assert "mini.xlsx, ชีต framework" in page and "errorlist" in page
    assert Framework.objects.count() == 0 and Benchmark.objects.count() == 0
    response = upload(admin_client, "mini.xlsx", _workbook(tmp_path))
    assert 'data-testid="load-report"' in response.content.decode()
    assert Framework.objects.get().sha256 and Benchmark.objects.count() > 0


def test_it_is_not_offered_to_institution_users(world, login):
    # Institution roles do not load the shared standards.
    assert login("secretariat").get(reverse("framework-upload")).status_code == 404


def test_the_benchmark_page_shows_wording_mark_and_results_across_rounds(world, login):
    from tests.factories import make_round

    make_round(world.institution, world.framework, number=2, met=["1.1.1"], title="รอบที่สอง")
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(
        assessor_comment="ต้องมีแผนที่สอดคล้องกับ SDGs")
    page = login("committee").get(reverse("benchmark-detail", kwargs={
        "slug": "bma", "code": "test-seal", "benchmark": "1.1.1"})).content.decode()
    assert "ถ้อยคำทางการ" in page and "หลักฐาน" in page
    assert "ต้องมีแผนที่สอดคล้องกับ SDGs" in page
    assert page.index("Round 1") < page.index("รอบที่สอง")


def test_the_framework_browser_lists_every_benchmark_with_its_mark(world, login, django_assert_max_num_queries):
    browser = login("assessor")
    with django_assert_max_num_queries(13):  # 12 and the my-work count in the navigation
        page = browser.get(reverse("framework-detail", kwargs={"slug": "bma", "code": "test-seal"})).content.decode()
    assert page.count("benchmarks/") >= 40
    assert page.count("badge-working") == Benchmark.objects.filter(wording="working").count()
