"""The scoring rules (issue 2, section 4) as a user of the Seal relies on them.

Plain data in, plain data out: no database, no Django.
"""
from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from genderseal.standards import rules
from genderseal.standards.rules import BenchmarkRef, LevelRule, ResultOption, Standard

MET, PARTLY, NOT_MET, NA = "met", "partly_met", "not_met", "not_applicable"


def results_scale(partly_credit=0.0):
    return {
        MET: ResultOption(MET, credit=1),
        PARTLY: ResultOption(PARTLY, credit=partly_credit),
        NOT_MET: ResultOption(NOT_MET, credit=0),
        NA: ResultOption(NA, credit=0, applicable=False),
    }


SEAL_LEVELS = (
    LevelRule("gold", min_percent=80),
    LevelRule("silver", min_percent=70),
    LevelRule("bronze", min_percent=60),
)

# 5 dimensions x 2 goals x 4 benchmarks = 40, listed in their natural order.
SEAL_CODES = [f"{d}.{g}.{b}" for d in range(1, 6) for g in range(1, 3) for b in range(1, 5)]

# The first UNDP review: 10 of 40 met, 3 of them in dimension 1.
FIRST_REVIEW_MET = ["1.1.1", "1.1.3", "1.2.1", "2.1.1", "2.2.1", "3.1.1", "3.2.1", "4.1.1", "5.1.1", "5.1.3"]


def seal(levels=SEAL_LEVELS, partly_credit=0.0):
    refs = tuple(BenchmarkRef(c, c.split(".")[0], ".".join(c.split(".")[:2])) for c in SEAL_CODES)
    return Standard("undp-gesp", "2023.1", results_scale(partly_credit), tuple(levels), refs)


def one_goal(n, levels, partly_credit=0.5):
    """A standard with one dimension, one goal and benchmarks 1.1.1 .. 1.1.n."""
    refs = tuple(BenchmarkRef(f"1.1.{i}", "1", "1.1") for i in range(1, n + 1))
    return Standard("small", "1", results_scale(partly_credit), tuple(levels), refs)


def met(codes, rest=NOT_MET):
    """Every Seal benchmark rated: `codes` met, the others `rest`."""
    return {c: (MET if c in codes else rest) for c in SEAL_CODES}


def first_n_met(n):
    return met(SEAL_CODES[:n])


def dim(summary, code):
    return next(s for s in summary.dimensions if s.code == code)


# --- The Seal's medals ----------------------------------------------------------


def test_it_puts_the_first_undp_review_at_25_percent_and_no_medal():
    summary = rules.summarize(seal(), met(FIRST_REVIEW_MET))

    assert summary.total.credit == 10
    assert summary.total.applicable == 40
    assert summary.total.percent == 25
    assert summary.level is None
    gap = summary.next_level
    assert gap.level == "bronze"
    assert gap.credit_needed == 14
    assert gap.mandatory_missing == []
    # Nothing is mandatory and nothing partly met: plain natural code order.
    assert gap.candidates == [c for c in SEAL_CODES if c not in FIRST_REVIEW_MET]
    assert gap.candidates[:4] == ["1.1.2", "1.1.4", "1.2.2", "1.2.3"]


def test_it_scores_each_dimension_and_goal_of_the_first_review():
    summary = rules.summarize(seal(), met(FIRST_REVIEW_MET))

    assert [(s.code, s.credit, s.applicable) for s in summary.dimensions] == [
        ("1", 3, 8), ("2", 2, 8), ("3", 2, 8), ("4", 1, 8), ("5", 2, 8),
    ]
    assert dim(summary, "1").percent == Fraction(75, 2)
    goals = {s.code: (s.credit, s.applicable) for s in summary.goals}
    assert goals["1.1"] == (2, 4)
    assert goals["1.2"] == (1, 4)
    assert goals["4.2"] == (0, 4)
    assert len(goals) == 10


@pytest.mark.parametrize(
    "met_count, level, next_level, credit_needed",
    [
        (23, None, "bronze", 1),
        (24, "bronze", "silver", 4),
        (27, "bronze", "silver", 1),
        (28, "silver", "gold", 4),
        (31, "silver", "gold", 1),
    ],
)
def test_it_awards_the_seal_medals_at_24_28_and_32_benchmarks(met_count, level, next_level, credit_needed):
    summary = rules.summarize(seal(), first_n_met(met_count))

    assert summary.level == level
    assert summary.next_level.level == next_level
    assert summary.next_level.credit_needed == credit_needed


