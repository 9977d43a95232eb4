"""Decisions on the broad groups of clusters: rename and merge groups, move a cluster to another
group; what each changes, what it logs, and that they survive a reclustering."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.review.helpers import cluster, group, log_rows, make_tables, proposal, write_csv
from textmine.review import (
    ClusterDecision,
    Decisions,
    GroupDecision,
    ProposalDecision,
    apply_decisions,
    load_decisions,
    pre_review_proposals,
    write_review_sheets,
)


def test_rename_a_group_relabels_its_proposals() -> None:
    decisions = Decisions(groups=[GroupDecision(0, new_label="Services numériques")])
    out, log = apply_decisions(make_tables(), decisions)
    assert group(out, 0)["label"] == "Services numériques"
    assert group(out, 0)["review_status"] == "renamed"
    assert proposal(out, "p-b1")["group_label"] == "Services numériques"
    assert proposal(out, "p-c1")["group_label"] == "Données publiques"
    row = log_rows(log, sheet="groups", decision="rename").iloc[0]
    assert (row["status"], row["previous"]) == ("applied", "Numérique public")


def test_merge_a_group_moves_its_clusters_and_removes_it() -> None:
    decisions = Decisions(groups=[GroupDecision(1, merge_into=0)])
    out, log = apply_decisions(make_tables(), decisions)
    assert 1 not in set(out["cluster_groups"]["group_id"])
    merged = group(out, 0)
    assert list(merged["cluster_ids"]) == [0, 1, 2] and merged["n_clusters"] == 3
    assert merged["size"] == 7 and merged["review_status"] == "merged"
    assert cluster(out, 2)["group_id"] == 0
    assert proposal(out, "p-c1")["group_id"] == 0
    assert proposal(out, "p-c1")["auto_group_id"] == 1  # for the next run's ids
    assert log_rows(log, sheet="groups", decision="merge").iloc[0]["status"] == "applied"


def test_move_a_cluster_to_another_group() -> None:
    decisions = Decisions(clusters=[ClusterDecision(1, move_to_group=1)])
    out, log = apply_decisions(make_tables(), decisions)
    assert cluster(out, 1)["group_id"] == 1
    assert cluster(out, 1)["review_status"] == "regrouped"
    assert list(group(out, 0)["cluster_ids"]) == [0] and group(out, 0)["size"] == 3
    assert list(group(out, 1)["cluster_ids"]) == [1, 2] and group(out, 1)["size"] == 4
    assert {group(out, g)["review_status"] for g in (0, 1)} == {"regrouped"}
    assert proposal(out, "p-b2")["group_id"] == 1
    assert proposal(out, "p-b2")["group_label"] == "Données publiques"
    row = log_rows(log, decision="move_to_group").iloc[0]
    assert (row["sheet"], row["status"], row["value"], row["previous"]) == (
        "clusters",
        "applied",
        "1",
        "0",
    )


def test_a_group_emptied_by_moves_is_dropped_and_a_moved_proposal_follows_its_cluster() -> None:
    decisions = Decisions(
        clusters=[ClusterDecision(2, move_to_group=0)],
        proposals=[ProposalDecision("p-z1", move_to_cluster=2)],
    )
    out, _ = apply_decisions(make_tables(), decisions)
    assert set(out["cluster_groups"]["group_id"]) == {-1, 0}
    assert proposal(out, "p-z1")["group_id"] == 0
    assert group(out, -1)["size"] == 0 and group(out, 0)["size"] == 8


def test_what_cannot_be_applied_is_logged_and_changes_nothing() -> None:
    tables = make_tables()
    decisions = Decisions(
        clusters=[
            ClusterDecision(-1, move_to_group=0),
            ClusterDecision(0, move_to_group=7),
            ClusterDecision(9, move_to_group=0),
        ],
        groups=[
            GroupDecision(0, merge_into=0),
            GroupDecision(-1, merge_into=0),
            GroupDecision(1, new_label="numérique PUBLIC"),
            GroupDecision(5, new_label="Ailleurs"),
        ],
    )
    out, log = apply_decisions(tables, decisions)
    assert set(log["status"]) == {"conflict", "target_missing"}
    statuses = list(zip(log["sheet"], log["decision"], log["target"], log["status"], strict=True))
    assert ("clusters", "move_to_group", "-1", "conflict") in statuses
    assert ("clusters", "move_to_group", "0", "target_missing") in statuses
    assert ("clusters", "move_to_group", "9", "target_missing") in statuses
    assert ("groups", "merge", "0", "conflict") in statuses
    assert ("groups", "rename", "1", "conflict") in statuses  # labels stay unique
    assert ("groups", "rename", "5", "target_missing") in statuses
    for column in ("group_id", "label", "size"):
        assert out["cluster_groups"][column].tolist() == tables["cluster_groups"][column].tolist()


def test_group_merges_follow_chains_and_a_cycle_applies_none() -> None:
    chain = Decisions(groups=[GroupDecision(0, merge_into=1)])
    out, _ = apply_decisions(make_tables(), chain)
    assert set(out["cluster_groups"]["group_id"]) == {-1, 1}
    cycle = Decisions(groups=[GroupDecision(0, merge_into=1), GroupDecision(1, merge_into=0)])
    out, log = apply_decisions(make_tables(), cycle)
    assert set(out["cluster_groups"]["group_id"]) == {-1, 0, 1}
    assert set(log["status"]) == {"conflict"}


def test_applying_group_decisions_twice_equals_applying_once() -> None:
    decisions = Decisions(
        clusters=[ClusterDecision(1, move_to_group=1), ClusterDecision(0, new_label="Élus")],
        groups=[GroupDecision(1, new_label="Données et formation")],
    )
    once, _ = apply_decisions(make_tables(), decisions)
    twice, _ = apply_decisions({k: v for k, v in once.items() if k != "review_log"}, decisions)
    for name in ("proposals", "clusters", "cluster_groups"):
        pd.testing.assert_frame_equal(once[name], twice[name])


def test_group_decisions_are_read_from_the_sheets_and_shown_again(tmp_path: Path) -> None:
    review = tmp_path / "review"
    write_csv(
        review / "groups_review.csv",
        ["id_grand_groupe;Nouveau nom;Fusionner dans", "0;Numérique et élus;", "groupe 1;;"],
    )
    write_csv(review / "clusters_review.csv", ["cluster_id;vers_groupe", "2;0"])
    decisions = load_decisions(review)
    assert decisions.problems == []
    assert decisions.groups == [
        GroupDecision(0, "Numérique et élus", None, "", "groups_review.csv:2")
    ]
    assert [(d.cluster_id, d.move_to_group) for d in decisions.clusters] == [(2, 0)]

    out, log = apply_decisions(make_tables(), decisions)
    sheets = tmp_path / "run"
    write_review_sheets(out, sheets, log)
    groups = pd.read_csv(sheets / "groups_review.csv", sep=";", encoding="utf-8-sig", dtype=str)
    row = groups[groups["group_id"] == "0"].iloc[0]
    assert row["new_label"] == "Numérique et élus" and row["label"] == "Numérique et élus"
    assert (
        row["clusters"]
        == "0 numérique · territoires | 1 formation · agents | 2 données · ouverture"
    )
    assert "renommer : appliquée" in row["review_result"]
    clusters = pd.read_csv(sheets / "clusters_review.csv", sep=";", encoding="utf-8-sig", dtype=str)
    row = clusters[clusters["cluster_id"] == "2"].iloc[0]
    assert (row["group_id"], row["group_label"], row["move_to_group"]) == (
        "0",
        "Numérique et élus",
        "0",
    )
    # the reviewer saves the new sheets as they are: the same decisions are read back
    for name in ("groups_review.csv", "clusters_review.csv"):
        (review / name).write_bytes((sheets / name).read_bytes())
    again = load_decisions(review)
    assert again.groups == [GroupDecision(0, "Numérique et élus", None, "", "groups_review.csv:2")]
    assert [(d.cluster_id, d.move_to_group) for d in again.clusters] == [(2, 0)]


def test_pre_review_gives_back_the_clustering_groups() -> None:
    decisions = Decisions(
        clusters=[ClusterDecision(1, move_to_group=1)],
        groups=[GroupDecision(1, new_label="Données et formation")],
    )
    out, _ = apply_decisions(make_tables(), decisions)
    previous = pre_review_proposals(out["proposals"], out["clusters"], out["cluster_groups"])
    tables = make_tables()
    assert previous["group_id"].tolist() == tables["proposals"]["group_id"].tolist()
    labels = dict(zip(previous["proposal_id"], previous["group_label"], strict=True))
    assert labels["p-a1"] == "Numérique public"  # not renamed, not moved: kept
    assert pd.isna(labels["p-b1"]) and pd.isna(labels["p-c1"])  # moved; renamed: made afresh


def test_group_decisions_survive_a_reclustering_and_a_fold_in(nlp) -> None:
    """Decisions keyed by group ids apply again after the clustering runs again, as the flow runs
    it (the previous run as the clustering made it: :func:`pre_review_proposals`)."""
    from itertools import chain

    from tests.clustering.conftest import THEMES, TRAIN, _config, _proposals
    from textmine.clustering import cluster_in_groups

    frame = _proposals(nlp, [*chain.from_iterable(THEMES.values()), *TRAIN])
    config = _config(n_clusters=4, n_groups=4)  # a group per cluster: the reviewer gathers them
    proposals, clusters, groups = cluster_in_groups(frame, config)
    by_id = proposals.set_index("proposal_id")
    bike, train, tax = (int(by_id.loc[p, "group_id"]) for p in ("p000", "p018", "p006"))
    health_cluster = int(by_id.loc["p012", "cluster_id"])
    decisions = Decisions(
        groups=[GroupDecision(train, merge_into=bike), GroupDecision(bike, new_label="Transports")],
        clusters=[ClusterDecision(health_cluster, move_to_group=tax)],
    )

    def reviewed(tables: tuple[pd.DataFrame, ...]) -> dict[str, pd.DataFrame]:
        names = ("proposals", "clusters", "cluster_groups")
        out, log = apply_decisions(dict(zip(names, tables, strict=True)), decisions)
        assert set(log["status"]) == {"applied"} and len(log) == 3
        return out

    def check(out: dict[str, pd.DataFrame]) -> None:
        groups = out["cluster_groups"].set_index("group_id")
        assert sorted(groups.index) == sorted({int(bike), int(tax)})
        assert groups.loc[bike, "label"] == "Transports"
        assert groups.loc[tax, "n_clusters"] == 2 and groups.loc[bike, "n_clusters"] == 2
        members = out["proposals"].set_index("proposal_id")["group_id"]
        assert members["p018"] == members["p000"] == bike
        assert members["p012"] == members["p006"] == tax

    first = reviewed((proposals, clusters, groups))
    check(first)
    previous = pre_review_proposals(first["proposals"], first["clusters"], first["cluster_groups"])
    added = _proposals(nlp, ["Supprimer l'impôt sur le revenu des jeunes."], ["p100"])
    grown = pd.concat([frame, added], ignore_index=True)
    refit = reviewed(cluster_in_groups(grown, config, previous=previous))
    check(refit)
    folded = reviewed(cluster_in_groups(grown, config, previous=previous, fold_in=True))
    check(folded)
    assert folded["proposals"].set_index("proposal_id").loc["p100", "group_id"] == tax
