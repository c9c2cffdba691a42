"""The compact index of meaning vectors kept in process: codes, freshness after writes, items replaced and removed."""
import numpy as np
import pytest

from genderseal.evidence import meaning, meaning_index
from genderseal.evidence.models import Evidence, EvidenceEmbedding

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def meaning_on(settings, monkeypatch):
    settings.EVIDENCE_MEANING = True
    monkeypatch.setattr(meaning_index, "_indexes", {})  # a fresh process


def test_a_code_keeps_the_angle_between_vectors():
    rng = np.random.default_rng(3)
    a = rng.standard_normal(512)
    near = a + 0.3 * rng.standard_normal(512)
    far = rng.standard_normal(512)

    def distance(x, y):
        return int(np.unpackbits(meaning_index.code_of(x) ^ meaning_index.code_of(y)).sum())

    assert meaning_index.code_of(a).nbytes == 64
    assert distance(a, a) == 0 and distance(a, -a) == 512
    assert distance(a, near) < 100 < 200 < distance(a, far)


def _search(world, text):
    candidates = Evidence.objects.filter(institution=world.institution, deleted_at=None)
    return [(Evidence.objects.get(pk=h.evidence_id).title_th, h.sentence) for h in meaning.meaning_hits(candidates, text)]


def test_items_added_after_the_first_search_are_found_without_reading_everything_again(world, django_assert_max_num_queries):
    first = make_evidence(world.institution, "โครงการจัดหาผ้าอนามัยให้นักเรียนหญิง")
    meaning.embed_evidence(first)
    assert _search(world, "sanitary pads")[0][0] == first.title_th
    version = meaning.model_version()
    before = meaning_index.index(world.institution.pk, version)
    read = len(before.pks)
    second = make_evidence(world.institution, "รายงานงบประมาณที่คำนึงถึงมิติเพศ")
    meaning.embed_evidence(second)  # this process wrote: the next search reads what was added
    after = meaning_index.index(world.institution.pk, version)
    assert after is before and len(after.pks) == read + EvidenceEmbedding.objects.filter(evidence=second).count()
    assert _search(world, "gender budget")[0][0] == second.title_th


def test_an_item_whose_text_changed_is_found_by_its_new_text_only(world):
    item = make_evidence(world.institution, "โครงการจัดหาผ้าอนามัยให้นักเรียนหญิง")
    meaning.embed_evidence(item)
    assert _search(world, "sanitary pads")
    Evidence.objects.filter(pk=item.pk).update(title_th="การอบรมป้องกันการล่วงละเมิดทางเพศในที่ทำงาน")
    item.refresh_from_db()
    meaning.embed_evidence(item)
    index = meaning_index.index(world.institution.pk, meaning.model_version())
    assert len(index.pks) == EvidenceEmbedding.objects.filter(evidence=item).count()  # the old rows dropped
    assert not [t for t, sentence in _search(world, "sanitary pads") if "ผ้าอนามัย" in sentence]
    assert _search(world, "sexual harassment training")[0][0] == item.title_th


def test_vectors_removed_without_replacement_are_noticed(world):
    kept = make_evidence(world.institution, "รายงานงบประมาณที่คำนึงถึงมิติเพศ")
    gone = make_evidence(world.institution, "โครงการจัดหาผ้าอนามัยให้นักเรียนหญิง")
    for item in (kept, gone):
        meaning.embed_evidence(item)
    version = meaning.model_version()
    assert len(meaning_index.index(world.institution.pk, version).pks) == EvidenceEmbedding.objects.count()
    EvidenceEmbedding.objects.filter(evidence=gone).delete()
    meaning_index.touched(world.institution.pk, version)
    index = meaning_index.index(world.institution.pk, version)
    assert set(index.evidence.tolist()) == {kept.pk}


def test_another_institutions_vectors_are_not_in_the_index(world):
    mine = make_evidence(world.institution, "รายงานงบประมาณที่คำนึงถึงมิติเพศ")
    theirs = make_evidence(world.other, "รายงานงบประมาณที่คำนึงถึงมิติเพศ", unit_code=None)
    for item in (mine, theirs):
        meaning.embed_evidence(item)
    index = meaning_index.index(world.institution.pk, meaning.model_version())
    assert set(index.evidence.tolist()) == {mine.pk}


def test_full_vectors_are_read_once_and_rows_gone_are_not_returned(world, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(meaning_index, "_vectors", meaning_index.OrderedDict())
    kept = make_evidence(world.institution, "รายงานงบประมาณที่คำนึงถึงมิติเพศ")
    gone = make_evidence(world.institution, "โครงการจัดหาผ้าอนามัยให้นักเรียนหญิง")
    for item in (kept, gone):
        meaning.embed_evidence(item)
    version = meaning.model_version()
    query = meaning.embed(["gender budget"])[0]
    first = meaning_index.nearest(world.institution.pk, version, query)
    rows = {pk: vector for pk, _e, vector in
            [(pk, e, np.frombuffer(bytes(v), np.float32)) for pk, e, v in
             EvidenceEmbedding.objects.values_list("pk", "evidence_id", "vector")]}
    assert first and all(np.isclose(score, float(rows[pk] @ np.asarray(query, np.float32)), atol=1e-5)
                         for pk, _e, score in first)
    with CaptureQueriesContext(connection) as read:
        again = meaning_index.nearest(world.institution.pk, version, query)
    assert again == first
    assert len(read) == 1 and '"vector"' not in read[0]["sql"]  # which rows are stored, no vector read again
    # Rows deleted while the index still lists them (it is refreshed at most every FRESH_SECONDS): not returned.
    EvidenceEmbedding.objects.filter(evidence=gone).delete()
    assert {e for _pk, e, _s in meaning_index.nearest(world.institution.pk, version, query)} == {kept.pk}
