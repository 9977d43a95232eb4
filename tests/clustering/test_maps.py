"""The proposal and cluster maps: from the clustering's rows, deterministic, stable on fold-in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from textmine.clustering import cluster_proposals
from textmine.clustering.maps import (
    RowsCollector,
    cluster_map,
    map_positions,
    map_tables,
    project_rows,
    proposal_map,
)
from textmine.config import ExploreConfig
from textmine.schema import TABLES

from .conftest import THEMES, _config


def _clustered_with_rows(themed):
    frame, _ = themed
    rows = RowsCollector()
    clustered, clusters = cluster_proposals(frame, _config(), on_rows=rows)
    return clustered, clusters, rows


def test_the_map_is_drawn_from_the_clustering_rows(themed):
    clustered, clusters, rows = _clustered_with_rows(themed)
    assert len(rows.ids) == len(clustered)  # 18 distinct proposals, each with a row
    assert rows.matrix.shape[0] == len(rows.ids)
    positions = project_rows(rows.ids, rows.matrix)
    tables = map_tables(positions, clustered, clusters)
    on_map = tables["proposal_map"]
    assert list(on_map.columns) == TABLES["proposal_map"].names
    assert set(on_map["proposal_id"]) == set(clustered["proposal_id"])
    assert on_map["fitted"].all()  # 18 points: all in the sample
    assert on_map[["x", "y"]].abs().to_numpy().max() <= 1.0
    # Members of a cluster sit nearer their own cluster's centre than the other centres.
    centres = tables["cluster_map"].set_index("cluster_id")
    assert set(centres.index) == set(clusters.loc[clusters["cluster_id"] >= 0, "cluster_id"])
    assert centres["size"].sum() == (clustered["cluster_id"] >= 0).sum()
    nearest = [
        centres.index[np.argmin(np.hypot(centres["x"] - x, centres["y"] - y))]
        for x, y in zip(on_map["x"], on_map["y"], strict=True)
    ]
    assert np.mean(np.array(nearest) == on_map["cluster_id"].to_numpy()) >= 0.8


def test_the_map_is_deterministic(themed):
    _, _, rows = _clustered_with_rows(themed)
    first = project_rows(rows.ids, rows.matrix, random_state=3)
    again = project_rows(rows.ids, rows.matrix, random_state=3)
    pd.testing.assert_frame_equal(first, again)


def test_a_fold_in_keeps_previous_positions_and_places_only_new_proposals(themed, nlp):
    from .conftest import _proposals

    frame, _ = themed
    rows = RowsCollector()
    cluster_proposals(frame, _config(), on_rows=rows)
    before = proposal_map(project_rows(rows.ids, rows.matrix), frame.assign(cluster_id=0))
    new_texts = [
        "Construire des pistes cyclables le long des routes départementales.",
        "Embaucher des médecins et des infirmières aux urgences.",
    ]
    grown = pd.concat([frame, _proposals(nlp, new_texts, ["p900", "p901"])], ignore_index=True)
    rows_after = RowsCollector()
    cluster_proposals(grown, _config(), on_rows=rows_after)
    after = project_rows(rows_after.ids, rows_after.matrix, before)
    kept = after.merge(before, on="proposal_id", suffixes=("", "_before"))
    assert len(kept) == len(frame)
    assert (kept["x"] == kept["x_before"]).all() and (kept["y"] == kept["y_before"]).all()
    new = after.set_index("proposal_id").loc[["p900", "p901"]]
    assert not new["fitted"].any()
    # Each new proposal lands among its theme's proposals (the first and third themes).
    for pid, theme in (("p900", "velo"), ("p901", "hopital")):
        start = list(THEMES).index(theme) * 6
        theme_ids = [f"p{i:03d}" for i in range(start, start + 6)]
        theme_xy = before.set_index("proposal_id").loc[theme_ids, ["x", "y"]].mean()
        other_ids = sorted(set(before["proposal_id"]) - set(theme_ids))
        other_xy = before.set_index("proposal_id").loc[other_ids, ["x", "y"]].mean()
        point = new.loc[pid, ["x", "y"]]
        assert np.hypot(*(point - theme_xy)) < np.hypot(*(point - other_xy))


def _blobs(n: int, n_blobs: int = 4, seed: int = 0) -> tuple[list[str], sp.csr_matrix, np.ndarray]:
    """``n`` sparse rows in ``n_blobs`` groups of distinct features (TF-IDF-like)."""
    rng = np.random.RandomState(seed)
    group = np.arange(n) % n_blobs
    cols = group[:, None] * 20 + rng.randint(0, 20, size=(n, 4))
    data = rng.rand(n, 4) + 0.1
    matrix = sp.csr_matrix(
        (data.ravel(), (np.repeat(np.arange(n), 4), cols.ravel())), shape=(n, 20 * n_blobs)
    )
    return [f"q{i:05d}" for i in range(n)], matrix, group


def test_large_sets_fit_a_sample_and_place_the_rest():
    ids, matrix, group = _blobs(1_200)
    positions = project_rows(ids, matrix, sample_size=200, n_neighbors=5)
    assert positions["fitted"].sum() == 200
    assert positions[["x", "y"]].notna().all().all()
    # Placed points land with the fitted points of their own group.
    xy = positions[["x", "y"]].to_numpy()
    fitted = positions["fitted"].to_numpy()
    centres = np.array([xy[fitted & (group == g)].mean(axis=0) for g in range(4)])
    placed = ~fitted
    nearest = np.argmin(
        np.linalg.norm(xy[placed][:, None, :] - centres[None, :, :], axis=2), axis=1
    )
    assert np.mean(nearest == group[placed]) >= 0.95
    again = project_rows(ids, matrix, sample_size=200, n_neighbors=5)
    pd.testing.assert_frame_equal(positions, again)


def test_duplicates_sit_on_the_proposal_they_repeat_and_cluster_map_skips_unclustered():
    positions = pd.DataFrame(
        {"proposal_id": ["a", "b"], "x": [0.5, -0.5], "y": [0.1, 0.2], "fitted": [True, True]}
    )
    proposals = pd.DataFrame(
        {
            "proposal_id": ["a", "b", "c", "d"],
            "cluster_id": [0, -1, 0, 1],
            "duplicate_of": [None, None, "a", None],  # d has no content: no position
        }
    )
    on_map = proposal_map(positions, proposals)
    assert on_map["proposal_id"].tolist() == ["a", "b", "c"]
    c = on_map.set_index("proposal_id").loc["c"]
    assert (c["x"], c["y"], bool(c["fitted"])) == (0.5, 0.1, False)
    clusters = pd.DataFrame({"cluster_id": [-1, 0, 1], "size": [1, 2, 1]})
    table = cluster_map(on_map, clusters)
    assert table.to_dict("records") == [{"cluster_id": 0, "x": 0.5, "y": 0.1, "size": 2}]


def test_nothing_to_map_gives_empty_tables():
    assert project_rows([], None).empty
    tables = map_tables(project_rows([], None), pd.DataFrame(), pd.DataFrame())
    assert tables["proposal_map"].empty and tables["cluster_map"].empty


def test_a_fold_in_keeps_the_position_of_a_proposal_that_became_a_duplicate():
    ids, matrix, _ = _blobs(40)
    first = project_rows(ids, matrix)
    # "q00003" now repeats a new proposal "a-new" (a smaller id): it has no row of its own.
    rows = RowsCollector()
    rows(
        ["a-new", *[i for i in ids if i != "q00003"]],
        sp.vstack([matrix[3], matrix[:3], matrix[4:]]),
    )
    after = map_positions(rows, first, True, ExploreConfig())
    proposals = pd.DataFrame(
        {
            "proposal_id": ["a-new", *ids],
            "cluster_id": 0,
            "duplicate_of": [None, *[("a-new" if i == "q00003" else None) for i in ids]],
        }
    )
    on_map = proposal_map(after, proposals).set_index("proposal_id")
    before = first.set_index("proposal_id")
    assert on_map.loc["q00003", "x"] == before.loc["q00003", "x"]
    assert on_map.loc["q00003", "y"] == before.loc["q00003", "y"]
    # After a refit the map is drawn again from the rows alone.
    assert "q00003" not in set(map_positions(rows, first, False, ExploreConfig())["proposal_id"])
