"""Proposal detection on small French texts written for the tests."""

from __future__ import annotations

import pytest

from textmine import schema
from textmine.config import ProposalsConfig
from textmine.ingest.model import Block
from textmine.proposals import detect_proposals, make_proposal_id, proposals_frame

CONFIG = ProposalsConfig()

NUMBERED_WITH_BULLETS = """Synthèse des recommandations

Recommandation 1 – Renforcer la gouvernance numérique des territoires
● Créer une conférence régionale du numérique associant l'État et les collectivités.
● Désigner un référent numérique dans chaque intercommunalité, chargé de
coordonner les projets de mutualisation.
● Publier chaque année un bilan des projets menés.

Recommandation 2 – Mutualiser l'ingénierie
● Constituer des équipes partagées entre communes.

Volet II - Financer les projets
Le financement des projets reste un enjeu majeur pour les petites communes.
"""


def by_kind(rows: list[dict], kind: str) -> list[dict]:
    return [r for r in rows if r["kind"] == kind]


def test_numbered_item_with_bullets_is_one_complete_proposal(parse):
    pdoc = parse(NUMBERED_WITH_BULLETS)
    numbered = by_kind(detect_proposals(pdoc, CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["1", "2"]
    first, second = numbered
    assert first["text"].startswith("Recommandation 1 – Renforcer")
    assert first["text"].endswith("Publier chaque année un bilan des projets menés.")
    assert "coordonner les projets de mutualisation" in first["text"]
    assert "Recommandation 2" not in first["text"]
    assert second["text"].endswith("Constituer des équipes partagées entre communes.")
    assert "Volet II" not in second["text"]
    assert "financement" not in second["text"]
    assert first["action_verb"] == "renforcer"


def test_bullets_are_not_counted_again_as_list_items(parse):
    rows = detect_proposals(parse(NUMBERED_WITH_BULLETS), CONFIG)
    assert by_kind(rows, "list_item") == []


def test_offsets_point_at_the_text(parse):
    pdoc = parse(NUMBERED_WITH_BULLETS)
    rows = detect_proposals(pdoc, CONFIG)
    assert rows
    for row in rows:
        assert pdoc.text[row["start_char"] : row["end_char"]] == row["text"]


def test_numbering_with_n_degree_is_parsed(parse):
    text = (
        "Proposition n° 12 : Créer un guichet unique du numérique pour les communes rurales.\n\n"
        "Proposition n° 13 : Former les élus aux enjeux de la donnée.\n"
    )
    numbered = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["12", "13"]
    assert numbered[0]["text"].endswith("communes rurales.")
    assert numbered[0]["action_verb"] == "créer"


def test_header_alone_takes_the_statement_that_follows_and_not_the_comment(parse):
    text = (
        "## Recommandation 3\n\n"
        "Les données publiques sont mises à disposition gratuitement.\n\n"
        "Cette gratuité existe déjà dans plusieurs ministères depuis 2016.\n"
    )
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert row["number"] == "3"
    assert row["text"].endswith("mises à disposition gratuitement.")
    assert "2016" not in row["text"]


def test_header_from_blocks_stops_at_next_heading_block(parse):
    text = "Recommandation 4 : Ouvrir les données\nDes données ouvertes\nUn constat partagé.\n"
    heading_start = text.index("Des données")
    blocks = [
        Block("heading", 0, 37, level=2, marker="Recommandation 4", number="4"),
        Block("heading", heading_start, heading_start + 20, level=2),
        Block("paragraph", heading_start + 21, len(text), section="Des données ouvertes"),
    ]
    (row,) = by_kind(detect_proposals(parse(text, blocks=blocks), CONFIG), "numbered")
    assert row["text"] == "Recommandation 4 : Ouvrir les données"


def test_infinitive_list_items_are_found(parse):
    text = (
        "Le rapport formule plusieurs propositions :\n"
        "- Créer un guichet unique pour les démarches des entreprises.\n"
        "- Renforcer la coopération entre les intercommunalités.\n"
        "- Mutualiser les moyens d'ingénierie des petites communes.\n"
    )
    items = by_kind(detect_proposals(parse(text), CONFIG), "list_item")
    assert [r["action_verb"] for r in items] == ["créer", "renforcer", "mutualiser"]
    assert items[0]["text"] == "- Créer un guichet unique pour les démarches des entreprises."


def test_noun_list_items_are_not_list_proposals(parse):
    text = (
        "Les participants à la réunion :\n"
        "- Le maire de la commune et ses adjoints.\n"
        "- La directrice régionale des finances publiques.\n"
    )
    assert by_kind(detect_proposals(parse(text), CONFIG), "list_item") == []


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


def test_contribution_row_is_one_proposal(parse):
    text = "Un guichet unique\nJe propose de créer un guichet unique pour les associations."
    pdoc = parse(text, format="csv")
    (row,) = detect_proposals(pdoc, CONFIG)
    assert row["kind"] == "contribution"
    assert row["text"] == text
    assert (row["start_char"], row["end_char"]) == (0, len(text))
    assert row["confidence"] == 1.0
    assert "guichet" in row["lemmas"].split()


def test_ids_are_stable_and_distinct(parse):
    pdoc = parse(NUMBERED_WITH_BULLETS, doc_id="d1")
    first = [r["proposal_id"] for r in detect_proposals(pdoc, CONFIG)]
    again = [
        r["proposal_id"]
        for r in detect_proposals(parse(NUMBERED_WITH_BULLETS, doc_id="d1"), CONFIG)
    ]
    assert first == again
    assert len(set(first)) == len(first)
    assert make_proposal_id("d1", "Créer  un\nguichet") == make_proposal_id(
        "d1", "Créer un guichet"
    )
    assert make_proposal_id("d1", "Créer un guichet") != make_proposal_id("d2", "Créer un guichet")


def test_lemmas_are_lowercased_content_words(parse):
    (row, _) = by_kind(detect_proposals(parse(NUMBERED_WITH_BULLETS), CONFIG), "numbered")
    lemmas = row["lemmas"].split()
    assert "guichet" not in lemmas and "conférence" in lemmas and "créer" in lemmas
    assert all(lemma == lemma.lower() for lemma in lemmas)
    assert "recommandation" not in lemmas and "le" not in lemmas


def test_lemmas_leave_out_modal_verbs_whatever_their_form(parse):
    text = (
        "Il faudrait que l'État puisse financer les réseaux ; nous devons aussi former les élus, "
        "et les communes devraient mutualiser leurs serveurs.\n"
    )
    rows = detect_proposals(parse(text), CONFIG)
    assert rows
    lemmas = {w for row in rows for w in row["lemmas"].split()}
    assert {"financer", "former", "mutualiser"} <= lemmas
    assert not lemmas & {"falloir", "pouvoir", "devoir", "vouloir", "aller"}


def test_config_switches_off_prose_and_list_items(parse):
    text = "Il est proposé de créer un guichet unique.\n- Créer un fonds.\n- Former les élus.\n"
    config = ProposalsConfig(detect_prose=False, detect_list_items=False)
    assert detect_proposals(parse(text), config) == []


def test_frame_conforms_to_schema(parse):
    rows = detect_proposals(parse(NUMBERED_WITH_BULLETS), CONFIG)
    frame = proposals_frame(rows)
    assert list(frame.columns) == schema.TABLES["proposals"].names
    assert len(frame) == len(rows)
    assert frame["cluster_id"].isna().all()
    assert list(proposals_frame([]).columns) == schema.TABLES["proposals"].names


def test_empty_text_gives_no_proposal(parse):
    assert detect_proposals(parse("   \n "), CONFIG) == []


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


def test_list_items_known_only_from_blocks(parse):
    text = (
        "Nos propositions pour les territoires\n"
        "Créer un fonds de mutualisation.\n"
        "Former les élus au numérique.\n"
    )
    first = text.index("Créer")
    second = text.index("Former")
    blocks = [
        Block("paragraph", 0, first - 1),
        Block("list_item", first, second - 1, marker="•"),
        Block("list_item", second, len(text) - 1, marker="•"),
    ]
    items = by_kind(detect_proposals(parse(text, blocks=blocks), CONFIG), "list_item")
    assert [r["text"] for r in items] == [
        "Créer un fonds de mutualisation.",
        "Former les élus au numérique.",
    ]


def test_document_without_parse_or_with_other_offsets_does_not_crash(nlp):
    from textmine.parsed import ParsedDocument

    text = "Recommandation 1 : Créer un guichet unique.\nIl faut simplifier les démarches."
    unparsed = ParsedDocument("d", text, nlp.make_doc(text))
    rows = detect_proposals(unparsed, CONFIG)
    assert [r["number"] for r in rows if r["kind"] == "numbered"] == ["1"]
    shifted = ParsedDocument("d", text, nlp("  " + text))
    rows = detect_proposals(shifted, CONFIG)
    assert [r["text"] for r in rows if r["kind"] == "numbered"] == [
        "Recommandation 1 : Créer un guichet unique."
    ]


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


def test_a_sentence_run_across_paragraphs_is_read_paragraph_by_paragraph(parse):
    """The parser may join a line without final stop to the next paragraph: each keeps its own
    proposal."""
    text = (
        "Nous devons simplifier les démarches des usagers\n\n"
        "Les communes sont invitées à candidater avant le 3 avril."
    )
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [p["action_verb"] for p in prose] == ["simplifier", "candidater"]
