"""The one helper that builds a review_log row, and the log's rows for problems and notes."""

from __future__ import annotations

import json

import pandas as pd

from textmine import schema
from textmine.review import ClusterDecision, EntityDecision, Problem, ProposalDecision
from textmine.review.log import ReviewLog, default_target, log_entry


def test_log_entry_of_a_decision_keeps_the_reviewer_cells() -> None:
    d = ProposalDecision("p-a1", "reject", move_to_cluster=2, note="vague", source="p.csv:3")
    entry = log_entry(d, "move", "conflict", "une proposition rejetée n'est pas déplacée", 2, 0)

    assert {k: v for k, v in entry.items() if k != "cells"} == {
        "sheet": "proposals",
        "source": "p.csv:3",
        "target": "p-a1",
        "decision": "move",
        "value": "2",
        "previous": "0",
        "status": "conflict",
        "message": "une proposition rejetée n'est pas déplacée",
    }
    assert json.loads(entry["cells"]) == {
        "proposal_id": "p-a1",
        "decision": "rejeter",
        "move_to_cluster": "2",
        "note": "vague",
    }


def test_log_entry_target_defaults_to_the_decision_key_unless_given() -> None:
    cluster = ClusterDecision(3, new_label="x")
    named = EntityDecision("", canonical="Madame", label="PER")
    assert log_entry(cluster, "rename", "applied", "")["target"] == "3"
    assert log_entry(cluster, "rename", "applied", "")["sheet"] == "clusters"
    assert log_entry(named, "note", "applied", "")["target"] == "madame|per"
    assert log_entry(named, "note", "applied", "", target="e-madame")["target"] == "e-madame"
    assert log_entry(named, "note", "applied", "", target=None)["target"] == ""
    assert log_entry(named, "note", "applied", "")["sheet"] == "entities"


def test_log_entry_of_an_unreadable_row() -> None:
    problem = Problem("p.csv", 4, "unknown decision", "proposals", cells={"proposal_id": "p-a2"})
    entry = log_entry(problem, "", problem.status, problem.message)
    assert (entry["sheet"], entry["source"], entry["target"], entry["status"]) == (
        "proposals",
        "p.csv:4",
        "p-a2",
        "invalid",
    )
    assert default_target(Problem("notes.csv", None, "not read", "", "ignored")) == ""
    assert log_entry(Problem("notes.csv", None, "x"), "", "ignored", "x")["cells"] is None


def test_notes_are_logged_only_for_decisions_without_a_row() -> None:
    log = ReviewLog()
    done, note = ProposalDecision("p-a1", "accept"), ProposalDecision("p-b1", note="à voir")
    log.add(done, "accept", "applied", "accepted", "accepted")
    log.add_problems([Problem("p.csv", 2, "bad", "proposals", cells={"proposal_id": "p-x"})])
    log.add_notes([done, note])

    frame = log.frame()
    assert list(frame.columns) == schema.TABLES["review_log"].names
    assert list(zip(frame["target"], frame["decision"], frame["status"], strict=True)) == [
        ("p-a1", "accept", "applied"),
        ("p-x", "", "invalid"),
        ("p-b1", "note", "applied"),
    ]
    assert frame.iloc[-1]["value"] == "à voir" and frame.iloc[-1]["message"] == "note gardée"
    assert isinstance(frame, pd.DataFrame)
