"""The institution's meaning vectors as a compact index kept in process, for search at 100,000 items.

A full float32 vector is 2 KB; an institution of 100,000 items holds millions of them, too many to
keep in memory or to read per query. So each stored vector also has a 64-byte code, its 512 signs
(`code_of`; two vectors' codes differ in about angle/180° of their bits, whatever their length).
The index holds, per institution, the codes with their row and item ids (80 bytes per vector):

    nearest(institution_id, version, query_vector) -> [(row id, evidence id, cosine)], best first

scores every code against the query's by Hamming distance (numpy, all vectors), takes the full
vectors of the closest `RESCORE` rows and ranks those by their exact cosine. A row's vector never
changes (an item re-embedded gets new rows), so full vectors once read are kept, up to `VECTOR_ROWS`
per process: the one query then asks which of the rows are still stored and reads only the vectors
not kept (400 vectors are 800 KB: 10 ms a search through PostgreSQL's socket, docs/performance.md). The index is read once and then kept fresh by reading only rows added since (an item
re-embedded replaces its rows); when rows went without new ones taking their place, it is read
again whole. Checked for changes at most every `FRESH_SECONDS`, at once after this process wrote.
Memory: at most `BUDGET_BYTES` for all institutions' indexes of a process (least recently used
dropped first). Figures: docs/performance.md.
"""
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

RESCORE = 400  # closest codes whose full vectors are read and scored exactly
VECTOR_ROWS = 16_000  # full vectors kept per process (2 KB each: 32 MB), least recently used dropped
FRESH_SECONDS = 30
BUDGET_BYTES = 512 * 1024 * 1024  # every institution's index together, per process
CODE_BYTES = 64  # 512 signs
_lock = threading.Lock()
_indexes = {}  # (institution id, version) -> _Index, most recently used last
_touched = set()  # (institution id, version) this process wrote to: checked at the next query
_vectors = OrderedDict()  # row id -> float32 vector, most recently used last


def code_of(vectors):
    """64 bytes per vector: the signs of its 512 numbers."""
    return np.packbits(np.asarray(vectors) > 0, axis=-1)


