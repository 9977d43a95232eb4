"""The clustering entry point: ``cluster_proposals`` (see the package docstring for the method).

It sorts the proposals by id, links near-duplicates (``duplicates``), turns the distinct ones
into rows (``representation``), clusters them or folds new ones in (``algorithms``,
``identity``), keeps ids across runs (``identity``) and labels the clusters (``labels``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from textmine.clustering.algorithms import (
    UNCLUSTERED,
    Algorithm,
    _assign_unclustered,
    _centroids,
    _dot,
    choose_n_clusters,
    fit_labels,
)
from textmine.clustering.duplicates import find_near_duplicates
from textmine.clustering.identity import _fold_in, _previous_clusters, _stable_ids
from textmine.clustering.labels import (
    UNCLUSTERED_LABEL,
    _clusters_table,
    class_terms,
    describe_clusters,
    label_clusters,
    name_clusters,
    ranked_members,
)
from textmine.clustering.representation import (
    Representation,
    estimate_title_lemmas,
    vectorize_proposals,
)
from textmine.config import ClusteringConfig
from textmine.embeddings import uses_embeddings
from textmine.phrases import PhraseIndex, StopTerms

__all__ = ["RowsHook", "cluster_proposals"]

# Receives the clustered rows: the proposal ids of the distinct proposals with content, and their
# rows in the clustering's representation (what the top level of groups is built from).
RowsHook = Callable[[np.ndarray, np.ndarray | sp.csr_matrix], None]


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
    *,
    representation: Representation = vectorize_proposals,
    algorithm: Algorithm = fit_labels,
    on_rows: RowsHook | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster proposals; return (proposals with cluster columns, clusters table).

    The proposals keep their input order and columns; ``cluster_id``, ``cluster_label`` and
    ``duplicate_of`` are (over)written. See the package docstring for the method.

    Parameters:

    - ``proposals``: the ``proposals`` table; ``proposal_id`` (unique) is required, ``lemmas``
      (the clustering input), ``text`` (near-duplicates, titles) and ``doc_id`` (``spread``,
      ``doc_ids``) are read when present.
    - ``config``: the clustering settings (``ClusteringConfig()`` when ``None``).
    - ``previous``: the previous run's ``proposals`` table (``proposal_id``, ``cluster_id``, and
      ``cluster_label``, ``lemmas`` when present): clusters that persist keep their ids and
      labels (:func:`match_previous_clusters`).
    - ``vocab``: a loaded spaCy ``Vocab`` whose word vectors are read for the lemmas (nothing is
      re-parsed).
    - ``vectors``: a mapping ``lemma -> vector`` (used instead of ``vocab``'s vectors), or a
      matrix with one row per proposal in input order: the sentence embeddings that the
      ``_use`` representations (and ``auto``) weight and join (``embedding_weight``); any other
      representation gets them joined to its rows as they are.
      Without ``vocab`` or a mapping, the vector-based representations fall back to TF-IDF/LSA.
    - ``fold_in``: with a ``previous`` table, the clusters are not fitted again: proposals
      already in ``previous`` with the same lemmas keep their cluster, and the others join the
      cluster whose centroid is nearest, or the unclustered group when they are less similar to
      it than the ``unclustered_share`` least typical members. Reruns after small additions
      then cost a fraction of a full clustering; the flow refits after enough change.
      ``algorithm`` is not called then (nor when no proposal of ``previous`` is found).
    - ``phrases``: the corpus's key terms and their written forms: the phrases labels are
      chosen from, as written in the members' texts (:mod:`textmine.clustering.written`; without
      them a label is a single word), and the readable form of top terms
      (:func:`label_clusters`). ``config.stop_terms`` are never in labels, top terms or the
      words that choose a description.
    - ``representation``: turns the distinct proposals' lemma strings (and title lemmas) into
      rows (see :class:`Representation`); the default :func:`vectorize_proposals` builds the
      ``ProposalVectorizer`` that ``config.representation`` names.
    - ``algorithm``: turns those rows and the number of clusters k into a label per row (see
      :class:`Algorithm`); the default :func:`fit_labels` runs the one ``config.algorithm``
      names. k comes from ``config.n_clusters`` (``"auto"``: :func:`choose_n_clusters`).
    - ``on_rows``: called once with the ids of the distinct proposals that were represented
      and their rows (the matrix the clusters were fitted or folded on), in that order; not
      called when too few proposals have content. The groups of clusters
      (:mod:`textmine.clustering.groups`) and the proposal map (:mod:`.maps`) are made from them.
    """
    config = config or ClusteringConfig()
    _check_ids(proposals)
    row_vectors = _row_vectors(vectors, len(proposals))
    word_vectors = vectors if isinstance(vectors, Mapping) else None

    order = np.argsort(proposals["proposal_id"].astype(str).to_numpy(), kind="stable")
    frame = proposals.iloc[order].reset_index(drop=True)
    if row_vectors is not None:
        row_vectors = row_vectors[order]
    canonical, distinct, labels, similarity = _fit(
        frame,
        row_vectors,
        previous,
        fold_in,
        config,
        vocab,
        word_vectors,
        representation,
        algorithm,
        on_rows,
    )
    clusters = _identify_and_label(
        frame, canonical, distinct, labels, similarity, previous, config, phrases
    )
    result = frame.set_index(order).sort_index()
    result.index = proposals.index
    return result, clusters


