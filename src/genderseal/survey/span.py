"""Which small sets of respondents the published rows of a survey pin down, all cuts at once.

Every figure the results show is a sum over the respondents of a row (a count, or the answers
behind a mean). Whoever reads them can add and subtract rows with any factors, so the count (and
the answers) of a set S of respondents can be worked out exactly when S's indicator vector lies in
the linear span of the rows' vectors (the total among them). `small_derivable` finds such an S of
1 to minimum-1 respondents, or tells there is none.

Respondents who sit in exactly the same rows can never be told apart (every vector of the span
is equal on them), so the work is over *cells* of such respondents. With the row-reduced rows,
a vector x over cells lies in the span exactly when x minus the reduced rows at its pivots is zero
on every other column; for x = 1_S that residual is the sum, over the cells of S, of one vector per
cell. So S is derivable exactly when those cell vectors sum to zero: a zero-sum search among the
cells small enough to be in S, at most minimum-1 of them, by meeting in the middle.

The arithmetic is modulo a Mersenne prime larger than any minor of the 0/1 matrices involved
(Hadamard's bound), so ranks and membership are those over the rationals: the answer is exact.
"""
import math
import random
from collections import defaultdict

MERSENNE_EXPONENTS = (61, 89, 107, 127, 521, 607, 1279, 2203, 2281, 3217, 4253, 4423, 9689)


def prime_above_minors(n):
    """A prime larger than the determinant of any n x n 0/1 matrix: (n+1)^((n+1)/2) / 2^n bounds it."""
    bits = (n + 1) / 2 * math.log2(n + 1) - n + 1
    for exponent in MERSENNE_EXPONENTS:
        if exponent > bits:
            return 2 ** exponent - 1
    raise ValueError(n)


def _reduce(matrix, width, p):
    """Row-reduce `matrix` (lists mod p; the first `width` columns are the cells) in place.
    Returns the pivot column of each leading row."""
    pivots, top = [], 0
    for col in range(width):
        pick = next((i for i in range(top, len(matrix)) if matrix[i][col]), None)
        if pick is None:
            continue
        matrix[top], matrix[pick] = matrix[pick], matrix[top]
        inverse = pow(matrix[top][col], -1, p)
        lead = matrix[top] = [v * inverse % p for v in matrix[top]]
        for i, row in enumerate(matrix):
            if i != top and row[col]:
                factor = row[col]
                matrix[i] = [(a - factor * b) % p for a, b in zip(row, lead)]
        pivots.append(col)
        top += 1
        if top == len(matrix):
            break
    return pivots


def small_derivable(rows, minimum):
    """(set of respondents, factors) for a set of 1 to minimum-1 respondents whose count is a linear
    combination of the counts of `rows` (sets of respondents; include the total), with the factors of
    one such combination, one per row (0 for a row not used); None when no such set exists."""
    rows = [frozenset(row) for row in rows]
    members = defaultdict(list)
    for person in set().union(*rows) if rows else ():
        members[tuple(i for i, row in enumerate(rows) if person in row)].append(person)
    cells = list(members)
    if not cells:
        return None
    p = prime_above_minors(len(rows) + 1)
    width, height = len(cells), len(rows)
    matrix = [[1 if i in cell else 0 for cell in cells] + [1 if j == i else 0 for j in range(height)]
              for i in range(height)]
    pivots = _reduce(matrix, width, p)
    lead_of = {col: i for i, col in enumerate(pivots)}
    free = [col for col in range(width) if col not in lead_of]

    finger = _fingerprints(matrix, width, lead_of, free, p)
    size = {col: len(members[cells[col]]) for col in range(width)}
    small = [(col, size[col], finger[col]) for col in range(width) if size[col] < minimum]
    met = defaultdict(list)  # fingerprint -> halves met so far, as (cells, respondents)
    for cols, n, key in _halves(small, minimum, p):
        for other, m in ([((), 0)] if key == 0 else []) + met.get(-key % p, []):
            chosen = set(cols) | set(other)
            if n + m < minimum and len(chosen) == len(cols) + len(other) and not _residual(chosen, matrix, lead_of, free, p):
                factors = [0] * height
                for col in chosen:
                    if col in lead_of:
                        factors = [(f + t) % p for f, t in zip(factors, matrix[lead_of[col]][width:])]
                return {person for col in chosen for person in members[cells[col]]}, factors
        met[key].append((cols, n))
    return None


def _residual(chosen, matrix, lead_of, free, p):
    """Whether 1_S minus the reduced rows at S's pivots is non-zero on the free columns (S not derivable)."""
    out = {col: 1 for col in chosen if col not in lead_of}
    for col in chosen:
        if col in lead_of:
            for j in free:
                out[j] = (out.get(j, 0) - matrix[lead_of[col]][j]) % p
    return any(out.values())


def _fingerprints(matrix, width, lead_of, free, p):
    """A random fingerprint of each cell's vector (a match is then checked exactly by _residual)."""
    rng = random.Random(width * 7919 + len(matrix))
    weight = {j: rng.randrange(1, p) for j in free}
    return {col: -sum(matrix[lead_of[col]][j] * weight[j] for j in free) % p if col in lead_of else weight[col]
            for col in range(width)}


def _halves(small, minimum, p, start=0, cols=(), n=0, key=0):
    """Every set of up to minimum // 2 cells of `small` ((cell, respondents, fingerprint)) holding fewer
    than `minimum` respondents, as (cells, respondents, fingerprint): a set S of at most minimum-1
    cells is two of them."""
    for i in range(start, len(small)):
        col, size, finger = small[i]
        if n + size < minimum:
            here = (cols + (col,), n + size, (key + finger) % p)
            yield here
            if len(here[0]) < minimum // 2:
                yield from _halves(small, minimum, p, i + 1, *here)
