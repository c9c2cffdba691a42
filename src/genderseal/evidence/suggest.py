"""Benchmarks an evidence item likely serves: its meaning vectors against each benchmark's title and
means of verification (Thai and English), best cosine per benchmark.

Computed in the background right after the item's vectors (tasks.embed_evidence), stored as
`EvidenceSuggestion` rows (at most `TOP` open ones per item, from `MIN_SCORE`); the item page
shows them with the score and the sentence, a member accepts (the benchmark is linked) or
rejects one; decisions are kept and a decided benchmark is not suggested again.
Benchmark vectors are kept in process (`meaning.cached_vectors`), keyed by their text.
"""
import numpy as np
from django.db import transaction
from django.utils import timezone

from . import meaning

TOP = 3
MIN_SCORE = 0.35


def benchmark_texts(benchmark):
    """[(means index or None, text)]: titles in both languages, then each means of verification."""
    from .models import means_of_verification

    texts = [(None, t) for t in (benchmark.title_th, benchmark.title_en) if t]
    for language in ("th", "en"):
        if getattr(benchmark, f"evidence_{language}"):
            texts += [(i, t) for i, t in enumerate(means_of_verification(benchmark, language))]
    return texts


def benchmarks_for(evidence):
    from genderseal.assessments.models import AssessmentRound
    from genderseal.standards.models import Benchmark

    frameworks = AssessmentRound.objects.filter(institution=evidence.institution_id).values("framework")
    return list(Benchmark.objects.filter(framework__in=frameworks, retired=False).order_by("pk"))


def rank(rows, benchmarks):
    """[(score, benchmark, item sentence, (means index or None, benchmark text))], best first: the best
    cosine between the item's vectors `rows` [(sentence, vector bytes)] and each benchmark's texts."""
    if not rows:
        return []
    items = np.frombuffer(b"".join(bytes(v) for _t, v in rows), dtype=np.float32).reshape(len(rows), -1)
    ranked = []
    for benchmark in benchmarks:
        texts = benchmark_texts(benchmark)
        if not texts:
            continue
        scores = items @ meaning.cached_vectors([t for _i, t in texts]).T  # (item vectors, benchmark texts)
        row, column = np.unravel_index(int(np.argmax(scores)), scores.shape)
        ranked.append((float(scores[row, column]), benchmark, rows[row][0], texts[column]))
    return sorted(ranked, key=lambda r: -r[0])


def suggest(evidence):
    """Refresh the item's open suggestions; returns them best first."""
    from .models import EvidenceEmbedding, EvidenceSuggestion, SuggestionState

    rows = list(EvidenceEmbedding.objects.filter(evidence=evidence, model=meaning.MODEL_NAME,
                                                 version=meaning.model_version()).values_list("text", "vector"))
    skip = set(evidence.links.values_list("benchmark_id", flat=True)) | set(
        EvidenceSuggestion.objects.filter(evidence=evidence).exclude(state=SuggestionState.OPEN)
        .values_list("benchmark_id", flat=True))
    candidates = [b for b in benchmarks_for(evidence) if b.pk not in skip] if rows else []
    found = [EvidenceSuggestion(evidence=evidence, benchmark=benchmark, means=means, score=score,
                                sentence=sentence, matched=text)
             for score, benchmark, sentence, (means, text) in rank(rows, candidates) if score >= MIN_SCORE][:TOP]
    with transaction.atomic():
        EvidenceSuggestion.objects.filter(evidence=evidence, state=SuggestionState.OPEN).delete()
        EvidenceSuggestion.objects.bulk_create(found)
    return found


def decide(membership, suggestion, accept):
    """Accept (link the benchmark, with the means that matched) or reject; the decision is recorded."""
    from . import services
    from .models import SuggestionState

    with transaction.atomic():
        if accept:
            from .models import means_of_verification

            count = len(means_of_verification(suggestion.benchmark))
            means = [suggestion.means] if suggestion.means is not None and suggestion.means < count else []
            services.link_benchmark(membership, suggestion.evidence, suggestion.benchmark, means=means)
        else:
            services._require_edit(membership, suggestion.evidence)
        suggestion.state = SuggestionState.ACCEPTED if accept else SuggestionState.REJECTED
        suggestion.decided_by, suggestion.decided_at = membership.user, timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return suggestion
