"""Which parts of a reviewer's comment the linked evidence does not address yet.

For a benchmark not met, the assessor's comment (UNDP's, in the seed a list of "- …" lines) is cut
into its parts, and each part is set against the meaning vectors of the evidence linked to the
benchmark (meaning.py: each item's sentences and their short phrases). A part counts as addressed
when some linked item holds a sentence or phrase from `ADDRESSED` cosine; the best item and its
sentence are shown either way, so the reader judges the match, not the number.

    parts("- Prepare a plan …\\n- Monitor it …")   -> ["Prepare a plan …", "Monitor it …"]
    check(parts, rows)                              -> [Part] (rows: evidence id, sentence, vector)
    for_results(membership, results)                -> {result id: [Part]}, a bounded number of queries

On the seed's four commented benchmarks (docs/performance.md) parts answered by a linked item scored
0.46-0.70 and unanswered ones 0.26-0.40, hence 0.45.
"""
import re
from dataclasses import dataclass

import numpy as np

from . import meaning

ADDRESSED = 0.45
MAX_PARTS = 12  # a comment longer than this is checked on its first parts only
_BULLET = re.compile(r"^\s*(?:[-•*–]|\(?[0-9๐-๙]{1,2}[.)])\s*")


@dataclass
class Part:
    text: str
    addressed: bool
    score: float
    evidence_id: int | None = None
    sentence: str = ""
    evidence: object = None  # the Evidence row, filled by for_result


def parts(comment):
    """The comment's parts: its list items, or its sentences when it is one paragraph."""
    lines = [_BULLET.sub("", line).strip() for line in (comment or "").splitlines()]
    found = []
    for line in lines:
        if line:
            found += meaning.chunks(line)
    return found[:MAX_PARTS]


def check(comment_parts, rows):
    """Each part against `rows` [(evidence id, sentence, vector bytes)]: the best match, addressed or not."""
    if not comment_parts:
        return []
    if not rows:
        return [Part(text, False, 0.0) for text in comment_parts]
    vectors = np.frombuffer(b"".join(bytes(r[2]) for r in rows), dtype=np.float32).reshape(len(rows), -1)
    scores = meaning.cached_vectors(comment_parts) @ vectors.T  # (parts, evidence vectors)
    out = []
    for i, text in enumerate(comment_parts):
        j = int(np.argmax(scores[i]))
        score = float(scores[i, j])
        out.append(Part(text, score >= ADDRESSED, score, rows[j][0], rows[j][1]))
    return out


def not_met(result, options):
    """Rated with an applicable option that gives less than full credit ({code: ResultOption})."""
    option = options.get(result.result_code) if result.result_code else None
    full = max((o.credit for o in options.values() if o.applicable), default=0)
    return option is not None and option.applicable and option.credit < full


def for_results(membership, results):
    """{result id: [Part]} for each of `results` with an assessor comment, against the evidence the member
    sees linked to its benchmark. Three queries whatever the number of results (links, vectors, the items
    shown); the comments' vectors are kept in process. Empty when meaning search is off."""
    from django.conf import settings

    from .models import Evidence, EvidenceEmbedding, EvidenceLink

    results = [r for r in results if r.assessor_comment.strip()]
    if not settings.EVIDENCE_MEANING or not results or not membership.can("evidence.view"):
        return {}
    visible = Evidence.objects.for_member(membership).filter(deleted_at=None)
    linked = {}
    for benchmark_id, evidence_id in EvidenceLink.objects.filter(
            benchmark__in={r.benchmark_id for r in results}, evidence__in=visible).values_list("benchmark_id",
                                                                                              "evidence_id"):
        linked.setdefault(benchmark_id, set()).add(evidence_id)
    rows = {}
    for row in EvidenceEmbedding.objects.filter(
            evidence__in=set().union(*linked.values()), model=meaning.MODEL_NAME, version=meaning.model_version(),
    ).order_by("evidence_id", "chunk").values_list("evidence_id", "text", "vector"):
        rows.setdefault(row[0], []).append(row)
    checked = {r.pk: check(parts(r.assessor_comment),
                           [row for e in sorted(linked.get(r.benchmark_id, ())) for row in rows.get(e, ())])
               for r in results}
    items = Evidence.objects.in_bulk({p.evidence_id for found in checked.values() for p in found if p.evidence_id})
    for found in checked.values():
        for part in found:
            part.evidence = items.get(part.evidence_id)
    return checked


def for_result(membership, result):
    """[Part] of one result (the benchmark page), or None when there is nothing to check."""
    return for_results(membership, [result]).get(result.pk)
