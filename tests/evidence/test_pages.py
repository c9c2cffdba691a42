"""Evidence pages: access by role and institution, review, soft delete, downloads, bounded queries."""
import pytest
from django.urls import reverse

from genderseal.evidence import services
from genderseal.evidence.models import Evidence

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db


def url(route, **kwargs):
    return reverse(route, kwargs={"slug": "bma", **kwargs})


@pytest.fixture
def approved(world):
    return make_evidence(world.institution, "SDG Profile Bangkok", status="approved", benchmarks=["5.1.1", "5.1.3"])


@pytest.fixture
def draft(world):
    return make_evidence(world.institution, "ร่างคู่มือ", benchmarks=["1.1.2"])


def test_everyone_in_the_institution_lists_evidence_but_assessors_see_only_approved_of_submitted_rounds(
        world, login, approved, draft):
    for persona in ["secretariat", "focal_point", "committee"]:
        page = login(persona).get(url("evidence-list")).content.decode()
        assert "SDG Profile Bangkok" in page and "ร่างคู่มือ" in page
    page = login("assessor").get(url("evidence-list")).content.decode()
    assert "SDG Profile Bangkok" in page and "ร่างคู่มือ" not in page
    assert login("assessor").get(url("evidence-detail", pk=draft.pk)).status_code == 404
    world.round.status = "open"
    world.round.save()
    assert login("assessor").get(url("evidence-detail", pk=approved.pk)).status_code == 404


def test_another_institution_cannot_reach_the_evidence(world, login, approved):
    outsider = login("outsider")
    assert outsider.get(url("evidence-detail", pk=approved.pk)).status_code == 404
    assert outsider.get(reverse("evidence-detail", kwargs={"slug": "other", "pk": approved.pk})).status_code == 404


def test_focal_points_edit_only_their_own_units_items(world, login):
    own = make_evidence(world.institution, "ของ สยป.", unit_code="21000000")
    other = make_evidence(world.institution, "ของ สำนักงาน ก.ก.", unit_code="03000000")
    client = login("focal_point")
    assert client.get(url("evidence-edit", pk=own.pk)).status_code == 200
    assert client.get(url("evidence-edit", pk=other.pk)).status_code == 404
    client.post(url("evidence-upload", pk=other.pk), {"files": [make_upload("a.pdf", b"%PDF-1.4")]})
    assert not other.revisions.exists()
    response = client.post(url("evidence-create"), {"title_th": "ใหม่", "kind": "document",
                                                    "owner_unit": other.owner_unit_id})
    assert response.status_code == 400 and not Evidence.objects.filter(title_th="ใหม่").exists()
    assert login("committee").get(url("evidence-create")).status_code == 404


def test_create_edit_and_stale_edit(world, login):
    client = login("focal_point")
    unit = world.institution.units.get(code="21000000")
    response = client.post(url("evidence-create"), {"title_th": "แผนยุทธศาสตร์ ๒๕๖๘", "kind": "document",
                                                    "owner_unit": unit.pk, "evidence_date": "2025-01-15"})
    evidence = Evidence.objects.get()
    assert response.status_code == 302 and evidence.title_th == "แผนยุทธศาสตร์ 2568"
    data = {"title_th": "แผนฯ ฉบับแก้", "kind": "document", "owner_unit": unit.pk, "version": 1}
    assert client.post(url("evidence-edit", pk=evidence.pk), data).status_code == 302
    assert client.post(url("evidence-edit", pk=evidence.pk), {**data, "title_th": "เก่า"}).status_code == 409
    evidence.refresh_from_db()
    assert (evidence.title_th, evidence.version) == ("แผนฯ ฉบับแก้", 2)


def test_script_in_a_title_is_refused_and_shown_as_text_where_it_got_in(world, login):
    client = login("secretariat")
    unit = world.institution.units.first()
    response = client.post(url("evidence-create"), {"title_th": "<script>alert(1)</script>", "kind": "document",
                                                    "owner_unit": unit.pk})
    assert response.status_code == 400 and not Evidence.objects.exists()
    sneaked = make_evidence(world.institution, "<script>alert(1)</script>", benchmarks=["1.1.1"], status="approved")
    for page in [url("evidence-list"), url("evidence-detail", pk=sneaked.pk), url("round-detail", number=1),
                 url("benchmark-detail", code="test-seal", benchmark="1.1.1")]:
        body = client.get(page).content.decode()
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body, page


