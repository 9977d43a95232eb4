"""The review loop: decisions typed in spreadsheets are read, applied, reported and kept."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine import schema
from textmine.review import (
    ClusterDecision,
    Decisions,
    EntityDecision,
    ProposalDecision,
    apply_decisions,
    load_decisions,
    pre_review_proposals,
    run_review,
    write_review_sheets,
)

PROPOSALS = [
    # proposal_id, doc_id, text, cluster_id, confidence
    ("p-a1", "rapport", "Créer un conseil national du numérique dans chaque région.", 0, 0.9),
    ("p-a2", "rapport", "Nommer un référent numérique dans chaque préfecture.", 0, 0.8),
    ("p-a3", "avis", "Installer des médiateurs numériques dans les mairies rurales.", 0, 0.7),
    ("p-b1", "avis", "Former les agents publics aux outils numériques.", 1, 0.9),
    ("p-b2", "rapport", "Développer la formation continue des élus locaux.", 1, 0.6),
    ("p-c1", "avis", "Ouvrir les données des collectivités territoriales.", 2, 0.9),
    ("p-c2", "rapport", "Publier les algorithmes utilisés par l'administration.", 2, 0.8),
    ("p-z1", "avis", "Améliorer la couverture mobile en montagne.", -1, 0.5),
]
CLUSTERS = [
    (-1, "Non classées", [], []),  # the clustering writes a row for the unclustered group
    (0, "numérique · territoires", ["numérique", "territoire"], ["p-a1", "p-a2"]),
    (1, "formation · agents", ["formation", "agent"], ["p-b1", "p-b2"]),
    (2, "données · ouverture", ["donnée", "ouvrir"], ["p-c1", "p-c2"]),
]
ENTITIES = [
    # entity_id, canonical, label, aliases, mentions: (doc_id, surface)
    ("e-lemaire", "Axelle Lemaire", "PER", ["Axelle LEMAIRE"], [("rapport", "Axelle LEMAIRE")]),
    ("e-alemaire", "A. Lemaire", "PER", [], [("avis", "A. Lemaire")]),
    ("e-oural", "Akim OURAL", "PER", [], [("rapport", "Akim OURAL"), ("avis", "Akim OURAL")]),
    ("e-madame", "Madame", "PER", [], [("avis", "Madame")]),
    ("e-sen", "Secrétariat d'État au numérique", "ORG", [], [("rapport", "Secrétariat")]),
]


def make_tables() -> dict[str, pd.DataFrame]:
    """A small French run: proposals in three clusters, one unclustered, and five entities."""
    proposals = pd.DataFrame(
        [
            {
                "proposal_id": pid,
                "doc_id": doc,
                "kind": "numbered",
                "start_char": 10 * i,
                "end_char": 10 * i + len(text),
                "text": text,
                "confidence": conf,
                "cluster_id": cid,
                "cluster_label": next((c[1] for c in CLUSTERS if c[0] == cid), None),
            }
            for i, (pid, doc, text, cid, conf) in enumerate(PROPOSALS)
        ]
    )
    clusters = []
    for cid, label, terms, reps in CLUSTERS:
        members = [p for p in PROPOSALS if p[3] == cid]
        docs = sorted({p[1] for p in members})
        clusters.append(
            {
                "cluster_id": cid,
                "label": label,
                "top_terms": terms,
                "size": len(members),
                "n_documents": len(docs),
                "doc_ids": docs,
                "representative_ids": reps,
            }
        )
    mentions, index = [], []
    for eid, canonical, label, aliases, found in ENTITIES:
        for j, (doc, surface) in enumerate(found):
            mentions.append(
                {
                    "doc_id": doc,
                    "sent_id": j,
                    "start_char": j,
                    "end_char": j + len(surface),
                    "text": surface,
                    "label": label,
                    "canonical": canonical,
                    "entity_id": eid,
                }
            )
        docs = sorted({doc for doc, _ in found})
        index.append(
            {
                "entity_id": eid,
                "canonical": canonical,
                "label": label,
                "aliases": aliases,
                "n_mentions": len(found),
                "n_documents": len(docs),
                "doc_ids": docs,
                "first_date": "2015-07-23",
                "last_date": "2015-07-23",
                "cooccurring": [],
            }
        )
    return {
        "proposals": schema.conform("proposals", proposals),
        "clusters": schema.conform("clusters", pd.DataFrame(clusters)),
        "entities": schema.conform("entities", pd.DataFrame(mentions)),
        "entity_index": schema.conform("entity_index", pd.DataFrame(index)),
    }


def proposal(tables: dict[str, pd.DataFrame], pid: str) -> pd.Series:
    frame = tables["proposals"]
    return frame[frame["proposal_id"] == pid].iloc[0]


def cluster(tables: dict[str, pd.DataFrame], cid: int) -> pd.Series:
    frame = tables["clusters"]
    rows = frame[frame["cluster_id"] == cid]
    assert len(rows) == 1, f"cluster {cid} is not in the table"
    return rows.iloc[0]


def entity(tables: dict[str, pd.DataFrame], eid: str) -> pd.Series | None:
    frame = tables["entity_index"]
    rows = frame[frame["entity_id"] == eid]
    return rows.iloc[0] if len(rows) else None


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def log_rows(log: pd.DataFrame, **match: str) -> pd.DataFrame:
    mask = pd.Series(True, index=log.index)
    for column, value in match.items():
        mask &= log[column] == value
    return log[mask]


# ------------------------------------------------------------------------------ each decision


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


def test_entity_alias_merges_the_entity_of_that_name() -> None:
    tables = make_tables()
    decisions = Decisions(entities=[EntityDecision("e-lemaire", add_aliases=("A. Lemaire",))])

    out, log = apply_decisions(tables, decisions)

    assert entity(out, "e-alemaire") is None
    merged = entity(out, "e-lemaire")
    assert "A. Lemaire" in list(merged["aliases"])
    assert merged["n_mentions"] == 2
    assert list(merged["doc_ids"]) == ["rapport", "avis"]
    mention = out["entities"][out["entities"]["text"] == "A. Lemaire"].iloc[0]
    assert (mention["entity_id"], mention["canonical"]) == ("e-lemaire", "Axelle Lemaire")
    assert list(log["status"]) == ["applied"]


def test_entity_new_canonical_keeps_old_form_as_alias() -> None:
    decisions = Decisions(entities=[EntityDecision("e-oural", new_canonical="Akim Oural")])
    out, _ = apply_decisions(make_tables(), decisions)

    oural = entity(out, "e-oural")
    assert oural["canonical"] == "Akim Oural"
    mentions = out["entities"][out["entities"]["entity_id"] == "e-oural"]
    assert set(mentions["canonical"]) == {"Akim Oural"}


def test_entity_rejected_is_removed_with_its_mentions() -> None:
    decisions = Decisions(entities=[EntityDecision("e-madame", reject=True)])
    out, log = apply_decisions(make_tables(), decisions)

    assert entity(out, "e-madame") is None
    assert "Madame" not in set(out["entities"]["text"])
    assert log.iloc[0]["previous"] == "Madame"


def test_entity_matched_by_canonical_when_id_changed() -> None:
    decisions = Decisions(
        entities=[EntityDecision("e-old-id", canonical="akim oural", label="PER", reject=True)]
    )
    out, log = apply_decisions(make_tables(), decisions)
    assert entity(out, "e-oural") is None
    assert list(log["status"]) == ["applied"]


# ------------------------------------------------------------------------------ nothing lost


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


def test_move_into_missing_cluster_is_reported_and_proposal_stays() -> None:
    decisions = Decisions(proposals=[ProposalDecision("p-b1", "accept", move_to_cluster=42)])
    out, log = apply_decisions(make_tables(), decisions)

    assert proposal(out, "p-b1")["cluster_id"] == 1
    assert proposal(out, "p-b1")["review_status"] == "accepted"
    assert log_rows(log, decision="move").iloc[0]["status"] == "target_missing"


# ------------------------------------------------------------------------------ reading files


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


# ------------------------------------------------------------------------------ sheets


def test_xlsx_round_trip_of_reviewer_edits(tmp_path: Path) -> None:
    tables = make_tables()
    paths = write_review_sheets(tables, tmp_path)
    assert {p.name for p in paths} == {
        f"{s}_review.{ext}"
        for s in ("proposals", "clusters", "entities")
        for ext in ("csv", "xlsx")
    }

    book = load_workbook(tmp_path / "proposals_review.xlsx")
    sheet = book["proposals"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        pid = row[header.index("proposal_id")].value
        if pid == "p-c2":
            row[header.index("decision")].value = "Rejeter"
            row[header.index("note")].value = "déjà en vigueur"
        if pid == "p-z1":
            row[header.index("move_to_cluster")].value = 2  # typed as a number by Excel
    book.save(tmp_path / "proposals_review.xlsx")
    book = load_workbook(tmp_path / "entities_review.xlsx")
    sheet = book["entities"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("entity_id")].value == "e-lemaire":
            row[header.index("add_alias")].value = "A. Lemaire | Mme Lemaire"
    book.save(tmp_path / "entities_review.xlsx")
    for name in ("proposals_review.csv", "entities_review.csv", "clusters_review.csv"):
        (tmp_path / name).unlink()

    decisions = load_decisions(tmp_path)

    assert decisions.problems == []
    assert [
        (d.proposal_id, d.decision, d.move_to_cluster, d.note) for d in decisions.proposals
    ] == [
        ("p-c2", "reject", None, "déjà en vigueur"),
        ("p-z1", None, 2, ""),
    ]
    assert [d.add_aliases for d in decisions.entities] == [("A. Lemaire", "Mme Lemaire")]


def test_csv_sheet_is_excel_friendly_and_formulas_stay_text(tmp_path: Path) -> None:
    tables = make_tables()
    frame = tables["proposals"].copy()
    frame.loc[frame["proposal_id"] == "p-z1", "text"] = '=HYPERLINK("http://x","clic") ici'
    tables["proposals"] = frame
    write_review_sheets(tables, tmp_path)

    raw = (tmp_path / "proposals_review.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("proposal_id;doc_id;")
    assert "Créer un conseil national du numérique" in text
    assert "'=HYPERLINK" in text

    book = load_workbook(tmp_path / "proposals_review.xlsx")
    cells = [c for row in book["proposals"].iter_rows() for c in row if c.value]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_sheets_are_prefilled_and_resaving_them_gives_same_decisions(tmp_path: Path) -> None:
    decisions = Decisions(
        proposals=[
            ProposalDecision("p-a1", "reject", note="trop vague"),
            ProposalDecision("p-a3", "accept", move_to_cluster=2),
        ],
        clusters=[
            ClusterDecision(1, new_label="Formation au numérique"),
            ClusterDecision(2, merge_into=0),
        ],
        entities=[
            EntityDecision("e-oural", "Akim OURAL", "PER", new_canonical="Akim Oural"),
            EntityDecision("e-lemaire", "Axelle Lemaire", "PER", add_aliases=("A. Lemaire",)),
            EntityDecision("e-madame", "Madame", "PER", reject=True),
        ],
    )
    out, _ = apply_decisions(make_tables(), decisions)
    first = tmp_path / "first"
    write_review_sheets(out, first)  # the log comes with the tables

    # the reviewer keeps only the CSVs (as Excel would re-save them) then the XLSX
    for keep in ("csv", "xlsx"):
        folder = tmp_path / keep
        folder.mkdir()
        for path in first.glob(f"*.{keep}"):
            (folder / path.name).write_bytes(path.read_bytes())
        reloaded = load_decisions(folder)
        assert reloaded.problems == []
        assert _strip_sources(reloaded) == _strip_sources(decisions), keep

    proposals_sheet = (first / "proposals_review.csv").read_text(encoding="utf-8-sig")
    assert "rejeter" in proposals_sheet and "trop vague" in proposals_sheet


def _strip_sources(decisions: Decisions) -> list[tuple[str, dict[str, object]]]:
    items = [*decisions.proposals, *decisions.clusters, *decisions.entities]
    return sorted(
        (type(d).__name__, str({k: getattr(d, k) for k in d.__slots__ if k != "source"}))
        for d in items
    )


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
    assert (row["decision"], row["review_result"]) == ("rejeter", "reject: applied")


@pytest.mark.parametrize("value", ["Rejeter", "rejeté", "NON", " reject ", "Refusée"])
def test_french_and_english_reject_spellings(tmp_path: Path, value: str) -> None:
    write_csv(tmp_path / "proposals_review.csv", ["proposal_id;decision", f"p-a1;{value}"])
    assert [d.decision for d in load_decisions(tmp_path).proposals] == ["reject"]


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
    assert "invalid" in sheet.loc["p-a1", "review_result"]
    assert sheet.loc["p-b1", "note"] == "bonne idée"


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
