"""The proposal map and the cluster map: the clustering's own rows projected onto a plane.

The map is drawn from the rows the clusters were cut from (``cluster_proposals(on_rows=...)``),
not from another representation, so that neighbours on the map are neighbours for the
clustering. The rows (sparse TF-IDF or dense LSA/vectors) are reduced to at most 50 dimensions
by a truncated SVD and L2-normalised; t-SNE (scikit-learn, seeded, PCA init) is fitted on at
most ``sample_size`` of them, a seeded sample; every other proposal is placed at the mean
position of its ``n_neighbors`` most similar positioned proposals, weighted by a sharp softmax of
their cosine similarities (it lands by the most similar one). t-SNE costs grow faster than the number of points (see ``bench/map_scale.py``), placing is one sparse-free matrix product per chunk: 100,000 proposals cost
little more than the sample (``bench/map_scale.py``).

Positions stay put across reruns that fold new proposals in (:func:`project_rows` with the
previous ``proposal_map``): a proposal that had a position keeps it, and only the new ones are
placed among their neighbours. A refit draws the map again.

Near-duplicates (``duplicate_of``) sit on the proposal they repeat; proposals without content
lemmas (never clustered) have no position. The cluster map puts each cluster at the mean
position of its members on the proposal map (the same plane: both maps can be overlaid), sized
by its ``size``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.manifold import TSNE
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from textmine.config import ExploreConfig
from textmine.schema import conform, empty

__all__ = [
    "POSITIONS_FILE",
    "RowsCollector",
    "cluster_map",
    "map_positions",
    "map_tables",
    "project_rows",
    "proposal_map",
]

# Where the flow keeps the positions between the clustering and the review (in ``_work/``).
POSITIONS_FILE = "proposal_positions.parquet"

# Dimensions kept before t-SNE and for the neighbour search: the usual reduction before t-SNE
# (scikit-learn's documentation suggests 50); it also bounds placing to 50 floats per point.
_REDUCED_DIMS = 50
# Points placed per matrix product: 2,000 x 3,000 similarities = 48 MB of float64.
_CHUNK = 2_000
POSITION_COLUMNS = ["proposal_id", "x", "y", "fitted"]
# Softmax temperature of the placing weights. On rua-2019 (a sample of 300 of 428, or of 100),
# the trustworthiness of the placed points was 0.770 / 0.776 at 0.01 against 0.694 / 0.681 at
# 0.1 and 0.700 / 0.667 for a plain similarity-weighted mean of 10 neighbours; 0.01 matched
# taking the single nearest anchor (0.780 / 0.774) without piling points onto it
# (bench/RESULTS.md M1; repnum-2015, not used to choose, gives the figures there).
TEMPERATURE = 0.01


class RowsCollector:
    """Keeps what ``cluster_proposals(on_rows=...)`` passes: the clustered ids and their rows."""

    def __init__(self) -> None:
        self.ids: np.ndarray = np.array([], dtype=object)
        self.matrix: Any = None

    def __call__(self, ids: np.ndarray, matrix: Any) -> None:
        self.ids = np.asarray(ids).astype(str)
        self.matrix = matrix


def project_rows(
    ids: np.ndarray | list[str],
    matrix: Any,
    previous: pd.DataFrame | None = None,
    *,
    sample_size: int = 3_000,
    n_neighbors: int = 5,
    random_state: int = 0,
) -> pd.DataFrame:
    """Positions (``proposal_id``, ``x``, ``y``, ``fitted``) of the proposals ``ids`` whose rows
    are ``matrix`` (one row each).

    ``previous``: positions to keep (the previous ``proposal_map`` after a fold-in): ids found
    there keep their ``x``, ``y`` and ``fitted``; the others are placed among them. Without any
    kept position, t-SNE is fitted on a sample of at most ``sample_size`` rows and the rest is
    placed. Deterministic for the same ids, rows and seed.
    """
    ids = np.asarray(ids).astype(str)
    n = len(ids)
    if n == 0 or matrix is None:
        return pd.DataFrame(columns=POSITION_COLUMNS)
    xy = np.full((n, 2), np.nan)
    fitted = np.zeros(n, dtype=bool)
    kept = _kept_positions(ids, previous, xy, fitted)
    rng = np.random.RandomState(random_state)
    if kept.size:
        anchors = kept
        reduce_on = _sample(anchors, sample_size, rng)
        reduced = _reduce(matrix, reduce_on, random_state)
    else:
        anchors = _sample(np.arange(n), sample_size, rng)
        reduced = _reduce(matrix, anchors, random_state)
        xy[anchors] = _fit_plane(reduced[anchors], random_state)
        fitted[anchors] = True
    placed = np.setdiff1d(np.arange(n), anchors)
    if placed.size:
        xy[placed] = _place(reduced[placed], reduced[anchors], xy[anchors], n_neighbors)
    return pd.DataFrame(
        {"proposal_id": ids, "x": xy[:, 0], "y": xy[:, 1], "fitted": fitted},
        columns=POSITION_COLUMNS,
    )


def _kept_positions(
    ids: np.ndarray, previous: pd.DataFrame | None, xy: np.ndarray, fitted: np.ndarray
) -> np.ndarray:
    """Copy the previous positions of ``ids`` into ``xy``/``fitted``; their indices."""
    if previous is None or previous.empty:
        return np.array([], dtype=int)
    before = previous.dropna(subset=["x", "y"]).drop_duplicates("proposal_id")
    before = before.set_index(before["proposal_id"].astype(str))
    found = pd.Index(before.index).get_indexer(ids)
    kept = np.flatnonzero(found >= 0)
    rows = before.iloc[found[kept]]
    xy[kept, 0] = rows["x"].to_numpy(dtype=float)
    xy[kept, 1] = rows["y"].to_numpy(dtype=float)
    fitted[kept] = rows["fitted"].fillna(False).to_numpy(dtype=bool)
    return kept


def _sample(indices: np.ndarray, size: int, rng: np.random.RandomState) -> np.ndarray:
    """At most ``size`` of ``indices``, seeded, sorted."""
    if len(indices) <= size:
        return np.sort(indices)
    return np.sort(rng.choice(indices, size=size, replace=False))


def _reduce(matrix: Any, fit_on: np.ndarray, random_state: int) -> np.ndarray:
    """Rows reduced to at most ``_REDUCED_DIMS`` dimensions (SVD fitted on ``fit_on``), unit
    length, dense float64."""
    n_features = matrix.shape[1]
    dims = min(_REDUCED_DIMS, n_features - 1, len(fit_on) - 1)
    if dims < 2:
        dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
        return normalize(np.asarray(dense, dtype=float))
    svd = TruncatedSVD(n_components=dims, random_state=random_state)
    svd.fit(matrix[fit_on])
    return normalize(np.asarray(svd.transform(matrix), dtype=float))


def _fit_plane(rows: np.ndarray, random_state: int) -> np.ndarray:
    """t-SNE of ``rows`` (unit vectors: Euclidean ranks neighbours as cosine does), centred and
    scaled into [-1, 1]; the first two coordinates for fewer than 5 points."""
    m = len(rows)
    if m < 5:
        plane = np.zeros((m, 2))
        plane[:, : min(2, rows.shape[1])] = rows[:, :2]
    else:
        # Perplexity 30 (the default) needs more than 90 points; fewer get a third of them.
        perplexity = min(30.0, (m - 1) / 3)
        # One thread: the Barnes-Hut gradient sums in OpenMP threads in no fixed order (the
        # map would differ between runs), and on this shared 2-core machine 500 points took
        # 86 s with the default threads against 10 s with one.
        with threadpool_limits(limits=1):
            plane = TSNE(
                n_components=2,
                perplexity=perplexity,
                init="pca",
                # 500 iterations instead of 1,000: half the cost; the groups form during the
                # first 250 (early exaggeration), the rest only spreads them.
                max_iter=500,
                random_state=random_state,
                n_jobs=1,
            ).fit_transform(rows)
    plane = plane - plane.mean(axis=0)
    scale = np.abs(plane).max()
    return np.round(plane / scale if scale > 0 else plane, 6)


def _place(
    rows: np.ndarray, anchor_rows: np.ndarray, anchor_xy: np.ndarray, n_neighbors: int
) -> np.ndarray:
    """Each row at the similarity-weighted mean position of its most similar anchors."""
    k = min(n_neighbors, len(anchor_rows))
    out = np.empty((len(rows), 2))
    for start in range(0, len(rows), _CHUNK):
        sims = rows[start : start + _CHUNK] @ anchor_rows.T
        if k < sims.shape[1]:
            nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            nearest = np.tile(np.arange(sims.shape[1]), (len(sims), 1))
        near_sims = np.take_along_axis(sims, nearest, axis=1)
        # Softmax of the similarities: a point lands by its most similar anchor, drawn towards
        # the others only as far as they are nearly as similar (TEMPERATURE below).
        weights = np.exp((near_sims - near_sims.max(axis=1, keepdims=True)) / TEMPERATURE)
        weights /= weights.sum(axis=1, keepdims=True)
        out[start : start + len(sims)] = np.einsum("ik,ikd->id", weights, anchor_xy[nearest])
    return np.round(out, 6)


def proposal_map(positions: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """The ``proposal_map`` table: every proposal with a position (its own, or that of the
    proposal it duplicates), with its current ``cluster_id``; ordered by ``proposal_id``."""
    if positions.empty or proposals.empty:
        return empty("proposal_map")
    by_id = positions.set_index(positions["proposal_id"].astype(str))
    own = proposals["proposal_id"].astype(str)
    dup = proposals.get("duplicate_of", pd.Series(None, index=proposals.index))
    source = [
        o if o in by_id.index or not isinstance(d, str) else d
        for o, d in zip(own, dup, strict=True)
    ]
    frame = pd.DataFrame(
        {"proposal_id": own.to_numpy(), "source": source, "cluster_id": proposals["cluster_id"]}
    )
    frame = frame[frame["source"].isin(by_id.index)]
    located = by_id.loc[frame["source"]]
    frame = frame.assign(
        x=located["x"].to_numpy(),
        y=located["y"].to_numpy(),
        # A duplicate placed on its original was not itself in the fitted sample.
        fitted=located["fitted"].to_numpy() & (frame["source"] == frame["proposal_id"]).to_numpy(),
    )
    frame = frame.drop(columns=["source"]).sort_values("proposal_id", kind="stable")
    return conform("proposal_map", frame.reset_index(drop=True))


def cluster_map(proposals_on_map: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The ``cluster_map`` table: each cluster (not the unclustered group ``-1``) at the mean
    position of its members on the proposal map, with its ``size``."""
    if proposals_on_map.empty or clusters.empty:
        return empty("cluster_map")
    members = proposals_on_map[proposals_on_map["cluster_id"] >= 0]
    centres = members.groupby("cluster_id", sort=True)[["x", "y"]].mean().round(6)
    sizes = clusters.drop_duplicates("cluster_id").set_index("cluster_id")["size"]
    centres = centres[centres.index.isin(sizes.index)]
    frame = centres.reset_index().assign(size=sizes.loc[centres.index].to_numpy())
    return conform("cluster_map", frame)


