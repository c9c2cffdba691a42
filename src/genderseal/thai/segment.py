"""Thai word segmentation for search: PyThaiNLP's `newmm` with its bundled dictionary plus extra terms.

No Django inside and no downloads: the dictionary ships inside the PyThaiNLP package.
"""
import re
import unicodedata
from functools import lru_cache

from .digits import to_arabic_digits

_SPACES = re.compile(r"\s+")


def fold(text):
    """The form both the index and the query are compared in: NFC, Arabic digits, lower case."""
    return to_arabic_digits(unicodedata.normalize("NFC", text or "")).lower()


@lru_cache(maxsize=32)
def _trie(terms):
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | set(terms))


def words(text, terms=()):
    """The words of `text` (folded), keeping the institution's `terms` whole."""
    from pythainlp.tokenize import word_tokenize

    text = _SPACES.sub(" ", fold(text)).strip()
    if not text:
        return []
    trie = _trie(tuple(sorted({fold(t) for t in terms if t})))
    tokens = word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return [token.strip() for token in tokens if is_wordlike(token)]


def _keeps(ch):
    # Letters, marks (Thai vowels and tone marks are marks) and digits; not punctuation or spaces.
    return unicodedata.category(ch)[0] in "LMN"


def is_wordlike(text):
    """Holds at least one letter or digit."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def letters_only(text):
    """`text` without punctuation, symbols or spaces (Thai vowel and tone marks are kept)."""
    return "".join(ch for ch in text if _keeps(ch))
