"""Clustering of proposals with scikit-learn, labels, representatives and stable cluster ids.

Interface used by ``flows/``:

- ``cluster_proposals(proposals, config, previous=None, vocab=None, vectors=None) ->
  (proposals, clusters)``: returns the ``proposals`` table with ``cluster_id``,
  ``cluster_label`` and ``duplicate_of`` filled, and the ``clusters`` table (one row per cluster
  plus the ``-1`` "unclustered" group). ``previous`` is the previous run's ``proposals`` table:
  clusters that persist keep their ids and labels. ``vocab`` is a loaded spaCy ``Vocab`` whose
  word vectors are read for the lemmas (nothing is re-parsed); ``vectors`` is either a mapping
  ``lemma -> vector`` or a matrix with one row per proposal (in input order). Both are optional:
  without them the vector-based representations fall back to LSA.

How it works. Proposals are sorted by ``proposal_id`` so the result does not depend on input
order. Near-duplicates (same normalised text, or TF-IDF cosine >= ``duplicate_threshold`` found
through MinHash buckets, sub-quadratic) are linked to the smallest proposal id of their group
and counted once: only the distinct proposals are clustered, duplicates inherit the cluster.
The default (chosen by measurement on three labelled consultations, see
``bench/cluster_labelled.py``, ``bench/cluster_subsample.py`` and ``bench/cluster_explore.py``)
represents a proposal by the TF-IDF of its lemma uni+bi-grams plus ``title_weight`` times that
of its title's lemmas (``estimate_title_lemmas``: titles are short and on topic), joined with
``vector_weight`` times its SIF-weighted mean word vector when a spaCy vocab with vectors is
given, and clusters it by a consensus of spectral clusterings on several k-nearest-neighbour
graphs (``consensus_spectral``); above ``max_exact_size`` distinct proposals, the LSA of that
TF-IDF joined with the SIF vectors is clustered by MiniBatchKMeans (linear time and memory). With
``n_clusters="auto"`` the number of clusters is ``sqrt(n / 2)`` within the configured bounds
(see ``choose_n_clusters`` for why). Proposals least similar to
their cluster centroid (``unclustered_share`` of them), members of clusters smaller than
``min_cluster_size`` and proposals without content lemmas go to the unclustered group ``-1``.
Labels are the most characteristic lemmatised bigram (or word) of each cluster by class-based
TF-IDF, made unique across clusters.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans, MiniBatchKMeans, SpectralClustering, spectral_clustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from textmine import schema
from textmine.config import ClusteringConfig
from textmine.phrases import PhraseIndex, top_terms
from textmine.similarity import minhash_candidate_pairs
from textmine.textnorm import ascii_fold

__all__ = [
    "REPRESENTATIONS",
    "UNCLUSTERED",
    "UNCLUSTERED_LABEL",
    "ProposalVectorizer",
    "choose_n_clusters",
    "cluster_proposals",
    "estimate_title_lemmas",
    "find_near_duplicates",
    "label_clusters",
    "match_previous_clusters",
]

UNCLUSTERED = -1
UNCLUSTERED_LABEL = "Non classées"
#: Representations accepted by ``ClusteringConfig.representation`` ("auto" picks the default).
REPRESENTATIONS = (
    "tfidf",
    "lsa",
    "vectors",
    "tfidf_vectors",
    "lsa_vectors",
    "tfidf_sif",
    "lsa_sif",
)
#: Measured defaults (bench/cluster_explore.py, bench/cluster_labelled.py): TF-IDF of the lemmas
#: (title lemmas weighted up) joined with SIF-weighted word vectors, clustered by a consensus of
#: spectral clusterings; its LSA with MiniBatchKMeans above ``max_exact_size``.
DEFAULT_REPRESENTATION = "tfidf_sif"
LARGE_REPRESENTATION = "lsa_sif"
_VECTOR_REPRESENTATIONS = ("vectors", "tfidf_vectors", "lsa_vectors", "tfidf_sif", "lsa_sif")
#: Fallback of each vector representation when no word vectors are available.
_WITHOUT_VECTORS = {"tfidf_sif": "tfidf", "lsa_sif": "lsa"}
#: Smoothing of the SIF word weights ``a / (a + p(word))`` (Arora et al. 2017).
_SIF_SMOOTHING = 1e-3
_TOKEN_PATTERN = r"(?u)[^\s]+"
# French stop words as lemmas, in case the lemmas were produced without stop-word filtering.
_FRENCH_STOP_LEMMAS = None


def _lowercase_words(text: str) -> list[str]:
    return text.lower().split()


def _french_stop_words() -> list[str]:
    global _FRENCH_STOP_LEMMAS
    if _FRENCH_STOP_LEMMAS is None:
        from spacy.lang.fr.stop_words import STOP_WORDS

        _FRENCH_STOP_LEMMAS = sorted(STOP_WORDS)
    return _FRENCH_STOP_LEMMAS


# --------------------------------------------------------------------------- representation


class ProposalVectorizer:
    """Turn lemma strings into L2-normalised rows for clustering (scikit-learn style).

    ``representation``: ``tfidf`` (sparse TF-IDF of lemma uni+bi-grams), ``lsa`` (TF-IDF reduced
    by truncated SVD), ``vectors`` (mean spaCy word vector of the lemmas), ``tfidf_vectors``
    (TF-IDF-weighted mean of word vectors), ``lsa_vectors`` (LSA and TF-IDF-weighted vectors
    concatenated), ``tfidf_sif`` / ``lsa_sif`` (TF-IDF or LSA joined with the SIF-weighted mean
    word vector, first principal component removed, weighted by ``vector_weight``). Word
    vectors come from ``vocab`` (spaCy ``Vocab``) or ``word_vectors`` (mapping lemma -> vector);
    without either, ``tfidf_sif`` falls back to ``tfidf`` and the others to ``lsa``.

    ``titles`` (optional, one lemma string per proposal, e.g. from ``estimate_title_lemmas``):
    the TF-IDF row of the title is added with weight ``title_weight`` to the proposal's own, so
    the words of a short on-topic title count more than those of a long body.
    """

    def __init__(
        self,
        representation: str = DEFAULT_REPRESENTATION,
        n_components: int = 100,
        vocab: Any = None,
        word_vectors: Mapping[str, np.ndarray] | None = None,
        random_state: int = 0,
        svd_sample_size: int = 5_000,
        title_weight: float = 0.0,
        vector_weight: float = 0.3,
    ) -> None:
        self.representation = representation
        self.title_weight = title_weight
        self.vector_weight = vector_weight
        self.svd_sample_size = svd_sample_size
        self.n_components = n_components
        self.vocab = vocab
        self.word_vectors = word_vectors
        self.random_state = random_state

    def _has_vectors(self) -> bool:
        if self.word_vectors:
            return True
        vectors = getattr(self.vocab, "vectors", None)
        return vectors is not None and vectors.shape[0] > 0 and vectors.shape[1] > 0

    def fit(self, lemmas: list[str], titles: list[str] | None = None) -> ProposalVectorizer:
        """Learn the vocabulary, the LSA axes and the word vectors of the lemma strings."""
        self.fit_transform(lemmas, titles)
        return self

    def _with_titles(self, tfidf: sp.csr_matrix, titles: list[str] | None) -> sp.csr_matrix:
        if titles is None or not self.title_weight:
            return tfidf.tocsr()
        if len(titles) != tfidf.shape[0]:
            raise ValueError(f"titles: {len(titles)} given for {tfidf.shape[0]} lemma strings")
        title_rows = normalize(self.tfidf_.transform(titles)) * self.title_weight
        return normalize(normalize(tfidf) + title_rows).tocsr()

    def transform(
        self, lemmas: list[str], titles: list[str] | None = None
    ) -> np.ndarray | sp.csr_matrix:
        """Rows for new lemma strings in the fitted space (e.g. a previous run's proposals)."""
        tfidf = self._with_titles(self.tfidf_.transform(lemmas), titles)
        return self._finish(tfidf, lemmas, fitting=False)

    def _finish(
        self, tfidf: sp.csr_matrix, lemmas: list[str], fitting: bool
    ) -> np.ndarray | sp.csr_matrix:
        representation = self.representation_
        if representation == "tfidf":
            return tfidf
        if representation == "tfidf_sif":
            sif = self._sif_fit(lemmas) if fitting else self._sif_transform(lemmas)
            blocks = [normalize(tfidf), sp.csr_matrix(sif * self.vector_weight)]
            return normalize(sp.hstack(blocks).tocsr())
        parts: list[np.ndarray] = []
        if representation in ("lsa", "lsa_vectors", "lsa_sif"):
            if fitting:
                parts.append(self._lsa(tfidf))
            else:
                reduced = tfidf.toarray() if self.svd_ is None else self.svd_.transform(tfidf)
                parts.append(normalize(reduced))
        if representation == "lsa_sif":
            sif = self._sif_fit(lemmas) if fitting else self._sif_transform(lemmas)
            parts.append(sif * self.vector_weight)
        if representation in ("vectors", "tfidf_vectors", "lsa_vectors"):
            if fitting:
                parts.append(self._word_vector_rows(lemmas, weighted=representation != "vectors"))
            else:
                parts.append(self._word_vector_transform(lemmas))
        return normalize(np.hstack(parts)) if len(parts) > 1 else parts[0]

    def fit_transform(
        self, lemmas: list[str], titles: list[str] | None = None
    ) -> np.ndarray | sp.csr_matrix:
        """Fit on the lemma strings (one per proposal) and return their rows."""
        representation = self.representation
        if representation == "auto":
            representation = DEFAULT_REPRESENTATION
        if representation not in REPRESENTATIONS:
            raise ValueError(
                f"unknown representation {representation!r}; expected one of {REPRESENTATIONS}"
            )
        if representation in _VECTOR_REPRESENTATIONS and (
            not self._has_vectors()
            or (representation in _WITHOUT_VECTORS and not self.vector_weight)
        ):
            representation = _WITHOUT_VECTORS.get(representation, "lsa")
        self.representation_ = representation
        n = len(lemmas)
        self.tfidf_ = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=2 if n >= 50 else 1,
            sublinear_tf=True,
            token_pattern=_TOKEN_PATTERN,
            stop_words=_french_stop_words(),
            lowercase=True,
            dtype=np.float32,
        )
        tfidf = self._with_titles(self.tfidf_.fit_transform(lemmas), titles)
        return self._finish(tfidf, lemmas, fitting=True)

    def _sif_fit(self, lemmas: list[str]) -> np.ndarray:
        """Learn SIF word weights and the common component; return the rows (Arora et al.)."""
        self.sif_counter_ = CountVectorizer(analyzer=_lowercase_words, dtype=np.float32)
        try:
            counts = self.sif_counter_.fit_transform(lemmas)
        except ValueError:  # empty vocabulary
            self.sif_counter_ = None
            return np.zeros((len(lemmas), 1), dtype=np.float32)
        terms = list(self.sif_counter_.get_feature_names_out())
        embedding = normalize(self._embedding(terms))
        frequency = np.asarray(counts.sum(axis=0)).ravel() / max(float(counts.sum()), 1.0)
        known = np.abs(embedding).sum(axis=1) > 0
        self.sif_weights_ = np.where(known, _SIF_SMOOTHING / (_SIF_SMOOTHING + frequency), 0.0)
        self.sif_embedding_ = embedding
        self.sif_component_ = None
        rows = self._sif_rows(counts)
        sample = rows
        if len(rows) > self.svd_sample_size:
            rng = np.random.RandomState(self.random_state)
            sample = rows[np.sort(rng.choice(len(rows), self.svd_sample_size, replace=False))]
        if len(sample) >= 2 and np.abs(sample).sum() > 0:
            svd = TruncatedSVD(1, algorithm="arpack", random_state=self.random_state)
            component = svd.fit(sample).components_[0]
            # The sign of a singular vector is arbitrary: fix it for reproducible rows.
            self.sif_component_ = component * (
                1 if component[np.argmax(np.abs(component))] > 0 else -1
            )
        return self._sif_remove_component(rows)

    def _sif_rows(self, counts: sp.csr_matrix) -> np.ndarray:
        weights = sp.csr_matrix(counts.multiply(self.sif_weights_[None, :]))
        totals = np.asarray(weights.sum(axis=1)).ravel()
        rows = np.asarray(weights @ self.sif_embedding_, dtype=np.float32)
        return rows / np.maximum(totals, 1e-12)[:, None]

    def _sif_remove_component(self, rows: np.ndarray) -> np.ndarray:
        if self.sif_component_ is not None:
            rows = rows - np.outer(rows @ self.sif_component_, self.sif_component_)
        return normalize(rows).astype(np.float32)

    def _sif_transform(self, lemmas: list[str]) -> np.ndarray:
        if self.sif_counter_ is None:
            return np.zeros((len(lemmas), 1), dtype=np.float32)
        return self._sif_remove_component(self._sif_rows(self.sif_counter_.transform(lemmas)))

    def _lsa(self, tfidf: sp.csr_matrix) -> np.ndarray:
        n_components = min(self.n_components, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
        if n_components < 2:
            self.svd_ = None
            return normalize(tfidf.toarray())
        self.svd_ = TruncatedSVD(n_components, random_state=self.random_state)
        if tfidf.shape[0] <= self.svd_sample_size:
            return normalize(self.svd_.fit_transform(tfidf))
        # Large inputs: the topic axes are learnt from a sample, every row is then projected.
        rng = np.random.RandomState(self.random_state)
        sample = np.sort(rng.choice(tfidf.shape[0], self.svd_sample_size, replace=False))
        self.svd_.fit(tfidf[sample])
        return normalize(self.svd_.transform(tfidf))

    def _word_vector_rows(self, lemmas: list[str], weighted: bool) -> np.ndarray:
        self.words_ = TfidfVectorizer(
            token_pattern=_TOKEN_PATTERN,
            stop_words=_french_stop_words(),
            sublinear_tf=True,
            use_idf=weighted,
            dtype=np.float32,
        )
        self.weighted_ = weighted
        try:
            self.words_.fit(lemmas)
        except ValueError:  # empty vocabulary
            self.words_ = None
        else:
            terms = list(self.words_.get_feature_names_out())
            self.embedding_ = normalize(self._embedding(terms))
        return self._word_vector_transform(lemmas)

    def _word_vector_transform(self, lemmas: list[str]) -> np.ndarray:
        if self.words_ is None:
            return np.zeros((len(lemmas), 1), dtype=np.float32)
        weights = self.words_.transform(lemmas)
        if not self.weighted_:
            weights = (weights > 0).astype(np.float32)
        return normalize(np.asarray(weights @ self.embedding_))

    def _embedding(self, terms: list[str]) -> np.ndarray:
        """One word vector per term (zeros for unknown terms)."""
        if self.word_vectors:
            dim = len(next(iter(self.word_vectors.values())))
            matrix = np.zeros((len(terms), dim), dtype=np.float32)
            for i, term in enumerate(terms):
                vector = self.word_vectors.get(term)
                if vector is not None:
                    matrix[i] = vector
            return matrix
        table = self.vocab.vectors
        data = np.asarray(table.data)
        matrix = np.zeros((len(terms), data.shape[1]), dtype=np.float32)
        for i, term in enumerate(terms):
            row = table.find(key=term)
            if row >= 0:
                matrix[i] = data[row]
        return matrix


_TITLE_WORD = re.compile(r"\w+")
# A first line followed by more text: "title\n\nbody" (matched without copying the text).
_FIRST_LINE = re.compile(r"\s*([^\n]+)\n\s*\S")


def _fold(word: str) -> str:
    """Lowercase without accents, to compare a lemma with the word it came from."""
    return ascii_fold(word)


def _same_start(first: str, second: str) -> bool:
    shortest = min(len(first), len(second))
    return first[:shortest] == second[:shortest]


def estimate_title_lemmas(text: str, lemmas: str, max_title_chars: int = 300) -> str:
    """The leading lemmas that come from the proposal's title (its first line), if it has one.

    A contribution's text is "title\n\nbody" and its lemmas follow the text's token order, so
    the title's lemmas are a prefix of ``lemmas``: the longest prefix whose lemmas each match a
    later word of the first line by their first three letters, accents ignored ("an"/"ans",
    "lier"/"lié"; "mettre"/"mis" does not, which only shortens the title). Returns "" when the
    text has no separate first line or the first line is longer than ``max_title_chars``.
    Agrees exactly with parsing the titles alone for 94-98 % of the labelled proposals
    (``bench/cluster_explore.py --check-titles``), the rest being a lemma or two short or long.
    """
    match = _FIRST_LINE.match(text)
    if match is None:
        return ""
    head = match.group(1).strip()
    if not head or len(head) > max_title_chars:
        return ""
    prefixes = [_fold(w[:4])[:3] for w in _TITLE_WORD.findall(head)]
    taken: list[str] = []
    position = 0
    for lemma in lemmas.split():
        prefix = _fold(lemma[:4])[:3]
        if len(prefix) < 2:
            break
        found = next(
            (
                j
                for j in range(position, len(prefixes))
                if len(prefixes[j]) >= 2 and _same_start(prefix, prefixes[j])
            ),
            None,
        )
        if found is None:
            break
        taken.append(lemma)
        position = found + 1
    return " ".join(taken)


# --------------------------------------------------------------------------- near-duplicates


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


# --------------------------------------------------------------------------- clustering


def _dot(matrix: np.ndarray | sp.csr_matrix, other: np.ndarray) -> np.ndarray:
    return np.asarray(matrix @ other.T)


def _centroids(matrix: np.ndarray | sp.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """L2-normalised mean row of each cluster ``0..k-1`` (zeros for an empty cluster)."""
    indicator = sp.csr_matrix(
        (np.ones(int((labels >= 0).sum())), (labels[labels >= 0], np.flatnonzero(labels >= 0))),
        shape=(k, matrix.shape[0]),
    )
    sums = indicator @ matrix
    sums = sums.toarray() if sp.issparse(sums) else np.asarray(sums)
    return normalize(sums)


def choose_n_clusters(n_items: int, min_clusters: int, max_clusters: int) -> int:
    """Number of clusters for ``n_items`` distinct proposals: ``sqrt(n / 2)`` within the bounds.

    Why a size rule: on the three labelled consultations (bench/cluster_labelled.py) the cosine
    silhouette of k-means rises monotonically up to k = 40, also relative to a column-permuted
    null, and agreement across seeds is flat: the proposals have no natural number of groups, so
    those criteria only ever pick the largest k allowed. ``sqrt(n / 2)`` (Mardia's rule) keeps
    clusters of about ``sqrt(2 n)`` proposals, a size a reader can review, and matched the gold
    granularity best (18 for repnum's 662 proposals in 18 sections).
    """
    if n_items < 2:
        return 1
    k = round(float(np.sqrt(n_items / 2)))
    return int(min(max(k, min_clusters), max_clusters, n_items - 1))


def _fit_labels(
    matrix: np.ndarray | sp.csr_matrix, k: int, algorithm: str, config: ClusteringConfig
) -> np.ndarray:
    n = matrix.shape[0]
    if algorithm == "auto":
        algorithm = "consensus" if n <= config.max_exact_size else "minibatch_kmeans"
    if algorithm == "consensus" and n > k + 2:
        return consensus_spectral(
            matrix, k, config.consensus_neighbors, random_state=config.random_state
        )
    if algorithm in ("spectral", "consensus") and n > k + 2:
        # Small inputs need a sparser graph: a near-complete graph has no cluster structure.
        n_neighbors = max(2, min(config.n_neighbors, n // 4))
        model = SpectralClustering(
            k,
            affinity="nearest_neighbors",
            n_neighbors=n_neighbors,
            assign_labels="cluster_qr",
            random_state=config.random_state,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "graph is not fully connected" is expected
            return model.fit_predict(matrix)
    if algorithm == "minibatch_kmeans":
        model = MiniBatchKMeans(
            k,
            n_init=2,
            batch_size=4096,
            init_size=min(n, max(3 * k, 3000)),
            random_state=config.random_state,
            max_no_improvement=20,
        )
        return model.fit_predict(matrix)
    return KMeans(k, n_init=10, random_state=config.random_state).fit_predict(matrix)


# Similarities computed at once by _neighbour_lists (rows x all items), about 32 MB.
_SIMILARITY_CELLS = 4_000_000
# Columns present in more than this share of rows (word-vector blocks) are multiplied densely.
_DENSE_COLUMN_SHARE = 0.2


def _neighbour_lists(matrix: np.ndarray | sp.csr_matrix, n_neighbors: int) -> np.ndarray:
    """The ``n_neighbors`` most cosine-similar rows of each row (itself excluded), best first.

    Equal similarities are listed by row index. Brute force by blocks of rows, as scikit-learn's
    ``NearestNeighbors(metric="cosine", algorithm="brute")``, whose lists it gives, but the
    columns that nearly every row uses (the word-vector part of the representation) are
    multiplied as a dense block with BLAS: sparse x sparse products spent 4.1 s on them for
    5,000 proposals, against 0.3 s.
    """
    rows_normed = normalize(matrix)
    n = rows_normed.shape[0]
    k = min(n_neighbors, n - 1)
    if k < 1:
        return np.empty((n, 0), dtype=np.intp)
    sparse_part = None
    if sp.issparse(rows_normed):
        rows_normed = sp.csr_matrix(rows_normed)
        share = np.bincount(rows_normed.indices, minlength=rows_normed.shape[1]) / n
        dense_part = rows_normed[:, np.flatnonzero(share > _DENSE_COLUMN_SHARE)].toarray()
        sparse_part = rows_normed[:, np.flatnonzero(share <= _DENSE_COLUMN_SHARE)].tocsr()
        sparse_part_t = sparse_part.T.tocsr()
    else:
        dense_part = np.asarray(rows_normed)
    nearest = np.empty((n, k), dtype=np.intp)
    step = max(1, _SIMILARITY_CELLS // n)
    for start in range(0, n, step):
        stop = min(n, start + step)
        similarity = dense_part[start:stop] @ dense_part.T
        if sparse_part is not None and sparse_part.shape[1]:
            similarity += (sparse_part[start:stop] @ sparse_part_t).toarray()
        block = np.arange(stop - start)
        similarity[block, block + start] = -np.inf
        best = np.sort(np.argpartition(-similarity, k - 1, axis=1)[:, :k], axis=1)
        values = np.take_along_axis(similarity, best, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")
        nearest[start:stop] = np.take_along_axis(best, order, axis=1)
    return nearest


def _spectral_labels(affinity: sp.csr_matrix, k: int, random_state: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "graph is not fully connected" is expected
        # LOBPCG gives the same partitions as ARPACK's shift-invert here (AMI 1.0 on 4,700
        # proposals) about 8x faster: ARPACK factorises the graph Laplacian for each graph.
        return spectral_clustering(
            affinity,
            n_clusters=k,
            eigen_solver="lobpcg",
            assign_labels="cluster_qr",
            random_state=random_state,
        )


def consensus_spectral(
    matrix: np.ndarray | sp.csr_matrix,
    k: int,
    neighbours: list[int] | tuple[int, ...] = (10, 15, 20, 30),
    random_state: int = 0,
) -> np.ndarray:
    """Spectral clustering of the co-association of spectral clusterings on several kNN graphs.

    One spectral clustering per graph size in ``neighbours`` (cosine kNN graphs, symmetrised as
    scikit-learn does); each edge of the largest graph is then weighted by the share of those
    partitions that keep its two ends together, and that graph is clustered once more. The
    result no longer hinges on one arbitrary neighbour count (single graphs moved NMI by
    +-0.03 on the labelled sets). Memory is O(n * max(neighbours)); the kNN search is brute force
    in chunks, so this is meant for the exact path (``max_exact_size``).
    """
    n = matrix.shape[0]
    sizes = sorted({max(2, min(int(nn), n // 4, n - 1)) for nn in neighbours})
    nearest = _neighbour_lists(matrix, max(sizes))
    rows = np.arange(n)

    def graph(size: int) -> sp.csr_matrix:
        # As scikit-learn's "nearest_neighbors" affinity: the point itself and size - 1 others.
        cols = np.concatenate([rows[:, None], nearest[:, : size - 1]], axis=1)
        connectivity = sp.csr_matrix(
            (np.ones(cols.size), (np.repeat(rows, size), cols.ravel())), shape=(n, n)
        )
        return (0.5 * (connectivity + connectivity.T)).tocsr()

    partitions = [_spectral_labels(graph(size), k, random_state) for size in sizes]
    if len(partitions) == 1:
        return partitions[0]
    return _spectral_labels(_coassociation_affinity(nearest, partitions), k, random_state)


def _coassociation_affinity(nearest: np.ndarray, partitions: list[np.ndarray]) -> sp.csr_matrix:
    """On the union of the kNN edges, the share of ``partitions`` that put both ends together."""
    n = nearest.shape[0]
    rows = np.arange(n)
    union = sp.csr_matrix(
        (np.ones(nearest.size), (np.repeat(rows, nearest.shape[1]), nearest.ravel())),
        shape=(n, n),
    )
    union = ((union + union.T) > 0).tocoo()
    together = np.zeros(len(union.data))
    for labels in partitions:
        together += labels[union.row] == labels[union.col]
    # A small floor keeps edges that every partition cut, so the graph stays connected.
    weights = together / len(partitions) + 1e-3
    return sp.csr_matrix((weights, (union.row, union.col)), shape=(n, n))


def _assign_unclustered(
    similarity: np.ndarray, labels: np.ndarray, share: float, min_size: int
) -> np.ndarray:
    """Move the least typical members and the members of too-small clusters to ``-1``."""
    labels = labels.copy()
    clustered = np.flatnonzero(labels >= 0)
    n_out = int(np.floor(share * len(labels)))
    if n_out and len(clustered):
        order = clustered[np.lexsort((clustered, similarity[clustered]))]
        labels[order[:n_out]] = UNCLUSTERED
    for cluster in np.unique(labels[labels >= 0]):
        members = labels == cluster
        if members.sum() < min_size:
            labels[members] = UNCLUSTERED
    return labels


# --------------------------------------------------------------------------- labels


def label_clusters(
    lemmas: list[str], labels: np.ndarray, n_terms: int = 10, phrases: PhraseIndex | None = None
) -> dict[int, list[str]]:
    """Top terms of each cluster (``-1`` included) by class-based TF-IDF, best first.

    A term's weight in a class is its frequency in the class (normalised by the class's total)
    times ``log(1 + A / f)``, ``A`` the mean number of terms per class and ``f`` the term's
    frequency over all classes. A word is shown through a bigram holding it when that bigram
    weighs at least half as much, and not repeated alone once a bigram has shown it. With
    ``phrases``, a bigram is shown as the corpus term it stands for ("zone rural" -> "zone
    rurale"), and left out when it is no phrase of the corpus ("informatique sein").
    """
    classes = sorted(int(c) for c in np.unique(labels))
    if not classes:
        return {}
    counter = CountVectorizer(
        ngram_range=(1, 2), token_pattern=_TOKEN_PATTERN, stop_words=_french_stop_words()
    )
    try:
        counts = counter.fit_transform(lemmas)
    except ValueError:
        return {c: [] for c in classes}
    terms = counter.get_feature_names_out()
    index = {c: i for i, c in enumerate(classes)}
    rows = np.array([index[int(c)] for c in labels])
    indicator = sp.csr_matrix(
        (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(classes), len(rows))
    )
    class_counts = np.asarray((indicator @ counts).todense(), dtype=float)
    totals = class_counts.sum(axis=1, keepdims=True)
    term_freq = class_counts.sum(axis=0)
    mean_terms = totals.mean()
    weights = (class_counts / np.maximum(totals, 1)) * np.log1p(
        mean_terms / np.maximum(term_freq, 1)
    )

    return {
        cluster: top_terms(np.lexsort((terms, -weights[i])), weights[i], terms, n_terms, phrases)
        for cluster, i in index.items()
    }


def _make_label(top_terms: list[str], taken: set[str]) -> str:
    """A short label from the top terms, unique in ``taken`` (lowercased labels in use).

    A bigram ranking in the top three is a readable lemmatised phrase on its own ("logiciel
    libre"); a single word is completed by the next term ("prix · correctif").
    """
    bigrams = [t for t in top_terms[:3] if " " in t]
    base = (bigrams or top_terms or ["groupe"])[0]
    extra = [t for t in top_terms if not set(t.split()) <= set(base.split())]
    parts = [base]
    if " " not in base and extra:
        parts.append(extra.pop(0))
    label = " · ".join(parts)
    while label.lower() in taken and extra:
        label = f"{label} · {extra.pop(0)}"
    if label.lower() in taken:
        stem, number = label, 2
        while f"{stem} ({number})".lower() in taken:
            number += 1
        label = f"{stem} ({number})"
    return label[:1].upper() + label[1:]


# --------------------------------------------------------------------------- stable ids


def match_previous_clusters(
    current: pd.Series, previous: pd.Series, min_overlap: float = 0.3
) -> tuple[dict[int, int], dict[int, str], dict[int, list[int]]]:
    """Match current clusters to previous ones by shared members.

    ``current`` and ``previous`` map proposal_id -> cluster id (``-1`` ignored). Returns
    ``(kept_id, status, previous_ids)`` keyed by current cluster: ``kept_id`` for the clusters
    matched one-to-one by the Hungarian algorithm on member Jaccard (>= ``min_overlap``);
    ``status`` is ``persisting``, ``merged`` (it holds most of two or more previous clusters),
    ``split`` (its previous cluster is now shared between several current ones) or ``new``;
    ``previous_ids`` lists the previous clusters that contributed substantially.
    """
    current = current[current >= 0]
    previous = previous[previous >= 0]
    cur_ids = sorted(int(c) for c in current.unique())
    prev_ids = sorted(int(c) for c in previous.unique())
    status = {c: "new" for c in cur_ids}
    contributors: dict[int, list[int]] = {c: [] for c in cur_ids}
    if not cur_ids or not prev_ids:
        return {}, status, contributors
    joined = pd.DataFrame({"cur": current}).join(pd.DataFrame({"prev": previous}), how="inner")
    overlap = np.zeros((len(cur_ids), len(prev_ids)))
    if len(joined):
        counts = joined.groupby(["cur", "prev"]).size()
        ci = {c: i for i, c in enumerate(cur_ids)}
        pi = {p: i for i, p in enumerate(prev_ids)}
        for (c, p), value in counts.items():
            overlap[ci[int(c)], pi[int(p)]] = value
    cur_sizes = current.value_counts().reindex(cur_ids).to_numpy(float)
    prev_sizes = previous.value_counts().reindex(prev_ids).to_numpy(float)
    jaccard = overlap / (cur_sizes[:, None] + prev_sizes[None, :] - overlap)
    rows, cols = linear_sum_assignment(-jaccard)
    kept = {
        cur_ids[r]: prev_ids[c]
        for r, c in zip(rows, cols, strict=True)
        if jaccard[r, c] >= min_overlap
    }
    # Share of a previous cluster's (still present) members found in each current cluster.
    prev_present = np.maximum(overlap.sum(axis=0), 1)
    share_of_prev = overlap / prev_present[None, :]
    share_of_cur = overlap / np.maximum(cur_sizes[:, None], 1)
    substantial = (share_of_prev >= min_overlap) & (share_of_cur >= 0.1)
    for r, c in enumerate(cur_ids):
        sources = [prev_ids[j] for j in np.flatnonzero(substantial[r])]
        contributors[c] = sources
        split_sources = [p for p in sources if substantial[:, prev_ids.index(p)].sum() > 1]
        if len(sources) > 1:
            status[c] = "merged"
        elif split_sources:
            status[c] = "split"
        elif c in kept:
            status[c] = "persisting"
    return kept, status, contributors


# --------------------------------------------------------------------------- main entry


def _row_vectors(vectors: Any, n: int) -> np.ndarray | None:
    if vectors is None or isinstance(vectors, Mapping):
        return None
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != n:
        raise ValueError(
            f"vectors must be a mapping lemma -> vector or a matrix with one row per proposal "
            f"({n}); got shape {matrix.shape}"
        )
    return matrix


def cluster_proposals(
    proposals: pd.DataFrame,
    config: ClusteringConfig | None = None,
    previous: pd.DataFrame | None = None,
    vocab: Any = None,
    vectors: Mapping[str, np.ndarray] | np.ndarray | None = None,
    fold_in: bool = False,
    phrases: PhraseIndex | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster proposals; return (proposals with cluster columns, clusters table).

    The proposals keep their input order and columns; ``cluster_id``, ``cluster_label`` and
    ``duplicate_of`` are (over)written. See the module docstring for the method.

    With ``fold_in`` (and a ``previous`` table), the clusters are not fitted again: proposals
    already in ``previous`` with the same lemmas keep their cluster, and the others join the
    cluster whose centroid is nearest, or the unclustered group when they are less similar to it
    than the ``unclustered_share`` least typical members. Reruns after small additions then cost
    a fraction of a full clustering; the flow refits after enough change.

    ``phrases`` (the corpus's key terms) makes the top terms and labels readable phrases; see
    :func:`label_clusters`.
    """
    config = config or ClusteringConfig()
    if "proposal_id" not in proposals.columns:
        raise ValueError("proposals need a 'proposal_id' column")
    if proposals["proposal_id"].duplicated().any():
        dupes = proposals.loc[proposals["proposal_id"].duplicated(), "proposal_id"].head(3)
        raise ValueError(f"proposal_id must be unique; repeated: {list(dupes)}")
    row_vectors = _row_vectors(vectors, len(proposals))
    word_vectors = vectors if isinstance(vectors, Mapping) else None

    order = np.argsort(proposals["proposal_id"].astype(str).to_numpy(), kind="stable")
    frame = proposals.iloc[order].reset_index(drop=True)
    if row_vectors is not None:
        row_vectors = row_vectors[order]
    n = len(frame)
    ids = frame["proposal_id"].astype(str).to_numpy()
    lemmas = _text_column(frame, "lemmas")
    texts = _text_column(frame, "text")
    doc_ids = _text_column(frame, "doc_id")

    canonical = find_near_duplicates(
        texts, lemmas, config.duplicate_threshold, random_state=config.random_state
    )
    distinct = np.flatnonzero(canonical == np.arange(n))
    known = _previous_clusters(frame, previous) if fold_in else None
    titles = (
        [estimate_title_lemmas(texts[i], lemmas[i]) for i in distinct]
        if config.title_weight
        else None
    )
    labels_distinct, similarity_distinct = _cluster_distinct(
        [lemmas[i] for i in distinct],
        titles,
        None if row_vectors is None else row_vectors[distinct],
        config,
        vocab,
        word_vectors,
        None if known is None else known[distinct],
    )
    labels = np.full(n, UNCLUSTERED)
    similarity = np.zeros(n)
    labels[distinct] = labels_distinct
    similarity[distinct] = similarity_distinct
    labels = labels[canonical]  # duplicates follow their representative
    is_duplicate = canonical != np.arange(n)

    final_ids, statuses, previous_ids, kept_labels = _stable_ids(ids, labels, previous)
    cluster_ids = np.array([final_ids.get(int(c), UNCLUSTERED) for c in labels])
    terms = label_clusters(
        [lemmas[i] for i in distinct],
        cluster_ids[distinct],
        n_terms=config.n_top_terms,
        phrases=phrases,
    )
    names = _unique_labels(terms, kept_labels)

    frame["cluster_id"] = cluster_ids
    frame["cluster_label"] = [names.get(int(c), UNCLUSTERED_LABEL) for c in cluster_ids]
    frame["duplicate_of"] = [ids[canonical[i]] if is_duplicate[i] else None for i in range(n)]
    clusters = _clusters_table(
        frame,
        ids,
        doc_ids,
        cluster_ids,
        similarity,
        is_duplicate,
        terms,
        names,
        statuses,
        previous_ids,
        config,
    )
    result = frame.set_index(order).sort_index()
    result.index = proposals.index
    return result, clusters


def _text_column(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return [str(v) if isinstance(v, str) else "" for v in frame[column]]


def _cluster_distinct(
    lemmas: list[str],
    titles: list[str] | None,
    row_vectors: np.ndarray | None,
    config: ClusteringConfig,
    vocab: Any,
    word_vectors: Mapping[str, np.ndarray] | None,
    known: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels (``-1`` = unclustered) and similarity to the centroid of distinct items.

    ``known`` (fold-in) gives each item's previous cluster, ``-1`` for previously unclustered
    and ``_UNKNOWN`` for new items: only the new items are assigned.
    """
    n = len(lemmas)
    labels = np.full(n, UNCLUSTERED)
    similarity = np.zeros(n)
    has_content = np.array([bool(s.strip()) for s in lemmas], dtype=bool)
    usable = np.flatnonzero(has_content)
    if len(usable) < max(3, 2 * config.min_cluster_size):
        return labels, similarity
    representation = config.representation
    if representation == "auto":
        large = len(usable) > config.max_exact_size
        representation = LARGE_REPRESENTATION if large else DEFAULT_REPRESENTATION
    vectorizer = ProposalVectorizer(
        representation,
        n_components=config.n_components,
        vocab=vocab,
        word_vectors=word_vectors,
        random_state=config.random_state,
        title_weight=config.title_weight,
        vector_weight=config.vector_weight,
    )
    try:
        matrix = vectorizer.fit_transform(
            [lemmas[i] for i in usable], None if titles is None else [titles[i] for i in usable]
        )
    except ValueError:  # every lemma is a stop word: nothing to cluster on
        return labels, similarity
    if row_vectors is not None:
        extra = normalize(np.nan_to_num(row_vectors[usable]))
        if sp.issparse(matrix):
            matrix = normalize(sp.hstack([matrix, sp.csr_matrix(extra)]).tocsr())
        else:
            matrix = normalize(np.hstack([matrix, extra]))
    nonzero = np.asarray(abs(matrix).sum(axis=1)).ravel() > 0
    rows = usable[nonzero]
    matrix = matrix[nonzero]
    if len(rows) < max(3, 2 * config.min_cluster_size):
        return labels, similarity
    if known is not None and (known[rows] >= 0).any():
        labels[rows], similarity[rows] = _fold_in(matrix, known[rows], config.unclustered_share)
        return labels, similarity
    max_k = min(config.max_clusters, len(rows) // config.min_cluster_size)
    if config.n_clusters == "auto":
        k = choose_n_clusters(len(rows), config.min_clusters, max_k)
    else:
        k = min(config.n_clusters, len(rows) - 1)
    k = max(k, 1)
    fitted = (
        np.asarray(_fit_labels(matrix, k, config.algorithm, config))
        if k > 1
        else np.zeros(len(rows), dtype=int)
    )
    centroids = _centroids(matrix, fitted, k)
    sims = _dot(matrix, centroids)[np.arange(len(rows)), fitted]
    fitted = _assign_unclustered(sims, fitted, config.unclustered_share, config.min_cluster_size)
    labels[rows] = fitted
    similarity[rows] = sims
    return labels, similarity


_UNKNOWN = -2  # fold-in: an item the previous run did not cluster


def _previous_clusters(frame: pd.DataFrame, previous: pd.DataFrame | None) -> np.ndarray:
    """Each proposal's cluster in ``previous`` (same id and lemmas), else ``_UNKNOWN``."""
    known = np.full(len(frame), _UNKNOWN)
    if previous is None or not {"proposal_id", "cluster_id", "lemmas"} <= set(previous.columns):
        return known
    before = previous.dropna(subset=["cluster_id"]).drop_duplicates("proposal_id")
    clusters = dict(
        zip(
            zip(
                before["proposal_id"].astype(str),
                before["lemmas"].fillna("").astype(str),
                strict=True,
            ),
            before["cluster_id"].astype(int),
            strict=True,
        )
    )
    lemmas = frame["lemmas"].fillna("").astype(str) if "lemmas" in frame else [""] * len(frame)
    for i, key in enumerate(zip(frame["proposal_id"].astype(str), lemmas, strict=True)):
        known[i] = clusters.get(key, _UNKNOWN)
    return known


def _fold_in(
    matrix: np.ndarray | sp.csr_matrix, known: np.ndarray, unclustered_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Keep the known items' clusters; put new items in the nearest cluster or unclustered."""
    ids = np.unique(known[known >= 0])
    index = np.searchsorted(ids, np.where(known >= 0, known, ids[0]))
    members = known >= 0
    centroids = _centroids(matrix[members], index[members], len(ids))
    sims = _dot(matrix, centroids)
    labels = known.copy()
    similarity = np.where(members, sims[np.arange(len(known)), index], 0.0)
    new = np.flatnonzero(known == _UNKNOWN)
    if len(new):
        best = sims[new].argmax(axis=1)
        best_similarity = sims[new, best]
        # A full clustering leaves its ``unclustered_share`` least typical items out: a new item
        # joins a cluster when it is at least as typical as the least typical member kept, each
        # member measured against its cluster without itself, as the new item is.
        floor = -np.inf
        if unclustered_share > 0:
            floor = float(_leave_one_out_similarity(matrix[members], index[members]).min())
        labels[new] = np.where(best_similarity >= floor, ids[best], UNCLUSTERED)
        similarity[new] = best_similarity
    return labels, similarity


def _leave_one_out_similarity(matrix: np.ndarray | sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Cosine of each row with the sum of the other rows of its cluster (labels ``0..k-1``)."""
    k = int(labels.max()) + 1
    n = matrix.shape[0]
    indicator = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    sums = indicator @ matrix
    sums = sums.toarray() if sp.issparse(sums) else np.asarray(sums)
    squared = matrix.multiply(matrix) if sp.issparse(matrix) else matrix**2
    row_sq = np.asarray(squared.sum(axis=1)).ravel()
    dots = _dot(matrix, sums)[np.arange(n), labels]  # n x k, never n x features
    others_sq = np.maximum((sums**2).sum(axis=1)[labels] - 2 * dots + row_sq, 0.0)
    denominator = np.sqrt(row_sq * others_sq)
    # A cluster of one has no others: +inf, never the minimum.
    return np.divide(dots - row_sq, denominator, out=np.full(n, np.inf), where=denominator > 1e-12)


def _stable_ids(
    ids: np.ndarray, labels: np.ndarray, previous: pd.DataFrame | None
) -> tuple[dict[int, int], dict[int, str], dict[int, list[int]], dict[int, str]]:
    """Final id, status, previous ids and kept label of each fitted cluster."""
    fitted = [int(c) for c in np.unique(labels) if c >= 0]
    # First-run ids: by decreasing size, then by smallest member id (deterministic).
    sizes = {c: int((labels == c).sum()) for c in fitted}
    first_member = {c: ids[np.flatnonzero(labels == c)[0]] for c in fitted}
    fitted.sort(key=lambda c: (-sizes[c], first_member[c]))
    current = pd.Series(labels, index=ids)
    usable_previous = (
        previous is not None
        and len(previous)
        and {"proposal_id", "cluster_id"} <= set(previous.columns)
    )
    if not usable_previous:
        final = {c: i for i, c in enumerate(fitted)}
        return final, {c: "new" for c in final.values()}, {c: [] for c in final.values()}, {}
    prev = previous.dropna(subset=["cluster_id"])
    prev_series = pd.Series(
        prev["cluster_id"].astype(int).to_numpy(), index=prev["proposal_id"].astype(str)
    )
    prev_series = prev_series[~prev_series.index.duplicated()]
    prev_labels: dict[int, str] = {}
    if "cluster_label" in prev.columns:
        for cid, label in zip(prev["cluster_id"].astype(int), prev["cluster_label"], strict=True):
            if isinstance(label, str) and cid >= 0:
                prev_labels.setdefault(cid, label)
    kept, status, contributors = match_previous_clusters(current, prev_series)
    next_id = max([int(prev_series.max()) if len(prev_series) else -1, -1]) + 1
    final: dict[int, int] = {}
    for c in fitted:
        if c in kept:
            final[c] = kept[c]
        else:
            final[c] = next_id
            next_id += 1
    statuses = {final[c]: status.get(c, "new") for c in fitted}
    previous_ids = {final[c]: contributors.get(c, []) for c in fitted}
    kept_labels = {final[c]: prev_labels[kept[c]] for c in fitted if kept.get(c) in prev_labels}
    return final, statuses, previous_ids, kept_labels


def _unique_labels(terms: dict[int, list[str]], kept_labels: dict[int, str]) -> dict[int, str]:
    """Labels of the clusters: kept ones first, then new ones made unique; -1 fixed."""
    names: dict[int, str] = {UNCLUSTERED: UNCLUSTERED_LABEL}
    taken = {UNCLUSTERED_LABEL.lower()}
    for cid in sorted(kept_labels):
        if kept_labels[cid].lower() not in taken:
            names[cid] = kept_labels[cid]
            taken.add(kept_labels[cid].lower())
    for cid in sorted(c for c in terms if c >= 0 and c not in names):
        names[cid] = _make_label(terms[cid], taken)
        taken.add(names[cid].lower())
    return names


def _clusters_table(
    frame: pd.DataFrame,
    ids: np.ndarray,
    doc_ids: list[str],
    cluster_ids: np.ndarray,
    similarity: np.ndarray,
    is_duplicate: np.ndarray,
    terms: dict[int, list[str]],
    names: dict[int, str],
    statuses: dict[int, str],
    previous_ids: dict[int, list[int]],
    config: ClusteringConfig,
) -> pd.DataFrame:
    n_docs_total = max(len({d for d in doc_ids if d}), 1)
    rows = []
    for cid in sorted(int(c) for c in np.unique(cluster_ids)):
        members = np.flatnonzero(cluster_ids == cid)
        distinct = members[~is_duplicate[members]]
        ranked = distinct[np.lexsort((ids[distinct], -similarity[distinct]))]
        member_docs = sorted({doc_ids[i] for i in members if doc_ids[i]})
        rows.append(
            {
                "cluster_id": cid,
                "label": names.get(cid, UNCLUSTERED_LABEL),
                "top_terms": terms.get(cid, []),
                "size": len(members),
                "n_distinct": len(distinct),
                "n_documents": len(member_docs),
                "spread": len(member_docs) / n_docs_total,
                "doc_ids": member_docs,
                "representative_ids": [str(ids[i]) for i in ranked[: config.n_representatives]],
                "status": "unclustered" if cid == UNCLUSTERED else statuses.get(cid, "new"),
                "previous_ids": [int(p) for p in previous_ids.get(cid, [])],
            }
        )
    if not rows:
        return schema.empty("clusters")
    return schema.conform("clusters", pd.DataFrame(rows, columns=_CLUSTER_COLUMNS))


_CLUSTER_COLUMNS = [
    "cluster_id",
    "label",
    "top_terms",
    "size",
    "n_distinct",
    "n_documents",
    "spread",
    "doc_ids",
    "representative_ids",
    "status",
    "previous_ids",
]
