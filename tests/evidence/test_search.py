"""Thai search: whole words, text inside words, Thai/Arabic digits, ranking, snippets, scope."""
import pytest
from django.urls import reverse

from genderseal.evidence import search, services
from genderseal.evidence.models import Evidence, SearchTerm
from genderseal.evidence.search import QueryError

from tests.factories import make_evidence, make_thai_pdf, make_upload

pytestmark = pytest.mark.django_db


def titles(membership, q, **filters):
    candidates = Evidence.objects.for_member(membership).filter(**filters)
    terms = search.institution_terms(membership.institution_id)
    return [hit.evidence.title_th for hit in search.search(candidates, q, membership.institution_id, terms=terms).hits]


@pytest.fixture
def items(world):
    return {
        "pads": make_evidence(world.institution, "โครงการสนับสนุนผ้าอนามัยสำหรับนักเรียนหญิง", unit_code="03000000",
                              description="ลดการขาดเรียน ๓-๕ วันต่อเดือน งบประมาณ ๒๕๖๘"),
        "plan": make_evidence(world.institution, "แผนปฏิบัติการด้านการส่งเสริมความเท่าเทียมทางเพศ พ.ศ. 2568-2570",
                              unit_code=None),
        "map": make_evidence(world.institution, "Strategy Map ยุทธศาสตร์การพัฒนากรุงเทพมหานคร",
                             description="จัดทำโดย สยป. 30 โครงการ"),
        "other": make_evidence(world.other, "ผ้าอนามัยของหน่วยงานอื่น", unit_code="21000000"),
    }


def test_it_finds_thai_whole_words(secretariat, items):
    assert titles(secretariat, "ผ้าอนามัย") == [items["pads"].title_th]
    assert titles(secretariat, "ความเท่าเทียม") == [items["plan"].title_th]
    assert titles(secretariat, "strategy") == [items["map"].title_th]
    assert items["map"].title_th in titles(secretariat, "ประเมินผล")  # its unit is สำนักยุทธศาสตร์และประเมินผล


def test_it_finds_text_inside_words(secretariat, items):
    assert titles(secretariat, "อนามั") == [items["pads"].title_th]  # a piece of ผ้าอนามัย
    assert titles(secretariat, "เทียมทาง") == [items["plan"].title_th]
    assert items["map"].title_th in titles(secretariat, "ฒน")  # two characters


def test_two_characters_are_found_inside_words_anywhere_in_the_text(world, secretariat):
    last = make_evidence(world.institution, "โครงการพัฒน", unit_code=None)  # the pair ends the text
    first = make_evidence(world.institution, "ฒนาการเด็ก", unit_code=None)
    found = titles(secretariat, "ฒน")
    assert last.title_th in found and first.title_th in found
    assert titles(secretariat, "ฆฌ") == []


def test_thai_and_arabic_digits_match_each_other(secretariat, items):
    assert titles(secretariat, "2568") == [items["pads"].title_th, items["plan"].title_th] or \
        set(titles(secretariat, "2568")) == {items["pads"].title_th, items["plan"].title_th}
    assert titles(secretariat, "๒๕๖๘-๒๕๗๐") == [items["plan"].title_th]
    assert titles(secretariat, "๓๐ โครงการ") == [items["map"].title_th]


def test_unit_abbreviations_and_institution_terms_stay_whole(world, secretariat, items):
    assert titles(secretariat, "สยป.") == [items["map"].title_th]
    SearchTerm.objects.create(institution=world.institution, term="ตรารับรองความเสมอภาค")
    sealed = make_evidence(world.institution, "คู่มือตรารับรองความเสมอภาคสำหรับหน่วยงาน")
    assert titles(secretariat, "ตรารับรองความเสมอภาค")[0] == sealed.title_th


def test_whole_words_rank_above_fragments(world, secretariat):
    inside = make_evidence(world.institution, "การประเมินผลลัพธ์")  # has ผล inside ผลลัพธ์ only
    whole = make_evidence(world.institution, "รายงานผล การดำเนินงาน ผล ผล")
    found = titles(secretariat, "ผล")
    assert found.index(whole.title_th) < found.index(inside.title_th)


def test_it_never_shows_another_institutions_items(secretariat, items):
    assert items["other"].title_th not in titles(secretariat, "ผ้าอนามัย")


def test_it_filters_by_unit_and_status(secretariat, items):
    items["plan"].status = "approved"
    items["plan"].save()
    assert titles(secretariat, "2568", status="approved") == [items["plan"].title_th]
    assert titles(secretariat, "2568", owner_unit__code="03000000") == [items["pads"].title_th]


@pytest.mark.parametrize("query", ["ก", "a", "!!", " . ", "", "…", "๑"])
def test_it_refuses_queries_of_one_character_or_only_punctuation(secretariat, query):
    with pytest.raises(QueryError):
        search.parse_query(query)


def test_snippets_highlight_the_match_and_escape_html(world, secretariat):
    make_evidence(world.institution, "รายงาน <script>alert(1)</script> ผ้าอนามัย")
    hit = search.search(Evidence.objects.for_member(secretariat), "ผ้าอนามัย", world.institution.pk).hits[0]
    assert "<mark>ผ้าอนามัย</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_it_finds_words_inside_uploaded_files_after_extraction(world, secretariat, django_capture_on_commit_callbacks):
    evidence = make_evidence(world.institution, "เอกสารแนบ")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_file(secretariat, evidence, make_upload("report.pdf",
                                                             make_thai_pdf(["รายงานการคัดกรองมะเร็งปากมดลูก ปี ๒๕๖๘"])))
        services.add_file(secretariat, evidence, make_upload("data.csv", "เขต,จำนวนวัคซีน\nบางรัก,120\n".encode()))
    assert titles(secretariat, "มะเร็ง") == ["เอกสารแนบ"]
    assert titles(secretariat, "วัคซีน") == ["เอกสารแนบ"]
    assert titles(secretariat, "ปากมด") == ["เอกสารแนบ"]


def test_the_search_page_answers_in_a_bounded_number_of_queries(world, login, items, django_assert_max_num_queries):
    client = login("secretariat")
    url = reverse("evidence-search", kwargs={"slug": "bma"})
    with django_assert_max_num_queries(14):
        response = client.get(url, {"q": "ผ้าอนามัย"})
    assert response.status_code == 200
    assert b'data-testid="search-hit"' in response.content
    for i in range(15):
        make_evidence(world.institution, f"ผ้าอนามัย ชุดที่ {i}")
    with django_assert_max_num_queries(14):
        assert client.get(url, {"q": "ผ้าอนามัย"}).status_code == 200
    response = client.get(url, {"q": "!"})
    assert response.status_code == 400 and b'data-testid="search-error"' in response.content
