"""Suggested benchmarks: the item's meaning against each benchmark's title and means of verification."""
import pytest
from django.urls import reverse

from genderseal.evidence import suggest
from genderseal.evidence.models import EvidenceLink, EvidenceSuggestion, SuggestionState
from genderseal.standards.models import Benchmark

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db

REAL = {
    "1.1.1": ("มีการจัดสรรงบประมาณที่คำนึงถึงมิติเพศ", "Gender-responsive budget allocation",
              "เอกสารงบประมาณประจำปี\nรายงานผลการใช้จ่ายงบประมาณ"),
    "1.1.2": ("มีกลไกป้องกันและแก้ไขปัญหาการล่วงละเมิดทางเพศในที่ทำงาน",
              "A mechanism to prevent sexual harassment at work", "คำสั่งแต่งตั้งคณะกรรมการ\nช่องทางร้องเรียน"),
    "1.1.3": ("จัดให้มีห้องให้นมบุตรสำหรับบุคลากร", "A lactation room for staff", "ภาพถ่ายห้องให้นมบุตร"),
}


@pytest.fixture
def benchmarks(world):
    for code, (th, en, means) in REAL.items():
        Benchmark.objects.filter(framework=world.round.framework, code=code).update(
            title_th=th, title_en=en, evidence_th=means, evidence_en="")
    return {b.code: b for b in Benchmark.objects.filter(framework=world.round.framework, code__in=REAL)}


@pytest.fixture
def item(world, benchmarks, settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.EVIDENCE_MEANING = True
    monkeypatch.setattr(suggest, "_stored", {})  # a fresh process: what earlier tests stored was rolled back
    with django_capture_on_commit_callbacks(execute=True):  # vectors, then suggestions, in the background task
        return make_evidence(world.institution, "รายงานผลการใช้จ่ายงบประมาณด้านความเท่าเทียมทางเพศ ปี 2568",
                             description="Training on preventing sexual harassment for all staff")


def test_the_benchmarks_it_serves_are_suggested_with_score_and_sentence(item):
    found = list(EvidenceSuggestion.objects.filter(evidence=item))
    assert [s.benchmark.code for s in found][:2] == ["1.1.1", "1.1.2"] or \
        {s.benchmark.code for s in found[:2]} == {"1.1.1", "1.1.2"}
    budget = next(s for s in found if s.benchmark.code == "1.1.1")
    assert "งบประมาณ" in budget.sentence and budget.score >= suggest.MIN_SCORE
    lactation = [s.score for s in found if s.benchmark.code == "1.1.3"]  # a lactation room: not this item's subject
    assert all(score < budget.score for score in lactation), [(s.benchmark.code, s.score) for s in found]


def test_accepting_links_the_benchmark_and_is_recorded(world, client, item):
    client.force_login(world.secretariat)
    page = client.get(reverse("evidence-detail", args=["bma", item.pk])).content.decode()
    assert 'data-testid="suggestion" data-code="1.1.1"' in page
    budget = EvidenceSuggestion.objects.get(evidence=item, benchmark__code="1.1.1")
    response = client.post(reverse("evidence-suggestion", args=["bma", item.pk, budget.pk, "accept"]))
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.state == SuggestionState.ACCEPTED and budget.decided_by == world.secretariat
    link = EvidenceLink.objects.get(evidence=item, benchmark__code="1.1.1")
    assert link.means in ([], [0], [1])
    page = client.get(reverse("evidence-detail", args=["bma", item.pk])).content.decode()
    assert 'data-testid="suggestion" data-code="1.1.1"' not in page


def test_a_rejected_benchmark_is_recorded_and_not_suggested_again(world, client, item):
    client.force_login(world.secretariat)
    harassment = EvidenceSuggestion.objects.get(evidence=item, benchmark__code="1.1.2")
    client.post(reverse("evidence-suggestion", args=["bma", item.pk, harassment.pk, "reject"]))
    harassment.refresh_from_db()
    assert harassment.state == SuggestionState.REJECTED
    assert not EvidenceLink.objects.filter(evidence=item, benchmark__code="1.1.2").exists()
    suggest.suggest(item)
    assert list(EvidenceSuggestion.objects.filter(evidence=item, benchmark__code="1.1.2")
                .values_list("state", flat=True)) == [SuggestionState.REJECTED]


def test_only_members_who_may_edit_the_item_decide(world, login, item):
    budget = EvidenceSuggestion.objects.get(evidence=item, benchmark__code="1.1.1")
    url = reverse("evidence-suggestion", args=["bma", item.pk, budget.pk, "accept"])
    assert login("committee").post(url).status_code in (403, 404)
    assert login("outsider").post(url).status_code in (403, 404)
    budget.refresh_from_db()
    assert budget.state == SuggestionState.OPEN and not item.links.exists()


def test_the_benchmark_page_lists_evidence_that_may_serve_it(world, client, item, benchmarks):
    client.force_login(world.secretariat)
    url = reverse("benchmark-detail", args=["bma", world.round.framework.code, "1.1.1"])
    page = client.get(url).content.decode()
    assert 'data-testid="may-serve-item"' in page and item.title_th in page
    budget = EvidenceSuggestion.objects.get(evidence=item, benchmark__code="1.1.1")
    client.post(reverse("evidence-suggestion", args=["bma", item.pk, budget.pk, "accept"]))
    assert 'data-testid="may-serve-item"' not in client.get(url).content.decode()  # linked now


def test_benchmark_vectors_are_stored_with_the_model_and_read_back_without_embedding(world, item, monkeypatch):
    from genderseal.evidence import meaning
    from genderseal.evidence.models import BenchmarkEmbedding

    stored = BenchmarkEmbedding.objects.filter(benchmark__code="1.1.1")
    assert {"มีการจัดสรรงบประมาณที่คำนึงถึงมิติเพศ", "Gender-responsive budget allocation"} <= set(
        stored.values_list("text", flat=True))
    assert set(stored.values_list("model", "version")) == {(meaning.MODEL_NAME, meaning.model_version())}
    # Another process: nothing in memory, the encoder refuses benchmark texts; the stored rows serve.
    monkeypatch.setattr(suggest, "_stored", {})
    monkeypatch.setattr(meaning, "_cached", {})
    monkeypatch.setattr(meaning, "cached_vectors", lambda texts: pytest.fail(f"embedded again: {texts}"))
    EvidenceSuggestion.objects.filter(evidence=item).delete()
    assert {s.benchmark.code for s in suggest.suggest(item)} >= {"1.1.1"}


def test_a_changed_benchmark_text_gets_its_own_vector_and_the_old_one_is_dropped(world, item, benchmarks):
    from genderseal.evidence.models import BenchmarkEmbedding

    Benchmark.objects.filter(pk=benchmarks["1.1.3"].pk).update(title_en="A room for breastfeeding staff")
    added, dropped = suggest.embed_benchmarks()
    texts = set(BenchmarkEmbedding.objects.filter(benchmark=benchmarks["1.1.3"]).values_list("text", flat=True))
    assert "A room for breastfeeding staff" in texts and "A lactation room for staff" not in texts
    assert added >= 1 and dropped >= 1
