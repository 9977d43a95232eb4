"""The whole review step (run_review), as a flow runs it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.review.helpers import cluster, make_tables, proposal, write_csv
from textmine import schema
from textmine.review import (
    REVIEWED_TABLES,
    run_review,
)


def test_run_review_end_to_end(tmp_path: Path) -> None:
    review = tmp_path / "corpus" / "review"
    write_csv(review / "proposals_review.csv", ["proposal_id;decision", "p-c1;Non"])
    write_csv(review / "clusters_review.csv", ["cluster_id;new_label", "2;Open data"])
    tables, paths = run_review(make_tables(), review, tmp_path / "run" / "review")

    assert proposal(tables, "p-c1")["review_status"] == "rejected"
    assert cluster(tables, 2)["label"] == "Open data"
    assert list(tables["review_log"]["status"]) == ["applied", "applied"]
    schema.conform("review_log", tables["review_log"])
    assert len(paths) == 6
    sheet = pd.read_csv(paths[0], sep=";", encoding="utf-8-sig", dtype=str).fillna("")
    row = sheet[sheet["proposal_id"] == "p-c1"].iloc[0]
    assert (row["decision"], row["review_result"]) == ("rejeter", "rejeter : appliquée")


def test_unreadable_rows_and_notes_are_kept_in_the_next_sheets(tmp_path: Path) -> None:
    review, run = tmp_path / "review", tmp_path / "run"
    write_csv(
        review / "proposals_review.csv",
        ["proposal_id;decision;note", "p-a1;peut-être;à discuter", "p-b1;;bonne idée"],
    )
    tables, _ = run_review(make_tables(), review, run)
    log = tables["review_log"]
    assert set(zip(log["source"], log["status"], strict=True)) == {
        ("proposals_review.csv:2", "invalid"),
        ("proposals_review.csv:3", "applied"),
    }

    sheet = pd.read_csv(run / "proposals_review.csv", sep=";", dtype=str, encoding="utf-8-sig")
    sheet = sheet.fillna("").set_index("proposal_id")
    assert tuple(sheet.loc["p-a1", ["decision", "note"]]) == ("peut-être", "à discuter")
    assert "invalide" in sheet.loc["p-a1", "review_result"]
    assert sheet.loc["p-b1", "note"] == "bonne idée"


def test_run_review_returns_what_the_flow_writes_back(tmp_path: Path) -> None:
    review = tmp_path / "review"
    write_csv(review / "proposals_review.csv", ["proposal_id;decision", "p-c1;Non", "p-x;oui"])
    tables = {name: make_tables()[name] for name in REVIEWED_TABLES}
    result = run_review(tables, review, None)

    assert list(result.tables) == [*REVIEWED_TABLES, "review_log"]
    assert result.review_log is result.tables["review_log"]
    assert result.sheets == []
    assert result.counts() == {"review_rows": 2, "applied": 1}
    assert run_review(tables, tmp_path / "absent", None).counts() == {
        "review_rows": 0,
        "applied": 0,
    }