@dataclass
class _Index:
    pks: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    evidence: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    codes: np.ndarray = field(default_factory=lambda: np.zeros((CODE_BYTES // 8, 0), np.uint64))  # 8 × rows
    checked: float = 0.0
    stamp: tuple = ()  # (rows, last row id) when read

    @property
    def nbytes(self):
        return self.pks.nbytes + self.evidence.nbytes + self.codes.nbytes

    def add(self, pks, evidence, codes):
        """Append rows, dropping the older rows of the same items (an item re-embedded replaces its rows)."""
        if not len(pks):
            return
        keep = ~np.isin(self.evidence, np.unique(evidence))
        self.pks = np.concatenate([self.pks[keep], pks])
        self.evidence = np.concatenate([self.evidence[keep], evidence])
        self.codes = np.ascontiguousarray(np.concatenate([self.codes[:, keep], codes], axis=1))  # rows of 8 columns


def _rows(institution_id, version):
    from .models import MeaningCode

    return MeaningCode.objects.filter(institution_id=institution_id, version=version)


def _read(rows, after=0, size=20_000):
    """(row ids, item ids, codes) of rows after `after`, read in batches straight into arrays."""
    parts, batch = [], []

    def flush():
        parts.append((np.fromiter((r[0] for r in batch), np.int64, len(batch)),
                      np.fromiter((r[1] for r in batch), np.int64, len(batch)),
                      np.frombuffer(b"".join(bytes(r[2]) for r in batch), np.uint64).reshape(len(batch), -1).T))
        batch.clear()

    for row in rows.filter(embedding__gt=after).order_by("embedding").values_list(
            "embedding_id", "evidence_pk", "code").iterator(chunk_size=size):
        batch.append(row)
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((CODE_BYTES // 8, 0), np.uint64)
    pks, evidence, codes = zip(*parts)
    return np.concatenate(pks), np.concatenate(evidence), np.concatenate(codes, axis=1)


def index(institution_id, version):
    """The institution's current index: read once, then only what was added (see the module's text)."""
    from django.db.models import Count, Max

    key = (institution_id, version)
    with _lock:
        current = _indexes.pop(key, None)
        if current is not None:
            _indexes[key] = current  # most recently used last
    if current is not None and key not in _touched and time.monotonic() - current.checked < FRESH_SECONDS:
        return current
    rows = _rows(institution_id, version)
    stamp = tuple(rows.aggregate(n=Count("embedding"), last=Max("embedding")).values())  # the index alone
    fresh = current or _Index()
    last = int(fresh.pks.max()) if len(fresh.pks) else 0
    if fresh.stamp != stamp:
        if (stamp[1] or 0) > last:
            fresh.add(*_read(rows, after=last))  # only what was added since
        if len(fresh.pks) != stamp[0] or (stamp[1] or 0) < last:
            fresh = _Index()  # rows went without new ones in their place: read it all again
            fresh.add(*_read(rows))
    fresh.stamp = stamp
    fresh.checked = time.monotonic()
    with _lock:
        _touched.discard(key)
        _indexes.pop(key, None)
        _indexes[key] = fresh
        while sum(i.nbytes for i in _indexes.values()) > BUDGET_BYTES and len(_indexes) > 1:
            _indexes.pop(next(iter(_indexes)))
    return fresh


def _hamming(codes, query):
    """Bits differing between each row's code and the query's: one 64-bit column at a time, in place
    (numpy sums over a short last axis slowly; this is ~8x faster)."""
    distances = np.zeros(codes.shape[1], np.uint16)
    differing = np.empty(codes.shape[1], np.uint64)
    counts = np.empty(codes.shape[1], np.uint8)
    for column, bits in zip(codes, query):
        np.bitwise_xor(column, bits, out=differing)
        np.bitwise_count(differing, out=counts)
        np.add(distances, counts, out=distances)
    return distances


def _closest(distances, take):
    """Positions of (about) the `take` smallest distances: a count per distance finds the cut, cheaper
    than a partial sort of every row."""
    if take >= len(distances):
        return np.arange(len(distances))
    cut = int(np.searchsorted(np.cumsum(np.bincount(distances, minlength=CODE_BYTES * 8 + 1)), take))
    below = np.flatnonzero(distances < cut)
    at = np.flatnonzero(distances == cut)[:take - len(below)]
    return np.concatenate([below, at])


def touched(institution_id, version):
    """This process wrote vectors of the institution: the next query reads what changed."""
    _touched.add((institution_id, version))


def nearest(institution_id, version, query, limit=RESCORE):
    """[(row id, evidence id, cosine)] of the closest rows, best first (see the module's text)."""
    from .models import EvidenceEmbedding

    found = index(institution_id, version)
    if not len(found.pks):
        return []
    closest = _closest(_hamming(found.codes, code_of(query).view(np.uint64)), limit)
    rows = _stored(EvidenceEmbedding, found.pks[closest].tolist())
    if not rows:
        return []
    vectors = np.stack([vector for _pk, _evidence, vector in rows])
    scores = vectors @ np.asarray(query, np.float32)
    order = np.argsort(-scores, kind="stable")
    return [(rows[i][0], rows[i][1], float(scores[i])) for i in order]


def _stored(model, pks):
    """[(row id, evidence id, vector)] of the rows among `pks` still stored: one query, which reads only
    the vectors this process does not keep yet."""
    from django.db.models import BinaryField, Case, F, Value, When

    with _lock:
        missing = [pk for pk in pks if pk not in _vectors]
    rows = model.objects.filter(pk__in=pks)
    if missing:
        rows = rows.values_list("pk", "evidence_id", Case(When(pk__in=missing, then=F("vector")), default=Value(None),
                                                          output_field=BinaryField()))
    else:
        rows = rows.values_list("pk", "evidence_id")
    found = []
    with _lock:
        for pk, evidence_id, *read in rows:
            if read and read[0] is not None:
                _vectors[pk] = np.frombuffer(bytes(read[0]), np.float32)
            vector = _vectors.get(pk)
            if vector is None:  # dropped by another request meanwhile: read on its own
                vector = _vectors[pk] = np.frombuffer(bytes(model.objects.get(pk=pk).vector), np.float32)
            _vectors.move_to_end(pk)
            found.append((pk, evidence_id, vector))
        while len(_vectors) > VECTOR_ROWS:
            _vectors.popitem(last=False)
    return found
