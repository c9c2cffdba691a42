"""Thai search over evidence: one interface, SQLite FTS5 or PostgreSQL underneath.

    results = search(membership, "ผ้าอนามัย", filters={"status": "approved"}, page=1)

Titles, descriptions, tags, the owner unit and the text extracted from files are segmented
with PyThaiNLP plus the institution's own terms (`SearchTerm`, unit abbreviations), so a
query finds whole words; a trigram index finds text inside words; Thai and Arabic digits
are folded to one form on both sides.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Evidence, EvidenceRevision, ExtractionState, SearchDocument, SearchTerm
from .backends import get_backend
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


@dataclass
class Hit:
    evidence: Evidence
    score: float
    snippet: str


@dataclass
class Results:
    query: Query
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1

    @property
    def pages(self):
        return max(1, -(-self.total // PAGE_SIZE))


def search(candidates, raw, page=1, terms=(), page_size=PAGE_SIZE):
    """Ranked hits among `candidates` (an already scoped and filtered Evidence queryset).

    Raises QueryError for a query of fewer than two letters or digits.
    """
    query = parse_query(raw, terms)
    page = max(1, int(page or 1))
    ranked, total = get_backend().hits(candidates, query, page_size, (page - 1) * page_size)
    ids = [pk for pk, _score in ranked]
    rows = {e.pk: e for e in candidates.filter(pk__in=ids).select_related("owner_unit", "search")}
    hits = [Hit(rows[pk], score, snippet(rows[pk].search.body, query))
            for pk, score in ranked if pk in rows]
    return Results(query=query, hits=hits, total=total, page=page)


def snippet(body, query, width=SNIPPET):
    """An escaped piece of `body` around the first match, matches wrapped in <mark>."""
    body = " ".join((body or "").split())
    lowered = body  # body is already folded
    positions = [(lowered.find(p), p) for p in query.fragments if lowered.find(p) >= 0]
    if not positions:
        return mark_safe(escape(body[: width * 2]) + ("…" if len(body) > width * 2 else ""))
    start = max(0, min(pos for pos, _ in positions) - width)
    end = min(len(body), start + width * 3)
    piece = body[start:end]
    out, i = [], 0
    pieces = sorted({p for _, p in positions}, key=len, reverse=True)
    while i < len(piece):
        for p in pieces:
            if piece.startswith(p, i):
                out.append("<mark>" + escape(p) + "</mark>")
                i += len(p)
                break
        else:
            out.append(escape(piece[i]))
            i += 1
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if end < len(body) else ""))
