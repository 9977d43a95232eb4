"""Cluster identity across runs: stable ids, matching to the previous run, fold-in.

- ``match_previous_clusters(current, previous, min_overlap=0.3)``: current clusters matched to
  the previous run's by shared members (Hungarian algorithm on Jaccard), with their status
  (``persisting``, ``merged``, ``split``, ``new``) and the previous clusters that contributed.

A cluster matched to a previous one keeps its id and label; the others take new ids. With
fold-in, proposals the previous run clustered keep their cluster and new ones join the nearest
cluster, or the unclustered group when less typical than the members a full clustering keeps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from textmine.clustering.algorithms import UNCLUSTERED, _centroids, _dot

__all__ = ["match_previous_clusters"]


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
