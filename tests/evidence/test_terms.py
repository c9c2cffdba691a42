"""The search-term dictionary: the secretariat lists, adds and removes terms; items are re-segmented."""
import pytest
from django.urls import reverse

from genderseal.core.models import AuditEvent, OrgUnit
from genderseal.evidence import search
from genderseal.evidence.models import Evidence, SearchDocument, SearchTerm
from genderseal.evidence.search.backends import WORD_BONUS

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db
TERM = "ตรารับรองความเสมอภาค"


def url():
    return reverse("evidence-terms", kwargs={"slug": "bma"})


def words_of(evidence):
    return SearchDocument.objects.get(pk=evidence.pk).words.split()


def found(membership, q):
    return search.search(Evidence.objects.for_member(membership), q, membership.institution_id,
                         terms=search.institution_terms(membership.institution_id)).hits


def titles(membership, q):
    return [hit.evidence.title_th for hit in found(membership, q)]


def best_score(membership, q):
    return found(membership, q)[0].score


def test_an_added_term_is_kept_whole_in_the_items_holding_it_and_a_removed_one_is_cut_again(
        world, login, secretariat, django_capture_on_commit_callbacks):
    sealed = make_evidence(world.institution, f"คู่มือ{TERM}สำหรับหน่วยงาน")
    scattered = make_evidence(world.institution, "ตรา ของหน่วยงาน รับรอง ว่ามี ความเสมอภาค")
    unrelated = make_evidence(world.institution, "รายงานผลการดำเนินงาน")
    unrelated_words = words_of(unrelated)
    assert TERM not in words_of(sealed)
    assert scattered.title_th in titles(secretariat, TERM)  # its pieces, anywhere, count as the words

    client = login("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), {"term": f" {TERM} "})
    assert response.status_code == 302
    assert list(SearchTerm.objects.values_list("term", flat=True)) == [TERM]
    assert TERM in words_of(sealed) and words_of(unrelated) == unrelated_words
    assert titles(secretariat, TERM) == [sealed.title_th]  # now one word: the scattered pieces are not it
    assert best_score(secretariat, TERM) >= WORD_BONUS
    page = client.get(url()).content.decode()
    assert f'data-term="{TERM}"' in page and "สยป." in page  # unit abbreviations are listed, read-only
    assert AuditEvent.objects.filter(action="evidence.term_add").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), {"remove": SearchTerm.objects.get().pk})
    assert response.status_code == 302 and not SearchTerm.objects.exists()
    assert TERM not in words_of(sealed)
    assert scattered.title_th in titles(secretariat, TERM)


@pytest.mark.parametrize("bad", ["ก", "!!", "<b>คำ</b>", "สอง คำ", "ก" * 101, "สยป.", "ตรารับรองความเสมอภาค"])
def test_bad_or_repeated_terms_are_refused_with_a_message(world, login, bad):
    SearchTerm.objects.create(institution=world.institution, term=TERM)
    response = login("secretariat").post(url(), {"term": bad})
    assert response.status_code == 400
    assert '<li class="error">' in response.content.decode()
    assert list(SearchTerm.objects.values_list("term", flat=True)) == [TERM]


def test_re_indexing_every_item_picks_up_changed_unit_abbreviations(world, login, django_capture_on_commit_callbacks):
    item = make_evidence(world.institution, "บันทึกของสคธ.เรื่องงบประมาณ", unit_code=None)
    assert "สคธ." not in words_of(item)
    OrgUnit.objects.filter(institution=world.institution, code="21000000").update(abbreviation="สคธ.")
    with django_capture_on_commit_callbacks(execute=True):
        assert login("secretariat").post(url(), {"reindex": "1"}).status_code == 302
    assert "สคธ." in words_of(item)


def test_only_the_secretariat_of_the_institution_manages_terms(world, login):
    term = SearchTerm.objects.create(institution=world.institution, term=TERM)
    for persona in ["focal_point", "committee", "assessor", "outsider"]:
        client = login(persona)
        assert client.get(url()).status_code == 404
        assert client.post(url(), {"term": "คำใหม่"}).status_code == 404
        assert client.post(url(), {"remove": term.pk}).status_code == 404
    other = SearchTerm.objects.create(institution=world.other, term="คำของที่อื่น")
    assert login("secretariat").post(url(), {"remove": other.pk}).status_code == 404
    assert login("secretariat").post(url(), {"remove": "x"}).status_code == 404
    assert SearchTerm.objects.count() == 2
