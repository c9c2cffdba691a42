"""Mail headers built from what users typed: one line, no control characters, capped in length.

A CR/LF in a title would make the header invalid (Django refuses it with BadHeaderError, and the whole
batch of mail would fail with it); a very long one would fold badly. `header_line` is used for every
subject built from user text.
"""
import re
import unicodedata

SUBJECT_LIMIT = 150
_SPACES = re.compile(r"\s+")


def header_line(text, limit=SUBJECT_LIMIT):
    """`text` as one line of at most `limit` characters (an ellipsis marks a cut)."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in str(text)
                   if unicodedata.category(ch) != "Cf")
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