@pytest.mark.parametrize("met_count", [32, 36, 40])
def test_it_has_no_next_level_once_gold_is_reached(met_count):
    summary = rules.summarize(seal(), first_n_met(met_count))

    assert summary.level == "gold"
    assert summary.next_level is None


# --- Missing and not applicable -------------------------------------------------


def test_it_counts_a_benchmark_missing_from_the_round_as_applicable_with_no_credit():
    rated = {c: MET for c in FIRST_REVIEW_MET}  # the other 30 are not rated at all

    summary = rules.summarize(seal(), rated)

    assert summary.total.applicable == 40
    assert summary.total.credit == 10
    assert summary.total.percent == 25
    assert set(summary.next_level.candidates) == set(SEAL_CODES) - set(FIRST_REVIEW_MET)


def test_it_treats_an_empty_result_code_like_a_missing_one():
    with_blanks = {c: (MET if c in FIRST_REVIEW_MET else "") for c in SEAL_CODES}
    with_nones = {c: (MET if c in FIRST_REVIEW_MET else None) for c in SEAL_CODES}

    assert rules.summarize(seal(), with_blanks).total == rules.summarize(seal(), {c: MET for c in FIRST_REVIEW_MET}).total
    assert rules.summarize(seal(), with_nones).total.applicable == 40


def test_it_takes_a_not_applicable_benchmark_out_of_the_denominator():
    results = first_n_met(24)
    results["4.2.4"] = NA  # was not_met

    summary = rules.summarize(seal(), results)

    assert summary.total.applicable == 39
    assert summary.total.credit == 24
    assert summary.total.percent == Fraction(2400, 39)  # 61.538...%
    assert summary.level == "bronze"
    assert dim(summary, "4").applicable == 7
    assert dim(summary, "1").applicable == 8
    goals = {s.code: s.applicable for s in summary.goals}
    assert goals["4.2"] == 3
    assert goals["4.1"] == 4
    # Silver needs 70% of 39 = 27.3 credits.
    assert summary.next_level.credit_needed == Fraction(33, 10)
    assert "4.2.4" not in summary.next_level.candidates


def test_it_can_reach_a_medal_by_marking_benchmarks_not_applicable():
    results = first_n_met(23)  # 57.5%: no medal
    assert rules.summarize(seal(), results).level is None

    for code in SEAL_CODES[-2:]:
        results[code] = NA  # 23 of 38 = 60.5%

    assert rules.summarize(seal(), results).level == "bronze"


def test_it_gives_no_medal_when_every_benchmark_is_not_applicable():
    summary = rules.summarize(seal(), {c: NA for c in SEAL_CODES})

    assert summary.total.applicable == 0
    assert summary.total.percent == 0
    assert summary.level is None
    assert summary.next_level.level == "bronze"
    assert summary.next_level.candidates == []


# --- Exact thresholds -----------------------------------------------------------


def test_it_reaches_a_level_exactly_at_its_threshold():
    summary = rules.summarize(seal(), first_n_met(24))

    assert summary.total.percent == 60
    assert summary.level == "bronze"


def test_it_judges_the_exact_percent_not_the_rounded_one():
    standard = one_goal(3, [LevelRule("two-thirds", min_percent=66.67)])

    summary = rules.summarize(standard, {"1.1.1": MET, "1.1.2": MET, "1.1.3": NOT_MET})

    # 66.666...% shows as 66.7 but is below 66.67.
    assert rules.summary_json(summary)["percent"] == 66.7
    assert summary.level is None
    assert summary.next_level.level == "two-thirds"
    assert summary.next_level.credit_needed == Fraction(1, 10000)  # 66.67% of 3 = 2.0001


def test_it_reaches_a_threshold_just_below_the_exact_percent():
    standard = one_goal(3, [LevelRule("two-thirds", min_percent=66.66)])

    summary = rules.summarize(standard, {"1.1.1": MET, "1.1.2": MET, "1.1.3": NOT_MET})

    assert summary.level == "two-thirds"


