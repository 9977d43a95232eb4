"""Proposals and clusters decisions: what each one changes and what it logs."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.review.helpers import cluster, log_rows, make_tables, proposal
from textmine.review import (
    ClusterDecision,
    Decisions,
    ProposalDecision,
    apply_decisions,
    pre_review_proposals,
)


def test_rejected_proposal_stays_in_table_but_leaves_cluster_counts() -> None:
    tables = make_tables()
    decisions = Decisions(proposals=[ProposalDecision("p-a1", "reject", source="s.csv:2")])

    out, log = apply_decisions(tables, decisions)

    assert len(out["proposals"]) == len(tables["proposals"])
    assert proposal(out, "p-a1")["review_status"] == "rejected"
    assert cluster(out, 0)["size"] == 2
    assert "p-a1" not in list(cluster(out, 0)["representative_ids"])
    # the representative slot is refilled from the remaining members
    assert len(cluster(out, 0)["representative_ids"]) == 2
    assert list(log_rows(log, target="p-a1")["status"]) == ["applied"]


def test_accept_marks_proposal_and_changes_nothing_else() -> None:
    tables = make_tables()
    out, log = apply_decisions(tables, Decisions(proposals=[ProposalDecision("p-b2", "accept")]))

    assert proposal(out, "p-b2")["review_status"] == "accepted"
    assert cluster(out, 1)["size"] == 2
    assert pd.isna(proposal(out, "p-b1")["review_status"])
    assert list(log["status"]) == ["applied"]


def test_move_proposal_to_other_cluster_updates_label_and_sizes() -> None:
    tables = make_tables()
    decisions = Decisions(proposals=[ProposalDecision("p-a3", move_to_cluster=2)])

    out, _ = apply_decisions(tables, decisions)

    moved = proposal(out, "p-a3")
    assert (moved["cluster_id"], moved["cluster_label"]) == (2, "données · ouverture")
    assert moved["review_status"] == "moved"
    assert moved["auto_cluster_id"] == 0  # what the clustering said, for the next run's ids
    assert (cluster(out, 0)["size"], cluster(out, 2)["size"]) == (2, 3)
    assert "avis" in list(cluster(out, 2)["doc_ids"])


def test_move_to_unclustered_and_dissolve_cluster() -> None:
    out, _ = apply_decisions(
        make_tables(), Decisions(proposals=[ProposalDecision("p-b2", move_to_cluster=-1)])
    )
    assert proposal(out, "p-b2")["cluster_id"] == -1
    assert proposal(out, "p-b2")["cluster_label"] == "Non classées"
    assert (cluster(out, 1)["size"], cluster(out, -1)["size"]) == (1, 2)

    out, _ = apply_decisions(make_tables(), Decisions(clusters=[ClusterDecision(2, merge_into=-1)]))
    assert 2 not in set(out["clusters"]["cluster_id"])
    assert cluster(out, -1)["size"] == 3
    assert set(out["proposals"].query("doc_id == 'avis' and cluster_id == -1")["proposal_id"]) == {
        "p-c1",
        "p-z1",
    }


def test_unclustered_group_is_neither_merged_nor_renamed() -> None:
    decisions = Decisions(clusters=[ClusterDecision(-1, new_label="Divers", merge_into=0)])
    out, log = apply_decisions(make_tables(), decisions)
    assert cluster(out, -1)["label"] == "Non classées"
    assert cluster(out, 0)["size"] == 3
    assert list(log["status"]) == ["conflict", "conflict"]


def test_rename_cluster_relabels_its_proposals() -> None:
    tables = make_tables()
    decisions = Decisions(clusters=[ClusterDecision(1, new_label="Formation au numérique")])

    out, log = apply_decisions(tables, decisions)

    assert cluster(out, 1)["label"] == "Formation au numérique"
    assert cluster(out, 1)["review_status"] == "renamed"
    assert set(out["proposals"].query("cluster_id == 1")["cluster_label"]) == {
        "Formation au numérique"
    }
    assert log.iloc[0]["previous"] == "formation · agents"


def test_merge_cluster_moves_members_and_removes_it() -> None:
    tables = make_tables()
    decisions = Decisions(clusters=[ClusterDecision(2, merge_into=0)])

    out, log = apply_decisions(tables, decisions)

    assert 2 not in set(out["clusters"]["cluster_id"])
    assert cluster(out, 0)["size"] == 5
    assert cluster(out, 0)["review_status"] == "merged"
    assert set(proposal(out, p)["cluster_id"] for p in ("p-c1", "p-c2")) == {0}
    assert proposal(out, "p-c1")["cluster_label"] == "numérique · territoires"
    assert len(out["proposals"]) == len(tables["proposals"])
    assert log.iloc[0]["status"] == "applied"


def test_merge_chain_follows_and_cycle_is_a_conflict() -> None:
    chain = Decisions(clusters=[ClusterDecision(2, merge_into=1), ClusterDecision(1, merge_into=0)])
    out, _ = apply_decisions(make_tables(), chain)
    assert list(out["clusters"]["cluster_id"]) == [-1, 0]
    assert cluster(out, 0)["size"] == 7

    cycle = Decisions(clusters=[ClusterDecision(1, merge_into=2), ClusterDecision(2, merge_into=1)])
    out, log = apply_decisions(make_tables(), cycle)
    assert sorted(out["clusters"]["cluster_id"]) == [-1, 0, 1, 2]
    assert set(log["status"]) == {"conflict"}


def test_move_into_missing_cluster_is_reported_and_proposal_stays() -> None:
    decisions = Decisions(proposals=[ProposalDecision("p-b1", "accept", move_to_cluster=42)])
    out, log = apply_decisions(make_tables(), decisions)

    assert proposal(out, "p-b1")["cluster_id"] == 1
    assert proposal(out, "p-b1")["review_status"] == "accepted"
    assert log_rows(log, decision="move").iloc[0]["status"] == "target_missing"


def test_pre_review_proposals_gives_back_the_clustering_assignment() -> None:
    tables = make_tables()
    decisions = Decisions(
        proposals=[ProposalDecision("p-a3", move_to_cluster=1)],
        clusters=[ClusterDecision(2, merge_into=0), ClusterDecision(1, new_label="Formation")],
    )
    once, _ = apply_decisions(tables, decisions)
    twice, _ = apply_decisions({k: v for k, v in once.items() if k != "review_log"}, decisions)

    previous = pre_review_proposals(twice["proposals"], twice["clusters"])

    assert previous["cluster_id"].tolist() == tables["proposals"]["cluster_id"].tolist()
    labels = previous.set_index("proposal_id")["cluster_label"]
    assert pd.isna(labels["p-a3"]) and pd.isna(labels["p-c1"]) and pd.isna(labels["p-b1"])
    assert labels["p-a1"] == "numérique · territoires"


def test_counts_of_a_changed_cluster_follow_the_clustering_definitions() -> None:
    tables = make_tables()
    frame = tables["proposals"].copy()
    frame.loc[frame["proposal_id"] == "p-a2", "duplicate_of"] = "p-a1"
    tables["proposals"] = frame
    out, _ = apply_decisions(tables, Decisions(proposals=[ProposalDecision("p-a3", "reject")]))

    changed = cluster(out, 0)
    assert (changed["size"], changed["n_distinct"], changed["n_documents"]) == (2, 1, 1)
    assert changed["spread"] == pytest.approx(0.5)  # one of the two documents with proposals
    assert list(changed["representative_ids"]) == ["p-a1"]  # duplicates never represent


@pytest.mark.parametrize("taken", ["Données · Ouverture", "numérique · territoires"])
def test_rename_to_a_label_already_taken_is_a_conflict(taken: str) -> None:
    out, log = apply_decisions(make_tables(), Decisions(clusters=[ClusterDecision(1, taken)]))
    assert cluster(out, 1)["label"] == "formation · agents"
    assert list(log["status"]) == ["conflict"]
