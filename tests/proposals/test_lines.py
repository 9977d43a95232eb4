"""Numbered headers: the labels and numberings read, and lines that only look like one."""

from __future__ import annotations

import pytest

from textmine.proposals import detect_proposals
from textmine.proposals.lines import _classify_lines, _header_pattern, _mark_contents

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


def _numbers(rows: list[dict]) -> list[str]:
    return [r["number"] for r in rows if r["number"]]


def test_contents_entries_with_dot_leaders_are_not_list_items(parse):
    text = (
        "TABLE DES MATIÈRES\n\n"
        "1. Renforcer la sécurité des réseaux ................ 4\n"
        "2. Former les agents d'accueil ...................... 7\n\n"
        "1. RENFORCER LA SÉCURITÉ DES RÉSEAUX\n\n"
        "Recommandation 1 : Segmenter les réseaux des établissements en zones isolées.\n\n"
        "2. FORMER LES AGENTS D'ACCUEIL\n\n"
        "Recommandation 2 : Former chaque année les agents à la détection des fraudes.\n"
    )
    rows = detect_proposals(parse(text), CONFIG)
    assert _numbers(rows) == ["1", "2"]
    # the section title the table names ends the item before it
    assert rows[0]["text"].endswith("zones isolées.")
    assert not any("....." in r["text"] for r in rows)


def test_contents_entries_with_rising_page_numbers_are_not_items(parse):
    text = (
        "Introduction 2\nI. Soutenir les commerçants installés 3\n"
        "II. Attirer de nouvelles activités 6\nIII. Suivre la stratégie 9\n\n"
        "Action 1 – Créer un fonds d'aide à la rénovation des vitrines.\n"
    )
    assert _numbers(detect_proposals(parse(text), CONFIG)) == ["1"]


def test_entries_under_a_contents_heading_are_not_items(nlp):
    text = (
        "<h1>Plan pour l'eau</h1><h2>Sommaire</h2><ol><li>Protéger les captages</li>"
        "<li>Réduire les fuites</li></ol><h2>Protéger les captages</h2>"
        "<p>Le constat est connu depuis longtemps par les services de l'État et les élus.</p>"
        "<h2>Réduire les fuites</h2><p>Le réseau perd un litre sur cinq chaque année.</p>"
    )
    from .test_numbered_layouts import _ingested

    rows = detect_proposals(_ingested(nlp, "eau.html", text), CONFIG)
    assert [r for r in rows if r["text"].startswith(("Protéger", "Réduire", "1.", "2."))] == []


def test_a_short_list_repeated_later_as_headings_is_a_contents(parse):
    text = (
        "Notre feuille de route compte deux chantiers :\n\n"
        "1. Simplifier les démarches\n2. Ouvrir les données\n\n"
        "## Simplifier les démarches\n\n1. Proposer en ligne les démarches d'état civil.\n\n"
        "## Ouvrir les données\n\n1. Publier les délibérations dans un format ouvert.\n"
    )
    assert _numbers(detect_proposals(parse(text), CONFIG)) == ["1.1", "2.1"]


@pytest.mark.parametrize(
    ("text", "bullets"),
    [
        # numbers that are references, not pages
        ("- Modifier l'article 12\n- Abroger l'article 15\n- Compléter l'article 18\n", 3),
        # two rising numbers: bus lines, not a table
        ("- Prolonger la ligne 4\n- Créer la ligne 12\n", 2),
        # an ellipsis ends a sentence, it is no leader
        ("- Former les agents...\n- Équiper les écoles...\n", 2),
        # a list that no heading repeats
        ("1. Former les agents\n2. Équiper les écoles\n\nLe calendrier sera fixé en juin.\n", 2),
        # a table under "Sommaire" ends at the first title seen again: its items stay
        ("Sommaire\n\n1. Former\n2. Équiper\n\n1. Former\n\n1.1 Ouvrir des ateliers.\n", 1),
    ],
)
def test_lists_that_look_like_contents_stay_list_items(text, bullets):
    lines = _classify_lines(text, _header_pattern(CONFIG.numbered_labels), set())
    _mark_contents(lines)
    assert sum(line.kind == "bullet" for line in lines) == bullets


def test_labels_numbered_by_capital_letters_in_a_run(parse):
    """P28: "MESURE A." … "MESURE C." open items lettered as the document writes them; a lone
    "Mesure D :" mentioned elsewhere, and "Article L. 2121-29", are no items."""
    text = (
        "MESURES ARRÊTÉES PAR LE CONSEIL\n\n"
        "MESURE A. Ouvrir la piscine municipale le dimanche matin.\n\n"
        "MESURE B. Créer un tarif réduit pour les étudiants, sur justificatif. Le tarif\n"
        "sera révisé chaque année.\n\n"
        "MESURE C. Installer des casiers dans les vestiaires.\n\n"
        "Vu l'article L. 2121-29 du code général des collectivités territoriales.\n\n"
        "Mesure Z : Les élus en débattront en juin.\n"
    )
    numbered = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["A", "B", "C"]
    assert numbered[1]["text"].endswith("sera révisé chaque année.")


ROMAN_PART_LABELS = """SCHÉMA DES ACCUEILS DE LOISIRS 2027-2030

I. OUVRIR DE NOUVELLES PLACES

Mesure I-1  Créer quarante places d'accueil le mercredi à Lons-le-Saunier,
            avec la caisse d'allocations familiales.

Mesure I-2  Ouvrir un accueil de loisirs itinérant dans le Haut-Jura.

II. QUALIFIER LES ANIMATEURS

Mesure II.1  Financer le brevet d'aptitude de cinquante animateurs par an.

Mesure 3 Les communes ont été consultées en 2025.

Les mesures I-2 et II.1 seront suivies par le comité départemental.
"""


def test_labels_numbered_with_a_roman_part(parse):
    """P32: "Mesure I-1" is item "I-1", not "I"; a number with its sub-level stands without
    separator before the text (a hanging indent, squashed), a bare "3" does not."""
    rows = detect_proposals(parse(ROMAN_PART_LABELS), CONFIG)
    found = [(r["number"], r["text"]) for r in by_kind(rows, "numbered")]
    assert [number for number, _ in found] == ["I-1", "I-2", "II.1"]
    assert found[0][1].endswith("avec la caisse d'allocations familiales.")
    assert found[2][1].endswith("cinquante animateurs par an.")


DECISIONS = """COMMUNE DE SAINT-AMAND

Délibération n° 2026-031 : Plan de sobriété des bâtiments communaux

Vu le code général des collectivités territoriales ;
Considérant que la facture d'énergie a doublé depuis 2021 ;

Le conseil municipal, après en avoir délibéré, DÉCIDE :

1°) d'adopter le plan de sobriété des bâtiments communaux annexé ;

2°) de fixer à 19 degrés la température des bureaux et des salles
    municipales ;

3°) d'autoriser le maire à solliciter les aides de l'État.

Pièces jointes :
1. Plan de sobriété (12 pages)
"""


def test_decisions_numbered_with_a_degree_sign_and_a_parenthesis(parse):
    """P32: "1°)" is a list mark as "1°" and "1)" are; a deliberation's decisions led by
    "de" + infinitive are its numbered items."""
    rows = detect_proposals(parse(DECISIONS), CONFIG)
    found = [(r["number"], r["text"]) for r in rows if r["number"]]
    assert [number for number, _ in found] == ["1", "2", "3"]
    assert found[1][1].endswith("municipales ;")
