"""The review tests' run: a small French run (proposals, clusters, entities) and lookups."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from textmine import schema

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
# The broad groups of clusters (cluster_groups): clusters 0 and 1 together, 2 alone.
GROUP_OF = {-1: -1, 0: 0, 1: 0, 2: 1}
GROUPS = [
    # group_id, label, representatives
    (-1, "Non classées", ["p-z1"]),
    (0, "Numérique public", ["p-a1", "p-b1"]),
    (1, "Données publiques", ["p-c1"]),
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
    """A small French run: proposals in three clusters in two groups, one unclustered, and five
    entities."""
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
                "group_id": GROUP_OF[cid],
                "group_label": next(g[1] for g in GROUPS if g[0] == GROUP_OF[cid]),
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
                "group_id": GROUP_OF[cid],
            }
        )
    groups = []
    for gid, label, reps in GROUPS:
        members = [p for p in PROPOSALS if GROUP_OF[p[3]] == gid]
        cluster_ids = sorted(c for c, g in GROUP_OF.items() if g == gid)
        groups.append(
            {
                "group_id": gid,
                "label": label,
                "top_terms": [],
                "size": len(members),
                "n_distinct": len(members),
                "n_documents": len({p[1] for p in members}),
                "n_clusters": 0 if gid == -1 else len(cluster_ids),
                "cluster_ids": cluster_ids,
                "representative_ids": reps,
                "status": "unclustered" if gid == -1 else "new",
                "previous_ids": [],
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
        "cluster_groups": schema.conform("cluster_groups", pd.DataFrame(groups)),
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


def group(tables: dict[str, pd.DataFrame], gid: int) -> pd.Series:
    frame = tables["cluster_groups"]
    rows = frame[frame["group_id"] == gid]
    assert len(rows) == 1, f"group {gid} is not in the table"
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
