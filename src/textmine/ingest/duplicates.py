"""Exact and near duplicates among ingested documents.

Exact duplicates (same normalised text hash) get status "duplicate" and ``duplicate_of`` the first
one in corpus order. Near duplicates are only flagged (``near_duplicate_of`` + similarity): cosine
similarity of character n-gram TF-IDF vectors, nearest neighbours found with scikit-learn.
"""

from __future__ import annotations

from textmine.ingest.model import STATUS_DUPLICATE, STATUS_OK, IngestedDocument, text_sha256

NEAR_DUPLICATE_MIN_CHARS = 200
_VECTOR_CHARS = 20_000
# 16 bands of 3 MinHashes: pairs with a 4-gram Jaccard of 0.5 meet in a band 88% of the time,
# of 0.7, 99.7%; near duplicates at cosine 0.9 are well above that.
_HASHES = 48
_BAND_ROWS = 3


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
    docs: list[IngestedDocument], threshold: float, min_chars: int = NEAR_DUPLICATE_MIN_CHARS
) -> None:
    """Flag documents whose text is almost that of an earlier document (similarity >= threshold).

    Similarity is the cosine of character 4-gram TF-IDF vectors. Candidate pairs come from
    MinHash buckets of the 4-gram sets, so the cost grows linearly with the corpus, not with the
    number of pairs; each candidate pair is then scored exactly.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from textmine.similarity import minhash_candidate_pairs

    candidates = [
        i for i, doc in enumerate(docs) if doc.status == STATUS_OK and len(doc.text) >= min_chars
    ]
    if len(candidates) < 2:
        return
    texts = [docs[i].text[:_VECTOR_CHARS].lower() for i in candidates]
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(4, 4), min_df=1, max_features=200_000, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(texts).tocsr()
    pairs = minhash_candidate_pairs(matrix, _HASHES, _BAND_ROWS, random_state=0)
    best: dict[int, tuple[int, float]] = {}
    for start in range(0, len(pairs), 50_000):
        chunk = pairs[start : start + 50_000]
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
