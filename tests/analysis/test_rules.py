"""The analysis rules are plain functions: no database."""
import pytest
from django.utils import translation

from genderseal.analysis import rules
from genderseal.analysis.rules import Facts, check_figure, missing_steps, suggest_marker

COMPLETE = {name: "x" for step in rules.STEPS.values() for name in step["fields"]}
FIGURE = {"label": "Days missed", "kind": "count", "women": "4", "men": "0", "diverse": "", "source": "Research"}


@pytest.mark.parametrize("facts,marker", [
    (Facts("principal", True, 1, True), "GEN3"),
    (Facts("principal", False, 1, True), "GEN2"),  # no figures by sex: not principal
    (Facts("significant", True, 2, False), "GEN2"),
    (Facts("principal", True, 0, False), "GEN1"),  # no indicator by sex
    (Facts("limited", False, 0, False), "GEN1"),
    (Facts("none", False, 3, True), "GEN1"),  # effects described
    (Facts("none", True, 3, False), "GEN0"),
    (Facts(), "GEN0"),
])
def test_marker_suggestion_follows_the_table(facts, marker):
    assert suggest_marker(facts)[0] == marker


def test_the_rule_that_gave_the_marker_is_named():
    marker, index = suggest_marker(Facts("significant", False, 1, False))
    assert rules.MARKER_RULES[index][0] == marker == "GEN2"


def test_every_rule_has_a_plain_explanation_and_the_table_ends_with_a_catch_all():
    assert all(str(text) for _m, _c, text in rules.MARKER_RULES)
    assert rules.MARKER_RULES[-1][1] == ()


def test_override_needs_a_reason_only_when_the_marker_differs():
    assert rules.marker_override_needs_reason("GEN2", "GEN3", "")
    assert not rules.marker_override_needs_reason("GEN2", "GEN3", "Main goal per the governor")
    assert not rules.marker_override_needs_reason("GEN2", "GEN2", "")


def test_missing_steps_names_each_empty_step():
    assert missing_steps(COMPLETE, [FIGURE]) == []
    assert missing_steps(COMPLETE, []) == [1]
    assert missing_steps({**COMPLETE, "review_when": " ", "goals": ""}, [FIGURE]) == [2, 4]
    assert missing_steps({}, []) == [1, 2, 3, 4]


def test_a_good_figure_passes():
    assert check_figure(FIGURE) == []
    assert check_figure({**FIGURE, "kind": "percent", "women": "12.5", "men": "100"}) == []


@pytest.mark.parametrize("change,fragment", [
    ({"source": ""}, "needs a source"),
    ({"kind": "percent", "women": "120"}, "over 100"),
    ({"men": "-3"}, "negative"),
    ({"women": "2.5"}, "whole number"),
    ({"women": "many"}, "not a number"),
    ({"women": "", "men": ""}, "no value"),
    ({"label": ""}, "needs a label"),
])
def test_bad_figures_are_refused_with_a_clear_message(change, fragment):
    with translation.override("en"):  # the messages are checked in their English source form
        problems = check_figure({**FIGURE, **change})
    assert any(fragment in p for p in problems), problems
