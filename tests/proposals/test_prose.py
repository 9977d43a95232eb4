"""Prose proposals: the constructions that make a sentence a proposal, and those that do not."""

from __future__ import annotations

import pytest

from textmine.proposals import detect_proposals

from .conftest import CONFIG, by_kind


def test_prose_proposal_with_action_verb_and_actor(parse):
    text = (
        "La couverture numérique du territoire progresse. "
        "Il est proposé de créer un guichet unique, piloté par l'Agence du numérique, "
        "pour accompagner les collectivités."
    )
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert row["text"].startswith("Il est proposé de créer un guichet unique")
    assert row["action_verb"] == "créer"
    assert row["kind"] == "prose"


@pytest.mark.parametrize(
    ("sentence", "verb", "actor"),
    [
        (
            "L'État pourrait financer les projets de mutualisation des collectivités.",
            "financer",
            "L'État",
        ),
        (
            "Les collectivités devraient mutualiser leurs équipes d'ingénierie.",
            "mutualiser",
            "Les collectivités",
        ),
        ("Nous recommandons que l'État crée une agence de la donnée.", "créer", "l'État"),
        ("Il faut simplifier les démarches administratives des entreprises.", "simplifier", None),
        (
            "Les projets doivent être accompagnés par l'Agence du numérique.",
            "accompagner",
            "l'Agence du numérique",
        ),
        (
            "Nous devons adapter la loi aux usages numériques des collectivités.",
            "adapter",
            None,
        ),
        (
            "L'Etat peut accompagner les collectivités dans leurs projets de mutualisation.",
            "accompagner",
            "L'Etat",
        ),
        # a necessity whose subject is an infinitive clause
        ("Mieux former les agents aux outils numériques est indispensable.", "former", None),
        # what a situation requires: "nécessiter / impliquer de" + infinitive
        ("Cela implique de former les élus aux enjeux de la donnée.", "former", None),
        (
            "Cette réforme nécessite de revoir la répartition des compétences entre communes.",
            "revoir",
            None,
        ),
        # "être / rester à" + infinitive: still to be done
        ("La sécurité des réseaux est à renforcer dans les petites communes.", "renforcer", None),
        ("Les moyens des intercommunalités restent à consolider.", "consolider", None),
        # a programme that will go on, its subject on the verb it is coordinated with (the
        # pronominal "se" is not that subject)
        (
            "Ce plan a déjà permis de raccorder 300 communes et se poursuivra en 2026.",
            "poursuivre",
            None,
        ),
        # "doit" misread as a relative clause of the noun before it, with no relative pronoun
        (
            "Pour mieux servir les usagers, l'administration elle-même doit se transformer.",
            "transformer",
            None,
        ),
    ],
)
def test_prose_constructions_give_verb_and_actor(parse, sentence, verb, actor):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert len(prose) == 1, prose
    assert prose[0]["text"] == sentence
    assert prose[0]["action_verb"] == verb
    assert prose[0]["actor"] == actor


@pytest.mark.parametrize(
    "sentence",
    [
        "Le gouvernement a créé un guichet unique pour les entreprises en 2016.",
        "La mission avait proposé de créer une agence dédiée.",
        "L'État devait financer les réseaux d'initiative publique.",
        "Le guichet unique accueille chaque année des milliers d'entreprises.",
        "Les API peuvent s'appuyer sur un mécanisme d'authentification des usagers.",
        "Le groupe Wal-Mart encourage ses clients à livrer les courses de leurs voisins.",
        "Il faut noter que la couverture en fibre reste inégale.",
        "Ces organismes doivent mettre aux normes d'accessibilité leurs sites internet.",
        "Les sites créés depuis 2018 doivent se conformer aux obligations de la directive.",
        "Le marché de l'hébergement devrait représenter 4 milliards d'euros en 2025.",
    ],
)
def test_past_actions_and_descriptions_are_not_proposals(parse, sentence):
    assert detect_proposals(parse(sentence), CONFIG) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Ces plateformes sont à même de modifier leurs conditions tarifaires.",
        "L'inscription nécessitait de créer un compte sur le portail.",
        "Il est à noter que la couverture progresse.",
        "Les communes qui doivent se doter d'un plan sont nombreuses.",
    ],
)
def test_abilities_past_requirements_and_relatives_are_not_proposals(parse, sentence):
    assert by_kind(detect_proposals(parse(sentence), CONFIG), "prose") == []


