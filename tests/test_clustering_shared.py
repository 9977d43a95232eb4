"""Clustering of a real consultation (../shared granddebat-mel-2019) against its authors' themes."""

from __future__ import annotations

import pandas as pd
from tests.conftest import shared_path

from textmine.clustering import UNCLUSTERED, cluster_proposals
from textmine.config import ClusteringConfig
from textmine.evaluation import evaluate_clusters

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}


def test_real_consultation_clusters_agree_with_author_themes(nlp):
    path = shared_path("corpora", "granddebat-mel-2019", "proposals.csv")
    rows = pd.read_csv(path, dtype=str)
    texts = (rows["title"].fillna("") + ". " + rows["body"].fillna("")).tolist()
    lemmas = [
        " ".join(
            t.lemma_.lower()
            for t in doc
            if not t.is_stop and t.is_alpha and len(t.text) >= 2 and t.pos_ in CONTENT_POS
        )
        for doc in nlp.pipe(texts, batch_size=32)
    ]
    proposals = pd.DataFrame(
        {
            "proposal_id": "p" + rows["proposal_id"],
            "doc_id": "d" + rows["proposal_id"],
            "text": texts,
            "lemmas": lemmas,
        }
    )
    documents = pd.DataFrame({"doc_id": proposals["doc_id"], "source_id": rows["proposal_id"]})
    gold = rows[["proposal_id", "category"]]  # 34 rows without a theme are not scored

    clustered, clusters = cluster_proposals(proposals, ClusteringConfig(n_clusters=5))
    assert len(clustered) == len(rows)
    assert clusters["label"].is_unique
    assert clusters.loc[clusters["cluster_id"] != UNCLUSTERED, "size"].min() >= 2
    scores = evaluate_clusters(clustered, documents, gold)
    assert scores["n_matched"] == 162
    # Naive baselines score NMI 0.10-0.23 here; the default measured 0.26 (bench).
    assert scores["nmi"] > 0.23
