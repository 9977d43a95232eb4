"""Near-duplicate proposals: same normalised text, or close TF-IDF rows found by MinHash LSH.

- ``find_near_duplicates(texts, lemmas, threshold=0.85, ...) -> np.ndarray``: the index of each
  item's representative (the smallest index of its group), so that duplicates are counted once.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.clustering.representation import _TOKEN_PATTERN
from textmine.similarity import minhash_candidate_pairs

__all__ = ["find_near_duplicates"]

_WORD = re.compile(r"\w+")


def _normalized_text(text: str) -> str:
    """Lowercase words only: punctuation, spacing and case do not make proposals different."""
    return " ".join(_WORD.findall(text.lower()))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return int(root)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:  # the smaller index (smaller proposal id once sorted) stays the root
            self.parent[max(ri, rj)] = min(ri, rj)


def find_near_duplicates(
    texts: list[str],
    lemmas: list[str],
    threshold: float = 0.85,
    n_hashes: int = 64,
    band_rows: int = 4,
    random_state: int = 0,
) -> np.ndarray:
    """Index of the representative of each item's near-duplicate group (itself if none).

    Items are expected sorted by id: the representative is the smallest index of its group.
    Same normalised text, or cosine >= ``threshold`` between TF-IDF rows of lemma uni+bi-grams.
    Candidate pairs come from MinHash LSH buckets (``n_hashes / band_rows`` bands), so time and
    memory grow about linearly with the number of items, not quadratically.
    """
    n = len(texts)
    groups = _UnionFind(n)
    if n < 2:
        return np.arange(n)
    first_of: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = _normalized_text(text)
        if key:
            groups.union(first_of.setdefault(key, i), i)
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), token_pattern=_TOKEN_PATTERN, sublinear_tf=True, dtype=np.float32
    )
    try:
        tfidf = vectorizer.fit_transform(lemmas).tocsr()
    except ValueError:  # no lemma at all
        return np.array([groups.find(i) for i in range(n)])
    pairs = minhash_candidate_pairs(tfidf, n_hashes, band_rows, random_state)
    for start in range(0, len(pairs), 50_000):
        chunk = pairs[start : start + 50_000]
        cosine = np.asarray(tfidf[chunk[:, 0]].multiply(tfidf[chunk[:, 1]]).sum(axis=1)).ravel()
        for i, j in chunk[cosine >= threshold - 1e-6]:
            groups.union(int(i), int(j))
    return np.array([groups.find(i) for i in range(n)])
