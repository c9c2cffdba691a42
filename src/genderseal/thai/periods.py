"""Fiscal calendar periods and parsing of Thai month names and BE years (no Django inside).

A period is named by its first day: a month (2024-10-01) or a fiscal quarter (Q1 starts
1 Oct). FY2568 = 1 Oct 2024 - 30 Sep 2025.
"""
import calendar
import re
from datetime import date, datetime, timedelta

from .dates import BE_OFFSET, MONTHS_EN, MONTHS_TH, MONTHS_TH_SHORT, FiscalYear, be_year, ce_year, fiscal_year
from .digits import to_arabic_digits

MONTHLY = "monthly"
QUARTERLY = "quarterly"

_MONTH_NAMES = {}
for _i, (_long, _short, _en) in enumerate(zip(MONTHS_TH, MONTHS_TH_SHORT, MONTHS_EN), start=1):
    for _name in (_long, _short, _short.replace(".", ""), _short.replace(".", "").replace(" ", ""), _en, _en[:3]):
        _MONTH_NAMES[_name.lower()] = _i


def parse_month(text):
    """1-12 from a Thai month name or abbreviation (ม.ค., มกราคม, มค), an English name or a number."""
    if text is None:
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if isinstance(text, int):
        return text if 1 <= text <= 12 else None
    value = to_arabic_digits(str(text)).strip().lower()
    if value.isdecimal():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTH_NAMES.get(value) or _MONTH_NAMES.get(value.replace(" ", ""))


def parse_be_year(text):
    """A BE year (2400-2700) from '2568', '๒๕๖๘', 'พ.ศ. 2568', 2568.0; a CE year (1900-2199) is converted."""
    if text is None:
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    value = re.sub(r"^(พ\.?\s*ศ\.?|ปีงบประมาณ|ปีงบ|fy)\s*", "", to_arabic_digits(str(text)).strip().lower())
    if not value.isdecimal():
        return None
    year = int(value)
    if 2400 <= year <= 2700:
        return year
    if 1900 <= year <= 2199:
        return year + BE_OFFSET
    return None


def month_end(start: date) -> date:
    return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def period_end(start: date, frequency: str) -> date:
    if frequency == QUARTERLY:
        month = start.month + 2
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return month_end(date(year, month, 1))
    return month_end(start)


def is_period_start(value: date, frequency: str) -> bool:
    if value.day != 1:
        return False
    return frequency != QUARTERLY or value.month in (10, 1, 4, 7)


def periods(fy: FiscalYear, frequency: str):
    """First days of the fiscal year's months (12) or quarters (4), in order."""
    step = 3 if frequency == QUARTERLY else 1
    out = []
    for offset in range(0, 12, step):
        month = 10 + offset
        year = ce_year(fy.be) - 1 + (month - 1) // 12
        out.append(date(year, (month - 1) % 12 + 1, 1))
    return out


def period_of(value: date, frequency: str) -> date:
    if frequency == QUARTERLY:
        months_in = (value.month - 10) % 12
        first = (10 + (months_in // 3) * 3 - 1) % 12 + 1
        year = value.year if first <= value.month else value.year - 1
        return date(year, first, 1)
    return value.replace(day=1)


def deadline(start: date, frequency: str, days: int) -> date:
    """The last day a report is on time: `days` after the period's last day."""
    return period_end(start, frequency) + timedelta(days=days)


def period_label(start: date, frequency: str, language: str = "th", short: bool = True) -> str:
    """'ต.ค. 2567' / 'Oct 2024'; quarters 'ไตรมาส 1/2568' / 'Q1 FY2568'."""
    if frequency == QUARTERLY:
        fy = fiscal_year(start)
        quarter = fy.quarter_of(start)
        return f"ไตรมาส {quarter}/{fy.be}" if language.startswith("th") else f"Q{quarter} FY{fy.be}"
    if language.startswith("th"):
        names = MONTHS_TH_SHORT if short else MONTHS_TH
        return f"{names[start.month - 1]} {be_year(start.year)}"
    name = MONTHS_EN[start.month - 1]
    return f"{name[:3] if short else name} {start.year}"


def parse_calendar_month(value):
    """The first day of a calendar month written as another system exports it, or None: a date,
    "2568-10", "2024-10-15", "10/2568", "ต.ค. 2567", "ตุลาคม 2567", "Oct 2024" (BE or CE years)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    if value is None:
        return None
    text = to_arabic_digits(str(value)).strip()
    found = (re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ T].*)?", text)
             or re.fullmatch(r"(?:\d{1,2}[-/.])?(\d{1,2})[-/.](\d{4})", text))
    if found:
        first, second = found.groups()
        year, month = (int(first), int(second)) if len(first) == 4 else (int(second), int(first))
    else:
        named = re.fullmatch(r"(.+?)\s*(\d{4})", text)
        if not named:
            return None
        month, year = parse_month(named.group(1).strip()), int(named.group(2))
    if not month or not 1 <= month <= 12:
        return None
    if 2400 <= year <= 2700:
        year -= BE_OFFSET
    return date(year, month, 1) if 1900 <= year <= 2199 else None


def parse_period(fiscal, month=None, quarter=None, frequency=MONTHLY):
    """The period's first day from a BE fiscal year and a month or quarter, or None.

    Both are of the fiscal year: ต.ค. of FY2568 is October 2024, Q1 of FY2568 starts 1 Oct 2024.
    """
    be = parse_be_year(fiscal)
    if be is None:
        return None
    if frequency == QUARTERLY:
        q = to_arabic_digits(str(quarter if quarter is not None else "")).strip().upper().lstrip("Q")
        if q.endswith(".0"):
            q = q[:-2]
        if q not in {"1", "2", "3", "4"}:
            return None
        return periods(FiscalYear(be), QUARTERLY)[int(q) - 1]
    number = parse_month(month)
    if number is None:
        return None
    return date(ce_year(be) - (1 if number >= 10 else 0), number, 1)
