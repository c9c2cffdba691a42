"""Thai lines broken between words, never inside one, in our PDF and Word documents.

Pango (WeasyPrint) and Word/LibreOffice break Thai with dictionaries of their own, which cut
words and names ("กรุงเทพมหา/นคร", "ดำเนิน/การ", "ฯลฯ"). We segment with PyThaiNLP's newmm
(the same dictionary as search, plus the document's names) and turn its boundaries into break
opportunities each format honours, adding no character to the text a reader copies:

- HTML for WeasyPrint: U+200B between two words (WeasyPrint draws it as no glyph, so the
  PDF's text layer has nothing for it), and a word Pango would cut is wrapped in
  ``<span class="nobr">``. Names are marked by the templates (``|name``, a
  ``<span class="name">``) and kept whole.
- Word: see `docx_text` and `docx_name`.
"""
import html as html_lib
import re
import unicodedata
from functools import lru_cache

from genderseal.thai.segment import dictionary

ZWSP = "\u200b"
LONG_NAME = 16  # characters: a longer name may break between its words (it would not fit a table column)
WORD_JOINER = "\u2060"
LONG_TOKEN = 12  # characters: a longer Latin token (a URL, a code, a file name) may wrap anywhere
NOWRAP_CSS = "<style>.nobr, .name { white-space: nowrap; } .token { overflow-wrap: anywhere; }</style>"

_THAI_RUN = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e5b]+")
_TAG = re.compile(r"(<[^>]*>)")
_LONG_TOKEN = re.compile(r"[^\s<>\u0e00-\u0e7f\u200b]{%d,}" % (LONG_TOKEN + 1))
_NO_BREAK_BEFORE = set("ๆฯะาำๅ")
_NO_BREAK_AFTER = set("เแโใไ")


@lru_cache(maxsize=4096)
def words(run: str, names: tuple = ()) -> tuple:
    """The words of a run of Thai letters, marks that may not start or end a line kept attached."""
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(run, custom_dict=dictionary(names), engine="newmm", keep_whitespace=True)
    merged = []
    for token in tokens:
        if merged and (token[0] in _NO_BREAK_BEFORE or unicodedata.category(token[0]) == "Mn"
                       or merged[-1][-1] in _NO_BREAK_AFTER):
            merged[-1] += token
        else:
            merged.append(token)
    return tuple(merged)


def _pango_breaks(run: str) -> set:
    """Offsets in `run` before which Pango may break a line."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(run, "th")
    return {i for i in range(1, len(run)) if attrs[i].is_line_break}


def _thai_html(run: str, names: tuple) -> str:
    breaks = _pango_breaks(run)
    out, at = [], 0
    for word in words(run, names):
        end = at + len(word)
        if at:  # WeasyPrint finds no break between two boxes without it
            out.append(ZWSP)
        if any(at < i < end for i in breaks):
            out.append(f'<span class="nobr">{word}</span>')
        else:
            out.append(word)
        at = end
    return "".join(out)


def html(source: str, names=()) -> str:
    """The document's HTML with Thai break opportunities at word boundaries, and long Latin tokens (URLs,
    codes) allowed to wrap anywhere inside their table cell (body text only)."""
    head, marker, body = source.partition("<body")
    if not marker:
        return source
    names = tuple(sorted({n for n in names if n}))
    parts = _TAG.split(body)
    in_name = in_style = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            lowered = part.lower()
            in_name = 'class="name"' in lowered
            in_style = lowered.startswith(("<style", "<script")) or (in_style and not lowered.startswith(("</style",
                                                                                                        "</script")))
            continue
        if in_name or in_style:
            continue
        part = _LONG_TOKEN.sub(lambda m: f'<span class="token">{m.group(0)}</span>', part)
        parts[i] = _THAI_RUN.sub(lambda m: _thai_html(m.group(0), names), part)
    head = head.replace("</head>", NOWRAP_CSS + "</head>", 1)
    return head + marker + "".join(parts)


def has_thai(text) -> bool:
    return bool(_THAI_RUN.search(text or ""))


def name_html(value) -> str:
    """A name (person, unit, institution) kept on one line; a name too long for a narrow table column
    is broken between its words only."""
    if not value:
        return ""
    text = html_lib.escape(str(value))
    if len(text) > LONG_NAME:
        return f'<span class="long-name">{text}</span>'
    return f'<span class="name">{text}</span>'


def docx_text(text: str, names=()) -> str:
    """Text for a Word run: U+200B between newmm words (names whole), so Word and LibreOffice find a
    break at every word boundary; it is invisible and does not reach the text of the PDF printed from
    it. Their own dictionaries may still cut a word that ours keeps (see docs/reports.md)."""
    if not text or not _THAI_RUN.search(text):
        return text or ""
    names = tuple(sorted({n for n in names if n}))
    return _THAI_RUN.sub(lambda m: ZWSP.join(_held(w, names) for w in words(m.group(0), names)), text)


def _held(word, names):
    """A word as written for Word, held together by WORD JOINER between its letter clusters, so neither
    Word's nor LibreOffice's dictionary cuts it. (A word wider than its column would then be cut between a
    letter and its vowel: `document_parts.finish` widens every column to its longest word.)"""
    return WORD_JOINER.join(_graphemes(word))


def docx_name(text: str) -> str:
    """A name for a Word run: one unbreakable word (a long one breaks between its words only)."""
    if not text:
        return ""
    return docx_text(text, (text,) if len(text) <= LONG_NAME else ())


def _graphemes(text):
    """Letter clusters: a base letter with the marks and following vowels that sit on it."""
    out = []
    for ch in text:
        if out and (unicodedata.category(ch) == "Mn" or ch in _NO_BREAK_BEFORE or out[-1][-1] in _NO_BREAK_AFTER):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def plain(text: str) -> str:
    """Text as a reader copies it: without the break characters we add."""
    return (text or "").replace(ZWSP, "").replace(WORD_JOINER, "")