def _check_ids(proposals: pd.DataFrame) -> None:
    if "proposal_id" not in proposals.columns:
        raise ValueError("proposals need a 'proposal_id' column")
    if proposals["proposal_id"].duplicated().any():
        dupes = proposals.loc[proposals["proposal_id"].duplicated(), "proposal_id"].head(3)
        raise ValueError(f"proposal_id must be unique; repeated: {list(dupes)}")


def _fit(
    frame: pd.DataFrame,
    row_vectors: np.ndarray | None,
    previous: pd.DataFrame | None,
    fold_in: bool,
    config: ClusteringConfig,
    vocab: Any,
    word_vectors: Mapping[str, np.ndarray] | None,
    representation: Representation,
    algorithm: Algorithm,
    on_rows: RowsHook | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Representative, distinct items, fitted cluster and similarity of the sorted proposals."""
    n = len(frame)
    lemmas = _text_column(frame, "lemmas")
    texts = _text_column(frame, "text")
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
        representation,
        algorithm,
        None
        if on_rows is None
        else lambda rows, matrix: on_rows(
            frame["proposal_id"].astype(str).to_numpy()[distinct[rows]], matrix
        ),
    )
    labels = np.full(n, UNCLUSTERED)
    similarity = np.zeros(n)
    labels[distinct] = labels_distinct
    similarity[distinct] = similarity_distinct
    labels = labels[canonical]  # duplicates follow their representative
    return canonical, distinct, labels, similarity


def _identify_and_label(
    frame: pd.DataFrame,
    canonical: np.ndarray,
    distinct: np.ndarray,
    labels: np.ndarray,
    similarity: np.ndarray,
    previous: pd.DataFrame | None,
    config: ClusteringConfig,
    phrases: PhraseIndex | None,
) -> pd.DataFrame:
    """Write the cluster columns into ``frame`` (sorted proposals); return the clusters table."""
    n = len(frame)
    ids = frame["proposal_id"].astype(str).to_numpy()
    lemmas = _text_column(frame, "lemmas")
    doc_ids = _text_column(frame, "doc_id")
    is_duplicate = canonical != np.arange(n)

    final_ids, statuses, previous_ids, kept_labels = _stable_ids(ids, labels, previous)
    cluster_ids = np.array([final_ids.get(int(c), UNCLUSTERED) for c in labels])
    stop = StopTerms.from_terms(config.stop_terms or [])
    weighted = class_terms([lemmas[i] for i in distinct], cluster_ids[distinct])
    terms = label_clusters(
        [lemmas[i] for i in distinct],
        cluster_ids[distinct],
        n_terms=config.n_top_terms,
        phrases=phrases,
        stop=stop,
        weighted=weighted,
    )
    texts = _text_column(frame, "text")
    names = name_clusters(texts, cluster_ids, is_duplicate, kept_labels, phrases, stop, weighted)
    ranked = ranked_members(ids, cluster_ids, similarity, is_duplicate)
    descriptions = describe_clusters(texts, ranked, stop, weighted)

    frame["cluster_id"] = cluster_ids
    frame["cluster_label"] = [names.get(int(c), UNCLUSTERED_LABEL) for c in cluster_ids]
    frame["duplicate_of"] = [ids[canonical[i]] if is_duplicate[i] else None for i in range(n)]
    return _clusters_table(
        ids,
        doc_ids,
        cluster_ids,
        ranked,
        terms,
        names,
        descriptions,
        statuses,
        previous_ids,
        config,
    )


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
    representation: Representation = vectorize_proposals,
    algorithm: Algorithm = fit_labels,
    on_rows: RowsHook | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels (``-1`` = unclustered) and similarity to the centroid of distinct items.

    ``known`` (fold-in) gives each item's previous cluster, ``-1`` for previously unclustered
    and ``_UNKNOWN`` for new items: only the new items are assigned.
    """
    n = len(lemmas)
    labels = np.full(n, UNCLUSTERED)
    similarity = np.zeros(n)
    represented = _represent(
        lemmas, titles, row_vectors, config, vocab, word_vectors, representation
    )
    if represented is None:
        return labels, similarity
    rows, matrix = represented
    if on_rows is not None:
        on_rows(rows, matrix)
    if known is not None and (known[rows] >= 0).any():
        labels[rows], similarity[rows] = _fold_in(matrix, known[rows], config.unclustered_share)
        return labels, similarity
    k = _n_clusters(len(rows), config)
    fitted = np.asarray(algorithm(matrix, k, config)) if k > 1 else np.zeros(len(rows), dtype=int)
    centroids = _centroids(matrix, fitted, k)
    sims = _dot(matrix, centroids)[np.arange(len(rows)), fitted]
    fitted = _assign_unclustered(sims, fitted, config.unclustered_share, config.min_cluster_size)
    labels[rows] = fitted
    similarity[rows] = sims
    return labels, similarity


def _represent(
    lemmas: list[str],
    titles: list[str] | None,
    row_vectors: np.ndarray | None,
    config: ClusteringConfig,
    vocab: Any,
    word_vectors: Mapping[str, np.ndarray] | None,
    representation: Representation,
) -> tuple[np.ndarray, np.ndarray | sp.csr_matrix] | None:
    """The items to cluster and their rows; ``None`` when too few have content."""
    has_content = np.array([bool(s.strip()) for s in lemmas], dtype=bool)
    usable = np.flatnonzero(has_content)
    if len(usable) < max(3, 2 * config.min_cluster_size):
        return None
    # A representation that reads sentence embeddings weights them itself; for the others the
    # rows are joined as they are (as before embeddings existed).
    consumed = row_vectors is not None and uses_embeddings(config.representation)
    extra_args = {"embeddings": row_vectors[usable]} if consumed else {}
    try:
        matrix = representation(
            [lemmas[i] for i in usable],
            None if titles is None else [titles[i] for i in usable],
            config,
            vocab=vocab,
            word_vectors=word_vectors,
            **extra_args,
        )
    except ValueError:  # every lemma is a stop word: nothing to cluster on
        return None
    if row_vectors is not None and not consumed:
        extra = normalize(np.nan_to_num(row_vectors[usable]))
        if sp.issparse(matrix):
            matrix = normalize(sp.hstack([matrix, sp.csr_matrix(extra)]).tocsr())
        else:
            matrix = normalize(np.hstack([matrix, extra]))
    nonzero = np.asarray(abs(matrix).sum(axis=1)).ravel() > 0
    rows = usable[nonzero]
    matrix = matrix[nonzero]
    if len(rows) < max(3, 2 * config.min_cluster_size):
        return None
    return rows, matrix


def _n_clusters(n_rows: int, config: ClusteringConfig) -> int:
    """The number of clusters of ``n_rows`` items (``config.n_clusters``, or chosen)."""
    max_k = min(config.max_clusters, n_rows // config.min_cluster_size)
    if config.n_clusters == "auto":
        k = choose_n_clusters(n_rows, config.min_clusters, max_k)
    else:
        k = min(config.n_clusters, n_rows - 1)
    return max(k, 1)
