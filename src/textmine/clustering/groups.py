"""The top level of the clustering: broad groups of clusters, with stable ids, labels and
representatives, as Talk to the City's topics over subtopics or BERTopic's hierarchical topics.

- ``cluster_in_groups(proposals, config=None, previous=None, ...) -> (proposals, clusters,
  groups)``: :func:`cluster_proposals` (the lower level, unchanged), then :func:`group_clusters`
  on the rows it clustered.
- ``group_clusters(proposals, clusters, rows, config=None, previous=None, fold_in=False,
  phrases=None) -> (proposals, clusters, groups)``: fills ``proposals.group_id``,
  ``proposals.group_label`` and ``clusters.group_id``; returns the ``cluster_groups`` table.
- ``choose_n_groups(n_clusters, config)``: the number of groups.
- ``ClusterRows``: collects the rows :func:`cluster_proposals` clustered (its ``on_rows`` hook).

Why this way. A corpus of thousands of proposals is read as 40 clusters only with a map: the
clusters are gathered into ``round(sqrt(k))`` groups (3 to 6 for 10 to 40 clusters, a number a
reader takes in at a glance) by Ward agglomerative clustering of their L2-normalised centroids
(on unit vectors the squared distance is 2 - 2 cosine: still cosine), in the clustering's own
representation, so that the two levels agree on what "close" means. Ward rather than the average
link (``clustering.group_linkage``): on the three sets with two levels of labels, average link
made one group of 47 % of repnum's arguments and groups of a single small cluster, and Ward's
groups matched the top labels better on each set, also when the linkage is chosen without the set
it is scored on (bench/RESULTS.md C21). With the sentence embeddings joined (the default since C20)
the groups trail a direct clustering at the top k by 0.01-0.05 NMI on those sets; of four other
top levels (the average link of centroids, size-weighted Ward, the average link of members, a
direct clustering's majority per cluster) none won when chosen without the set it is scored on
(C23). The unclustered group ``-1`` stays outside any group (its ``group_id`` is ``-1``).

Groups are identified like clusters (:mod:`.identity`): matched to the previous run's groups by
shared proposals (Hungarian on Jaccard), so a group that persists keeps its id and label. With
fold-in the clusters keep theirs and each keeps the group it had (the previous run's group of
most of its members); a cluster without one joins the group whose centroid is nearest. Labels and
top terms come from the same functions as the clusters' (:func:`label_clusters` on the groups'
members, labels made unique); representatives are the distinct members nearest the group's
centroid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering

from textmine import schema
from textmine.clustering.algorithms import UNCLUSTERED, Algorithm, _centroids, _dot, fit_labels
from textmine.clustering.cluster import RowsHook, _text_column, cluster_proposals
from textmine.clustering.identity import _stable_ids
from textmine.clustering.labels import (
    UNCLUSTERED_LABEL,
    class_terms,
    label_clusters,
    name_clusters,
)
from textmine.clustering.representation import Representation, vectorize_proposals
from textmine.config import ClusteringConfig
from textmine.phrases import PhraseIndex, StopTerms

__all__ = ["ClusterRows", "choose_n_groups", "cluster_in_groups", "group_clusters"]


@dataclass
class ClusterRows:
    """The rows a clustering clustered: ``proposal_id`` of each and the matrix (its hook)."""

    ids: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    matrix: np.ndarray | sp.csr_matrix | None = None
    then: RowsHook | None = None  # another receiver of the same rows (the proposal map)

    def __call__(self, ids: np.ndarray, matrix: np.ndarray | sp.csr_matrix) -> None:
        self.ids, self.matrix = np.asarray(ids, dtype=object), matrix
        if self.then is not None:
            self.then(ids, matrix)


def choose_n_groups(n_clusters: int, config: ClusteringConfig) -> int:
    """Groups for ``n_clusters`` clusters: ``config.n_groups`` or ``round(sqrt(k))`` in bounds.

    ``sqrt(k)`` keeps the two levels balanced (about as many clusters per group as groups: 6
    groups of 6 for 36 clusters), the rule ``choose_n_clusters`` applies one level down; never
    more groups than clusters, at least one.
    """
    if n_clusters < 1:
        return 0
    if config.n_groups == "auto":
        wanted = round(float(np.sqrt(n_clusters)))
        wanted = min(max(wanted, config.min_groups), config.max_groups)
    else:
        wanted = int(config.n_groups)
    return max(1, min(wanted, n_clusters))


def cluster_in_groups(
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
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Both levels: :func:`cluster_proposals` (same parameters), then :func:`group_clusters`;
    ``on_rows`` also receives the clustered rows (the proposal map is drawn from them)."""
    config = config or ClusteringConfig()
    rows = ClusterRows(then=on_rows)
    clustered, clusters = cluster_proposals(
        proposals,
        config,
        previous=previous,
        vocab=vocab,
        vectors=vectors,
        fold_in=fold_in,
        phrases=phrases,
        representation=representation,
        algorithm=algorithm,
        on_rows=rows,
    )
    return group_clusters(clustered, clusters, rows, config, previous, fold_in, phrases)


