"""Exact and near duplicates among ingested documents.

Exact duplicates (same normalised text hash) get status "duplicate" and ``duplicate_of`` the first
one in corpus order. Near duplicates are only flagged (``near_duplicate_of`` + similarity): cosine
similarity of character 4-gram TF-IDF vectors, candidate pairs found by MinHash.

Each document's 4-gram counts are hashed into a fixed space, so they depend on its text alone:
a rerun passes the counts of unchanged documents (:class:`NgramCounts`) and counts only the new
ones; the corpus-level weighting (idf) is recomputed from all of them, so the result is the same
as counting everything again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from textmine.ingest.model import STATUS_DUPLICATE, STATUS_OK, IngestedDocument, text_sha256

NEAR_DUPLICATE_MIN_CHARS = 200
_VECTOR_CHARS = 20_000
# 16 bands of 3 MinHashes: pairs with a 4-gram Jaccard of 0.5 meet in a band 88% of the time,
# of 0.7, 99.7%; near duplicates at cosine 0.9 are well above that.
_HASHES = 48
_BAND_ROWS = 3
_N_FEATURES = 2**20
_PAIRS_PER_CHUNK = 4_000
_BATCH = 1_000
# Where a run keeps its counts (in its ``analysis/`` folder): the matrix, and its rows' digests.
NGRAM_FILES = ("ngram_counts.npz", "ngram_counts_texts.parquet")


@dataclass(frozen=True)
class NgramCounts:
    """Hashed 4-gram counts of texts: row ``i`` of ``matrix`` is the text whose sha256 is
    ``digests[i]``. What a run passes to the next one."""

    digests: list[str]
    matrix: sp.csr_matrix

    def rows(self) -> dict[str, int]:
        return {digest: i for i, digest in enumerate(self.digests)}

    def save(self, directory: Path) -> None:
        """Write the counts into ``directory`` (:data:`NGRAM_FILES`), for the next run."""
        directory.mkdir(parents=True, exist_ok=True)
        sp.save_npz(directory / NGRAM_FILES[0], self.matrix, compressed=False)
        pd.DataFrame({"sha256": self.digests}).to_parquet(directory / NGRAM_FILES[1], index=False)

    @classmethod
    def load(cls, directory: Path) -> NgramCounts | None:
        """The counts a previous run saved in ``directory``, or None (missing or inconsistent)."""
        try:
            matrix = sp.load_npz(directory / NGRAM_FILES[0]).tocsr()
            digests = pd.read_parquet(directory / NGRAM_FILES[1])["sha256"].tolist()
        except (OSError, ValueError, KeyError):
            return None
        return cls(digests, matrix) if matrix.shape[0] == len(digests) else None


def ngram_counts(texts: list[str]) -> sp.csr_matrix:
    """Hashed character 4-gram counts (within words) of each text's first 20,000 characters."""
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(4, 4),
        n_features=_N_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=True,
    )
    # By batches: the vectorizer's float64 intermediates then stay the size of one batch.
    batches = [
        vectorizer.transform([text[:_VECTOR_CHARS] for text in texts[start : start + _BATCH]])
        .tocsr()
        .astype(np.float32)
        for start in range(0, max(len(texts), 1), _BATCH)
    ]
    return sp.vstack(batches, format="csr") if len(batches) > 1 else batches[0]


def _tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Sublinear tf x smoothed idf, L2-normalised rows (as scikit-learn's TfidfVectorizer)."""
    from sklearn.preprocessing import normalize

    matrix = counts.tocsr().astype(np.float64)
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    n_docs = matrix.shape[0]
    document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1.0 + n_docs) / (1.0 + document_frequency)) + 1.0
    matrix.data *= idf[matrix.indices]
    return normalize(matrix, copy=False)


def mark_exact_duplicates(docs: list[IngestedDocument]) -> None:
    """Later copies of a text point to its first occurrence and are not processed again."""
    first: dict[str, str] = {}
    for doc in docs:
        if doc.status != STATUS_OK or not doc.text:
            continue
        digest = doc.sha256 or text_sha256(doc.text)
        if digest in first:
            doc.status = STATUS_DUPLICATE
            doc.duplicate_of = first[digest]
        else:
            first[digest] = doc.doc_id


def mark_near_duplicates(
    docs: list[IngestedDocument],
    threshold: float,
    min_chars: int = NEAR_DUPLICATE_MIN_CHARS,
    known_counts: NgramCounts | None = None,
) -> NgramCounts:
    """Flag documents whose text is almost that of an earlier document (similarity >= threshold).

    Similarity is the cosine of character 4-gram TF-IDF vectors. Candidate pairs come from
    MinHash buckets of the 4-gram sets, so the cost grows linearly with the corpus, not with the
    number of pairs; each candidate pair is then scored exactly. ``known_counts`` holds the
    4-gram counts of texts seen before (a previous run's return value): only the other texts
    are counted. Returns the counts of every candidate document, for the next run.
    """
    from textmine.similarity import minhash_candidate_pairs

    candidates = [
        i for i, doc in enumerate(docs) if doc.status == STATUS_OK and len(doc.text) >= min_chars
    ]
    digests = list(dict.fromkeys(docs[i].sha256 or text_sha256(docs[i].text) for i in candidates))
    known_rows = known_counts.rows() if known_counts is not None else {}
    reused = [d for d in digests if d in known_rows]
    texts = {docs[i].sha256 or text_sha256(docs[i].text): docs[i].text for i in candidates}
    new = [d for d in digests if d not in known_rows]
    parts = []
    if reused:
        parts.append(known_counts.matrix[[known_rows[d] for d in reused]])
    if new:
        parts.append(ngram_counts([texts[d] for d in new]))
    if not parts:
        return NgramCounts([], sp.csr_matrix((0, _N_FEATURES), dtype=np.float32))
    stacked = sp.vstack(parts, format="csr")
    position = {d: i for i, d in enumerate(reused + new)}
    counts = NgramCounts(digests, stacked[[position[d] for d in digests]])
    if len(candidates) < 2:
        return counts
    row_of = counts.rows()
    matrix = _tfidf(
        counts.matrix[[row_of[docs[i].sha256 or text_sha256(docs[i].text)] for i in candidates]]
    )
    pairs = minhash_candidate_pairs(matrix, _HASHES, _BAND_ROWS, random_state=0)
    best: dict[int, tuple[int, float]] = {}
    # Small chunks: both sides of a chunk are materialised (50,000 pairs took 0.6 GB).
    for start in range(0, len(pairs), _PAIRS_PER_CHUNK):
        chunk = pairs[start : start + _PAIRS_PER_CHUNK]
        cosine = np.asarray(matrix[chunk[:, 0]].multiply(matrix[chunk[:, 1]]).sum(axis=1)).ravel()
        for (earlier, later), similarity in zip(chunk, cosine, strict=True):
            if similarity < threshold - 1e-9:
                continue
            earlier, later = int(earlier), int(later)
            if later not in best or earlier < best[later][0]:
                best[later] = (earlier, float(similarity))
    for later, (earlier, similarity) in best.items():
        document = docs[candidates[later]]
        document.near_duplicate_of = docs[candidates[earlier]].doc_id
        document.near_duplicate_similarity = round(min(similarity, 1.0), 4)
    return counts
