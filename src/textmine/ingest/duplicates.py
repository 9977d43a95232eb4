"""Exact and near duplicates among ingested documents.

Exact duplicates (same normalised text hash) get status "duplicate" and ``duplicate_of`` the first
one in corpus order. Near duplicates are only flagged (``near_duplicate_of`` + similarity): cosine
similarity of character n-gram TF-IDF vectors, nearest neighbours found with scikit-learn.
"""

from __future__ import annotations

from textmine.ingest.model import STATUS_DUPLICATE, STATUS_OK, IngestedDocument, text_sha256

NEAR_DUPLICATE_MIN_CHARS = 200
_VECTOR_CHARS = 20_000
_NEIGHBOURS = 5


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
    """Flag documents whose text is almost that of an earlier document (similarity >= threshold)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    candidates = [
        i for i, doc in enumerate(docs) if doc.status == STATUS_OK and len(doc.text) >= min_chars
    ]
    if len(candidates) < 2:
        return
    texts = [docs[i].text[:_VECTOR_CHARS].lower() for i in candidates]
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(4, 4), min_df=1, max_features=200_000, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(texts)
    k = min(_NEIGHBOURS, len(candidates))
    index = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(matrix)
    distances, neighbours = index.kneighbors(matrix)
    for row, position in enumerate(candidates):
        best: tuple[int, float] | None = None
        for distance, other in zip(distances[row], neighbours[row], strict=True):
            other_position = candidates[other]
            similarity = 1.0 - float(distance)
            if other_position >= position or similarity < threshold:
                continue
            if best is None or other_position < best[0]:
                best = (other_position, similarity)
        if best is not None:
            docs[position].near_duplicate_of = docs[best[0]].doc_id
            docs[position].near_duplicate_similarity = round(best[1], 4)
