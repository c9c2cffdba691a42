"""Fiscal calendar, reporting discipline, progress and sex ratios: plain functions, no database."""
from datetime import date, datetime
from decimal import Decimal

from genderseal.planning import rules
from genderseal.thai.dates import FiscalYear, fiscal_year
from genderseal.thai.periods import (
    deadline,
    parse_be_year,
    parse_month,
    parse_period,
    period_end,
    period_label,
    period_of,
    periods,
)


def test_it_names_the_fiscal_year_by_the_be_year_it_ends_at_the_30_sep_1_oct_edge():
    assert fiscal_year(date(2025, 9, 30)).be == 2568
    assert fiscal_year(date(2025, 10, 1)).be == 2569
    assert fiscal_year(date(2024, 10, 1)).be == 2568
    assert FiscalYear(2568).start == date(2024, 10, 1) and FiscalYear(2568).end == date(2025, 9, 30)


def test_it_lists_months_and_quarters_of_a_fiscal_year():
    months = periods(FiscalYear(2568), "monthly")
    assert months[0] == date(2024, 10, 1) and months[-1] == date(2025, 9, 1) and len(months) == 12
    assert periods(FiscalYear(2568), "quarterly") == [date(2024, 10, 1), date(2025, 1, 1), date(2025, 4, 1),
                                                      date(2025, 7, 1)]
    assert period_of(date(2025, 9, 30), "quarterly") == date(2025, 7, 1)
    assert period_of(date(2024, 12, 31), "quarterly") == date(2024, 10, 1)
    assert period_end(date(2025, 7, 1), "quarterly") == date(2025, 9, 30)
    assert period_end(date(2024, 2, 1), "monthly") == date(2024, 2, 29)


def test_it_parses_thai_months_be_years_and_thai_digits():
    assert parse_month("ต.ค.") == parse_month("ตุลาคม") == parse_month("ตค") == parse_month("๑๐") == 10
    assert parse_month("Oct") == parse_month(10.0) == 10
    assert parse_month("13") is None and parse_month("เดือน") is None
    assert parse_be_year("๒๕๖๘") == parse_be_year("พ.ศ. 2568") == parse_be_year(2025) == parse_be_year(2568.0) == 2568
    assert parse_be_year("68") is None


def test_a_month_of_a_fiscal_year_falls_in_the_right_calendar_year():
    assert parse_period("2568", "ต.ค.") == date(2024, 10, 1)
    assert parse_period("2568", "ก.ย.") == date(2025, 9, 1)
    assert parse_period("2568", quarter="Q1", frequency="quarterly") == date(2024, 10, 1)
    assert parse_period("2568", quarter="5", frequency="quarterly") is None
    assert period_label(date(2024, 10, 1), "monthly") == "ต.ค. 2567"
    assert period_label(date(2025, 7, 1), "quarterly", "en") == "Q4 FY2568"


def test_deadline_is_days_after_period_end():
    assert deadline(date(2025, 9, 1), "monthly", 15) == date(2025, 10, 15)
    assert deadline(date(2025, 7, 1), "quarterly", 0) == date(2025, 9, 30)


def test_expected_periods_are_those_whose_deadline_has_passed():
    fy, rule = FiscalYear(2568), rules.Rule(deadline_days=15)
    assert rules.expected_periods(fy, today=date(2024, 11, 15), rule=rule) == []
    assert rules.expected_periods(fy, today=date(2024, 11, 16), rule=rule) == [date(2024, 10, 1)]
    assert len(rules.expected_periods(fy, today=date(2025, 10, 16), rule=rule)) == 12
    assert len(rules.expected_periods(fy, "quarterly", today=date(2025, 10, 16), rule=rule)) == 4


def test_on_time_is_inclusive_of_the_deadline_day():
    rule = rules.Rule(deadline_days=15)
    assert rules.is_on_time(date(2025, 9, 1), "monthly", datetime(2025, 10, 15, 23, 59), rule)
    assert not rules.is_on_time(date(2025, 9, 1), "monthly", datetime(2025, 10, 16, 0, 1), rule)
    assert not rules.is_on_time(date(2025, 9, 1), "monthly", None, rule)


def test_rates_and_points_lost_follow_the_institution_rule():
    expected = [(1, m) for m in range(12)]
    received = {(1, m): m != 3 for m in range(11)}  # month 11 missing, month 3 late
    tally = rules.tally(expected, received)
    assert (tally.expected, tally.received, tally.on_time, tally.missing, tally.late) == (12, 11, 10, 1, 1)
    assert tally.rate == 91.7 and tally.on_time_rate == 83.3
    rule = rules.Rule(15, Decimal("0.5"), Decimal("0.25"))
    assert rules.points_lost(tally, rule) == Decimal("0.75")
    assert rules.score(tally, rule) == Decimal("99.25")
    assert rules.Tally().rate is None


def test_sex_split_totals_ratio_and_gap():
    values = {"female": Decimal(60), "male": Decimal(30), "other": Decimal(10)}
    split = rules.split_by_sex(values)
    assert split.total == 100 and split.ratio == 2.0 and split.gap == 30.0
    assert rules.total(values) == 100
    assert rules.split_by_sex({"female|0-14": 5, "female|15-24": 7, "male|0-14": 3}).female == 12
    assert rules.SexSplit().ratio is None and rules.SexSplit().gap is None


def test_progress_up_and_down():
    assert rules.progress(60, 120) == 50.0
    assert rules.progress(None, 120) is None
    assert rules.progress(8, 5, baseline=10, direction="down") == 40.0
    assert rules.actual([Decimal(1), Decimal(2)], "sum") == 3 and rules.actual([Decimal(1), Decimal(2)], "last") == 2


def test_option_keys_and_combinations():
    assert rules.option_keys(True, []) == ["female", "male", "other"]
    assert rules.option_keys(False, []) == ["total"]
    assert rules.option_keys(True, [["a", "b"]]) == ["female|a", "female|b", "male|a", "male|b", "other|a", "other|b"]
    assert rules.combinations(True, [["a", "b"], ["x", "y", "z"]]) == 18


def test_each_quarter_is_measured_against_its_own_target():
    totals = {1: [Decimal(10), Decimal(20)], 2: [Decimal(5)], 4: [Decimal(50), Decimal(40)]}
    targets = {1: Decimal(60), 2: Decimal(10), 3: Decimal(10), 4: Decimal(45)}
    rows = rules.quarter_progress(totals, targets)
    assert [(q, p) for q, _a, _t, p in rows] == [(1, 50.0), (2, 50.0), (3, None), (4, 200.0)]
    # "Latest period" indicators take the quarter's last total; a quarter without target has no progress.
    rows = rules.quarter_progress(totals, {4: Decimal(45)}, aggregation="last")
    assert rows[3][1:] == (Decimal(40), Decimal(45), 88.9) and rows[0][3] is None
