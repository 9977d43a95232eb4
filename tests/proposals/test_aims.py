"""Aims of a proposed text and the other recommendation wordings of amendments (P16).

Each construction with a sentence that is a proposal and one, close to it, that is not.
"""

from __future__ import annotations

import pytest

from textmine.proposals import detect_proposals

from .conftest import CONFIG, by_kind

_CONTEXT = "La couverture des zones rurales reste inégale."


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Cet amendement vise à élargir le droit d'accès aux documents administratifs.", "élargir"),
        # an insert between "vise" and "à", the infinitive hung elsewhere by the parser
        ("Cet amendement vise d'une part à clarifier la rédaction de cet article.", "clarifier"),
        (
            "Le présent amendement a pour objet de favoriser la circulation des données.",
            "favoriser",
        ),
        ("Cet amendement a pour but de protéger les lanceurs d'alerte.", "protéger"),
        (
            "Le présent amendement propose à l'Assemblée de faire la synthèse des contributions.",
            "faire",
        ),
        # "inscrire" in the law is an action, not a call to sign up
        (
            "Cet amendement, suggéré par une association, propose d'inscrire durablement cet "
            "engagement dans la loi.",
            "inscrire",
        ),
    ],
)
def test_an_amendments_aim_is_a_proposal(parse, sentence, verb):
    prose = by_kind(detect_proposals(parse(f"{_CONTEXT} {sentence}"), CONFIG), "prose")
    assert [p["text"] for p in prose] == [sentence]
    assert prose[0]["action_verb"] == verb
    assert prose[0]["confidence"] >= 0.75


@pytest.mark.parametrize(
    "sentence",
    [
        # a programme's aim describes it: the guideline leaves it out
        "Ce programme vise à accompagner les collectivités dans leur transformation.",
        "Le dispositif a pour objectif de simplifier les démarches des entreprises.",
        # the amendment in a relative clause: a description of what was adopted
        "L'amendement adopté en commission, qui vise à publier les avis, a été retiré.",
        # past: what an amendment aimed at
        "Cet amendement visait à supprimer la redevance.",
        # "s'inscrire" is signing up: a call, not the amendment's proposal
        "Cet amendement propose aux usagers de s'inscrire sur la plateforme.",
    ],
)
def test_programme_aims_past_aims_and_relatives_are_not_amendment_aims(parse, sentence):
    prose = by_kind(detect_proposals(parse(f"{_CONTEXT} {sentence}"), CONFIG), "prose")
    assert [p for p in prose if p["confidence"] >= 0.75] == []


def test_il_stands_for_the_amendment_of_the_sentence_before(parse):
    text = (
        "Cet amendement s'inscrit dans le prolongement du rapport de la Délégation. "
        "Il vise à compléter le code de l'éducation pour intégrer les enjeux d'égalité."
    )
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [p["action_verb"] for p in prose] == ["compléter"]


def test_il_standing_for_a_programme_is_not_an_amendment_aim(parse):
    text = (
        "Le programme accompagne les collectivités depuis 2019. "
        "Il vise à compléter leurs équipes d'ingénierie."
    )
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []


def test_a_public_bodys_intent_is_a_measure(parse):
    text = (
        "Le gouvernement réunira les parties prenantes. "
        "Il entend également poursuivre son action pour valoriser le domaine public."
    )
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [p["action_verb"] for p in prose][-1] == "poursuivre"
    assert prose[-1]["confidence"] < 0.75  # a measure ranks below a recommendation


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Il est important de limiter les risques pour la sécurité des données.", "limiter"),
        (
            "Afin que les actions soient équitables, il est indispensable que le rapport de "
            "force entre les parties soit équilibré.",
            "équilibré",
        ),
        (
            "Il devient inévitable de contraindre les équipementiers à fournir des terminaux "
            "compatibles.",
            "contraindre",
        ),
        # the law named in the subject is the text asked to change, not the law in force
        (
            "Le projet de loi doit donc prévoir la conservation des jeux de données.",
            "prévoir",
        ),
        # a relative clause on the predicate of "être", with "doit" + passive
        ("Internet est un outil qui doit être exploité au service des citoyens.", "exploiter"),
        # "propose" coordinated with the verb of its subject
        (
            "Le rapport du CSPLA partage ce constat, et propose en sa conclusion de poursuivre "
            "le travail.",
            "poursuivre",
        ),
    ],
)
def test_recommendation_wordings_of_amendments(parse, sentence, verb):
    prose = by_kind(detect_proposals(parse(f"{_CONTEXT} {sentence}"), CONFIG), "prose")
    assert [p["text"] for p in prose] == [sentence]
    assert prose[0]["action_verb"] == verb


