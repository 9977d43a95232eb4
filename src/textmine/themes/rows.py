"""TF-IDF rows of texts kept with the topic model, so that a fold-in vectorises only new texts.

A fitted vectorizer's row for a text depends on that text alone (its term counts, the fitted
idf, the row's own l2 norm), so the row a previous run computed for the same text under the same
vectorizer is the row this run would compute, bit for bit. :class:`RowCache` keeps them by a
digest of the text; it is pickled with the model whose vectorizer made them (a refit makes a new
model and so starts empty; a text changed by a new terms stage is another digest). NMF's
``transform`` itself still runs on every row: it starts from the whole matrix's mean and stops on
a tolerance over all rows, so a document's shares are not its own to keep.

Why: on the million-word bench corpus the rerun after one added document vectorised every text
11 times (documents, sections, each broad theme's documents again): 2.7 of the themes stage's
7.4 CPU-s, against 0.17 for the NMF transforms (bench/RESULTS.md O13).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import scipy.sparse as sp


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class RowCache:
    """The rows one vectorizer gave to texts, by text digest (``keys``: digest -> row of
    ``matrix``). :meth:`transform` adds the rows it returns; ``previous`` (a cache of an earlier
    run, same vectorizer) lends rows and is not pickled, so a saved cache holds only the texts
    of its own run."""

    def __init__(self, previous: RowCache | None = None):
        self.keys: dict[bytes, int] = {}
        self.matrix: sp.csr_matrix | None = None
        self.previous = previous

    def __getstate__(self) -> dict[str, Any]:
        return {"keys": self.keys, "matrix": self.matrix, "previous": None}

    def transform(self, vectorizer: Any, texts: list[str]) -> sp.csr_matrix:
        """``vectorizer.transform(texts)``, equal to it bit for bit, computing only the rows of
        texts neither this cache nor ``previous`` holds."""
        n_features = len(vectorizer.vocabulary_)
        digests = [_digest(text) for text in texts]
        previous = self.previous
        lent = previous.keys if previous is not None and previous.matrix is not None else {}
        missing: dict[bytes, int] = {}  # digest -> first text with it
        for i, digest in enumerate(digests):
            if digest not in self.keys and digest not in lent and digest not in missing:
                missing[digest] = i
        blocks = [_or_empty(self.matrix, n_features)]
        offset_lent = blocks[0].shape[0]
        blocks.append(_or_empty(previous.matrix if lent else None, n_features))
        offset_new = offset_lent + blocks[1].shape[0]
        if missing:
            blocks.append(sp.csr_matrix(vectorizer.transform([texts[i] for i in missing.values()])))
        stacked = sp.vstack(blocks, format="csr")
        new_rows = {digest: offset_new + j for j, digest in enumerate(missing)}
        where = np.array(
            [
                self.keys[d]
                if d in self.keys
                else offset_lent + lent[d]
                if d in lent
                else new_rows[d]
                for d in digests
            ],
            dtype=np.int64,
        )
        result = stacked[where] if len(where) else sp.csr_matrix((0, n_features))
        added: dict[bytes, int] = {}
        for digest, row in zip(digests, where.tolist(), strict=True):
            if digest not in self.keys and digest not in added:
                added[digest] = row
        if added:
            start = blocks[0].shape[0]
            self.matrix = sp.vstack(
                [blocks[0], stacked[np.fromiter(added.values(), dtype=np.int64)]], format="csr"
            )
            self.keys.update({digest: start + j for j, digest in enumerate(added)})
        return result


def _or_empty(matrix: sp.csr_matrix | None, n_features: int) -> sp.csr_matrix:
    return matrix if matrix is not None else sp.csr_matrix((0, n_features))
