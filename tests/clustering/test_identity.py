"""Identity across runs: stable ids and labels, new/merged/split clusters, fold-in."""

from __future__ import annotations

import pandas as pd

from tests.clustering.conftest import _config, _proposals
from textmine.clustering import UNCLUSTERED, cluster_proposals


def test_stable_ids_and_labels_kept_on_rerun(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config())
    renamed = first.copy()
    renamed_label = "Vélo"  # written in 4 of its texts; not the label it would get afresh
    bike = renamed.loc[renamed["proposal_id"] == "p000", "cluster_id"].iloc[0]
    renamed.loc[renamed["cluster_id"] == bike, "cluster_label"] = renamed_label
    # Shift ids as a longer history would have them.
    renamed["cluster_id"] = renamed["cluster_id"] + 10
    added = _proposals(
        nlp, ["Construire des pistes cyclables le long des routes départementales."], ["p100"]
    )
    second, clusters = cluster_proposals(
        pd.concat([frame, added], ignore_index=True), _config(), previous=renamed
    )
    ids = second.set_index("proposal_id")["cluster_id"]
    old = first.set_index("proposal_id")["cluster_id"]
    assert (ids.drop("p100") == old + 10).all()
    assert ids["p100"] == ids["p000"]
    assert set(clusters["status"]) == {"persisting"}
    assert clusters.set_index("cluster_id").loc[bike + 10, "label"] == renamed_label


def test_a_kept_label_no_longer_written_in_its_texts_or_now_stopped_is_replaced(themed):
    frame, _ = themed
    first, clusters = cluster_proposals(frame, _config())
    bike = first.loc[first["proposal_id"] == "p000", "cluster_id"].iloc[0]
    tax = first.loc[first["proposal_id"] == "p006", "cluster_id"].iloc[0]
    previous = first.copy()
    # Labels an older version made from lemmas ("Compte · prendre"), or now stopped.
    previous.loc[previous["cluster_id"] == bike, "cluster_label"] = "Vélo au quotidien"
    previous.loc[previous["cluster_id"] == tax, "cluster_label"] = "Impôt"
    _, again = cluster_proposals(frame, _config(stop_terms=["impôt"]), previous=previous)
    labels = again.set_index("cluster_id")["label"]
    assert labels[bike] == clusters.set_index("cluster_id").loc[bike, "label"]
    assert labels[tax] != "Impôt" and "impôt" not in labels[tax].lower()


def test_new_and_merged_clusters_are_recorded(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config(n_clusters=3))
    garden = _proposals(
        nlp,
        [
            "Créer des jardins partagés dans chaque quartier.",
            "Installer des jardins potagers partagés sur les toits.",
            "Mettre des terrains à disposition pour des jardins partagés.",
            "Former les habitants au jardinage dans les jardins partagés.",
            "Développer les jardins partagés et les potagers urbains.",
            "Ouvrir des jardins partagés dans les écoles.",
        ],
        ids=[f"g{i}" for i in range(6)],
    )
    second, clusters = cluster_proposals(
        pd.concat([frame, garden], ignore_index=True), _config(n_clusters=4), previous=first
    )
    status = clusters.set_index("cluster_id")["status"]
    garden_id = second.set_index("proposal_id").loc["g0", "cluster_id"]
    assert status[garden_id] == "new" and garden_id > first["cluster_id"].max()
    assert (status.drop(garden_id) == "persisting").all()
    # Fewer clusters now: two previous clusters end up in one, recorded as merged.
    _, fewer = cluster_proposals(frame, _config(n_clusters=2), previous=first)
    merged = fewer[fewer["status"] == "merged"]
    assert len(merged) == 1 and len(merged.iloc[0]["previous_ids"]) == 2
    # And back: one previous cluster now shared between two clusters, recorded as split.
    two, _ = cluster_proposals(frame, _config(n_clusters=2))
    _, more = cluster_proposals(frame, _config(n_clusters=3), previous=two)
    split = more[more["status"] == "split"]
    assert len(split) == 2 and split["previous_ids"].map(tuple).nunique() == 1
    assert len(set(split["cluster_id"]) & set(two["cluster_id"])) == 1  # one piece keeps the id


def test_fold_in_keeps_every_cluster_and_places_new_proposals(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config(unclustered_share=0.1))
    previous = first.copy()
    clustered = previous["cluster_id"] >= 0
    previous.loc[clustered, "cluster_id"] += 10  # ids from a longer history
    added = _proposals(
        nlp,
        [
            "Construire des pistes cyclables le long des routes départementales.",
            "Recruter des médecins pour les urgences des hôpitaux.",
            "Organiser un concours de chant choral pour les chorales amateurs.",
        ],
        ["p100", "p101", "p102"],
    )
    grown = pd.concat([frame, added], ignore_index=True)
    second, clusters = cluster_proposals(
        grown, _config(unclustered_share=0.1), previous=previous, fold_in=True
    )
    ids = second.set_index("proposal_id")["cluster_id"]
    before = previous.set_index("proposal_id")["cluster_id"]
    assert (ids.drop(["p100", "p101", "p102"]) == before).all()  # nothing known moves
    assert ids["p100"] == ids["p000"]  # bikes
    assert ids["p101"] == before[frame.loc[12, "proposal_id"]]  # hospitals
    assert ids["p102"] == UNCLUSTERED  # fits no cluster
    assert set(clusters.loc[clusters["cluster_id"] >= 0, "status"]) == {"persisting"}


def test_fold_in_reassigns_a_known_proposal_whose_text_changed(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config())
    changed = frame.copy()
    changed.loc[0, ["text", "lemmas"]] = (
        _proposals(nlp, ["Recruter des infirmières dans les hôpitaux publics."])
        .loc[0, ["text", "lemmas"]]
        .to_numpy()
    )
    second, _ = cluster_proposals(changed, _config(), previous=first, fold_in=True)
    ids = second.set_index("proposal_id")["cluster_id"]
    assert ids["p000"] == ids["p012"]  # now with the hospitals, not the bikes
