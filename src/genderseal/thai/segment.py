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


@lru_cache(maxsize=1)
def _thai_words():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


@lru_cache(maxsize=32)
def dictionary(terms=()):
    """PyThaiNLP's dictionary with `terms` (a tuple of words) added, for `word_tokenize(custom_dict=...)`.

    Building the dictionary's trie takes ~0.8 s (62,000 words); an institution's terms, or the names in a
    document, are a few dozen. So the bundled words' trie is built once, and each set of terms gets a trie
    sharing all of it but the nodes along the terms' own paths, which are copied: the shared trie is never
    changed, and the result holds exactly the words `Trie(thai_words() | terms)` would.
    """
    from pythainlp.util import Trie

    base = _thai_words()
    if not terms:
        return base
    trie = Trie(())
    trie._word_count = len(base)
    trie.root = _copied(base.root)
    own = {trie.root}  # nodes of this trie alone, free to change
    for term in terms:
        node = trie.root
        for ch in term.strip():
            if node.children is None:
                node.children = {}
            child = node.children.get(ch)
            if child is None or child not in own:
                child = node.children[ch] = _copied(child) if child is not None else Trie.Node()
                own.add(child)
            node = child
        if not node.end:
            node.end = True
            trie._word_count += 1
    return trie


def _copied(node):
    from pythainlp.util import Trie

    copy = Trie.Node()
    copy.end = node.end
    copy.children = dict(node.children) if node.children else None
    return copy


def words(text, terms=()):
    """The words of `text` (folded), keeping the institution's `terms` whole."""
    from pythainlp.tokenize import word_tokenize

    text = _SPACES.sub(" ", fold(text)).strip()
    if not text:
        return []
    trie = dictionary(tuple(sorted({fold(t) for t in terms if t})))
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
