"""Readable phrases for lemma n-grams: corpus terms shown, non-phrases left out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textmine.phrases import PhraseIndex, StopTerms, content_words, top_terms, word_key


@pytest.mark.parametrize(
    ("inflected", "lemma"),
    [
        ("rurales", "rural"),
        ("publique", "public"),
        ("blanches", "blanc"),
        ("données", "donnée"),
        ("sociaux", "social"),
        ("européenne", "européen"),
        ("première", "premier"),
        ("âgées", "âgé"),
        ("jeux", "jeu"),
        ("privée", "priver"),  # spaCy's lemma of the adjective "privée"
        ("handicapées", "handicaper"),
    ],
)
def test_inflected_words_share_the_key_of_their_lemma(inflected, lemma):
    assert word_key(inflected) == word_key(lemma)


def test_different_words_keep_different_keys():
    assert word_key("commune") != word_key("communication")
    assert word_key("ligne") != word_key("lien")


def _index(*terms: tuple[str, int]) -> PhraseIndex:
    return PhraseIndex.from_candidates(
        pd.DataFrame(
            {"doc_id": "d1", "term": [t for t, _ in terms], "count": [c for _, c in terms]}
        )
    )


def test_lemma_bigrams_are_shown_as_the_corpus_terms():
    index = _index(
        ("démarche en ligne", 3),
        ("zone rurale", 2),
        ("système d'information", 2),
        ("jeu de données", 1),
    )
    assert index.readable("démarche ligne") == "démarche en ligne"
    assert index.readable("zone rural") == "zone rurale"
    assert index.readable("système information") == "système d'information"
    assert index.readable("jeu donnée") == "jeu de données"
    assert index.readable("fibre") == "fibre"  # a single word is shown as it is


def test_bigrams_that_are_no_phrase_of_the_corpus_are_left_out():
    index = _index(("service informatique", 2), ("sein de l'intercommunalité", 1))
    # "services informatiques au sein de l'intercommunalité" -> lemmas joined across phrases
    assert index.readable("informatique sein") is None
    assert index.readable("ligne portail") is None


def test_the_ends_of_a_longer_term_are_phrases_but_not_its_middle():
    index = _index(("zone blanche de la téléphonie mobile", 2), ("très haut débit", 4))
    assert index.readable("zone blanc") == "zone blanche"
    assert index.readable("téléphonie mobile") == "téléphonie mobile"
    assert index.readable("haut débit") == "haut débit"
    assert index.readable("blanc téléphonie") is None


def test_a_term_itself_wins_over_part_of_a_longer_one_then_the_most_frequent():
    index = _index(
        ("lieu de médiation numérique", 9),
        ("médiation numérique", 1),
        ("donnée publique", 5),
        ("données publiques", 2),
    )
    assert index.readable("médiation numérique") == "médiation numérique"
    assert index.readable("donnée public") == "donnée publique"


def test_an_empty_or_odd_table_gives_an_empty_index():
    assert len(PhraseIndex.from_candidates(pd.DataFrame())) == 0
    assert len(PhraseIndex.from_candidates(pd.DataFrame({"doc_id": ["d1"]}))) == 0
    index = PhraseIndex.from_candidates(pd.DataFrame({"term": ["zone rurale", "fibre"]}))
    assert index.readable("zone rural") == "zone rurale"


def test_content_words_leave_out_prepositions_and_articles():
    assert content_words("Accès au droit") == ["accès", "droit"]
    assert content_words("système d’information") == ["système", "information"]


def test_stop_terms_stop_every_form_of_a_term_and_the_terms_holding_it():
    stop = StopTerms.from_terms(["revenu universel", "Activité"])
    for term in ["revenu universel", "Revenus Universels", "revenu universelle d'activité"]:
        assert stop.stops(term), term
    assert stop.stops("activités") and stop.stops("prime d'activité")
    assert stop.stops("revenu")  # a word of a multi-word stop term, alone
    assert not stop.stops("revenu minimum") and not stop.stops("universalité")
    assert not StopTerms.from_terms([]).stops("revenu universel")


def test_top_terms_never_show_a_stop_term_nor_through_a_longer_one():
    vocabulary = ["revenu universel", "revenu", "universel", "montant", "seuil pauvreté"]
    weights = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    order = np.argsort(-weights)
    plain = top_terms(order, weights, vocabulary, 3)
    stopped = top_terms(
        order, weights, vocabulary, 3, stop=StopTerms.from_terms(["revenu universel"])
    )
    assert plain[0] == "revenu universel"
    assert stopped == ["montant", "seuil pauvreté"]
