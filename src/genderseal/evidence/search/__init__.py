"""Thai search over evidence: one interface, SQLite FTS5 or PostgreSQL underneath.

    candidates = apply_filters(Evidence.objects.for_member(membership), filters, membership)
    results = search(candidates, "ผ้าอนามัย", institution_id, page=1, terms=institution_terms(institution_id))

Titles, descriptions, tags, the owner unit and the text extracted from files are segmented
with PyThaiNLP plus the institution's own terms (`SearchTerm`, unit abbreviations), so a
query finds whole words; a trigram index finds text inside words; Thai and Arabic digits
are folded to one form on both sides. Whole-word hits rank first (bm25 / ts_rank), then hits
inside words, newest first; a query with more than 1,000 hits of a kind ranks 1,000 of them
and reports "1,000+" (backends.py says how, and why).
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from genderseal.core.paging import page_number
from genderseal.core.plans import custom_plans
from genderseal.thai.segment import fold, words

from ..models import Evidence, EvidenceRevision, ExtractionState, SearchDocument, SearchTerm
from .backends import RANKED, get_backend
from .text import Query, QueryError, document_for, parse_query  # noqa: F401

PAGE_SIZE = 20
SNIPPET = 80


def institution_terms(institution_id):
    terms = set(SearchTerm.objects.filter(institution_id=institution_id).values_list("term", flat=True))
    from genderseal.core.models import OrgUnit

    terms |= {a for a in OrgUnit.objects.filter(institution_id=institution_id).values_list("abbreviation", flat=True)
              if a}
    return tuple(sorted(terms))


def reindex(evidence, terms=None):
    """Write the item's search document (titles, description, unit, every file revision's text)."""
    terms = institution_terms(evidence.institution_id) if terms is None else terms
    texts = (EvidenceRevision.objects.filter(evidence=evidence, extraction=ExtractionState.DONE)
             .order_by("-number").values_list("extracted_text", flat=True)[:3])
    words, body = document_for(evidence, texts, terms)
    with transaction.atomic():
        SearchDocument.objects.update_or_create(
            evidence=evidence, defaults={"institution_id": evidence.institution_id, "words": words, "body": body})
    if settings.EVIDENCE_MEANING:
        from ..tasks import after_commit, embed_evidence

        after_commit(embed_evidence, evidence.pk)


def reindex_words(institution_id, containing=None, batch=500):
    """Re-segment the institution's search documents with its current terms; returns how many changed.

    Only `words` depends on the terms (`body` is the folded text as written), so it is cut
    again from the stored `body`, without reading files, and written alone: on SQLite only
    the word index is touched. `containing`: only the documents whose text holds one of
    these strings (a term just added or removed); None: all of them.
    """
    terms = institution_terms(institution_id)
    documents = SearchDocument.objects.filter(institution_id=institution_id)
    if containing:
        holds = Q()
        for text in containing:
            holds |= Q(body__contains=fold(text))
        documents = documents.filter(holds)
    with custom_plans():  # the plan depends on the text looked for (core/plans.py)
        ids = list(documents.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), batch):
        rows = SearchDocument.objects.filter(pk__in=ids[start:start + batch]).values_list("pk", "body", "words")
        updates = []
        for pk, body, old in rows:
            new = " ".join(words(body, terms))
            if new != old:
                updates.append(SearchDocument(evidence_id=pk, words=new))
        SearchDocument.objects.bulk_update(updates, ["words"])
        changed += len(updates)
    return changed


@dataclass
class Hit:
    evidence: Evidence
    score: float
    snippet: str
    how: str = "words"  # "words": the query's words or text are in the item; "meaning": `sentence` means it
    sentence: str = ""


@dataclass
class Results:
    query: Query
    hits: list = field(default_factory=list)  # word matches of the page
    total: int = 0
    page: int = 1
    capped: bool = False  # more hits than were ranked: `total` is a lower bound
    meaning: list = field(default_factory=list)  # meaning matches, after the word matches (last page)

    @property
    def total_label(self):
        return f"{RANKED:,}+" if self.capped else f"{self.total:,}"

    @property
    def pages(self):
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def all_hits(self):
        return self.hits + self.meaning


def search(candidates, raw, institution_id, page=1, terms=(), page_size=PAGE_SIZE):
    """Ranked hits among `candidates` (an already scoped and filtered Evidence queryset of `institution_id`).

    The indexes are searched within `institution_id` first (backends.py); `candidates` still
    decides what the member may see.

    Raises QueryError for a query of fewer than two letters or digits. Two queries: the
    ranked page with its total (one statement, see backends.py), then the page's items with
    their text for the snippets. With EVIDENCE_MEANING on, the last page of word matches is
    followed by up to `meaning.MAX_HITS` items that mean what the query says (meaning.py),
    word matches left out: a few more queries and one vector product.
    """
    query = parse_query(raw, terms)
    page = page_number(page)
    backend = get_backend()
    found = backend.hits(candidates, query, page_size, (page - 1) * page_size, institution_id)
    ids = [pk for pk, _score in found.ranked]
    meant = []
    if settings.EVIDENCE_MEANING and page >= max(1, -(-found.total // page_size)):
        from ..meaning import meaning_hits

        words_found = ids if found.total <= len(ids) and page == 1 else [
            pk for pk, _score in backend.hits(candidates, query, RANKED, 0, institution_id).ranked]
        meant = meaning_hits(candidates, raw, exclude=words_found, institution_id=institution_id)
    rows = {e.pk: e for e in candidates.filter(pk__in=ids + [m.evidence_id for m in meant])
            .select_related("owner_unit", "search").defer("search__words").order_by()}
    hits = [Hit(rows[pk], score, snippet(_body(rows[pk]), query)) for pk, score in found.ranked if pk in rows]
    meaning = [Hit(rows[m.evidence_id], m.score, mark_safe(escape(m.sentence)), how="meaning", sentence=m.sentence)
               for m in meant if m.evidence_id in rows]
    return Results(query=query, hits=hits, total=found.total, page=page, capped=found.capped, meaning=meaning)


def _body(evidence):
    try:
        return evidence.search.body
    except SearchDocument.DoesNotExist:  # deleted since the ranking query
        return ""


def snippet(body, query, width=SNIPPET):
    """An escaped piece of `body` around the first match, matches wrapped in <mark>.

    Only a window around the first match is looked at: a body holds up to 600,000 characters
    of extracted text, and a page shows 20 of them.
    """
    body = body or ""
    match = _matcher(tuple(query.fragments)).search(body)
    at = match.start() if match else 0
    lo, hi = max(0, at - 2 * width), min(len(body), at + 4 * width)
    return _highlight(" ".join(body[lo:hi].split()), query, width, lo > 0, hi < len(body))


@lru_cache(maxsize=256)
def _matcher(fragments):
    return re.compile("|".join(re.escape(p).replace(r"\ ", r"\s+") for p in fragments) or "(?!)")


def _highlight(text, query, width, more_before, more_after):
    pieces = [p for p in query.fragments if p in text]  # longest first
    if not pieces:
        end = width * 2
        return mark_safe(escape(text[:end]) + ("…" if len(text) > end or more_after else ""))
    start = max(0, min(text.find(p) for p in pieces) - width)
    end = min(len(text), start + width * 3)
    piece, out, last = text[start:end], [], 0
    for match in _matcher(tuple(pieces)).finditer(piece):  # leftmost, then longest
        out += [escape(piece[last:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    out.append(escape(piece[last:]))
    return mark_safe(("…" if start or more_before else "") + "".join(out)
                     + ("…" if end < len(text) or more_after else ""))
