"""Labels, top terms and the clusters table (representatives, sizes)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.clustering.conftest import _config, _partition, _proposals
from textmine import schema
from textmine.clustering import UNCLUSTERED, cluster_proposals
from textmine.clustering.labels import class_terms
from textmine.clustering.written import occurs, sentences
from textmine.phrases import PhraseIndex, StopTerms

# Key terms as the parse gives them (term_candidates: a normal form, the form written).
CANDIDATES = pd.DataFrame(
    {
        "term": ["piste cyclable", "impôt sur le revenu", "désert médical", "grande fortune"],
        "surface": ["pistes cyclables", "impôt sur le revenu", "déserts médicaux", "fortunes"],
        "count": [4, 4, 2, 1],
    }
)


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
    # As most of the members write them, lowercase inside sentences.
    assert set(clusters["label"]) == {"pistes cyclables", "impôt sur le revenu", "déserts médicaux"}
    assert "impôt revenu" in {t for terms in plain_clusters["top_terms"] for t in terms}
    shown = {t for terms in clusters["top_terms"] for t in terms}
    assert {"piste cyclable", "impôt sur le revenu"} <= shown
    # Every multi-word term shown is a phrase of the corpus, never a lemma bigram.
    assert {t for t in shown if " " in t} <= set(phrases.terms.values())
    assert "cyclable" not in shown and "revenu" not in shown  # shown through their phrase


def _members(clustered: pd.DataFrame, cluster_id: int) -> list[str]:
    return clustered.loc[clustered["cluster_id"] == cluster_id, "text"].tolist()


def test_every_label_is_written_in_two_members_texts_unique_and_described(themed):
    frame, _ = themed
    clustered, clusters = cluster_proposals(
        frame, _config(), phrases=PhraseIndex.from_candidates(CANDIDATES)
    )
    assert clusters["label"].str.lower().is_unique
    for row in clusters.itertuples():
        texts = _members(clustered, row.cluster_id)
        if row.cluster_id == UNCLUSTERED:
            assert row.description is None or pd.isna(row.description)
            continue
        assert occurs(row.label, texts) >= 2, row.label
        # The description is one of its members' sentences.
        # One of its members' sentences (without its numbering, cut at 200 characters).
        assert any(
            row.description.removesuffix("…") in sentence
            for text in texts
            for sentence in sentences(text)
        ), row.description


def test_a_misspelling_written_twice_loses_to_the_form_most_members_write(themed, nlp):
    frame, _ = themed
    misspelt = _proposals(
        nlp,
        [
            "Créer des piste cyclable entre les villages à vélo.",
            "Des piste cyclable pour aller au collège à vélo.",
        ],
        ["p200", "p201"],
    )
    # The parse's written form of one document is the misspelt one.
    candidates = pd.concat([CANDIDATES, pd.DataFrame({"term": ["piste cyclable"]})])
    clustered, clusters = cluster_proposals(
        pd.concat([frame, misspelt], ignore_index=True),
        _config(),
        phrases=PhraseIndex.from_candidates(candidates),
    )
    by_id = clustered.set_index("proposal_id")["cluster_id"]
    bike = by_id["p000"]
    assert by_id["p200"] == by_id["p201"] == bike
    # Written alike in 4 texts against 2: one phrase (same words' keys), the common form.
    assert clusters.set_index("cluster_id").loc[bike, "label"] == "pistes cyclables"


def test_no_label_top_term_or_description_choice_holds_a_stop_term(themed):
    frame, _ = themed
    stop_terms = ["Pistes cyclables", "impôts", "désert médical"]
    clustered, clusters = cluster_proposals(
        frame,
        _config(stop_terms=stop_terms),
        phrases=PhraseIndex.from_candidates(CANDIDATES),
    )
    plain, _ = cluster_proposals(frame, _config(), phrases=PhraseIndex.from_candidates(CANDIDATES))
    assert _partition(clustered) == _partition(plain)
    stop = StopTerms.from_terms(stop_terms)
    assert clusters["label"].str.lower().is_unique
    for row in clusters.itertuples():
        assert not stop.stops(row.label), row.label
        assert not [t for t in row.top_terms if stop.stops(t)], row.top_terms
        if row.cluster_id != UNCLUSTERED and not row.label.startswith("groupe "):
            assert occurs(row.label, _members(clustered, row.cluster_id)) >= 2


def test_class_terms_order_is_lexsort_over_the_terms_strings():
    """The ranks standing for the strings give lexsort's order: heaviest first, ties by term."""
    lemmas = [
        "médiateur numérique réseau",
        "réseau médiateur zone",
        "zone rurale fibre",
        "fibre débit zone rurale",
        "numérique inclusion",
    ]
    weighted = class_terms(lemmas, np.array([0, 0, 1, 1, -1]))
    shuffled = weighted.terms[::-1].copy()  # not in string order: the ranks must follow them
    unsorted = type(weighted)(weighted.classes, shuffled, weighted.weights[:, ::-1].copy())
    for terms in (weighted, unsorted):
        for row in terms.weights:
            tied = np.round(row, 1)  # many ties, broken by the term
            assert terms.order(tied).tolist() == np.lexsort((terms.terms, -tied)).tolist()
