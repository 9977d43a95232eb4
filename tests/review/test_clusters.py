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
from textmine.review.clusters import (
    ClusterWork,
    accept_proposal,
    apply_proposal_decision,
    merge_cluster,
    move_proposal,
    note_on_missing_cluster,
    note_on_missing_proposal,
    reject_proposal,
    rename_cluster,
    resolve_merges,
)
from textmine.review.log import ReviewLog


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


# ------------------------------------------------------------------------------ one function each


def start() -> tuple[ClusterWork, ReviewLog]:
    tables = make_tables()
    return ClusterWork.start(tables["proposals"], tables["clusters"]), ReviewLog()


def member_ids(work: ClusterWork, cid: int) -> set[str]:
    frame = work.proposals
    return set(frame.loc[frame["cluster_id"] == cid, "proposal_id"])


def only_row(log: ReviewLog) -> dict[str, str | None]:
    assert len(log.rows) == 1, log.rows
    return {k: v for k, v in log.rows[0].items() if k != "cells"}


def test_resolve_merges_follows_chains_and_logs_what_it_refuses() -> None:
    log = ReviewLog()
    decisions = [
        ClusterDecision(2, merge_into=1, source="c:2"),
        ClusterDecision(1, merge_into=0, source="c:3"),
        ClusterDecision(0, merge_into=0, source="c:4"),
        ClusterDecision(5, merge_into=0, source="c:5"),
        ClusterDecision(-1, merge_into=0, source="c:6"),
        ClusterDecision(3, new_label="not a merge"),
    ]

    assert resolve_merges(decisions, {-1, 0, 1, 2}, log) == {1: 0, 2: 0}
    assert [(r["target"], r["status"], r["message"]) for r in log.rows] == [
        ("0", "conflict", "un groupe ne peut pas être fusionné avec lui-même"),
        ("5", "target_missing", "le groupe 5 n'existe pas dans ce passage"),
        (
            "-1",
            "conflict",
            "le groupe des non classées ne se fusionne pas : déplacez ses propositions une à une",
        ),
    ]


def test_resolve_merges_applies_no_merge_of_a_cycle() -> None:
    log = ReviewLog()
    decisions = [ClusterDecision(1, merge_into=2), ClusterDecision(2, merge_into=1)]
    assert resolve_merges(decisions, {0, 1, 2}, log) == {}
    assert [r["message"] for r in log.rows] == [
        "ces fusions forment un cycle (1 -> 2 -> 1) : aucune n'est appliquée",
        "ces fusions forment un cycle (2 -> 1 -> 2) : aucune n'est appliquée",
    ]


def test_merge_cluster_moves_members_tags_and_logs_the_former_label() -> None:
    work, log = start()
    merge_cluster(work, ClusterDecision(2, merge_into=0, source="c:2"), 0, log)

    assert member_ids(work, 0) == {"p-a1", "p-a2", "p-a3", "p-c1", "p-c2"}
    assert work.tags[0] == {"merged"} and work.touched == {0}
    assert work.reps[0] == ["p-a1", "p-a2", "p-c1", "p-c2"]
    assert only_row(log) == {
        "sheet": "clusters",
        "source": "c:2",
        "target": "2",
        "decision": "merge",
        "value": "0",
        "previous": "données · ouverture",
        "status": "applied",
        "message": "fusionné dans le groupe 0 (2 propositions déplacées)",
    }


def test_merge_cluster_into_unclustered_dissolves_it() -> None:
    work, log = start()
    merge_cluster(work, ClusterDecision(1, merge_into=-1), -1, log)

    assert member_ids(work, -1) == {"p-z1", "p-b1", "p-b2"}
    assert work.touched == {-1} and work.tags[-1] == set()
    assert only_row(log)["message"] == (
        "groupe dissous : ses 2 propositions sont désormais non classées"
    )


def test_rename_cluster_changes_the_label_and_tags_it() -> None:
    work, log = start()
    rename_cluster(work, ClusterDecision(1, new_label="Formation", source="c:3"), log)

    assert work.label(1) == "Formation" and work.tags[1] == {"renamed"}
    assert only_row(log) == {
        "sheet": "clusters",
        "source": "c:3",
        "target": "1",
        "decision": "rename",
        "value": "Formation",
        "previous": "formation · agents",
        "status": "applied",
        "message": "nom changé",
    }


def test_rename_cluster_refused_for_a_merged_cluster_and_a_missing_one() -> None:
    work, log = start()
    work.merged = {2: 0}
    rename_cluster(work, ClusterDecision(2, new_label="Données"), log)
    rename_cluster(work, ClusterDecision(8, new_label="Absent"), log)

    assert work.label(2) == "données · ouverture"
    assert [(r["status"], r["message"]) for r in log.rows] == [
        ("conflict", "groupe fusionné dans le groupe 0 : renommez plutôt celui-ci"),
        ("target_missing", "le groupe 8 n'existe pas dans ce passage"),
    ]


