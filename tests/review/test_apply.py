"""Applying every sheet's decisions together: nothing lost, nothing applied twice."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.review.helpers import log_rows, make_tables
from textmine.review import (
    ClusterDecision,
    Decisions,
    EntityDecision,
    ProposalDecision,
    apply_decisions,
    load_decisions,
    write_review_sheets,
)


def test_decision_whose_target_disappeared_is_reported_and_kept_in_sheets(tmp_path: Path) -> None:
    decisions = Decisions(
        proposals=[ProposalDecision("p-gone", "reject", note="doublon", source="x.csv:7")],
        clusters=[ClusterDecision(9, new_label="Fibre optique", source="c.csv:3")],
        entities=[EntityDecision("e-gone", canonical="Cédric O", reject=True)],
    )
    out, log = apply_decisions(make_tables(), decisions)

    assert set(log["status"]) == {"target_missing"}
    assert set(log["target"]) == {"p-gone", "9", "e-gone"}
    assert log_rows(log, target="p-gone").iloc[0]["source"] == "x.csv:7"

    write_review_sheets(out, tmp_path, log)
    reloaded = load_decisions(tmp_path)
    assert [(d.proposal_id, d.decision, d.note) for d in reloaded.proposals] == [
        ("p-gone", "reject", "doublon")
    ]
    assert [(d.cluster_id, d.new_label) for d in reloaded.clusters] == [(9, "Fibre optique")]
    assert [(d.entity_id, d.reject) for d in reloaded.entities] == [("e-gone", True)]


def test_applying_twice_equals_applying_once() -> None:
    decisions = Decisions(
        proposals=[
            ProposalDecision("p-a1", "reject"),
            ProposalDecision("p-a3", move_to_cluster=2),
            ProposalDecision("p-z1", move_to_cluster=1),
            ProposalDecision("p-b2", "accept"),
        ],
        clusters=[ClusterDecision(1, new_label="Formation"), ClusterDecision(2, merge_into=0)],
        entities=[
            EntityDecision("e-oural", canonical="Akim OURAL", new_canonical="Akim Oural"),
            EntityDecision("e-lemaire", canonical="Axelle Lemaire", add_aliases=("A. Lemaire",)),
            EntityDecision("e-madame", canonical="Madame", reject=True),
        ],
    )
    once, _ = apply_decisions(make_tables(), decisions)
    twice, _ = apply_decisions({k: v for k, v in once.items() if k != "review_log"}, decisions)

    for name in ("proposals", "clusters", "entities", "entity_index"):
        pd.testing.assert_frame_equal(once[name], twice[name], obj=name)
