from datetime import date

from ninja import Schema


class Text(Schema):
    th: str
    en: str


class ErrorOut(Schema):
    detail: str


class BenchmarkOut(Schema):
    code: str
    title: Text
    evidence: Text
    wording: str


class GoalOut(Schema):
    code: str
    title: Text
    benchmarks: list[BenchmarkOut]


class DimensionOut(Schema):
    code: str
    title: Text
    goals: list[GoalOut]


class ResultOptionOut(Schema):
    code: str
    label: Text
    credit: float
    applicable: bool


class LevelOut(Schema):
    code: str
    label: Text
    min_percent: float | None
    min_credit: float | None
    mandatory: list[str]


class FrameworkOut(Schema):
    code: str
    version: str
    name: Text
    publisher: str


class FrameworkDetailOut(FrameworkOut):
    results: list[ResultOptionOut]
    levels: list[LevelOut]
    dimensions: list[DimensionOut]


class RoundOut(Schema):
    number: int
    kind: str
    title: str
    status: str
    framework: str
    starts_on: date | None
    ends_on: date | None
    submitted_on: date | None
    result_on: date | None


class ResultOut(Schema):
    benchmark: str
    result: str | None
    assessor_comment: str
    response: str
    responsible_units: list[str]
    version: int
    state: str = "draft"


class ResultIn(Schema):
    version: int
    result: str | None = None
    assessor_comment: str | None = None
    response: str | None = None


class ScoreOut(Schema):
    code: str
    credit: float
    applicable: int
    percent: float


class GapOut(Schema):
    code: str
    credit_needed: float
    mandatory_missing: list[str]
    candidates: list[str]


class SummaryOut(Schema):
    round: int
    framework: str
    version: str
    credit: float
    applicable: int
    percent: float
    level: str | None
    dimensions: list[ScoreOut]
    goals: list[ScoreOut]
    next_level: GapOut | None
