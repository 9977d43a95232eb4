"""Near-duplicates: linked to the smallest id, counted once, and only when close."""

from __future__ import annotations

import pandas as pd

from tests.clustering.conftest import _config, _proposals
from textmine.clustering import cluster_proposals, find_near_duplicates


def test_near_duplicates_linked_and_counted_once(themed, nlp):
    frame, _ = themed
    repeats = _proposals(
        nlp,
        [
            "Créer des pistes cyclables sécurisées dans toutes les villes !",  # p000 again
            "Baisser l’impôt sur le revenu des classes moyennes",  # p006 again
        ],
        ids=["q001", "q002"],
    )
    both = pd.concat([frame, repeats], ignore_index=True)
    clustered, clusters = cluster_proposals(both, _config())
    dup = clustered.set_index("proposal_id")["duplicate_of"]
    assert dup["q001"] == "p000" and dup["q002"] == "p006"
    assert dup.drop(["q001", "q002"]).isna().all()
    cid = clustered.set_index("proposal_id")["cluster_id"]
    assert cid["q001"] == cid["p000"]
    row = clusters.set_index("cluster_id").loc[cid["p000"]]
    assert row["size"] == 7 and row["n_distinct"] == 6
    assert "q001" not in row["representative_ids"]


def test_near_duplicate_detection_is_selective():
    texts = ["a", "b", "c", "d"]
    lemmas = [
        "créer piste cyclable ville",
        "créer piste cyclable ville sécurisé",
        "baisser impôt revenu",
        "hôpital médecin",
    ]
    groups = find_near_duplicates(texts, lemmas, threshold=0.5)
    assert groups[1] == 0 and groups[2] == 2 and groups[3] == 3