def map_tables(
    positions: pd.DataFrame, proposals: pd.DataFrame, clusters: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """``proposal_map`` and ``cluster_map`` from the clustering's positions and the final
    (reviewed) ``proposals`` and ``clusters``."""
    on_map = proposal_map(positions, proposals)
    return {"proposal_map": on_map, "cluster_map": cluster_map(on_map, clusters)}


def map_positions(
    rows: RowsCollector,
    previous_map: pd.DataFrame | None,
    fold_in: bool,
    config: ExploreConfig,
) -> pd.DataFrame:
    """The positions of a run's clustered proposals (:func:`project_rows` with the settings of
    ``config``): the previous map's positions are kept when the clusters were folded into, and
    the map is drawn again after a refit.

    On a fold-in the previous positions of proposals that have no row now are kept too: a
    proposal that became the near-duplicate of a new one (with a smaller id) stays where it
    was, instead of jumping to the new one (:func:`proposal_map` prefers a proposal's own
    position).
    """
    positions = project_rows(
        rows.ids,
        rows.matrix,
        previous_map if fold_in else None,
        sample_size=config.map_sample,
        n_neighbors=config.map_neighbors,
        random_state=config.random_state,
    )
    if not fold_in or previous_map is None or previous_map.empty:
        return positions
    done = set(positions["proposal_id"])
    kept = previous_map.loc[~previous_map["proposal_id"].astype(str).isin(done), POSITION_COLUMNS]
    if kept.empty:
        return positions
    frames = [f for f in (positions, kept) if not f.empty]
    return pd.concat(frames, ignore_index=True).sort_values("proposal_id", kind="stable")
