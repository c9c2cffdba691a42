"""Benchmarks an evidence item likely serves: its meaning vectors against each benchmark's title and
means of verification (Thai and English), best cosine per benchmark.

Computed in the background right after the item's vectors (tasks.embed_evidence), stored as
`EvidenceSuggestion` rows (at most `TOP` open ones per item, from `MIN_SCORE`); the item page
shows them with the score and the sentence, a member accepts (the benchmark is linked) or
rejects one; decisions are kept and a decided benchmark is not suggested again.
Benchmark vectors are stored (`BenchmarkEmbedding`, with the model's name and version) and kept in process.
"""
import numpy as np
from django.db import transaction
from django.db.models import F, Q
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


_stored = {}  # (benchmark id, text, version) -> vector, read from BenchmarkEmbedding once per process


def benchmark_vectors(per):
    """The vectors of [(benchmark, [(means, text)])] in order: kept in process, else the stored
    `BenchmarkEmbedding` rows (one query), else embedded now and stored (a changed text or model
    version gets new rows; `gender-seal evidence embed --all` drops the rows of texts gone)."""
    from .models import BenchmarkEmbedding

    version = meaning.model_version()
    wanted = [(benchmark.pk, text, version) for benchmark, texts in per for _means, text in texts]
    missing = [key for key in dict.fromkeys(wanted) if key not in _stored]
    if missing:
        for pk, text, vector in BenchmarkEmbedding.objects.filter(
                benchmark__in={pk for pk, _t, _v in missing}, model=meaning.MODEL_NAME, version=version,
        ).values_list("benchmark_id", "text", "vector"):
            _stored[(pk, text, version)] = np.frombuffer(bytes(vector), dtype=np.float32)
        missing = [key for key in missing if key not in _stored]
    if missing:
        vectors = meaning.cached_vectors([text for _pk, text, _v in missing])
        BenchmarkEmbedding.objects.bulk_create(
            [BenchmarkEmbedding(benchmark_id=pk, text=text, vector=vector.astype(np.float32).tobytes(),
                                model=meaning.MODEL_NAME, version=version)
             for (pk, text, _v), vector in zip(missing, vectors)], ignore_conflicts=True)
        _stored.update(zip(missing, vectors))
    if not wanted:
        return np.zeros((0, meaning.DIMENSIONS), dtype=np.float32)
    return np.stack([_stored[key] for key in wanted])


def embed_benchmarks():
    """Store the vectors of every benchmark's texts; drop rows of texts no benchmark has any more."""
    from genderseal.standards.models import Benchmark

    from .models import BenchmarkEmbedding

    per = [(b, benchmark_texts(b)) for b in Benchmark.objects.filter(retired=False).order_by("pk")]
    before = BenchmarkEmbedding.objects.count()
    benchmark_vectors(per)
    current = {(b.pk, t) for b, texts in per for _m, t in texts}
    gone = [pk for pk, benchmark, text, version in BenchmarkEmbedding.objects.values_list(
        "pk", "benchmark_id", "text", "version") if (benchmark, text) not in current or version != meaning.model_version()]
    BenchmarkEmbedding.objects.filter(pk__in=gone).delete()
    return BenchmarkEmbedding.objects.count() - before + len(gone), len(gone)


def _centred(vectors, centre):
    vectors = vectors - centre
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def rank(rows, benchmarks, skip=()):
    """[(score, benchmark, item sentence, (means index or None, benchmark text))], best first.

    `rows` [(sentence, vector bytes)]: the item's whole sentences (not their short phrases: those serve
    short queries; set against a benchmark they let one common word decide). Every benchmark text of the
    framework shares the "gender equality" direction, so vectors are compared after taking away the mean
    of the benchmarks' texts (ranked by that); the score kept is the plain cosine of the best pair. On the
    seed's documents this took the filed benchmark among the first three from 4 to 8 of 17
    (bench/meaning_quality.py, docs/performance.md)."""
    per = [(benchmark, benchmark_texts(benchmark)) for benchmark in benchmarks]
    per = [(benchmark, texts) for benchmark, texts in per if texts]
    if not rows or not per:
        return []
    items = np.frombuffer(b"".join(bytes(v) for _t, v in rows), dtype=np.float32).reshape(len(rows), -1)
    every = benchmark_vectors(per)
    centre = every.mean(axis=0)
    centred_items = _centred(items, centre)
    ranked, start = [], 0
    for benchmark, texts in per:
        vectors = every[start:start + len(texts)]
        start += len(texts)
        if benchmark.pk in skip:
            continue
        centred = centred_items @ _centred(vectors, centre).T  # (item sentences, benchmark texts)
        row, column = np.unravel_index(int(np.argmax(centred)), centred.shape)
        ranked.append((float(centred[row, column]), float(items[row] @ vectors[column]), benchmark, rows[row][0],
                       texts[column]))
    ranked.sort(key=lambda r: -r[0])
    return [(cosine, benchmark, sentence, text) for _c, cosine, benchmark, sentence, text in ranked]


def suggest(evidence):
    """Refresh the item's open suggestions; returns them best first."""
    from .models import EvidenceEmbedding, EvidenceSuggestion, SuggestionState

    rows = list(EvidenceEmbedding.objects.filter(evidence=evidence, model=meaning.MODEL_NAME,
                                                 version=meaning.model_version())
                .filter(Q(phrase=F("text")) | Q(phrase="")).values_list("text", "vector"))  # whole sentences
    skip = set(evidence.links.values_list("benchmark_id", flat=True)) | set(
        EvidenceSuggestion.objects.filter(evidence=evidence).exclude(state=SuggestionState.OPEN)
        .values_list("benchmark_id", flat=True))
    found = [EvidenceSuggestion(evidence=evidence, benchmark=benchmark, means=means, score=score,
                                sentence=sentence, matched=text)
             for score, benchmark, sentence, (means, text) in rank(rows, benchmarks_for(evidence) if rows else [], skip)
             if score >= MIN_SCORE][:TOP]
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
