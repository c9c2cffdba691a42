"""Gender analysis rules as plain functions over plain data (no ORM): step completeness,
baseline figures, and the gender marker suggestion (GEN0-GEN3) from a table of rules.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

# The four steps of the seed's gender analysis and the answers each one needs to be complete.
STEPS = {
    1: {"title": _("Define the problem"), "fields": ("problem", "affected", "causes"), "needs_baseline": True},
    2: {"title": _("Design"), "fields": ("goals", "effect_women", "effect_men", "effect_diverse", "do_no_harm"),
        "needs_baseline": False},
    3: {"title": _("Implementation"), "fields": ("data_collected", "data_by_whom", "data_frequency"),
        "needs_baseline": False},
    4: {"title": _("Monitoring and evaluation"), "fields": ("measure_quantitative", "measure_qualitative",
                                                            "review_when"), "needs_baseline": False},
}

GOAL_FOCUS = (("none", _("Gender equality is not a goal")),
              ("limited", _("Gender is considered in some activities")),
              ("significant", _("Gender equality is one of the goals")),
              ("principal", _("Closing a gender gap is the main goal")))

KINDS = (("count", _("Count")), ("percent", _("Percent")))


def missing_steps(answers, baseline):
    """The step numbers with an empty required answer (step 1 also needs one baseline figure)."""
    missing = []
    for number, step in STEPS.items():
        empty = any(not str(answers.get(name) or "").strip() for name in step["fields"])
        if step["needs_baseline"] and not baseline:
            empty = True
        if empty:
            missing.append(number)
    return missing


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(_("%(value)s is not a number.") % {"value": value}) from None


def check_figure(figure):
    """A list of problems with one baseline figure {label, kind, women, men, diverse, source}."""
    problems = []
    label = (figure.get("label") or "").strip()
    values = {}
    for key in ("women", "men", "diverse"):
        try:
            values[key] = _number(figure.get(key))
        except ValueError as error:
            problems.append(str(error))
    if not label:
        problems.append(str(_("A baseline figure needs a label.")))
    if all(v is None for v in values.values()) and not problems:
        problems.append(str(_("Baseline figure “%(label)s” has no value.") % {"label": label}))
    for value in values.values():
        if value is None:
            continue
        if value < 0:
            problems.append(str(_("Baseline figure “%(label)s”: a value cannot be negative.") % {"label": label}))
        elif figure.get("kind") == "percent" and value > 100:
            problems.append(str(_("Baseline figure “%(label)s”: a percentage cannot be over 100.") % {"label": label}))
        elif figure.get("kind") != "percent" and value != value.to_integral_value():
            problems.append(str(_("Baseline figure “%(label)s”: a count is a whole number.") % {"label": label}))
    if not (figure.get("source") or "").strip():
        problems.append(str(_("Baseline figure “%(label)s” needs a source.") % {"label": label}))
    return sorted(set(problems), key=problems.index)


@dataclass(frozen=True)
class Facts:
    """What the marker rules read from a worksheet."""

    goal_focus: str = "none"
    sex_disaggregated_baseline: bool = False  # a baseline figure with values for women and men
    indicators_by_sex: int = 0  # linked project indicators reported by sex
    effects_stated: bool = False  # expected effects on women, men and gender-diverse people written


# Rules as data, read top to bottom; the first rule whose conditions all hold gives the marker.
# Each condition is (fact, operator, value); the page shows the same table as plain sentences.
MARKER_RULES = (
    ("GEN3", (("goal_focus", "==", "principal"), ("sex_disaggregated_baseline", "==", True),
              ("indicators_by_sex", ">=", 1)),
     _("Closing a gender gap is the main goal, the problem is shown with figures for women and men, "
       "and at least one linked indicator is reported by sex.")),
    ("GEN2", (("goal_focus", "in", ("principal", "significant")), ("indicators_by_sex", ">=", 1)),
     _("Gender equality is a goal and at least one linked indicator is reported by sex.")),
    ("GEN1", (("goal_focus", "in", ("principal", "significant", "limited")),),
     _("Gender is considered, but without a goal measured by sex.")),
    ("GEN1", (("effects_stated", "==", True),),
     _("Different effects on women, men and gender-diverse people are described.")),
    ("GEN0", (), _("None of the above: the project is not expected to contribute to gender equality.")),
)

_OPS = {"==": lambda a, b: a == b, ">=": lambda a, b: a >= b, "in": lambda a, b: a in b}


def suggest_marker(facts, rules=MARKER_RULES):
    """(marker, index of the rule that gave it)."""
    for index, (marker, conditions, _text) in enumerate(rules):
        if all(_OPS[op](getattr(facts, fact), value) for fact, op, value in conditions):
            return marker, index
    return "GEN0", len(rules) - 1


def marker_override_needs_reason(suggested, confirmed, reason):
    """True when the approver chose another marker than the suggestion without saying why."""
    return confirmed != suggested and not (reason or "").strip()


# The review steps of worksheets and screening forms are declared in core/workflow.py (FLOWS).
