"""The review loop on real consultation proposals (République numérique 2015), through an Excel-like
re-save of the CSV sheet and a rerun where some proposals have disappeared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import shared_path
from textmine import schema
from textmine.review import apply_decisions, load_decisions, write_review_sheets

pytestmark = pytest.mark.shared


def consultation_tables(gold: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Proposals clustered by the bill section their author chose (one cluster per section)."""
    sections = sorted(gold["section_label"].unique())
    cluster_of = {label: i for i, label in enumerate(sections)}
    proposals = pd.DataFrame(
        {
            "proposal_id": "p-" + gold["opinion_id"].astype(str),
            "doc_id": "repnum-" + gold["opinion_id"].astype(str),
            "kind": "contribution",
            "start_char": 0,
            "end_char": gold["text"].str.len(),
            "text": gold["title"] + ". " + gold["text"],
            "confidence": 1.0,
            "cluster_id": gold["section_label"].map(cluster_of),
            "cluster_label": gold["section_label"],
        }
    )
    clusters = []
    for label, cid in cluster_of.items():
        members = proposals[proposals["cluster_id"] == cid]
        clusters.append(
            {
                "cluster_id": cid,
                "label": label,
                "top_terms": [],
                "size": len(members),
                "n_documents": len(members),
                "doc_ids": list(members["doc_id"]),
                "representative_ids": list(members["proposal_id"][:5]),
            }
        )
    return {
        "proposals": schema.conform("proposals", proposals),
        "clusters": schema.conform("clusters", pd.DataFrame(clusters)),
    }


def excel_resave(path: Path, edit: dict[str, tuple[str, str]]) -> None:
    """Fill decision/move columns as a reviewer would, then save as French Excel does (cp1252)."""
    sheet = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for pid, (decision, move) in edit.items():
        row = sheet["proposal_id"] == pid
        sheet.loc[row, "decision"] = decision
        sheet.loc[row, "move_to_cluster"] = move
    text = sheet.to_csv(sep=";", index=False, lineterminator="\r\n")
    path.write_bytes(text.encode("cp1252", errors="replace"))


def test_decisions_survive_excel_resave_and_a_rerun(tmp_path: Path) -> None:
    gold = pd.read_csv(shared_path("corpora", "repnum-2015", "proposals_gold_sections.csv"))
    gold = gold[gold["kind"] == "citizen_proposal"].fillna("").reset_index(drop=True)
    tables = consultation_tables(gold)
    ids = list(tables["proposals"]["proposal_id"])
    rejected, moved = ids[:10], ids[100:110]
    edit = {pid: ("Rejeter", "") for pid in rejected} | {pid: ("", "3") for pid in moved}

    run1 = tmp_path / "run1"
    write_review_sheets(tables, run1)
    review = tmp_path / "corpus" / "review"
    review.mkdir(parents=True)
    sheet = review / "proposals_review.csv"
    sheet.write_bytes((run1 / "proposals_review.csv").read_bytes())
    excel_resave(sheet, edit)

    decisions = load_decisions(review)
    assert decisions.problems == []
    assert len(decisions.proposals) == 20

    out, log = apply_decisions(tables, decisions)
    assert set(log["status"]) == {"applied"}
    assert len(out["proposals"]) == len(gold)
    assert int(out["clusters"]["size"].sum()) == len(gold) - len(rejected)
    assert set(out["proposals"].set_index("proposal_id").loc[moved, "cluster_id"]) == {3}

    # rerun: re-extraction lost three proposals that carried decisions
    gone = {rejected[0], moved[0], moved[1]}
    rerun = consultation_tables(gold[~("p-" + gold["opinion_id"].astype(str)).isin(gone)])
    out2, log2 = apply_decisions(rerun, decisions)
    missing = log2[log2["status"] == "target_missing"]
    assert set(missing["target"]) == gone
    run2 = tmp_path / "run2"
    write_review_sheets(out2, run2)

    sheet.write_bytes((run2 / "proposals_review.csv").read_bytes())
    again = load_decisions(review)
    assert {d.proposal_id for d in again.proposals} == {d.proposal_id for d in decisions.proposals}


def test_merge_survives_reclustering_with_pre_review_previous() -> None:
    """The clustering keeps ids by matching the previous run: given the reviewed table, a merged
    cluster's halves would get new ids; given :func:`pre_review_proposals`, the merge still applies."""
    from textmine.clustering import cluster_proposals
    from textmine.config import ClusteringConfig
    from textmine.review import ClusterDecision, Decisions, pre_review_proposals

    gold = pd.read_csv(shared_path("corpora", "repnum-2015", "proposals_gold_sections.csv"))
    gold = gold[gold["kind"] == "citizen_proposal"].fillna("").head(300)
    text = gold["title"] + ". " + gold["text"]
    proposals = pd.DataFrame(
        {
            "proposal_id": "p-" + gold["opinion_id"].astype(str),
            "doc_id": "repnum",
            "kind": "contribution",
            "start_char": 0,
            "end_char": text.str.len(),
            "text": text,
            "lemmas": text.str.lower().str.findall(r"\w{4,}").str.join(" "),
        }
    )
    config = ClusteringConfig(n_clusters=6, random_state=0)
    first, clusters = cluster_proposals(proposals, config)
    sizes = first.loc[first["cluster_id"] >= 0, "cluster_id"].value_counts()
    merged, kept = int(sizes.index[1]), int(sizes.index[0])
    decisions = Decisions(
        clusters=[
            ClusterDecision(merged, merge_into=kept),
            ClusterDecision(kept, new_label="Fusion"),
        ]
    )
    reviewed, _ = apply_decisions({"proposals": first, "clusters": clusters}, decisions)

    previous = pre_review_proposals(reviewed["proposals"], reviewed["clusters"])
    assert previous["cluster_id"].tolist() == first["cluster_id"].tolist()
    second, clusters2 = cluster_proposals(proposals, config, previous=previous)
    rerun, log = apply_decisions({"proposals": second, "clusters": clusters2}, decisions)

    assert set(zip(log["decision"], log["status"], strict=True)) == {
        ("merge", "applied"),
        ("rename", "applied"),
    }
    assert merged not in set(rerun["clusters"]["cluster_id"])
    assert rerun["clusters"].set_index("cluster_id").loc[kept, "label"] == "Fusion"