@pytest.mark.parametrize(
    "sentence",
    [
        "Il est important de noter que la couverture progresse.",
        "Il est devenu inévitable que les prix augmentent.",
        # the law in force, named outside the subject
        "Les opérateurs doivent, en application de la loi de 2005, rendre leurs services accessibles.",
        # a relative clause on a subject or object describes it
        "Les communes qui doivent être raccordées sont nombreuses.",
        "C'était un outil qui devait être exploité par les agents.",
    ],
)
def test_discourse_reported_law_and_descriptions_are_not_recommendations(parse, sentence):
    prose = by_kind(detect_proposals(parse(f"{_CONTEXT} {sentence}"), CONFIG), "prose")
    assert prose == []


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        # a full sentence led by an infinitive states the proposal (P18)
        ("Ajuster les tarifs des opérateurs à la qualité de leurs connexions.", "ajuster"),
        (
            "Supprimer le dernier alinéa de l'article L. 423-1 du code de la consommation.",
            "supprimer",
        ),
        (
            "Afin de protéger la vie privée, obliger les hébergeurs à stocker les données en France.",
            "obliger",
        ),
        # more aim wordings: "tend à", an adverb inside "a pour objet", the amendment after "objet"
        ("Le présent amendement tend à conserver la date d'entrée en vigueur.", "conserver"),
        (
            "Le présent amendement a donc pour objet de permettre aux régions de confier ce soin "
            "à un syndicat mixte.",
            "confier",
        ),
        (
            "L'objet de l'amendement a pour objectif de clarifier la rédaction initiale.",
            "clarifier",
        ),
        ("Il est judicieux de retenir une échelle départementale.", "retenir"),
    ],
)
def test_infinitive_led_sentences_and_more_aim_wordings(parse, sentence, verb):
    prose = by_kind(detect_proposals(parse(f"{_CONTEXT} {sentence}"), CONFIG), "prose")
    assert [p["text"] for p in prose] == [sentence]
    assert prose[0]["action_verb"] == verb


@pytest.mark.parametrize(
    "text",
    [
        # a heading has no final stop; a navigation line is not a proposal
        "Simplifier les démarches administratives\n\nLa couverture progresse.",
        "Consulter le site de la direction.",
        # an opening adverbial before a finite verb: the infinitive is not the sentence's lead
        "Pour simplifier les démarches, la direction a publié un guide.",
        # possibilities and what people undergo (P18)
        "Ce service pourrait entrer dans le champ de l'exception.",
        "Les personnes concernées doivent faire face à de nombreuses difficultés.",
    ],
)
def test_headings_navigation_and_possibilities_are_not_proposals(parse, text):
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []


def test_must_be_with_an_adjective_is_a_recommendation(parse):
    sentence = "Le débit de la connexion devra être suffisant pour tous les usagers."
    prose = by_kind(detect_proposals(parse(f"{_CONTEXT} {sentence}"), CONFIG), "prose")
    assert [p["text"] for p in prose] == [sentence]


def test_a_bare_infinitive_without_deadline_is_a_recommendation_not_a_target(parse):
    """P14 read it as a slogan; in citizen text it is the proposal itself (P18: 8 blind2
    misses), so it is a recommendation of its own confidence, below a target's deadline."""
    text = "Le diagnostic est partagé par tous. Équiper toutes les écoles de la région en fibre optique."
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert row["confidence"] == 0.6
    with_deadline = text.replace("optique.", "optique d'ici 2026.")
    (target,) = by_kind(detect_proposals(parse(with_deadline), CONFIG), "prose")
    assert target["confidence"] != 0.6


@pytest.mark.parametrize(
    "text",
    [
        # the value of a label, once the heading above no longer runs into it (P25)
        "Le fonds finance deux projets.\n\nObjectif : développer des capacités de calcul pour les "
        "services de l'État.",
        # an infinitive as the subject of "être": a definition, not a proposal
        "Préparer un cours est le travail d'un enseignant.",
        "Publier les données c'est exposer les failles du système.",
    ],
)
def test_infinitives_after_a_label_or_before_a_copula_are_not_proposals(parse, text):
    assert by_kind(detect_proposals(parse(text), CONFIG), "prose") == []
