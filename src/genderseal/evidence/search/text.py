"""What goes into the index for one item, and what a query means."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from genderseal.core import errors
from genderseal.thai.segment import fold, is_wordlike, letters_only, words

MAX_BODY = 600_000


class QueryError(errors.Invalid):
    pass


@dataclass(frozen=True)
class Query:
    text: str  # folded, as typed
    words: tuple  # segmented whole words
    fragment: str  # the query without punctuation or spaces, for matching inside words

    @property
    def fragments(self):
        """Pieces for highlighting, longest first."""
        pieces = {self.fragment, *self.words, *self.text.split()}
        return sorted((p for p in pieces if len(p) >= 2), key=len, reverse=True)


def parse_query(raw, terms=()):
    text = fold(raw or "").strip()
    if len([ch for ch in letters_only(text) if is_wordlike(ch)]) < 2:
        raise QueryError(_("Type at least two letters or digits to search."))
    tokens = tuple(dict.fromkeys(words(text, terms)))
    fragment = " ".join(text.split())
    while fragment and not letters_only(fragment[0]):
        fragment = fragment[1:]
    while fragment and not letters_only(fragment[-1]):
        fragment = fragment[:-1]
    return Query(text=text, words=tokens, fragment=fragment)


def document_for(evidence, texts, terms=()):
    """(words, body) for the index: titles, description, tags, unit, and the files' text."""
    unit = evidence.owner_unit
    parts = [evidence.title_th, evidence.title_en, evidence.description, evidence.tags]
    if unit is not None:
        parts += [unit.abbreviation, unit.name_th, unit.name_en]
    parts += list(texts)
    body = fold("\n".join(p for p in parts if p))[:MAX_BODY] + "\n"  # see migration 0005
    return " ".join(words(body, terms)), body
