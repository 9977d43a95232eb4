"""The entity co-occurrence network: pairs named together, by sentence or document, bounded."""

from __future__ import annotations

import pandas as pd

from textmine.entities.network import entity_cooccurrences
from textmine.schema import TABLES

# (doc, sentence, entity id, canonical, label): who is named with whom in a few press releases.
MENTIONS = [
    ("d1", 0, "e-lemaire", "Axelle Lemaire", "PER"),
    ("d1", 0, "e-arcep", "Arcep", "ORG"),
    ("d1", 1, "e-lemaire", "Axelle Lemaire", "PER"),
    ("d1", 1, "e-arcep", "Arcep", "ORG"),
    ("d1", 2, "e-paris", "Paris", "LOC"),
    ("d2", 0, "e-lemaire", "Axelle Lemaire", "PER"),
    ("d2", 0, "e-arcep", "ARCEP", "ORG"),
    ("d2", 3, "e-paris", "Paris", "LOC"),
    ("d2", 3, "e-cnnum", "Conseil national du numérique", "ORG"),
    ("d3", 0, "e-paris", "Paris", "LOC"),
    ("d3", 0, "e-cnnum", "Conseil national du numérique", "ORG"),
    ("d3", 1, "e-lemaire", "Axelle Lemaire", "PER"),
    ("d4", 0, "e-lille", "Lille", "LOC"),
    ("d5", 0, "e-lille", "Lille", "LOC"),
    ("d5", 1, "e-roubaix", "Roubaix", "LOC"),
]


def _mentions() -> pd.DataFrame:
    return pd.DataFrame(MENTIONS, columns=["doc_id", "sent_id", "entity_id", "canonical", "label"])


def test_pairs_named_in_the_same_sentences_with_their_names_and_labels():
    table = entity_cooccurrences(_mentions(), unit="sentence")
    assert list(table.columns) == TABLES["entity_cooccurrences"].names
    pairs = {
        (r.entity_a, r.label_a, r.entity_b, r.label_b): r.n_units
        for r in table.itertuples(index=False)
    }
    # Lemaire and the Arcep share 3 sentences, the CNNum and Paris 2; one shared sentence is
    # not enough (Paris and Lemaire never share one: not linked by sentence).
    assert pairs == {
        ("Arcep", "ORG", "Axelle Lemaire", "PER"): 3,
        ("Conseil national du numérique", "ORG", "Paris", "LOC"): 2,
    }
    assert table["score"].is_monotonic_decreasing


def test_by_document_more_pairs_are_linked():
    table = entity_cooccurrences(_mentions())  # documents by default
    pairs = {(r.entity_a, r.entity_b): r.n_units for r in table.itertuples(index=False)}
    assert pairs[("Axelle Lemaire", "Paris")] == 3  # d1, d2, d3
    assert ("Lille", "Roubaix") not in pairs  # one document only


def test_the_index_names_the_entities_as_reviewed():
    index = pd.DataFrame(
        {
            "entity_id": ["e-arcep"],
            "canonical": ["Autorité de régulation des communications électroniques"],
            "label": ["ORG"],
        }
    )
    table = entity_cooccurrences(_mentions(), index, unit="sentence")
    assert "Autorité de régulation des communications électroniques" in set(table["entity_a"])


def test_caps_on_entities_and_pairs():
    assert len(entity_cooccurrences(_mentions(), unit="sentence", max_pairs=1)) == 1
    # Only the 2 entities named in most sentences are paired: Lemaire (4), then the Arcep and
    # Paris (3 each; the smaller id first): the CNNum-Paris pair is no longer counted.
    top_two = entity_cooccurrences(_mentions(), unit="sentence", top=2)
    assert list(zip(top_two["entity_a"], top_two["entity_b"], strict=True)) == [
        ("Arcep", "Axelle Lemaire")
    ]


def test_no_mentions_gives_an_empty_table():
    assert entity_cooccurrences(pd.DataFrame()).empty
    assert (
        list(entity_cooccurrences(pd.DataFrame()).columns) == TABLES["entity_cooccurrences"].names
    )
