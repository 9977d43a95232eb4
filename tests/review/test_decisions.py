"""Reading the reviewer's files: dialects, spellings, bad rows, conflicts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.review.helpers import entity, log_rows, make_tables, proposal, write_csv
from textmine.review import (
    apply_decisions,
    load_decisions,
    write_review_sheets,
)


def test_csv_saved_by_french_excel_cp1252_semicolon(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "proposals_review.csv",
        [
            "proposal_id;doc_id;text_excerpt;Décision;Déplacer vers;Commentaire",
            "p-a1;rapport;Créer un conseil…;Rejeté ;;hors sujet, trop général",
            "p-b1;avis;Former les agents;  ACCEPTER;;",
            ";;;;;",
            "p-a3;avis;Installer des médiateurs;;2;à déplacer",
        ],
        encoding="cp1252",
    )
    decisions = load_decisions(tmp_path)

    assert decisions.problems == []
    assert [
        (d.proposal_id, d.decision, d.move_to_cluster, d.note) for d in decisions.proposals
    ] == [
        ("p-a1", "reject", None, "hors sujet, trop général"),
        ("p-b1", "accept", None, ""),
        ("p-a3", None, 2, "à déplacer"),
    ]


def test_csv_with_bom_comma_extra_and_reordered_columns(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "clusters_review.csv",
        [
            "Mon titre ajouté au-dessus",
            "",
            "note,ajout perso,merge_into,new_label,cluster_id",
            'à vérifier,xx,,"Données publiques, ouverture",2',
            ",,,,",
            ",,cluster 0,,1",
        ],
    )
    decisions = load_decisions(tmp_path)

    assert decisions.problems == []
    assert [(d.cluster_id, d.new_label, d.merge_into, d.note) for d in decisions.clusters] == [
        (2, "Données publiques, ouverture", None, "à vérifier"),
        (1, "", 0, ""),
    ]


def test_invalid_values_reported_with_line_and_valid_rows_applied(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "proposals_review.csv",
        [
            "proposal_id;decision;move_to_cluster;note",
            "p-a1;peut-être;;",
            "p-a2;non;;",
            "p-a3;;le grand cluster;",
            ";oui;;orphelin",
            "p-b1;oui;;",
        ],
    )
    write_csv(
        tmp_path / "entities_review.csv",
        ["entity_id;canonical;reject", "e-madame;Madame;sans doute", "e-oural;Akim OURAL;x"],
    )
    decisions = load_decisions(tmp_path)

    problems = {(p.file, p.line): p.message for p in decisions.problems}
    assert set(problems) == {
        ("proposals_review.csv", 2),
        ("proposals_review.csv", 4),
        ("proposals_review.csv", 5),
        ("entities_review.csv", 2),
    }
    assert "peut-être" in problems[("proposals_review.csv", 2)]

    out, log = apply_decisions(make_tables(), decisions)
    assert proposal(out, "p-a2")["review_status"] == "rejected"
    assert proposal(out, "p-b1")["review_status"] == "accepted"
    assert entity(out, "e-oural") is None
    invalid = log_rows(log, status="invalid")
    assert "proposals_review.csv:2" in set(invalid["source"])
    assert len(invalid) == 4


def test_conflicting_rows_for_same_target_first_is_used(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "proposals_review.csv",
        ["proposal_id;decision", "p-a1;rejeter", "p-a1;rejeter", "p-a1;accepter"],
    )
    decisions = load_decisions(tmp_path)
    assert [d.decision for d in decisions.proposals] == ["reject"]
    assert [(p.line, p.status) for p in decisions.problems] == [(4, "conflict")]


def test_missing_review_folder_means_no_decisions(tmp_path: Path) -> None:
    decisions = load_decisions(tmp_path / "absent")
    assert len(decisions) == 0
    assert decisions.problems == []


def test_newest_of_csv_and_xlsx_is_used_and_other_reported(tmp_path: Path) -> None:
    out_dir = tmp_path / "run"
    write_review_sheets(make_tables(), out_dir)
    review = tmp_path / "review"
    review.mkdir()
    (review / "proposals_review.xlsx").write_bytes((out_dir / "proposals_review.xlsx").read_bytes())
    csv_path = write_csv(review / "proposals_review.csv", ["proposal_id;decision", "p-a1;non"])
    os.utime(review / "proposals_review.xlsx", (1_000_000, 1_000_000))
    write_csv(review / "mes notes.csv", ["a;b"])

    decisions = load_decisions(review)

    assert [(d.proposal_id, d.decision) for d in decisions.proposals] == [("p-a1", "reject")]
    ignored = {p.file for p in decisions.problems if p.status == "ignored"}
    assert ignored == {"proposals_review.xlsx", "mes notes.csv"}
    assert csv_path.exists()


@pytest.mark.parametrize("value", ["Rejeter", "rejeté", "NON", " reject ", "Refusée"])
def test_french_and_english_reject_spellings(tmp_path: Path, value: str) -> None:
    write_csv(tmp_path / "proposals_review.csv", ["proposal_id;decision", f"p-a1;{value}"])
    assert [d.decision for d in load_decisions(tmp_path).proposals] == ["reject"]