def test_it_reads_decimal_credits_and_thresholds_as_written_not_as_binary_floats():
    # 0.1 + 0.2 in floats is 0.30000000000000004; exactly it is 0.3, which is < 0.31
    # and >= 0.3.
    scale = {
        "a": ResultOption("a", credit=0.1),
        "b": ResultOption("b", credit=0.2),
        "full": ResultOption("full", credit=1),
    }
    refs = (BenchmarkRef("1.1.1", "1", "1.1"), BenchmarkRef("1.1.2", "1", "1.1"))
    levels = (LevelRule("high", min_credit=0.31), LevelRule("low", min_credit=0.3))
    standard = Standard("dec", "1", scale, levels, refs)

    summary = rules.summarize(standard, {"1.1.1": "a", "1.1.2": "b"})

    assert summary.total.credit == Fraction(3, 10)
    assert summary.level == "low"
    assert summary.next_level.credit_needed == Fraction(1, 100)


def test_it_applies_a_min_credit_rule():
    standard = one_goal(10, [LevelRule("five", min_credit=5)])
    four_and_a_half = {f"1.1.{i}": MET for i in range(1, 5)} | {"1.1.5": PARTLY}
    five = {f"1.1.{i}": MET for i in range(1, 5)} | {"1.1.5": PARTLY, "1.1.6": PARTLY}

    below = rules.summarize(standard, four_and_a_half)
    at = rules.summarize(standard, five)

    assert below.level is None
    assert below.next_level.credit_needed == Fraction(1, 2)
    assert at.total.credit == 5
    assert at.level == "five"


def test_it_requires_both_min_percent_and_min_credit_when_a_level_states_both():
    standard = one_goal(20, [LevelRule("both", min_percent=50, min_credit=5)])
    codes = [f"1.1.{i}" for i in range(1, 21)]

    # 4 met of 6 applicable: 66.7% is enough, 4 credits are not.
    percent_only = {c: (MET if i < 4 else NOT_MET if i < 6 else NA) for i, c in enumerate(codes)}
    # 6 met of 20: 6 credits are enough, 30% is not.
    credit_only = {c: (MET if i < 6 else NOT_MET) for i, c in enumerate(codes)}
    both = {c: (MET if i < 10 else NOT_MET) for i, c in enumerate(codes)}

    s = rules.summarize(standard, percent_only)
    assert (s.level, s.next_level.credit_needed) == (None, 1)
    s = rules.summarize(standard, credit_only)
    assert (s.level, s.next_level.credit_needed) == (None, 4)
    assert rules.summarize(standard, both).level == "both"


# --- Mandatory benchmarks and the gap -------------------------------------------


SEAL_WITH_MANDATORY = (
    LevelRule("gold", min_percent=80),
    LevelRule("silver", min_percent=70, mandatory=("1.1.1",)),
    LevelRule("bronze", min_percent=60),
)


def test_it_withholds_silver_at_75_percent_while_its_mandatory_benchmark_is_not_met():
    results = met(SEAL_CODES[1:31])  # 30 of 40 met, but not 1.1.1

    summary = rules.summarize(seal(SEAL_WITH_MANDATORY), results)

    assert summary.total.percent == 75
    assert summary.level == "bronze"
    gap = summary.next_level
    assert gap.level == "silver"
    assert gap.credit_needed == 0
    assert gap.mandatory_missing == ["1.1.1"]
    assert gap.candidates[0] == "1.1.1"


def test_it_does_not_count_a_partly_met_mandatory_benchmark_as_met():
    results = met(SEAL_CODES[1:31])
    results["1.1.1"] = PARTLY

    summary = rules.summarize(seal(SEAL_WITH_MANDATORY, partly_credit=0.5), results)

    assert summary.level == "bronze"
    assert summary.next_level.mandatory_missing == ["1.1.1"]


def test_it_awards_silver_once_the_mandatory_benchmark_is_met():
    results = met(SEAL_CODES[:28])  # includes 1.1.1

    summary = rules.summarize(seal(SEAL_WITH_MANDATORY), results)

    assert summary.level == "silver"
    assert summary.next_level.level == "gold"
    assert summary.next_level.mandatory_missing == []


