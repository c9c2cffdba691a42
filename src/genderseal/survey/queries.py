"""A survey's aggregate results, built in four queries and filtered by `rules.disclosed_cuts`.

Page, API, XLSX export and the evidence file all read `survey_results(...)`: nothing while the
survey is not closed, nothing below `MIN_TOTAL` responses, no group under `MIN_GROUP`, and no
figure from which a smaller set could be worked out by subtraction (docs/survey.md).
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genderseal.core.models import OrgUnit

from .models import AgeGroup, Answer, Response, Sex, SurveyQuestion, SurveyStatus
from .rules import MIN_GROUP, MIN_TOTAL, Stats, disclosed_cuts, stats

OTHER = "other"
NOT_STATED = ""


@dataclass
class QuestionResult:
    question: SurveyQuestion
    overall: Stats | None  # scale questions
    texts: list = field(default_factory=list)  # free text, only when the total reaches the minimum

    @property
    def number(self):
        return self.question.order


@dataclass
class GroupRow:
    key: str
    label: str
    respondents: int
    stats: list  # one Stats per scale question, in question order

    @property
    def is_other(self):
        return self.key == OTHER


@dataclass
class Breakdown:
    dimension: str
    title: str
    rows: list
    hidden: int  # how many groups are not shown at all (their number only, never their names)


@dataclass
class SurveyResults:
    total: int
    minimum: int
    questions: list
    breakdowns: list
    closed: bool = True
    min_total: int = MIN_TOTAL

    @property
    def enough(self):
        """Whether any figure is shown: the survey is closed and has at least `min_total` responses."""
        return self.closed and self.total >= self.min_total

    @property
    def scale_questions(self):
        return [q for q in self.questions if q.question.is_likert]


def _units(survey):
    return {u.pk: u for u in OrgUnit.objects.filter(institution=survey.institution_id)}


def _labels(units):
    by_code = {u.code: u for u in units.values()}
    not_stated = _("Not stated")
    return {
        "sex": lambda key: str(dict(Sex.choices).get(key) or not_stated),
        "age_group": lambda key: str(dict(AgeGroup.choices).get(key) or not_stated),
        "unit": lambda key: (str(by_code[key]) if key in by_code else not_stated),
    }


DIMENSIONS = [("sex", gettext_lazy("By sex")), ("age_group", gettext_lazy("By age group")),
              ("unit", gettext_lazy("By unit"))]


def survey_results(survey, minimum=MIN_GROUP, with_texts=True, min_total=MIN_TOTAL):
    """Aggregates of one closed survey; every figure shown covers at least `minimum` respondents."""
    questions = list(SurveyQuestion.objects.filter(survey=survey).order_by("order", "pk"))
    closed = survey.status == SurveyStatus.CLOSED  # closing is final: answers are never taken again
    respondents = {r[0]: r[1:] for r in Response.objects.filter(survey=survey)
                   .values_list("id", "sex", "age_group", "unit_id")}
    total = len(respondents)
    if not closed or total < min_total:
        return SurveyResults(total, minimum, [QuestionResult(q, None) for q in questions], [], closed, min_total)

    values = defaultdict(list)  # question id -> [(response id, value)]
    texts = defaultdict(list)
    rows = Answer.objects.filter(response__survey=survey).values_list("question_id", "response_id", "value", "text")
    for question_id, response_id, value, text in rows.order_by("id"):  # random ids: no order of arrival
        if value is not None:
            values[question_id].append((response_id, value))
        elif text and with_texts:
            texts[question_id].append(text)

    results = [QuestionResult(q, _at_least(stats(v for _r, v in values[q.pk]), minimum) if q.is_likert else None,
                              texts[q.pk] if not q.is_likert else [])
               for q in questions]
    scale = [q for q in questions if q.is_likert]
    units = _units(survey)
    labels = _labels(units)
    cuts = []
    for index, (dimension, _title) in enumerate(DIMENSIONS):
        if dimension == "unit":  # units by code: the key the page, the API and the export show
            cuts.append((dimension, {rid: units[attrs[index]].code if attrs[index] in units else NOT_STATED
                                     for rid, attrs in respondents.items()}))
        else:
            cuts.append((dimension, {rid: attrs[index] or NOT_STATED for rid, attrs in respondents.items()}))
    disclosed = disclosed_cuts(cuts, minimum, min_total)
    breakdowns = []
    for (dimension, title), (_name, group_of) in zip(DIMENSIONS, cuts):
        visibility = disclosed[dimension]
        counts = defaultdict(int)
        for key in group_of.values():
            counts[key] += 1
        members = [(key, labels[dimension](key), {key}) for key in visibility.shown]
        if visibility.merged:
            members.append((OTHER, _("Other groups combined"), set(visibility.merged)))
        group_rows = []
        for key, label, keys in members:
            stats_per_question = [_at_least(stats(v for rid, v in values[q.pk] if group_of[rid] in keys), minimum)
                                  for q in scale]
            group_rows.append(GroupRow(str(key), label, sum(counts[k] for k in keys), stats_per_question))
        breakdowns.append(Breakdown(dimension, str(title), group_rows, len(visibility.hidden)))
    return SurveyResults(total, minimum, results, breakdowns, closed, min_total)


def _at_least(figures, minimum):
    """A question's figures only when at least `minimum` people answered it; otherwise an empty Stats."""
    return figures if figures.n >= minimum else Stats(figures.n, (0,) * len(figures.counts), None)
