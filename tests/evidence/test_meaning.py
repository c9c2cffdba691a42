"""Search by meaning: English queries find Thai items (and back), word matches first, scope kept, one model load."""
import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from genderseal.evidence import meaning, search, services
from genderseal.evidence.models import Evidence, EvidenceEmbedding

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db
BASE = "/api/institutions/bma"


@pytest.fixture(autouse=True)
def meaning_on(settings):
    settings.EVIDENCE_MEANING = True


@pytest.fixture
def items(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # each re-index enqueues its vectors (run at once here)
        made = {
            "pads": make_evidence(world.institution, "โครงการจัดหาผ้าอนามัยให้นักเรียนหญิงในโรงเรียนสังกัดกรุงเทพมหานคร"),
            "budget": make_evidence(world.institution, "รายงานงบประมาณที่คำนึงถึงมิติเพศ ปีงบประมาณ 2568",
                                    unit_code=None),
            "harass": make_evidence(world.institution, "Training on preventing sexual harassment in the workplace",
                                    unit_code=None),
            "budget_words": make_evidence(world.institution, "Gender budget statement 2025", unit_code=None),
            "other": make_evidence(world.other, "ผ้าอนามัยและงบประมาณของหน่วยงานอื่น", unit_code="21000000"),
        }
    return made


def hits(membership, q):
    candidates = Evidence.objects.for_member(membership)
    return search.search(candidates, q, membership.institution_id, terms=search.institution_terms(membership.institution_id))


def test_vectors_are_stored_by_the_background_task_with_the_model_version(items):
    rows = list(EvidenceEmbedding.objects.filter(evidence=items["pads"]))
    assert {r.text for r in rows} == {items["pads"].title_th}  # the sentence, whole and as phrases
    assert "จัดหา ผ้าอนามัย ให้" in [r.phrase for r in rows]
    row = rows[0]
    vector = np.frombuffer(bytes(row.vector), dtype=np.float32)
    assert vector.shape == (512,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3
    assert (row.model, row.version) == (meaning.MODEL_NAME, meaning.model_version())


def test_an_english_query_finds_the_thai_item_and_says_why(secretariat, items):
    results = hits(secretariat, "sanitary pads")
    assert results.hits == []  # no word of the query is in any item
    assert results.meaning[0].evidence == items["pads"]
    assert results.meaning[0].how == "meaning" and "ผ้าอนามัย" in results.meaning[0].sentence


def test_a_thai_query_finds_the_english_item(secretariat, items):
    found = [h.evidence for h in hits(secretariat, "การล่วงละเมิดทางเพศ").meaning]
    assert found[0] == items["harass"]


def test_word_matches_rank_first_then_meaning_matches_without_repeats(secretariat, items):
    results = hits(secretariat, "budget")
    assert [h.evidence for h in results.hits] == [items["budget_words"]]
    assert all(h.how == "words" for h in results.hits)
    meant = [h.evidence for h in results.meaning]
    assert meant[0] == items["budget"] and items["budget_words"] not in meant
    assert [h.evidence for h in results.all_hits][:2] == [items["budget_words"], items["budget"]]


def test_another_institutions_items_are_never_returned(secretariat, items):
    for q in ("sanitary pads", "budget", "ผ้าอนามัย"):
        assert items["other"] not in [h.evidence for h in hits(secretariat, q).all_hits]


def test_filters_apply_to_meaning_matches(secretariat, items):
    candidates = Evidence.objects.for_member(secretariat).exclude(pk=items["pads"].pk)
    assert items["pads"] not in [h.evidence for h in search.search(candidates, "sanitary pads", secretariat.institution_id).meaning]


def test_the_vectors_follow_the_text_and_the_model_version(secretariat, items, monkeypatch):
    pads = items["pads"]
    assert meaning.embed_evidence(pads) == 0  # unchanged: nothing recomputed
    pads.description = "แจกผ้าอนามัยฟรีทุกเดือน"
    pads.save()
    assert meaning.embed_evidence(pads) > 0
    assert pads.description in EvidenceEmbedding.objects.filter(evidence=pads).values_list("text", flat=True)
    monkeypatch.setattr(meaning, "model_version", lambda: "9.9.9")
    assert hits(secretariat, "sanitary pads").meaning == []  # vectors of another version are not used
    call_command("evidence", "embed", "--all")
    assert set(EvidenceEmbedding.objects.values_list("version", flat=True)) == {"9.9.9"}
    assert hits(secretariat, "sanitary pads").meaning[0].evidence == pads


def test_an_uploaded_files_text_is_searched_by_meaning(world, secretariat, items, django_capture_on_commit_callbacks):
    item = make_evidence(world.institution, "เอกสารประกอบ 1", unit_code=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_file(secretariat, item, make_upload(
            "note.txt", "สรุปผลการประชุม\n\nจัดตั้งห้องให้นมบุตรสำหรับเจ้าหน้าที่ที่ศาลาว่าการ".encode(), "text/plain"))
    top = hits(secretariat, "breastfeeding room for staff").meaning[0]
    assert top.evidence == item and "ห้องให้นมบุตร" in top.sentence


def test_the_model_loads_once_per_process(secretariat, items):
    meaning.model()
    before = meaning.loads
    hits(secretariat, "sanitary pads")
    meaning.embed(["งบประมาณ"])
    assert meaning.loads == before == 1


def test_the_page_and_the_api_say_how_each_hit_matched(world, client, items):
    client.force_login(world.secretariat)
    page = client.get(reverse("evidence-search", args=["bma"]), {"q": "budget"}).content.decode()
    assert 'data-matched="words"' in page and 'data-matched="meaning"' in page
    assert page.index("Gender budget statement") < page.index("รายงานงบประมาณ")
    from genderseal.core.models import ApiToken

    key = ApiToken.issue(world.secretariat, "test")
    body = client.get(f"{BASE}/evidence-search", {"q": "budget"}, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [(h["id"], h["matched"]) for h in body["hits"][:2]] == [(items["budget_words"].pk, "words"),
                                                                     (items["budget"].pk, "meaning")]
    assert "งบประมาณ" in body["hits"][1]["sentence"]
    assert items["other"].pk not in [h["id"] for h in body["hits"]]


def test_chunks_are_sentence_sized():
    text = "บรรทัดแรก\n" + "คำ " * 400 + "\nThe end. Next sentence here."
    pieces = meaning.chunks(text)
    assert pieces[0].startswith("บรรทัดแรก") and all(len(p) <= meaning.CHUNK_CHARS for p in pieces)
