"""Labels, top terms and the clusters table (representatives, sizes)."""

from __future__ import annotations

import pandas as pd

from tests.clustering.conftest import _config, _partition
from textmine import schema
from textmine.clustering import cluster_proposals
from textmine.phrases import PhraseIndex


def test_labels_unique_readable_and_clusters_table_conforms(themed):
    frame, _ = themed
    clustered, clusters = cluster_proposals(frame, _config())
    assert clusters["label"].str.lower().is_unique
    assert all(0 < len(label) <= 60 for label in clusters["label"])
    assert list(clusters.columns) == schema.TABLES["clusters"].names
    schema.to_arrow("clusters", clusters)  # types match the contract
    for _, row in clusters.iterrows():
        assert len(row["representative_ids"]) == 5
        members = clustered.loc[clustered["cluster_id"] == row["cluster_id"]]
        assert set(row["representative_ids"]) <= set(members["proposal_id"])
        assert row["size"] == len(members)
        assert row["n_documents"] == members["doc_id"].nunique()
    by_label = dict(zip(clusters["cluster_id"], clusters["label"], strict=True))
    assert (clustered["cluster_label"] == clustered["cluster_id"].map(by_label)).all()
    bike = clusters.loc[clusters["top_terms"].map(lambda t: "cyclable" in " ".join(t))]
    assert len(bike) == 1


def test_labels_and_top_terms_are_corpus_phrases_when_given(themed):
    frame, _ = themed
    phrases = PhraseIndex.from_candidates(
        pd.DataFrame(
            {
                "term": ["piste cyclable", "impôt sur le revenu", "désert médical"],
                "count": [4, 4, 2],
            }
        )
    )
    plain, plain_clusters = cluster_proposals(frame, _config())
    clustered, clusters = cluster_proposals(frame, _config(), phrases=phrases)
    assert _partition(clustered) == _partition(plain)  # only what is shown changes
    labels = set(clusters["label"])
    assert {"Piste cyclable", "Impôt sur le revenu"} <= labels
    assert "impôt revenu" in {t for terms in plain_clusters["top_terms"] for t in terms}
    shown = {t for terms in clusters["top_terms"] for t in terms}
    assert {"piste cyclable", "impôt sur le revenu"} <= shown
    # Every multi-word term shown is a phrase of the corpus, never a lemma bigram.
    assert {t for t in shown if " " in t} <= set(phrases.terms.values())
    assert "cyclable" not in shown and "revenu" not in shown  # shown through their phrase
