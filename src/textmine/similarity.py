"""Candidate pairs of similar items without comparing every pair (MinHash LSH).

Used to find near-duplicate documents at ingestion and near-duplicate proposals at clustering.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

_SIGNATURE_BLOCK_ROWS = 2_000


def minhash_candidate_pairs(
    matrix: sp.csr_matrix, n_hashes: int, band_rows: int, random_state: int
) -> np.ndarray:
    """Pairs (i < j) of rows sharing a MinHash band of their feature sets.

    ``n_hashes / band_rows`` bands: rows whose feature sets have a high Jaccard similarity share
    a band with high probability. Members of a bucket are chained (each linked to the next), so
    the number of pairs grows linearly with the number of rows, not quadratically.
    """
    rng = np.random.RandomState(random_state)
    prime = np.int64(2_147_483_647)
    a = rng.randint(1, prime, size=n_hashes).astype(np.int64)
    b = rng.randint(0, prime, size=n_hashes).astype(np.int64)
    matrix = sp.csr_matrix(matrix)
    nonempty = np.flatnonzero(np.diff(matrix.indptr) > 0)
    if len(nonempty) < 2:
        return np.empty((0, 2), dtype=np.int64)
    signatures = np.empty((len(nonempty), n_hashes), dtype=np.int64)
    # Rows are hashed a block at a time: the int64 copies of the features then stay small.
    for first in range(0, len(nonempty), _SIGNATURE_BLOCK_ROWS):
        rows = nonempty[first : first + _SIGNATURE_BLOCK_ROWS]
        begin, end = matrix.indptr[rows[0]], matrix.indptr[rows[-1] + 1]
        features = matrix.indices[begin:end].astype(np.int64)
        # Empty rows between nonempty ones have no entries: each segment is exactly one row.
        starts = matrix.indptr[rows] - begin
        for h in range(n_hashes):
            hashed = a[h] * features
            hashed += b[h]
            hashed %= prime
            signatures[first : first + len(rows), h] = np.minimum.reduceat(hashed, starts)
    pairs = []
    for start in range(0, n_hashes - band_rows + 1, band_rows):
        band = signatures[:, start : start + band_rows]
        _, bucket = np.unique(band, axis=0, return_inverse=True)
        order = np.argsort(bucket, kind="stable")
        sorted_buckets = bucket[order]
        same_as_previous = sorted_buckets[1:] == sorted_buckets[:-1]
        # Link each bucket member to the next one (a chain per bucket keeps pairs linear).
        left, right = order[:-1][same_as_previous], order[1:][same_as_previous]
        pairs.append(np.stack([left, right], axis=1))
    found = np.unique(np.concatenate(pairs), axis=0) if pairs else np.empty((0, 2), np.int64)
    mapped = nonempty[found]
    return np.sort(mapped, axis=1)