def test_it_lets_a_missing_mandatory_benchmark_block_only_its_own_level():
    # Gold states no mandatory benchmark: 32 met without 1.1.1 is gold.
    results = met(SEAL_CODES[1:33])

    assert rules.summarize(seal(SEAL_WITH_MANDATORY), results).level == "gold"


def test_it_orders_candidates_mandatory_first_then_by_credit_held_then_by_natural_code():
    levels = (
        LevelRule("gold", min_percent=90, mandatory=("1.1.9",)),
        LevelRule("silver", min_percent=50, mandatory=("1.1.11", "1.1.7")),
    )
    standard = one_goal(12, levels, partly_credit=0.5)
    results = {
        "1.1.1": MET,
        "1.1.2": NOT_MET,
        "1.1.3": PARTLY,
        "1.1.5": NA,
        "1.1.7": PARTLY,
        "1.1.11": NOT_MET,
        "1.1.12": PARTLY,
        # 1.1.4, 1.1.6, 1.1.8, 1.1.9, 1.1.10 not rated yet
    }

    gap = rules.summarize(standard, results).next_level

    assert gap.level == "silver"
    assert gap.mandatory_missing == ["1.1.7", "1.1.11"]
    assert gap.candidates == [
        "1.1.7", "1.1.11",  # mandatory for silver (more credit held first)
        "1.1.3", "1.1.12",  # partly met, 0.5 held
        "1.1.2", "1.1.4", "1.1.6", "1.1.8", "1.1.9", "1.1.10",  # nothing held; gold's 1.1.9 not promoted
    ]


def test_it_sorts_codes_naturally():
    codes = ["1.1.10", "1.1.2", "10.1.1", "2.1.1", "1.1.1"]

    assert sorted(codes, key=rules.code_key) == ["1.1.1", "1.1.2", "1.1.10", "2.1.1", "10.1.1"]


# --- Bad input ------------------------------------------------------------------


def test_it_rejects_a_result_code_the_standard_does_not_define():
    results = first_n_met(10)
    results["1.2.3"] = "excellent"

    with pytest.raises(rules.UnknownCode) as error:
        rules.summarize(seal(), results)

    assert "excellent" in str(error.value)
    assert isinstance(error.value, ValueError)


# --- The JSON shape -------------------------------------------------------------


def test_it_prints_the_summary_in_the_json_shape_of_the_issue():
    data = rules.summary_json(rules.summarize(seal(), met(FIRST_REVIEW_MET)))

    # The issue's keys, plus the per-goal scores section 4 asks for.
    assert set(data) == {
        "framework", "version", "credit", "applicable", "percent", "level", "dimensions", "goals", "next_level",
    }
    assert data["framework"] == "undp-gesp"
    assert data["version"] == "2023.1"
    assert data["credit"] == 10.0
    assert data["applicable"] == 40
    assert data["percent"] == 25.0
    assert data["level"] is None
    assert data["dimensions"][0] == {"code": "1", "credit": 3.0, "applicable": 8, "percent": 37.5}
    assert [d["code"] for d in data["dimensions"]] == ["1", "2", "3", "4", "5"]
    assert data["goals"][0] == {"code": "1.1", "credit": 2.0, "applicable": 4, "percent": 50.0}
    assert data["next_level"] == {
        "code": "bronze",
        "credit_needed": 14.0,
        "mandatory_missing": [],
        "candidates": [c for c in SEAL_CODES if c not in FIRST_REVIEW_MET],
    }
    # Plain JSON types only, and the same after a round trip.
    assert json.loads(json.dumps(data)) == data


def test_it_rounds_percent_to_one_decimal_in_the_json():
    results = met(SEAL_CODES[:26])  # dimensions 1-3 and 4.1.1, 4.1.2 met
    results["1.1.1"] = NA
    results["1.1.2"] = NOT_MET  # 24 met of 39 = 61.538...%; dimension 1: 6 of 7 = 85.714...%

    data = rules.summary_json(rules.summarize(seal(), results))

    assert data["percent"] == 61.5
    assert data["dimensions"][0] == {"code": "1", "credit": 6.0, "applicable": 7, "percent": 85.7}
    assert data["dimensions"][3]["percent"] == 25.0
    assert data["level"] == "bronze"
    assert data["next_level"]["credit_needed"] == 3.3  # 70% of 39 = 27.3, 24 held


