"""Clustering algorithms: the number of clusters, the partition and the unclustered group.

- ``choose_n_clusters(n_items, min_clusters, max_clusters) -> int``: k for ``n_clusters="auto"``.
- ``fit_labels(matrix, k, config) -> np.ndarray``: the default ``algorithm`` of
  :func:`textmine.clustering.cluster_proposals`, the one ``config.algorithm`` names.
- ``consensus_spectral(matrix, k, neighbours, random_state) -> np.ndarray``: spectral clustering
  of the co-association of spectral clusterings on several kNN graphs (the default up to
  ``max_exact_size``).
- ``agglomerative(matrix, k, linkage)``: average-link on cosine distances, or Ward's linkage on
  the L2-normalised rows (exact: O(n^2) memory, so up to ``max_exact_size`` only).
- ``Algorithm``: the type of any callable that can be passed as that ``algorithm``.
- ``UNCLUSTERED``: the id of the group of proposals left out of every cluster (``-1``).
"""

from __future__ import annotations

import warnings
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import (
    AgglomerativeClustering,
    KMeans,
    MiniBatchKMeans,
    SpectralClustering,
    spectral_clustering,
)
from sklearn.preprocessing import normalize

from textmine.config import ClusteringConfig

__all__ = [
    "UNCLUSTERED",
    "Algorithm",
    "agglomerative",
    "choose_n_clusters",
    "consensus_spectral",
    "fit_labels",
]

UNCLUSTERED = -1


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


class Algorithm(Protocol):
    """What ``cluster_proposals(algorithm=...)`` accepts: rows and k -> a label per row.

    Called with the representation's rows of the distinct proposals to cluster (no all-zero
    row), the number of clusters ``k`` (``1 < k < len(rows)``) and the clustering's ``config``.
    Returns one label in ``0..k-1`` per row; ``cluster_proposals`` then leaves the least typical
    members and too-small clusters unclustered. Not called when new proposals are folded in.
    """

    def __call__(
        self, matrix: np.ndarray | sp.csr_matrix, k: int, config: ClusteringConfig
    ) -> np.ndarray: ...


def fit_labels(matrix: np.ndarray | sp.csr_matrix, k: int, config: ClusteringConfig) -> np.ndarray:
    """The default :class:`Algorithm`: the one ``config.algorithm`` names.

    ``"auto"`` is ``"consensus"`` (:func:`consensus_spectral` on ``config.consensus_neighbors``)
    up to ``config.max_exact_size`` rows and ``"minibatch_kmeans"`` above; ``"spectral"`` is one
    spectral clustering of the ``config.n_neighbors``-NN graph; inputs too small for a graph
    (``k + 2`` rows or fewer) fall back to ``KMeans``. ``"agglomerative"`` and ``"ward"``
    (:func:`agglomerative`) are exact: above ``config.max_exact_size`` rows they too give way to
    ``"minibatch_kmeans"``.
    """
    algorithm = config.algorithm
    n = matrix.shape[0]
    if algorithm == "auto":
        algorithm = "consensus" if n <= config.max_exact_size else "minibatch_kmeans"
    if algorithm in ("agglomerative", "ward"):
        if n <= config.max_exact_size:
            return agglomerative(matrix, k, "average" if algorithm == "agglomerative" else "ward")
        algorithm = "minibatch_kmeans"
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


def agglomerative(
    matrix: np.ndarray | sp.csr_matrix, k: int, linkage: str = "average"
) -> np.ndarray:
    """Hierarchical clustering cut at ``k`` clusters: ``average`` link on cosine distances, or
    ``ward`` on the L2-normalised rows (its squared distances are then ``2 - 2 cos``).

    Deterministic (no seed). Average link takes the precomputed cosine distances (dense,
    ``n^2`` floats: 200 MB at 5,000 rows), so sparse TF-IDF rows are never densified; Ward
    needs coordinates, so sparse rows are made dense (TF-IDF rows: a few hundred MB at 5,000).
    """
    rows = normalize(matrix)
    if linkage == "average":
        similarity = rows @ rows.T
        similarity = similarity.toarray() if sp.issparse(similarity) else np.asarray(similarity)
        distances = np.clip(1.0 - similarity, 0.0, 2.0)
        np.fill_diagonal(distances, 0.0)
        model = AgglomerativeClustering(k, metric="precomputed", linkage="average")
        return model.fit_predict(distances)
    if linkage != "ward":
        raise ValueError(f"unknown linkage {linkage!r}; expected 'average' or 'ward'")
    dense = rows.toarray() if sp.issparse(rows) else np.asarray(rows)
    return AgglomerativeClustering(k, linkage="ward").fit_predict(dense)


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
