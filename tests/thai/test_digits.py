"""Thai digits (๐-๙): stored as Arabic, offered for display, accepted on input."""
from hypothesis import given
from hypothesis import strategies as st

from genderseal.thai.digits import THAI_DIGITS, to_arabic_digits, to_thai_digits

ARABIC = "0123456789"


def test_it_writes_a_buddhist_era_year_in_thai_digits():
    assert to_thai_digits("2567") == "๒๕๖๗"
    assert to_thai_digits(2567) == "๒๕๖๗"


def test_it_maps_each_digit_to_its_thai_counterpart():
    assert to_thai_digits(ARABIC) == "๐๑๒๓๔๕๖๗๘๙" == THAI_DIGITS
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == ARABIC


def test_it_leaves_letters_and_punctuation_alone():
    assert to_thai_digits("ปีงบประมาณ 2568, ไตรมาส 1") == "ปีงบประมาณ ๒๕๖๘, ไตรมาส ๑"
    assert to_arabic_digits("ข้อ ๑.๑.๑") == "ข้อ 1.1.1"


def test_it_accepts_input_mixing_thai_and_arabic_digits():
    assert to_arabic_digits("๒๕67") == "2567"
    assert to_arabic_digits("21๐๐๐๐๐๐ สยป.") == "21000000 สยป."
    assert to_thai_digits("๒๕67") == "๒๕๖๗"


@given(st.text(alphabet=st.characters(blacklist_characters=THAI_DIGITS)))
def test_property_arabic_text_survives_a_round_trip_through_thai_digits(text):
    shown = to_thai_digits(text)

    assert not any(c in ARABIC for c in shown)
    assert to_arabic_digits(shown) == text


@given(st.text(alphabet=st.characters(blacklist_characters=ARABIC)))
def test_property_thai_text_survives_a_round_trip_through_arabic_digits(text):
    assert to_thai_digits(to_arabic_digits(text)) == text


@given(st.text())
def test_property_any_input_normalises_to_arabic_digits_only(text):
    stored = to_arabic_digits(text)

    assert not any(c in THAI_DIGITS for c in stored)
    assert len(stored) == len(text)
    assert to_arabic_digits(to_thai_digits(text)) == stored
