"""The disclosure rule and the statistics, without a database."""
import pytest

from genderseal.survey.rules import check_value, stats, visible_groups


def test_groups_of_five_or_more_are_shown_largest_first():
    v = visible_groups({"female": 30, "male": 25, "diverse": 5})
    assert v.shown == ("female", "male", "diverse")
    assert v.merged == () and v.hidden == ()


def test_small_groups_are_pooled_when_the_pool_reaches_five():
    v = visible_groups({"female": 30, "male": 25, "diverse": 3, "": 2})
    assert v.shown == ("female", "male")
    assert set(v.merged) == {"diverse", ""}
    assert v.hidden == ()


def test_a_lone_small_group_is_never_shown_not_even_by_subtraction():
    # Total 58 shown overall; showing female and male would give away the 3 diverse answers by subtraction.
    v = visible_groups({"female": 30, "male": 25, "diverse": 3})
    assert "diverse" not in v.shown
    assert v.shown == ("female",)
    assert set(v.merged) == {"male", "diverse"}  # the smallest shown group joins the pool


def test_nothing_is_shown_when_every_group_together_is_under_five():
    v = visible_groups({"female": 2, "male": 2})
    assert v.shown == () and v.merged == ()
    assert set(v.hidden) == {"female", "male"}


def test_the_minimum_is_a_parameter_and_empty_groups_are_ignored():
    v = visible_groups({"a": 12, "b": 10, "c": 0, "d": 9, "e": 1}, minimum=10)
    assert v.shown == ("a", "b")
    assert set(v.merged) == {"d", "e"}
    assert "c" not in v.shown + v.merged + v.hidden


@pytest.mark.parametrize("counts", [
    {"a": 4}, {"a": 5, "b": 1}, {"a": 7, "b": 6, "c": 1, "d": 1}, {"a": 100, "b": 4, "c": 4}, {"a": 5, "b": 5, "c": 4},
])
def test_every_row_shown_has_at_least_five_and_the_rest_is_zero_or_at_least_five(counts):
    v = visible_groups(counts)
    if sum(counts.values()) < 5:  # then the overall results are not shown either
        assert v.shown == () and v.merged == ()
        return
    for key in v.shown:
        assert counts[key] >= 5
    pooled = sum(counts[k] for k in v.merged)
    assert pooled == 0 or pooled >= 5
    rest = sum(counts.values()) - sum(counts[k] for k in v.shown)
    assert rest == 0 or rest >= 5  # "all minus the groups shown" never reveals a small group


def test_stats_distribution_and_mean():
    s = stats([1, 2, 2, 5, None, 9])
    assert s.counts == (1, 2, 0, 0, 1)
    assert s.n == 4
    assert s.mean == 2.5
    assert s.percents == (25.0, 50.0, 0.0, 0.0, 25.0)
    assert stats([]).mean is None


@pytest.mark.parametrize("raw", ["0", "6", "-1", "3.5", "abc", "10", 7, " 2x"])
def test_values_off_the_scale_are_refused(raw):
    with pytest.raises(ValueError):
        check_value(raw)


def test_values_on_the_scale_and_empty():
    assert [check_value(str(v)) for v in range(1, 6)] == [1, 2, 3, 4, 5]
    assert check_value("") is None and check_value(None) is None
