"""Buddhist Era dates and Thai fiscal years (1 Oct - 30 Sep, named by the BE year it ends)."""
from dataclasses import dataclass
from datetime import date

BE_OFFSET = 543

MONTHS_TH = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
MONTHS_TH_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def format_date(value: date, language: str = "th", short: bool = False) -> str:
    """'20 กุมภาพันธ์ 2567' in Thai, '20 February 2024' in English."""
    if value is None:
        return ""
    if language.startswith("th"):
        months = MONTHS_TH_SHORT if short else MONTHS_TH
        return f"{value.day} {months[value.month - 1]} {be_year(value.year)}"
    month = MONTHS_EN[value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"


@dataclass(frozen=True)
class FiscalYear:
    """A Thai government fiscal year, named by the BE year in which it ends."""

    be: int

    @property
    def start(self) -> date:
        return date(ce_year(self.be) - 1, 10, 1)

    @property
    def end(self) -> date:
        return date(ce_year(self.be), 9, 30)

    def quarter_of(self, value: date) -> int:
        months_in = (value.month - 10) % 12
        return months_in // 3 + 1

    def __str__(self) -> str:
        return str(self.be)


def fiscal_year(value: date) -> FiscalYear:
    """FY2568 runs 1 Oct 2024 - 30 Sep 2025."""
    year = value.year + 1 if value.month >= 10 else value.year
    return FiscalYear(be_year(year))


# Years from here on are Buddhist Era: nobody types a Gregorian year after 2400 (BE 2400 = 1857).
BE_FROM = 2400


class DateNotUnderstood(ValueError):
    pass


def parse_date(text: str, language: str = "th") -> date | None:
    """A date as officials type it: '15/2/2568' (day/month/year, BE in Thai), Thai digits, '-' or '.'
    between the parts, or ISO '2025-02-15'. A year of 2400 or more is BE in either language; a
    smaller four-digit year is Gregorian. Empty text is None; anything else raises DateNotUnderstood.
    """
    from .digits import to_arabic_digits

    text = to_arabic_digits((text or "").strip())
    if not text:
        return None
    parts = [p for p in text.replace("-", "/").replace(".", "/").replace(" ", "/").split("/") if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise DateNotUnderstood(text)
    if len(parts[0]) == 4:  # ISO: year first
        year, month, day = (int(p) for p in parts)
    else:
        day, month, year = (int(p) for p in parts)
    if len(str(year)) != 4:
        raise DateNotUnderstood(text)
    if year >= BE_FROM:
        year = ce_year(year)
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateNotUnderstood(text) from error


def format_numeric(value: date | None, language: str = "th") -> str:
    """'15/02/2568' in Thai (Buddhist Era), '15/02/2025' in English: what a date field shows."""
    if value is None:
        return ""
    year = be_year(value.year) if language.startswith("th") else value.year
    return f"{value.day:02d}/{value.month:02d}/{year}"
