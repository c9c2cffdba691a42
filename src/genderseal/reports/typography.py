"""The Thai look shared by every document: one font, one body size, BE dates, optional Thai digits.

Sarabun (the open-licensed relative of TH Sarabun) comes from the `fontpkg-sarabun`
package. WeasyPrint gets it through @font-face with the TTF file (never through the
"TH Sarabun New" alias, which renders garbled); Word gets the family name for Latin and
complex-script (Thai) runs.
"""
from datetime import date
from pathlib import Path

import fontpkg_sarabun

from genderseal.thai.dates import format_date

FONT_FAMILY = "Sarabun"
FONT_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
FONT_FILES = {
    ("normal", "normal"): FONT_DIR / "Sarabun-Regular.ttf",
    ("bold", "normal"): FONT_DIR / "Sarabun-Bold.ttf",
    ("normal", "italic"): FONT_DIR / "Sarabun-Italic.ttf",
    ("bold", "italic"): FONT_DIR / "Sarabun-BoldItalic.ttf",
}
BODY_PT = 16  # official letters
SMALL_PT = 14  # tables
HEADING_PT = {1: 22, 2: 18, 3: 16}

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text) -> str:
    """'2567' -> '๒๕๖๗'. Stored values stay Arabic; this is a display option."""
    return str(text).translate(_THAI_DIGITS)


class Style:
    """The options one document is rendered with."""

    def __init__(self, language: str = "th", digits: str = "arabic", number: str = "", emblem: bytes = b"",
                 names=()):
        self.language = "en" if (language or "th").startswith("en") else "th"
        self.thai_digits = digits == "thai" and self.language == "th"
        self.emblem = emblem  # the institution's emblem (image bytes) for the cover; none by default
        self.document_number = self.number(number) if number else ""
        self.names = tuple(names)  # the institution's and its units' names: never broken across lines

    @property
    def emblem_uri(self) -> str:
        """The emblem as a data: URI for WeasyPrint (no file or network access while rendering)."""
        if not self.emblem:
            return ""
        import base64

        kind = "png" if self.emblem.startswith(b"\x89PNG") else "jpeg" if self.emblem[:2] == b"\xff\xd8" else "gif"
        return f"data:image/{kind};base64," + base64.b64encode(self.emblem).decode()

    def number(self, value) -> str:
        text = str(value)
        return thai_digits(text) if self.thai_digits else text

    def date(self, value: date | None) -> str:
        """BE in Thai ('20 กุมภาพันธ์ 2567'), CE in English."""
        return self.number(format_date(value, self.language)) if value else ""

    def percent(self, value, digits: int = 1) -> str:
        return self.number(f"{float(value):.{digits}f}") + "%"


def font_face_css() -> str:
    """@font-face rules pointing at the bundled TTFs, for WeasyPrint."""
    rules = []
    for (weight, style), path in FONT_FILES.items():
        rules.append(
            "@font-face { font-family: '%s'; src: url('%s') format('truetype'); font-weight: %s; font-style: %s; }"
            % (FONT_FAMILY, path.as_uri(), weight, style)
        )
    return "\n".join(rules)


def set_docx_fonts(document) -> None:
    """Sarabun for Latin, East Asian and complex-script (Thai) runs in every style, 16 pt body."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for style in document.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            continue
        style.font.name = FONT_FAMILY
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT_FAMILY)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _complex_size(normal, BODY_PT)
    for level, size in HEADING_PT.items():
        try:
            heading = document.styles[f"Heading {level}"]
        except KeyError:
            continue
        heading.font.size = Pt(size)
        _complex_size(heading, size)


def _complex_size(style, points) -> None:
    """Word sizes Thai runs by w:szCs, not w:sz."""
    complex_size(style.element.get_or_add_rPr(), points)


def complex_size(rpr, points) -> None:
    """Set w:szCs (the size of Thai, a complex script) on a run's or a style's properties."""
    from docx.oxml.ns import qn

    size = rpr.find(qn("w:szCs"))
    if size is None:
        size = rpr.makeelement(qn("w:szCs"), {})
        rpr.append(size)
    size.set(qn("w:val"), str(int(points * 2)))