def test_it_prints_next_level_null_at_the_top():
    data = rules.summary_json(rules.summarize(seal(), first_n_met(40)))

    assert data["level"] == "gold"
    assert data["percent"] == 100.0
    assert data["next_level"] is None
    assert '"next_level": null' in json.dumps(data)


# --- Round to round -------------------------------------------------------------


def test_it_compares_two_rounds_per_benchmark_and_per_dimension():
    standard = seal()
    before_results = met(FIRST_REVIEW_MET)
    after_results = dict(before_results)
    after_results["1.1.2"] = MET  # improved
    after_results["1.2.2"] = MET  # improved
    after_results["2.1.1"] = NOT_MET  # worsened
    after_results["3.1.2"] = PARTLY  # not_met -> partly_met, both worth nothing here
    before = rules.summarize(standard, before_results)
    after = rules.summarize(standard, after_results)

    benchmarks, dimensions = rules.compare(before, after, before_results, after_results)

    changes = {b.code: b for b in benchmarks}
    assert [b.code for b in benchmarks] == SEAL_CODES
    assert changes["1.1.2"].change == "improved"
    assert (changes["1.1.2"].before, changes["1.1.2"].after) == (NOT_MET, MET)
    assert changes["1.2.2"].change == "improved"
    assert changes["2.1.1"].change == "worsened"
    assert changes["1.1.1"].change == "same"
    assert changes["4.2.4"].change == "same"
    assert changes["3.1.2"].change == "changed"
    deltas = {d.code: d.delta for d in dimensions}
    assert deltas == {"1": Fraction(25), "2": Fraction(-25, 2), "3": 0, "4": 0, "5": 0}
    d1 = next(d for d in dimensions if d.code == "1")
    assert (d1.before.credit, d1.after.credit) == (3, 5)


def test_it_compares_a_first_rating_against_no_rating():
    standard = seal()
    before_results = {}
    after_results = {"1.1.1": MET, "1.1.2": NOT_MET}

    benchmarks, _ = rules.compare(
        rules.summarize(standard, before_results), rules.summarize(standard, after_results),
        before_results, after_results,
    )

    changes = {b.code: b for b in benchmarks}
    assert changes["1.1.1"].change == "improved"
    assert changes["1.1.1"].before is None
    assert changes["1.1.3"].change == "same"
    assert (changes["1.1.3"].before, changes["1.1.3"].after) == (None, None)


# --- Properties over random standards -------------------------------------------

RESULT_CHOICES = [None, MET, PARTLY, NOT_MET, NA]
RANK = {None: 0, NOT_MET: 0, PARTLY: 1, MET: 2}  # credit order among applicable results


@st.composite
def standards(draw):
    refs = []
    for d in range(1, draw(st.integers(2, 4)) + 1):
        for g in range(1, draw(st.integers(1, 3)) + 1):
            for b in range(1, draw(st.integers(1, 5)) + 1):
                refs.append(BenchmarkRef(f"{d}.{g}.{b}", str(d), f"{d}.{g}"))
    codes = [r.code for r in refs]
    count = draw(st.integers(1, 3))
    percents = sorted(draw(st.lists(st.integers(1, 1000), min_size=count, max_size=count, unique=True)), reverse=True)
    credits = sorted(draw(st.lists(st.integers(1, len(codes) * 2), min_size=count, max_size=count)), reverse=True)
    levels = []
    for i in range(count):
        use_percent, use_credit = draw(st.sampled_from([(True, False), (False, True), (True, True)]))
        levels.append(
            LevelRule(
                f"L{i}",
                min_percent=percents[i] / 10 if use_percent else None,
                min_credit=credits[i] / 2 if use_credit else None,
                mandatory=tuple(draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))),
            )
        )
    return Standard("random", "1", results_scale(0.5), tuple(levels), tuple(refs))


@st.composite
def rated_standards(draw):
    standard = draw(standards())
    results = {r.code: draw(st.sampled_from(RESULT_CHOICES)) for r in standard.benchmarks}
    return standard, results


