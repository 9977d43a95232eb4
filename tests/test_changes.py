"""run_changes: documents, clusters and proposals compared with the previous run."""

from __future__ import annotations

import pandas as pd

from textmine.changes import run_changes
from textmine.schema import TABLES


def _documents(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "title", "path", "sha256", "n_chars"]).assign(
        status="ok"
    )


def _clusters(rows: list[tuple[int, str, int, str, list[int]]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cluster_id", "label", "size", "status", "previous_ids"])


def _proposals(rows: list[tuple[str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["proposal_id", "cluster_id"]).assign(
        text=lambda f: "Créer des pistes cyclables sécurisées, proposition " + f["proposal_id"]
    )


BEFORE = {
    "documents": _documents(
        [
            ("d1", "Plan vélo 2019", "velo.md", "aaa", 1200),
            ("d2", "Rapport santé", "sante.pdf", "bbb", 5000),
            ("d3", "Communiqué fiscalité", "impots.txt", "ccc", 800),
        ]
    ),
    "clusters": _clusters(
        [
            (-1, "non classées", 1, "unclustered", []),
            (0, "piste cyclable", 2, "new", []),
            (1, "médecin généraliste", 2, "new", []),
            (2, "impôt sur le revenu", 1, "new", []),
            (3, "fraude fiscale", 1, "new", []),
        ]
    ),
    "proposals": _proposals([("p1", 0), ("p2", 0), ("p3", 1), ("p4", 1), ("p5", 2), ("p6", 3)]),
}


def test_a_first_run_has_no_changes():
    table = run_changes(BEFORE["documents"], BEFORE["proposals"], BEFORE["clusters"], None)
    assert table.empty and list(table.columns) == TABLES["run_changes"].names


def test_documents_clusters_and_moved_proposals_are_listed_in_french():
    documents = _documents(
        [
            ("d1", "Plan vélo 2019", "velo.md", "aaa", 1200),
            ("d2", "Rapport santé", "sante.pdf", "bbb2", 5600),
            ("d4", "Contribution mobilités", "mobilites.md", "ddd", 300),
        ]
    )
    clusters = _clusters(
        [
            (-1, "non classées", 1, "unclustered", []),
            (0, "piste cyclable", 4, "persisting", [0]),
            (1, "médecin généraliste", 1, "persisting", [1]),
            (4, "fiscalité", 2, "merged", [2, 3]),
            (5, "transport en commun", 2, "new", []),
        ]
    )
    proposals = _proposals(
        [
            *[("p1", 0), ("p2", 0), ("p7", 0), ("p4", 0), ("p3", 1), ("p5", 4), ("p6", 4)],
            *[("p8", 5), ("p9", 5), ("p10", -1)],
        ]
    )
    table = run_changes(documents, proposals, clusters, BEFORE)
    rows = {(r.kind, r.object_id): r for r in table.itertuples(index=False)}
    assert list(table["kind"]) == [
        "new_document",
        "changed_document",
        "removed_document",
        "new_cluster",
        "merged_cluster",
        "grown_cluster",
        "shrunk_cluster",
        "moved_proposal",
    ]
    assert rows[("new_document", "d4")].label == "Contribution mobilités"
    assert rows[("removed_document", "d3")].label == "Communiqué fiscalité"
    changed = rows[("changed_document", "d2")]
    assert (changed.before, changed.after) == (5000, 5600)
    assert changed.detail.startswith("contenu modifié")
    merged = rows[("merged_cluster", "4")]
    assert merged.detail == (
        "réunit les groupes « impôt sur le revenu », « fraude fiscale » du passage précédent"
    )
    grown = rows[("grown_cluster", "0")]
    assert (grown.before, grown.after, grown.detail) == (
        2,
        4,
        "2 → 4 propositions, dont 1 nouvelle",
    )
    assert (rows[("shrunk_cluster", "1")].before, rows[("shrunk_cluster", "1")].after) == (2, 1)
    assert rows[("new_cluster", "5")].after == 2
    moved = rows[("moved_proposal", "p4")]
    assert (moved.before, moved.after) == (1, 0)
    assert moved.detail == "du groupe « médecin généraliste » au groupe « piste cyclable »"
    assert moved.label.startswith("Créer des pistes cyclables")
    # The merged-away clusters 2 and 3 are not "removed" and their members did not "move":
    # the merge names them.
    assert not (table["kind"] == "removed_cluster").any()


def test_the_same_tables_again_change_nothing():
    # The clusters' statuses are stale ("new" from the previous run's point of view): the
    # ids and sizes say nothing changed.
    table = run_changes(BEFORE["documents"], BEFORE["proposals"], BEFORE["clusters"], BEFORE)
    assert table.empty


def test_a_cluster_gone_without_a_successor_is_removed():
    clusters = BEFORE["clusters"][BEFORE["clusters"]["cluster_id"] != 3].assign(status="persisting")
    proposals = BEFORE["proposals"].assign(
        cluster_id=lambda f: f["cluster_id"].where(f["proposal_id"] != "p6", -1)
    )
    table = run_changes(BEFORE["documents"], proposals, clusters, BEFORE)
    removed = table[table["kind"] == "removed_cluster"].iloc[0]
    assert (removed.object_id, removed.label, removed.before) == ("3", "fraude fiscale", 1)
    moved = table[table["kind"] == "moved_proposal"].iloc[0]
    assert moved.detail == "du groupe « fraude fiscale » au groupe « non classées »"