def test_note_on_missing_cluster_is_reported_only_when_the_cluster_is_gone() -> None:
    work, log = start()
    note_on_missing_cluster(work, ClusterDecision(1, note="à revoir"), log)
    note_on_missing_cluster(work, ClusterDecision(7, new_label="x", note="renommé"), log)
    assert log.rows == []

    note_on_missing_cluster(work, ClusterDecision(7, note="à revoir", source="c:9"), log)
    assert only_row(log) == {
        "sheet": "clusters",
        "source": "c:9",
        "target": "7",
        "decision": "note",
        "value": "à revoir",
        "previous": "",
        "status": "target_missing",
        "message": "le groupe 7 n'existe pas dans ce passage",
    }


def test_reject_proposal_marks_it_and_refuses_to_move_it() -> None:
    work, log = start()
    d = ProposalDecision("p-a1", "reject", move_to_cluster=2, source="p:2")
    reject_proposal(work, d, work.proposal_rows["p-a1"], log)

    assert work.proposals.at[work.proposal_rows["p-a1"], "review_status"] == "rejected"
    assert "p-a1" in member_ids(work, 0) and work.touched == {0}
    assert [{k: v for k, v in r.items() if k != "cells"} for r in log.rows] == [
        {
            "sheet": "proposals",
            "source": "p:2",
            "target": "p-a1",
            "decision": "reject",
            "value": "rejected",
            "previous": "",
            "status": "applied",
            "message": "gardée dans la table, hors des comptes de son groupe",
        },
        {
            "sheet": "proposals",
            "source": "p:2",
            "target": "p-a1",
            "decision": "move",
            "value": "2",
            "previous": "0",
            "status": "conflict",
            "message": "une proposition rejetée n'est pas déplacée",
        },
    ]


def test_move_proposal_follows_a_merge_of_its_destination() -> None:
    work, log = start()
    work.merged = {2: 0}
    moved = move_proposal(work, ProposalDecision("p-b1", move_to_cluster=2), 3, log)

    assert moved and work.proposals.at[3, "proposal_id"] == "p-b1"
    assert work.proposals.at[3, "cluster_id"] == 0
    assert work.proposals.at[3, "review_status"] == "moved"
    assert work.touched == {0, 1}
    row = only_row(log)
    assert (row["decision"], row["value"], row["previous"], row["status"]) == (
        "move",
        "0",
        "1",
        "applied",
    )
    assert row["message"] == "déplacée dans le groupe 2 (fusionné dans le groupe 0)"


def test_move_proposal_to_a_missing_cluster_changes_nothing() -> None:
    work, log = start()
    assert not move_proposal(work, ProposalDecision("p-b1", move_to_cluster=42), 3, log)
    assert work.proposals.at[3, "cluster_id"] == 1 and work.touched == set()
    row = only_row(log)
    assert (row["status"], row["value"], row["previous"]) == ("target_missing", "42", "1")
    assert row["message"] == "le groupe 42 n'existe pas dans ce passage"


def test_accept_proposal_marks_it_unless_it_was_just_moved() -> None:
    work, log = start()
    accept_proposal(work, ProposalDecision("p-b2", "accept", source="p:4"), 4, log)
    work.proposals.at[5, "review_status"] = "moved"
    accept_proposal(work, ProposalDecision("p-c1", "accept"), 5, log, moved=True)

    assert list(work.proposals.loc[[4, 5], "review_status"]) == ["accepted", "moved"]
    assert work.touched == set()
    assert {k: v for k, v in log.rows[0].items() if k != "cells"} == {
        "sheet": "proposals",
        "source": "p:4",
        "target": "p-b2",
        "decision": "accept",
        "value": "accepted",
        "previous": "",
        "status": "applied",
        "message": "acceptée",
    }


def test_note_on_missing_proposal_reports_each_action() -> None:
    log = ReviewLog()
    note_on_missing_proposal(ProposalDecision("p-gone", "accept", move_to_cluster=1), log)
    note_on_missing_proposal(ProposalDecision("p-lost", note="à voir"), log)

    assert [(r["target"], r["decision"], r["value"], r["status"]) for r in log.rows] == [
        ("p-gone", "accept", "accept", "target_missing"),
        ("p-gone", "move", "1", "target_missing"),
        ("p-lost", "note", "à voir", "target_missing"),
    ]
    assert log.rows[-1]["message"] == "la proposition p-lost n'existe pas dans ce passage"


def test_apply_proposal_decision_dispatches_move_then_accept() -> None:
    work, log = start()
    apply_proposal_decision(work, ProposalDecision("p-a3", "accept", move_to_cluster=2), log)
    apply_proposal_decision(work, ProposalDecision("p-b1", "accept", move_to_cluster=9), log)
    apply_proposal_decision(work, ProposalDecision("p-b2", note="une note"), log)

    props = work.proposals.set_index("proposal_id")
    assert list(props.loc[["p-a3", "p-b1"], "review_status"]) == ["moved", "accepted"]
    assert pd.isna(props.loc["p-b2", "review_status"])  # a note alone: logged with the notes
    assert [(r["target"], r["decision"], r["status"]) for r in log.rows] == [
        ("p-a3", "move", "applied"),
        ("p-a3", "accept", "applied"),
        ("p-b1", "move", "target_missing"),
        ("p-b1", "accept", "applied"),
    ]