def rank_of(standard, level):
    """0 for the highest level, len(levels) for none."""
    codes = [rule.code for rule in standard.levels]
    return codes.index(level) if level is not None else len(codes)


@settings(max_examples=300, deadline=None)  # time on a loaded machine is no failure
@given(rated_standards(), st.data())
def test_property_the_level_never_drops_when_one_result_improves(rated, data):
    standard, results = rated
    improvable = [c for c, r in results.items() if r in RANK and RANK[r] < 2]
    assume(improvable)
    code = data.draw(st.sampled_from(improvable))
    better = data.draw(st.sampled_from([r for r in (PARTLY, MET) if RANK[r] > RANK[results[code]]]))

    before = rules.summarize(standard, results)
    after = rules.summarize(standard, results | {code: better})

    assert after.total.applicable == before.total.applicable
    assert after.total.credit > before.total.credit
    assert rank_of(standard, after.level) <= rank_of(standard, before.level)


@settings(max_examples=300, deadline=None)  # time on a loaded machine is no failure
@given(rated_standards())
def test_property_percent_stays_within_0_and_100_and_credit_within_full_credit(rated):
    standard, results = rated
    summary = rules.summarize(standard, results)
    full = standard.full_credit

    for score in [summary.total, *summary.dimensions, *summary.goals]:
        assert 0 <= score.percent <= 100
        assert 0 <= score.credit <= score.applicable * full
    assert sum(s.credit for s in summary.dimensions) == summary.total.credit
    assert sum(s.applicable for s in summary.dimensions) == summary.total.applicable
    assert sum(s.applicable for s in summary.goals) == summary.total.applicable
    assert summary.total.applicable == sum(1 for r in results.values() if r != NA)


@settings(max_examples=300, deadline=None)  # time on a loaded machine is no failure
@given(rated_standards())
def test_property_candidates_are_the_applicable_benchmarks_without_full_credit(rated):
    standard, results = rated
    summary = rules.summarize(standard, results)
    assume(summary.next_level is not None)
    gap = summary.next_level
    rule = next(r for r in standard.levels if r.code == gap.level)

    expected = {c for c, r in results.items() if r not in (MET, NA)}
    assert len(gap.candidates) == len(set(gap.candidates))
    assert set(gap.candidates) == expected
    # Ordered: mandatory for that level, then credit held, then natural code order.
    keys = [(c not in rule.mandatory, -summary.credits[c], rules.code_key(c)) for c in gap.candidates]
    assert keys == sorted(keys)
    assert gap.mandatory_missing == sorted(
        (c for c in rule.mandatory if results[c] != MET), key=rules.code_key
    )


@settings(max_examples=300, deadline=None)  # time on a loaded machine is no failure
@given(rated_standards())
def test_property_the_level_reported_is_the_highest_whose_rules_all_hold(rated):
    standard, results = rated
    summary = rules.summarize(standard, results)
    total = summary.total

    def holds(rule):
        if rule.min_percent is not None and total.percent < Fraction(str(rule.min_percent)):
            return False
        if rule.min_credit is not None and total.credit < Fraction(str(rule.min_credit)):
            return False
        return all(results[c] == MET for c in rule.mandatory)

    reached = [rule.code for rule in standard.levels if holds(rule)]
    assert summary.level == (reached[0] if reached else None)


@settings(max_examples=300, deadline=None)  # time on a loaded machine is no failure
@given(rated_standards())
def test_property_a_level_is_reached_exactly_when_no_credit_is_needed_and_no_mandatory_is_missing(rated):
    standard, results = rated
    summary = rules.summarize(standard, results)
    assume(summary.total.applicable > 0)  # with nothing applicable, no credit can close a percent gap
    full = standard.full_credit

    for rule in standard.levels:
        needed = rules.credit_needed(rule, summary.total)
        missing = [c for c in rule.mandatory if summary.credits[c] < full]
        assert needed >= 0
        assert rules.level_reached(rule, summary.total, summary.credits, full) == (needed == 0 and not missing)

    gap = summary.next_level
    if gap is not None:
        # The level directly above is not reached, so something is always still to do.
        assert gap.credit_needed > 0 or gap.mandatory_missing
