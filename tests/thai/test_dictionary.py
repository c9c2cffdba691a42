"""thai/segment.dictionary: the bundled words plus an institution's terms, without rebuilding the bundled trie."""
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import dict_trie

from genderseal.thai.segment import dictionary, words

TERMS = ("สยป", "กทม", "ความเสมอภาคระหว่างเพศ", "สำนักยุทธศาสตร์และประเมินผล", "gender focal point", "แผน")
TEXTS = ["สยปจัดทำแผนความเสมอภาคระหว่างเพศของกทม", "สำนักยุทธศาสตร์และประเมินผลรายงานผลการดำเนินงาน",
         "การจัดทำงบประมาณที่มีมิติเพศภาวะ gender focal point ประจำหน่วยงาน"]


def test_it_holds_the_same_words_as_a_dictionary_built_from_scratch():
    shared, rebuilt = dictionary(TERMS), dict_trie(set(thai_words()) | set(TERMS))
    assert len(shared) == len(rebuilt)
    for term in TERMS:
        assert term in shared
    for text in TEXTS:
        assert word_tokenize(text, custom_dict=shared, engine="newmm") == \
            word_tokenize(text, custom_dict=rebuilt, engine="newmm")


def test_the_bundled_words_are_shared_and_left_unchanged():
    base = dictionary()
    before = len(base)
    with_terms = dictionary(("สยปกทม",))
    assert "สยปกทม" in with_terms and "สยปกทม" not in base and len(base) == before
    # A branch no term passes through is the very same node in both.
    assert with_terms.root.children["ค"] is base.root.children["ค"]
    assert with_terms.root.children["ส"] is not base.root.children["ส"]


def test_an_institutions_terms_stay_whole_in_its_searches_only():
    text = "สยปกทมประชุม"
    assert "สยปกทม" in words(text, terms=["สยปกทม"])
    assert "สยปกทม" not in words(text)