# P25: decoys of announcements (blind5's kinds, on sentences written for these tests)
@pytest.mark.parametrize(
    "sentence",
    [
        # a forecast: "devrait" said of a trend, with a figure
        "D'ici 2030, la population devrait encore gagner quelque 4 000 habitants.",
        # a hypothesis: "si" + imperfect, then a conditional
        "Si la sécheresse se prolongeait, les mesures de restriction pourraient être renforcées.",
        # who may apply to a programme
        "Les associations sportives peuvent déposer une demande de subvention.",
    ],
)
def test_forecasts_hypotheses_and_eligibility_are_not_proposals(parse, sentence):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []


@pytest.mark.parametrize(
    ("context", "sentence", "verb"),
    [
        # a finding that asks for an action, with a verb of showing in two words
        (
            "",
            "L'épidémie a mis en évidence la nécessité de renforcer les équipes mobiles.",
            "renforcer",
        ),
        # a call whose subject is a pronoun standing for a public body
        (
            "Le préfet a réuni les maires du département. ",
            "Il appelle les communes à réduire leur consommation d'eau.",
            "réduire",
        ),
    ],
)
def test_shown_needs_and_calls_by_a_pronoun_are_proposals(parse, context, sentence, verb):
    text = f"Le diagnostic est partagé par tous. {context}{sentence}"
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [(p["text"], p["action_verb"]) for p in prose] == [(sentence, verb)]


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Les sénatrices recommandent de supprimer le délai de carence.", "supprimer"),
        ("Les rapporteures proposent de créer un fonds d'urgence.", "créer"),
    ],
)
def test_feminine_agents_propose_as_the_masculine_do(parse, sentence, verb):
    """P29: "Les rapporteures recommandent…" (blind6) read as "rapporteur" does."""
    prose = by_kind(detect_proposals(parse(f"Le constat est connu. {sentence}"), CONFIG), "prose")
    assert [(p["text"], p["action_verb"]) for p in prose] == [(sentence, verb)]


# P33: blind7's kinds in the recommendations' rules, on sentences written for these tests.
@pytest.mark.parametrize(
    ("sentence", "verb", "confidence"),
    [
        # a call whose infinitive the parser hangs on the object's relative clause
        (
            "J'invite les associations qui le veulent à rejoindre le comité de suivi.",
            "rejoindre",
            0.5,
        ),
        # "doit devenir obligatoire": the rule asked for, not the law in force
        (
            "Le dépistage auditif doit devenir obligatoire pour tous les nouveau-nés.",
            "devenir",
            0.65,
        ),
    ],
)
def test_calls_through_a_relative_and_rules_asked_for_are_proposals(
    parse, sentence, verb, confidence
):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [(p["text"], p["action_verb"], p["confidence"]) for p in prose] == [
        (sentence, verb, confidence)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # a forecast of how many a measure reaches
        "Ces aides devraient concerner environ 40 000 ménages.",
        # a possibility on a calendar, with no one to act
        "Les barèmes pourraient être révisés en 2026.",
    ],
)
def test_forecasts_of_reach_and_dated_possibilities_are_not_proposals(parse, sentence):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a forecast credited to projections, in the conditional
        "Selon les prévisions de la chambre de commerce, l'activité devrait repartir dès 2027.",
        "La fréquentation devrait revenir à son niveau de 2019 l'an prochain, selon les "
        "projections de l'office de tourisme.",
        # the main clause of "si + imperfect": what would follow a supposed case
        "Si la fréquentation baissait encore, de nouvelles économies pourraient être proposées.",
        # a text of law in force, recalled
        "La loi impose aux intercommunalités de réaliser un plan climat avant 2027.",
        "Le code de l'urbanisme impose de consulter l'architecte des bâtiments de France.",
        # rules of a call for projects, said of its applicants and what it funds
        "Les dossiers sélectionnés devront comporter un plan de financement détaillé.",
        "Les candidats devront justifier d'une expérience de trois ans.",
        "Les équipements devront être gratuits pour les scolaires.",
    ],
)
def test_sourced_forecasts_hypotheses_laws_and_call_rules_are_not_proposals(parse, sentence):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        # "si + present": a commitment on a condition, not a supposed case
        ("Si le budget le permet, la commune devra créer une seconde cantine.", "créer"),
        # a law asked for, not the law in force
        ("La future loi devrait imposer aux plateformes de publier leurs algorithmes.", "publier"),
        # a passive on what a call funds: a deadline, kept
        ("Les équipements financés devront être livrés avant la fin de l'année 2027.", "livrer"),
        # "devrait" with no forecast credited: a recommendation
        ("L'État devrait réduire de 10 % les délais d'instruction.", "réduire"),
    ],
)
def test_conditions_bills_deadlines_and_advice_stay_proposals(parse, sentence, verb):
    text = f"Le diagnostic est partagé par tous. {sentence}"
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [(p["text"], p["action_verb"]) for p in prose] == [(sentence, verb)]
