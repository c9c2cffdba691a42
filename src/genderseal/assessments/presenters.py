"""Shape summaries for the pages (bars, markers, trend) without touching the request."""
from dataclasses import dataclass
from datetime import date

from genderseal.standards.models import Dimension, Level


@dataclass
class Marker:
    label: str
    code: str
    percent: float


@dataclass
class Bar:
    code: str
    title: str
    percent: float
    credit: float
    applicable: int


def level_markers(levels: list[Level], applicable: int) -> list[Marker]:
    markers = []
    for level in levels:
        percents = []
        if level.min_percent is not None:
            percents.append(float(level.min_percent))
        if level.min_credit is not None and applicable:
            percents.append(float(level.min_credit) * 100 / applicable)
        if percents:
            markers.append(Marker(level.t("label"), level.code, min(max(percents), 100.0)))
    return markers


def dimension_bars(summary, dimensions: list[Dimension]) -> list[Bar]:
    titles = {d.code: d.t("title") for d in dimensions}
    return [
        Bar(s.code, titles.get(s.code, s.code), float(s.percent), float(s.credit), s.applicable)
        for s in summary.dimensions
    ]


def next_milestone(rounds, today: date):
    """The nearest future round date, or None: (round, date, days away)."""
    upcoming = []
    for r in rounds:
        for day in (r.starts_on, r.ends_on):
            if day and day >= today:
                upcoming.append((day, r))
                break
    if not upcoming:
        return None
    day, r = min(upcoming, key=lambda item: item[0])
    return {"round": r, "date": day, "days": (day - today).days}


def last_milestone(rounds, today: date):
    past = [(r.date, r) for r in rounds if r.date and r.date < today]
    if not past:
        return None
    day, r = max(past, key=lambda item: item[0])
    return {"round": r, "date": day, "days": (today - day).days}
