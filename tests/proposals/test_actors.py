"""Action verb and actor of numbered items, list items, prose and contributions."""

from __future__ import annotations

import pytest

from textmine.proposals import detect_proposals

from .conftest import CONFIG, by_kind


def test_contribution_action_verb_comes_from_its_opening(parse):
    text = (
        "Emploi des jeunes\nMon idée est de développer l'alternance dans les petites entreprises."
    )
    (row,) = detect_proposals(parse(text, format="jsonl"), CONFIG)
    assert row["kind"] == "contribution"
    assert row["action_verb"] == "développer"


@pytest.mark.parametrize(
    ("item", "verb", "actor"),
    [
        # the subject of the modal is who must act
        ("Les régions doivent coordonner les projets numériques des communes.", "coordonner",
         "Les régions"),
        # the "à" addressee of a delegation verb, without its preposition
        ("Confier à l'Agence du numérique la coordination des projets de mutualisation.",
         "confier", "l'Agence du numérique"),
        # the object of a directive verb: the collectivités are asked to mutualise
        ("Inciter les collectivités à mutualiser leurs services informatiques.", "mutualiser",
         "les collectivités"),
        ("Demander aux régions de financer les tiers-lieux numériques.", "financer", "régions"),
        # with a named subject, the subject acts (it is asked to encourage)
        ("Le ministère devrait inciter les collectivités à mutualiser leurs équipes.", "inciter",
         "Le ministère"),
        # "doivent pouvoir": the collectivités are to be enabled, the verb is the content verb
        ("Les collectivités doivent pouvoir réaliser leurs démarches en ligne.", "réaliser", None),
        ("L'État devrait veiller à simplifier les démarches des usagers.", "simplifier", "L'État"),
        ("Veiller au maintien de la diversité des acteurs.", "veiller", None),
        ("Faire en sorte que les communes disposent d'un accès au très haut débit.", "disposer",
         None),
        # beneficiaries are not actors
        ("Garantir aux usagers la pleine maîtrise de leurs données.", "garantir", None),
        ("Permettre aux usagers de contrôler leurs données personnelles.", "contrôler", None),
        ("Aider les entreprises à intégrer la dynamique numérique.", "aider", None),
    ],
)  # fmt: skip
def test_numbered_item_verb_and_actor(parse, item, verb, actor):
    (row,) = by_kind(detect_proposals(parse(f"Recommandation 3 : {item}\n"), CONFIG), "numbered")
    assert row["action_verb"] == verb
    assert row["actor"] == actor


@pytest.mark.parametrize(
    ("sentence", "verb", "actor"),
    [
        # the parser may hang both infinitives on "doivent": the second is still the action
        (
            "Tous les Français, y compris ceux éloignés du numérique, doivent pouvoir réaliser "
            "une démarche en ligne.",
            "réaliser",
            None,
        ),
        ("Il convient de veiller à associer les élus locaux aux projets.", "associer", None),
        (
            "Les collectivités sont invitées à mutualiser leurs équipes d'ingénierie.",
            "mutualiser",
            "Les collectivités",
        ),
        # a subject that cannot act is not an actor
        ("Les démarches en ligne doivent continuer de s'améliorer.", "améliorer", None),
        # a negated clause after "s'assurer que" is not the action
        (
            "Il est nécessaire de s'assurer que leur développement ne tarisse pas la création.",
            "assurer",
            None,
        ),
    ],
)
def test_prose_modal_and_support_chains(parse, sentence, verb, actor):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert row["action_verb"] == verb
    assert row["actor"] == actor


def test_list_item_led_by_a_directive_names_its_actor(parse):
    text = (
        "Le rapport formule plusieurs propositions :\n"
        "- Encourager les opérateurs à publier leurs données de couverture.\n"
        "- Veiller à simplifier les démarches des entreprises.\n"
    )
    items = by_kind(detect_proposals(parse(text), CONFIG), "list_item")
    assert [(r["action_verb"], r["actor"]) for r in items] == [
        ("publier", "les opérateurs"),
        ("simplifier", None),
    ]


def test_passive_rule_gives_its_verb_and_no_actor(parse):
    text = (
        "## Recommandation 7\n\n"
        "Les données et services sont exposés selon des standards techniques partagés.\n"
    )
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert (row["action_verb"], row["actor"]) == ("exposer", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "L'utilisateur pourrait aussi bénéficier d'un droit de regard sur ses données.",
        "Nos stratégies industrielles doivent aussi enrichir les dynamiques de création.",
        "La régulation ne doit pas négliger l'impact de ces nouveaux modèles.",
    ],
)
def test_beneficiaries_documents_and_abstractions_are_not_actors(parse, sentence):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert row["actor"] is None
