"""The top level: clusters gathered into broad groups, stable ids and labels, fold-in."""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd
import pytest

from tests.clustering.conftest import THEMES, TRAIN, _config, _proposals
from textmine.clustering import (
    UNCLUSTERED,
    ClusterRows,
    choose_n_groups,
    cluster_in_groups,
    cluster_proposals,
)
from textmine.config import ClusteringConfig


@pytest.fixture(scope="module")
def four(nlp) -> pd.DataFrame:
    """Bikes, taxes, hospitals, trains: bikes and trains (transport) belong together."""
    return _proposals(nlp, [*chain.from_iterable(THEMES.values()), *TRAIN])


def _group_of_cluster(clusters: pd.DataFrame) -> dict[int, int]:
    return dict(zip(clusters["cluster_id"], clusters["group_id"], strict=True))


@pytest.mark.parametrize("linkage", ["average", "complete", "ward"])
def test_close_clusters_share_a_group_and_every_cluster_has_one(four, linkage):
    config = _config(n_clusters=4, n_groups=3, group_linkage=linkage)
    proposals, clusters, groups = cluster_in_groups(four, config)
    by_id = proposals.set_index("proposal_id")
    bike, train, tax = (by_id.loc[p, "group_id"] for p in ("p000", "p018", "p006"))
    assert bike == train != tax
    assert len(groups) == 3 and groups["n_clusters"].sum() == 4
    # each cluster in exactly one group, and the tables agree
    in_groups = sorted(chain.from_iterable(groups["cluster_ids"]))
    assert in_groups == sorted(clusters["cluster_id"])
    group_of = _group_of_cluster(clusters)
    assert (by_id["group_id"] == by_id["cluster_id"].map(group_of)).all()
    assert groups["size"].sum() == len(four)
    assert groups["label"].str.lower().is_unique
    for row in groups.itertuples():
        members = set(by_id.index[by_id["group_id"] == row.group_id])
        assert len(row.representative_ids) and set(row.representative_ids) <= members
        assert (by_id.loc[list(members), "group_label"] == row.label).all()
    assert set(groups["status"]) == {"new"}


def test_the_unclustered_stay_outside_any_group(four):
    proposals, clusters, groups = cluster_in_groups(
        four, _config(n_clusters=4, n_groups=2, unclustered_share=0.2)
    )
    out = proposals[proposals["cluster_id"] == UNCLUSTERED]
    assert len(out) and (out["group_id"] == UNCLUSTERED).all()
    assert (proposals.loc[proposals["cluster_id"] >= 0, "group_id"] >= 0).all()
    assert _group_of_cluster(clusters)[UNCLUSTERED] == UNCLUSTERED
    row = groups.set_index("group_id").loc[UNCLUSTERED]
    assert row["n_clusters"] == 0 and row["status"] == "unclustered" and row["size"] == len(out)


def test_number_of_groups():
    auto = ClusteringConfig()
    assert [choose_n_groups(k, auto) for k in (0, 1, 2, 3, 9, 18, 40)] == [0, 1, 2, 2, 3, 4, 6]
    assert choose_n_groups(400, ClusteringConfig(max_groups=8)) == 8
    assert choose_n_groups(3, ClusteringConfig(n_groups=7)) == 3
    assert choose_n_groups(10, ClusteringConfig(n_groups=1)) == 1


def test_group_ids_and_labels_are_kept_on_rerun(four, nlp):
    config = _config(n_clusters=4, n_groups=3)
    first, _, groups = cluster_in_groups(four, config)
    previous = first.copy()
    previous["group_id"] = previous["group_id"] + 5  # ids as a longer history would have them
    transport = int(first.set_index("proposal_id").loc["p018", "group_id"])
    # A reviewer-era label kept while it is still written in two of the group's texts.
    previous.loc[first["group_id"] == transport, "group_label"] = "pistes cyclables"
    added = _proposals(nlp, ["Prolonger les lignes de train jusqu'aux villes moyennes."], ["p100"])
    second, _, groups2 = cluster_in_groups(
        pd.concat([four, added], ignore_index=True), config, previous=previous
    )
    by_id = second.set_index("proposal_id")
    assert (by_id.loc[first["proposal_id"], "group_id"].to_numpy() == first["group_id"] + 5).all()
    assert by_id.loc["p100", "group_id"] == transport + 5
    assert set(groups2["status"]) == {"persisting"}
    assert groups2.set_index("group_id").loc[transport + 5, "label"] == "pistes cyclables"
    assert sorted(groups2["group_id"]) == sorted(groups["group_id"] + 5)


def test_fold_in_keeps_each_cluster_in_its_previous_group(four, nlp):
    config = _config(n_clusters=4, n_groups=3)
    first, clusters, _ = cluster_in_groups(four, config)
    group_of = _group_of_cluster(clusters)
    by_id = first.set_index("proposal_id")
    bike_cluster, tax_cluster = by_id.loc["p000", "cluster_id"], by_id.loc["p006", "cluster_id"]
    # The previous run had put taxes with bikes: a fold-in keeps that, a refit would not.
    previous = first.copy()
    previous.loc[previous["cluster_id"] == tax_cluster, "group_id"] = group_of[bike_cluster]
    added = _proposals(nlp, ["Supprimer l'impôt sur le revenu des jeunes."], ["p100"])
    grown = pd.concat([four, added], ignore_index=True)
    folded, folded_clusters, _ = cluster_in_groups(grown, config, previous=previous, fold_in=True)
    after = _group_of_cluster(folded_clusters)
    assert after[tax_cluster] == after[bike_cluster] == group_of[bike_cluster]
    assert folded.set_index("proposal_id").loc["p100", "group_id"] == group_of[bike_cluster]
    _, refit_clusters, _ = cluster_in_groups(grown, config, previous=previous)
    refit = _group_of_cluster(refit_clusters)
    assert refit[tax_cluster] != refit[bike_cluster]


def test_the_rows_hook_gives_the_clustered_rows(four):
    rows = ClusterRows()
    frame = pd.concat([four, four.iloc[:1].assign(proposal_id="p999")], ignore_index=True)
    clustered, _ = cluster_proposals(frame, _config(), on_rows=rows)
    assert rows.matrix is not None and rows.matrix.shape[0] == len(rows.ids) == len(four)
    assert "p999" not in set(rows.ids)  # a duplicate is clustered once, through p000
    alone, _ = cluster_proposals(frame, _config())
    assert np.array_equal(alone["cluster_id"], clustered["cluster_id"])
