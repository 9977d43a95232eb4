"""Numbered headers: the labels and numberings read, and lines that only look like one."""

from __future__ import annotations

import pytest

from textmine.proposals import detect_proposals

from .conftest import CONFIG, by_kind


def test_numbering_with_n_degree_is_parsed(parse):
    text = (
        "Proposition n° 12 : Créer un guichet unique du numérique pour les communes rurales.\n\n"
        "Proposition n° 13 : Former les élus aux enjeux de la donnée.\n"
    )
    numbered = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["12", "13"]
    assert numbered[0]["text"].endswith("communes rurales.")
    assert numbered[0]["action_verb"] == "créer"


def test_cross_references_are_not_proposals(parse):
    text = (
        "La description d'une API précise ses périodes de validité (cf. recommandations 7 & 8).\n"
        "la proposition 31 du rapport Thévenoud visait les VTC.\n"
        "Recommandation 5 du rapport précédent, reprise ici sans changement.\n"
    )
    rows = detect_proposals(parse(text), CONFIG)
    assert by_kind(rows, "numbered") == []


def test_table_of_contents_entries_are_not_proposals(parse):
    text = "Recommandation 1 – Créer un guichet unique ............................ 12\n"
    assert by_kind(detect_proposals(parse(text), CONFIG), "numbered") == []


@pytest.mark.parametrize(
    ("text", "number", "last_words"),
    [
        ("Mesure 3 : Ouvrir les données des transports publics.", "3", "transports publics."),
        ("Action 4 – Former les agents à la donnée.", "4", "à la donnée."),
        ("Préconisation 5 : Simplifier le dépôt des demandes.", "5", "des demandes."),
        ("Proposition 2.\nCréer un fonds pour l'inclusion numérique.", "2", "inclusion numérique."),
        ("RECOMMANDATION 9 : Publier les algorithmes publics.", "9", "algorithmes publics."),
    ],
)
def test_numbered_label_variants(parse, text, number, last_words):
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert row["number"] == number
    assert row["text"].endswith(last_words)