def test_review_submit_return_with_comment_and_approve(world, login, draft):
    focal, secretariat = login("focal_point"), login("secretariat")
    focal.post(url("evidence-transition", pk=draft.pk, name="submit"))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert focal.post(url("evidence-transition", pk=draft.pk, name="approve")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"  # focal points do not review
    secretariat.post(url("evidence-transition", pk=draft.pk, name="return"), {"comment": ""})
    draft.refresh_from_db()
    assert draft.status == "submitted"  # a return needs a reason
    secretariat.post(url("evidence-transition", pk=draft.pk, name="return"), {"comment": "แนบฉบับลงนาม"})
    draft.refresh_from_db()
    assert (draft.status, draft.review_comment) == ("returned", "แนบฉบับลงนาม")
    focal.post(url("evidence-transition", pk=draft.pk, name="submit"))
    secretariat.post(url("evidence-transition", pk=draft.pk, name="approve"))
    draft.refresh_from_db()
    assert draft.status == "approved"


def test_approved_evidence_expires(world, secretariat):
    import datetime

    item = make_evidence(world.institution, "หมดอายุ", status="approved", expires_on=datetime.date(2020, 1, 1))
    assert item.is_expired
    assert not Evidence.objects.for_member(secretariat).approved().filter(pk=item.pk).exists()


def test_soft_delete_is_undone_only_by_the_secretariat(world, login, draft):
    login("focal_point").post(url("evidence-delete", pk=draft.pk))
    draft.refresh_from_db()
    assert draft.is_deleted
    assert login("focal_point").get(url("evidence-detail", pk=draft.pk)).status_code == 404
    assert login("focal_point").post(url("evidence-restore", pk=draft.pk)).status_code == 404
    assert login("secretariat").get(url("evidence-detail", pk=draft.pk)).status_code == 200
    login("secretariat").post(url("evidence-restore", pk=draft.pk))
    draft.refresh_from_db()
    assert not draft.is_deleted


def test_download_sends_the_type_and_keeps_the_thai_file_name(world, login, secretariat, draft):
    services.add_file(secretariat, draft, make_upload("รายงาน ผล.pdf", b"%PDF-1.4 test"))
    response = login("focal_point").get(url("evidence-download", pk=draft.pk, number=1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B8%9C%E0%B8%A5.pdf" \
        in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert login("assessor").get(url("evidence-download", pk=draft.pk, number=1)).status_code == 404


def test_linking_refuses_a_benchmark_of_another_framework(world, secretariat, draft):
    from tests.factories import make_framework

    other = make_framework(code="other-standard", dimensions=1, goals_per_dimension=1, benchmarks_per_goal=1)
    with pytest.raises(services.EvidenceError):
        services.link_benchmark(secretariat, draft, other.benchmarks.get())
    assert list(draft.links.values_list("benchmark__code", flat=True)) == ["1.1.2"]


def test_pages_run_a_bounded_number_of_queries(world, login, django_assert_max_num_queries):
    client = login("secretariat")

    def pages():
        first = Evidence.objects.order_by("pk").first()
        return [url("evidence-list"), url("evidence-detail", pk=first.pk), url("round-detail", number=1),
                url("benchmark-detail", code="test-seal", benchmark="5.1.1"), url("dashboard")]

    make_evidence(world.institution, "หนึ่ง", status="approved", benchmarks=["5.1.1"])
    counts = {}
    for page in pages():
        with django_assert_max_num_queries(40) as captured:
            assert client.get(page).status_code == 200
        counts[page] = len(captured)
    for i in range(12):
        make_evidence(world.institution, f"เพิ่ม {i}", status="approved", benchmarks=["5.1.1", "1.1.1", f"2.1.{i % 4 + 1}"])
    for page in pages():
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200


def test_round_and_benchmark_pages_show_coverage(world, login, approved, draft):
    client = login("secretariat")
    page = client.get(url("round-detail", number=1)).content.decode()
    assert 'data-testid="evidence-coverage"' in page and 'data-code="5.1.1"' in page
    assert "2 of 40" in page or "2 จาก 40" in page or 'data-testid="coverage-count"' in page
    from genderseal.evidence.queries import round_coverage

    coverage = round_coverage(world.institution.memberships.get(user=world.secretariat), world.round)
    assert coverage.covered == 2 and "1.1.2" in [b.code for b in coverage.missing]
    page = client.get(url("benchmark-detail", code="test-seal", benchmark="1.1.2")).content.decode()
    assert "ร่างคู่มือ" in page and 'data-covered="0"' in page
    assert 'data-testid="dashboard-evidence"' in client.get(url("dashboard")).content.decode()
