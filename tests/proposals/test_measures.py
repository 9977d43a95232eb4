"""Announced measures and calls to act, below recommendations."""

from __future__ import annotations

import pytest

from textmine.proposals import detect_proposals

from .conftest import CONFIG, by_kind


@pytest.mark.parametrize(
    ("sentence", "verb", "actor"),
    [
        ("L'État recrutera vingt développeurs dans ses services en janvier.", "recruter", "L'État"),
        (
            "Le ministère va lancer un plan de formation des agents publics.",
            "lancer",
            "Le ministère",
        ),
        ("Une nouvelle promotion sera lancée au printemps prochain.", "lancer", None),
        ("La région lance un appel à projets pour les communes rurales.", "lancer", "La région"),
        (
            "Nous mobilisons 40 millions d'euros pour les services publics locaux.",
            "mobiliser",
            None,
        ),
        ("Le lancement de la plateforme est prévu en 2025.", "prévoir", None),
        ("L'objectif est de former 5 000 agents d'ici 2026.", "former", None),
    ],
)
def test_measures_announced_by_a_public_body_are_proposals(parse, sentence, verb, actor):
    """Press releases announce measures more than they recommend: future tense, "va" +
    infinitive, a passive future, a launch of a programme, a target with a deadline."""
    text = f"Le diagnostic est partagé par tous. {sentence}"
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [(p["text"], p["action_verb"], p["actor"]) for p in prose] == [(sentence, verb, actor)]
    assert prose[0]["confidence"] <= 0.55  # below recommendations: reviewers see them after


@pytest.mark.parametrize(
    ("sentence", "verb", "actor"),
    [
        (
            "Les communes sont invitées à candidater avant le 3 avril.",
            "candidater",
            "Les communes",
        ),
        ("Agents publics, rejoignez le programme de formation au numérique.", "rejoindre", None),
    ],
)
def test_calls_to_act_are_proposals(parse, sentence, verb, actor):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [(p["text"], p["action_verb"], p["actor"]) for p in prose] == [(sentence, verb, actor)]
    assert prose[0]["confidence"] == 0.5


@pytest.mark.parametrize(
    "sentence",
    [
        "Le gouvernement a lancé un appel à projets en 2019.",
        "Le site permettra de suivre chaque démarche en ligne.",
        "La direction du numérique lance aujourd'hui le site de suivi des démarches.",
        "L'entreprise Dupont ouvrira trois magasins à Lyon l'an prochain.",
        "L'État se mobilise pour l'inclusion numérique.",
        "Les candidats retenus seront recrutés pour six mois.",
        "La direction évaluera les candidats selon plusieurs critères.",
        "Certaines actions sont déjà engagées avec les collectivités.",
        "Le développement de ce marché sera soumis au contrôle des autorités.",
        "Consultez le site pour en savoir plus.",
        "L'État ne financera pas les réseaux privés.",
    ],
)
def test_past_actions_features_procedures_and_private_plans_are_not_measures(parse, sentence):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []
