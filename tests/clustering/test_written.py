"""Labels and descriptions as written in the members' texts (no parse: small French texts)."""

from __future__ import annotations

from textmine.clustering.written import (
    choose_labels,
    describe,
    find_phrases,
    occurs,
    sentences,
)
from textmine.phrases import StopTerms

REVENU = [
    "Verser le revenu universel à tous les adultes, sans condition.",
    "Le revenu universel doit remplacer les minima sociaux.",
    "Financer le revenu universel par l'impôt sur le revenu.",
    "Un revenu universelle pour les jeunes de moins de 25 ans.",
    "Revenu universelle : une idée pour les jeunes sans ressources.",
    "Revenu universel et impôt sur le revenu : tout simplifier.",
]
VELO = [
    "Créer des pistes cyclables dans toutes les villes.",
    "Des pistes cyclables protégées près des écoles.",
    "Relier les communes par des pistes cyclables.",
    "Aider à l'achat d'un vélo électrique.",
]
SANTE = [
    "Ouvrir des maisons de santé dans les déserts médicaux.",
    "Former plus de médecins pour les déserts médicaux.",
    "La Sécurité sociale doit rembourser les lunettes.",
    "Rendre la Sécurité sociale plus simple pour les patients.",
]
TEXTS = REVENU + VELO + SANTE
ROWS = {0: list(range(6)), 1: list(range(6, 10)), 2: list(range(10, 14))}
TERMS = [
    "revenu universel",
    "impôt sur le revenu",
    "piste cyclable",
    "vélo électrique",
    "désert médical",
    "maison de santé",
    "sécurité sociale",
    "minimum social",
]


def _labels(stop_terms: list[str] | None = None, taken: tuple[str, ...] = ()) -> dict[int, str]:
    return choose_labels(
        find_phrases(TEXTS, TERMS),
        TEXTS,
        ROWS,
        [0, 1, 2],
        {0: ["revenu", "jeune"], 1: ["vélo"], 2: ["médecin"]},
        StopTerms.from_terms(stop_terms or []),
        taken,
    )


def test_phrases_are_found_as_written_with_their_function_words_not_across_punctuation():
    found = find_phrases(
        [
            "Les déserts médicaux. Impôt sur le revenu des ménages",
            "un désert. Médical",
            "l'impôt pour le revenu",
        ],
        TERMS,
    ).found
    assert set(found[0]) == {("desert", "medical"), ("impot", "revenu")}
    assert found[0][("impot", "revenu")] == {"impôt sur le revenu": [("Impôt sur le revenu", True)]}
    assert found[1] == {} and found[2] == {}


def test_each_label_is_written_in_two_of_its_members_texts_and_unique():
    labels = _labels()
    assert len({label.lower() for label in labels.values()}) == 3
    for cid, label in labels.items():
        assert occurs(label, [TEXTS[r] for r in ROWS[cid]]) >= 2, label


def test_a_misspelling_written_twice_loses_to_the_form_written_more_often():
    assert _labels()[0] == "revenu universel"  # 4 texts against 2 for "revenu universelle"


def test_casing_is_the_one_inside_sentences_names_keep_their_capitals():
    labels = _labels()
    assert labels[1] == "pistes cyclables"  # "Créer des pistes", never sentence-initial
    assert _labels(taken=("déserts médicaux",))[2] == "Sécurité sociale"  # a name


def test_no_label_holds_a_stop_term_nor_is_one_of_its_words_alone():
    labels = _labels(["Revenu universel", "piste cyclable"])
    assert labels[0] == "impôt sur le revenu"
    stop = StopTerms.from_terms(["revenu universel", "piste cyclable"])
    assert not any(stop.stops(label) for label in labels.values())
    # No phrase left in two texts: the best word written in two of them (not "vélo", once).
    assert labels[1] == "groupe 1"


def test_a_phrase_goes_to_the_cluster_it_describes_best_and_taken_labels_are_skipped():
    labels = _labels(taken=("Revenu universel",))
    assert labels[0] == "impôt sur le revenu"
    assert labels[0].lower() != "revenu universel"


def test_the_description_is_the_best_matching_sentence_of_a_member_trimmed():
    texts = [
        "Merci. Créer des pistes cyclables sécurisées dans les villes et les villages.",
        "- Des pistes cyclables partout.\nBravo",
    ]
    profile = {"pist": 1.0, "cyclabl": 1.0, "vill": 0.5}
    description = describe(texts, profile)
    assert description == "Créer des pistes cyclables sécurisées dans les villes et les villages."
    assert any(description in sentences(text) for text in texts)
    long = "Créer des pistes cyclables " + "très " * 80 + "longues."
    trimmed = describe([long], profile)
    assert trimmed.endswith("…") and len(trimmed) <= 200 and long.startswith(trimmed[:-1])
    assert describe(["Merci !", "Des pistes."], profile) == "Des pistes."
    assert describe([], profile) is None
    numbered = "Proposition n° 4 : Créer des pistes cyclables dans les villes."
    assert describe([numbered], profile) == "Créer des pistes cyclables dans les villes."