def group_clusters(
    proposals: pd.DataFrame,
    clusters: pd.DataFrame,
    rows: ClusterRows,
    config: ClusteringConfig | None = None,
    previous: pd.DataFrame | None = None,
    fold_in: bool = False,
    phrases: PhraseIndex | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Gather the clusters of ``proposals`` into groups; return (proposals, clusters, groups).

    ``proposals`` and ``clusters`` are what :func:`cluster_proposals` returned and ``rows`` the
    rows it clustered; ``previous`` the previous run's proposals as the clustering made them
    (``group_id``, ``group_label``: :func:`textmine.review.pre_review_proposals`), whose groups
    keep their ids and labels; with ``fold_in`` each cluster keeps its previous group.
    """
    config = config or ClusteringConfig()
    order = np.argsort(proposals["proposal_id"].astype(str).to_numpy(), kind="stable")
    frame = proposals.iloc[order].reset_index(drop=True)
    ids = frame["proposal_id"].astype(str).to_numpy()
    cluster_of = frame["cluster_id"].fillna(UNCLUSTERED).astype(int).to_numpy()
    cluster_ids = sorted(int(c) for c in np.unique(cluster_of) if c >= 0)
    matrix, row_clusters = _rows_by_cluster(rows, ids, cluster_of)

    group_of = _provisional_groups(
        cluster_ids, matrix, row_clusters, frame, previous, fold_in, config
    )
    labels = np.array([group_of.get(int(c), UNCLUSTERED) for c in cluster_of])
    final, statuses, previous_ids, kept = _stable_ids(ids, labels, _previous_groups(previous))
    group_ids = np.array([final.get(int(g), UNCLUSTERED) for g in labels])

    not_duplicate = _not_duplicate(frame)
    distinct = np.flatnonzero(not_duplicate)
    lemmas = _text_column(frame, "lemmas")
    stop = StopTerms.from_terms(config.stop_terms or [])
    weighted = class_terms([lemmas[i] for i in distinct], group_ids[distinct])
    terms = label_clusters(
        [lemmas[i] for i in distinct],
        group_ids[distinct],
        n_terms=config.n_top_terms,
        phrases=phrases,
        stop=stop,
        weighted=weighted,
    )
    # Labelled as the clusters are: a noun phrase written in two of the group's texts at least.
    texts = _text_column(frame, "text")
    names = name_clusters(texts, group_ids, ~not_duplicate, kept, phrases, stop, weighted)

    frame["group_id"] = group_ids
    frame["group_label"] = [names.get(int(g), UNCLUSTERED_LABEL) for g in group_ids]
    cluster_group = {int(c): final.get(g, UNCLUSTERED) for c, g in group_of.items()}
    out_clusters = clusters.copy()
    out_clusters["group_id"] = [
        cluster_group.get(int(c), UNCLUSTERED) for c in out_clusters["cluster_id"]
    ]
    representatives = _representatives(matrix, rows, ids, group_ids, config.n_representatives)
    groups = _groups_table(
        frame, group_ids, cluster_group, terms, names, representatives, statuses, previous_ids
    )
    result = frame.set_index(order).sort_index()
    result.index = proposals.index
    return result, out_clusters, groups


# ------------------------------------------------------------------------------------ fitting


def _rows_by_cluster(
    rows: ClusterRows, ids: np.ndarray, cluster_of: np.ndarray
) -> tuple[np.ndarray | sp.csr_matrix | None, np.ndarray]:
    """The clustered rows and each row's final cluster (``-1`` for rows left unclustered)."""
    if rows.matrix is None or not len(rows.ids):
        return None, np.array([], dtype=int)
    position = {pid: i for i, pid in enumerate(ids)}
    row_clusters = np.array(
        [cluster_of[position[pid]] if pid in position else UNCLUSTERED for pid in rows.ids]
    )
    return rows.matrix, row_clusters


def _provisional_groups(
    cluster_ids: list[int],
    matrix: np.ndarray | sp.csr_matrix | None,
    row_clusters: np.ndarray,
    frame: pd.DataFrame,
    previous: pd.DataFrame | None,
    fold_in: bool,
    config: ClusteringConfig,
) -> dict[int, int]:
    """A group number for each cluster (ids made stable afterwards)."""
    if not cluster_ids:
        return {}
    if matrix is None:  # nothing clustered on rows (cannot happen with clusters): one group
        return dict.fromkeys(cluster_ids, 0)
    index = {c: i for i, c in enumerate(cluster_ids)}
    row_index = np.array([index.get(int(c), UNCLUSTERED) for c in row_clusters])
    centroids = _centroids(matrix, row_index, len(cluster_ids))
    if fold_in:
        kept = _previous_group_of_clusters(frame, previous)
        if any(c in kept for c in cluster_ids):
            return _join_nearest_group(cluster_ids, kept, centroids)
    n_groups = choose_n_groups(len(cluster_ids), config)
    return _fit_groups(cluster_ids, centroids, n_groups, config.group_linkage)


def _fit_groups(
    cluster_ids: list[int], centroids: np.ndarray, n_groups: int, linkage: str = "average"
) -> dict[int, int]:
    """Agglomerative clustering of the (normalised) centroids: average or complete link on
    cosine, or Ward (on unit vectors, squared distance = 2 - 2 cosine: still cosine)."""
    if n_groups >= len(cluster_ids):
        return {c: i for i, c in enumerate(cluster_ids)}
    if n_groups <= 1:
        return dict.fromkeys(cluster_ids, 0)
    if linkage == "ward":
        fitted = AgglomerativeClustering(n_clusters=n_groups, linkage="ward").fit_predict(centroids)
    else:
        distance = np.clip(1.0 - centroids @ centroids.T, 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        fitted = AgglomerativeClustering(
            n_clusters=n_groups, metric="precomputed", linkage=linkage
        ).fit_predict(distance)
    return {c: int(g) for c, g in zip(cluster_ids, fitted, strict=True)}


def _previous_group_of_clusters(
    frame: pd.DataFrame, previous: pd.DataFrame | None
) -> dict[int, int]:
    """Each cluster's group in ``previous``: the one most of its members had (ties: smallest)."""
    before = _previous_groups(previous)
    if before is None:
        return {}
    group = pd.Series(before["cluster_id"].to_numpy(), index=before["proposal_id"].astype(str))
    group = group[~group.index.duplicated()]
    joined = pd.DataFrame(
        {
            "cluster": frame["cluster_id"].fillna(UNCLUSTERED).astype(int).to_numpy(),
            "group": group.reindex(frame["proposal_id"].astype(str)).to_numpy(),
        }
    ).dropna()
    joined = joined[(joined["cluster"] >= 0) & (joined["group"] >= 0)]
    if joined.empty:
        return {}
    counts = joined.groupby(["cluster", "group"]).size().reset_index(name="n")
    counts = counts.sort_values(["cluster", "n", "group"], ascending=[True, False, True])
    first = counts.drop_duplicates("cluster")
    return {int(c): int(g) for c, g in zip(first["cluster"], first["group"], strict=True)}


def _join_nearest_group(
    cluster_ids: list[int], kept: dict[int, int], centroids: np.ndarray
) -> dict[int, int]:
    """Clusters keep their previous group; the others join the group of nearest centroid."""
    group_of = {c: kept[c] for c in cluster_ids if c in kept}
    groups = sorted(set(group_of.values()))
    members = np.array([groups.index(group_of[c]) if c in group_of else -1 for c in cluster_ids])
    group_centroids = _centroids(centroids, members, len(groups))
    for i, c in enumerate(cluster_ids):
        if c not in group_of:
            group_of[c] = groups[int(np.argmax(group_centroids @ centroids[i]))]
    return group_of


def _previous_groups(previous: pd.DataFrame | None) -> pd.DataFrame | None:
    """``previous`` as :func:`_stable_ids` reads clusters: its groups in ``cluster_id``."""
    if previous is None or not {"proposal_id", "group_id"} <= set(previous.columns):
        return None
    frame = previous[["proposal_id", "group_id"]].rename(columns={"group_id": "cluster_id"})
    if "group_label" in previous.columns:
        frame = frame.assign(cluster_label=previous["group_label"].to_numpy())
    frame = frame.dropna(subset=["cluster_id"])
    return frame.assign(cluster_id=frame["cluster_id"].astype(int)) if len(frame) else None


# ------------------------------------------------------------------------------------- tables


def _representatives(
    matrix: np.ndarray | sp.csr_matrix | None,
    rows: ClusterRows,
    ids: np.ndarray,
    group_ids: np.ndarray,
    n: int,
) -> dict[int, list[str]]:
    """The ``n`` distinct members of each group nearest its centroid (ties: smallest id)."""
    if matrix is None:
        return {}
    group_of = dict(zip(ids, group_ids, strict=True))
    row_groups = np.array([int(group_of.get(pid, UNCLUSTERED)) for pid in rows.ids])
    groups = sorted(int(g) for g in np.unique(row_groups) if g >= 0)
    index = np.array([groups.index(g) if g >= 0 else -1 for g in row_groups])
    centroids = _centroids(matrix, index, len(groups))
    similarity = _dot(matrix, centroids)
    chosen: dict[int, list[str]] = {}
    for i, g in enumerate(groups):
        members = np.flatnonzero(index == i)
        ranked = members[np.lexsort((rows.ids[members].astype(str), -similarity[members, i]))]
        chosen[g] = [str(rows.ids[r]) for r in ranked[:n]]
    return chosen


def _groups_table(
    frame: pd.DataFrame,
    group_ids: np.ndarray,
    cluster_group: dict[int, int],
    terms: dict[int, list[str]],
    names: dict[int, str],
    representatives: dict[int, list[str]],
    statuses: dict[int, str],
    previous_ids: dict[int, list[int]],
) -> pd.DataFrame:
    doc_ids = _text_column(frame, "doc_id")
    distinct = _not_duplicate(frame)
    records = []
    for gid in sorted(int(g) for g in np.unique(group_ids)):
        members = np.flatnonzero(group_ids == gid)
        clusters = (
            [UNCLUSTERED]
            if gid == UNCLUSTERED
            else sorted(c for c, g in cluster_group.items() if g == gid)
        )
        records.append(
            {
                "group_id": gid,
                "label": names.get(gid, UNCLUSTERED_LABEL),
                "top_terms": terms.get(gid, []),
                "size": len(members),
                "n_distinct": int(distinct[members].sum()),
                "n_documents": len({doc_ids[i] for i in members if doc_ids[i]}),
                "n_clusters": 0 if gid == UNCLUSTERED else len(clusters),
                "cluster_ids": clusters,
                "representative_ids": representatives.get(gid, []),
                "status": "unclustered" if gid == UNCLUSTERED else statuses.get(gid, "new"),
                "previous_ids": [int(p) for p in previous_ids.get(gid, [])],
            }
        )
    if not records:
        return schema.empty("cluster_groups")
    return schema.conform("cluster_groups", pd.DataFrame(records))


def _not_duplicate(frame: pd.DataFrame) -> np.ndarray:
    if "duplicate_of" not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return np.array([not (isinstance(d, str) and d) for d in frame["duplicate_of"]], dtype=bool)
