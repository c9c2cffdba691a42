"""Buddhist Era dates and Thai fiscal years (BRIEF.md, "Thai conventions")."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genderseal.thai.dates import FiscalYear, be_year, ce_year, fiscal_year, format_date


def test_it_converts_between_common_era_and_buddhist_era_years():
    assert be_year(2024) == 2567
    assert be_year(2026) == 2569
    assert ce_year(2567) == 2024


@given(st.integers(1, 9000))
def test_it_round_trips_any_year_between_eras(year):
    assert ce_year(be_year(year)) == year


def test_it_writes_the_first_undp_review_date_in_thai_with_the_buddhist_era_year():
    assert format_date(date(2024, 2, 20), "th") == "20 กุมภาพันธ์ 2567"
    assert format_date(date(2024, 2, 20)) == "20 กุมภาพันธ์ 2567"  # Thai by default
    assert format_date(date(2024, 2, 20), "th", short=True) == "20 ก.พ. 2567"


def test_it_writes_dates_in_english_with_the_common_era_year():
    assert format_date(date(2024, 2, 20), "en") == "20 February 2024"
    assert format_date(date(2024, 2, 20), "en", short=True) == "20 Feb 2024"


def test_it_accepts_a_regional_thai_language_code():
    assert format_date(date(2026, 2, 9), "th-th") == "9 กุมภาพันธ์ 2569"


@pytest.mark.parametrize(
    "month, thai",
    [(1, "มกราคม"), (5, "พฤษภาคม"), (7, "กรกฎาคม"), (10, "ตุลาคม"), (12, "ธันวาคม")],
)
def test_it_names_every_month_in_thai(month, thai):
    assert format_date(date(2025, month, 1), "th") == f"1 {thai} 2568"


def test_it_writes_nothing_for_a_missing_date():
    assert format_date(None) == ""


@pytest.mark.parametrize(
    "day, fy",
    [
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),  # FY2568 starts 1 Oct 2024
        (date(2025, 1, 1), 2568),
        (date(2025, 9, 30), 2568),  # ... and ends 30 Sep 2025
        (date(2025, 10, 1), 2569),
        (date(2026, 2, 9), 2569),  # the external assessment
    ],
)
def test_it_names_the_fiscal_year_by_the_buddhist_era_year_in_which_it_ends(day, fy):
    assert fiscal_year(day).be == fy
    assert str(fiscal_year(day)) == str(fy)


def test_it_knows_where_a_fiscal_year_starts_and_ends():
    fy = FiscalYear(2568)

    assert fy.start == date(2024, 10, 1)
    assert fy.end == date(2025, 9, 30)


@pytest.mark.parametrize(
    "day, quarter",
    [
        (date(2024, 10, 1), 1),
        (date(2024, 12, 31), 1),
        (date(2025, 1, 1), 2),
        (date(2025, 3, 31), 2),
        (date(2025, 4, 1), 3),
        (date(2025, 6, 30), 3),
        (date(2025, 7, 1), 4),
        (date(2025, 9, 30), 4),
    ],
)
def test_it_counts_fiscal_quarters_from_october(day, quarter):
    assert FiscalYear(2568).quarter_of(day) == quarter


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_property_every_day_lies_inside_its_fiscal_year(day):
    fy = fiscal_year(day)

    assert fy.start <= day <= fy.end
    assert fiscal_year(fy.start) == fy == fiscal_year(fy.end)
    assert fiscal_year(fy.end + timedelta(days=1)).be == fy.be + 1
    assert fy.quarter_of(day) in (1, 2, 3, 4)
    # Quarters never go backwards within a fiscal year.
    assert fy.quarter_of(fy.start) == 1 and fy.quarter_of(fy.end) == 4
    if day > fy.start:
        assert fy.quarter_of(day - timedelta(days=1)) <= fy.quarter_of(day)


def test_date_times_show_the_buddhist_era_in_local_time():
    from datetime import datetime
    from datetime import timezone as tz

    from django.utils import translation

    from genderseal.core.templatetags.thai import be_date, be_datetime

    at = datetime(2026, 11, 26, 17, 30, tzinfo=tz.utc)  # 00:30 on the 27th in Bangkok
    with translation.override("th"):
        assert be_datetime(at) == "27 พ.ย. 2569 00:30"
        assert be_date(at, "short") == "27 พ.ย. 2569"
    with translation.override("en"):
        assert be_datetime(at) == "27 Nov 2026 00:30"


def test_calendar_months_as_other_systems_write_them():
    from datetime import date, datetime

    from genderseal.thai.periods import parse_calendar_month

    october = date(2024, 10, 1)
    for written in ("2567-10", "2024-10", "2024-10-15", "10/2567", "15/10/2024", "ต.ค. 2567", "ตุลาคม ๒๕๖๗",
                    "Oct 2024", date(2024, 10, 15), datetime(2024, 10, 3, 9, 0)):
        assert parse_calendar_month(written) == october, written
    for bad in ("13/2567", "2567", "", None, "ตุลา", "October"):
        assert parse_calendar_month(bad) is None, bad
