"""Key terms: French noun phrases, boilerplate and names left out, corpus scoring."""

from __future__ import annotations

import pandas as pd
import pytest

from textmine.config import ThemesConfig
from textmine.schema import TABLES
from textmine.themes import (
    corpus_terms,
    doc_lemmas,
    extract_terms,
    score_terms,
    terms_and_lemmas,
)
from textmine.themes._text import is_word

PRESS_RELEASE = """Communiqué de presse
Paris, le 23 juillet 2015

Axelle Lemaire, secrétaire d'État chargée du numérique, a reçu le rapport de Jean Dupont sur \
l'inclusion numérique. Le très haut débit doit arriver dans les territoires ruraux. \
Les données publiques seront ouvertes et l'inclusion numérique devient une priorité. \
L'ouverture des données publiques profite aux collectivités territoriales.

Contact presse : Jean Dupont, 01 42 75 80 00, presse@numerique.gouv.fr, https://www.numerique.gouv.fr
"""


@pytest.fixture(scope="module")
def release_terms(parse) -> dict[str, dict]:
    rows = extract_terms(parse(PRESS_RELEASE, doc_id="cp1"), ThemesConfig())
    return {row["term"]: row for row in rows}


def test_french_noun_phrases_are_extracted_with_readable_keys(release_terms):
    assert "inclusion numérique" in release_terms
    assert "très haut débit" in release_terms
    assert "collectivité territoriale" in release_terms
    # Nouns are singular, adjectives keep their gender: readable, shared across inflections.
    data = release_terms["donnée publique"]
    assert data["surface"] == "données publiques"
    assert data["count"] == 2
    assert release_terms["inclusion numérique"]["count"] == 2
    assert all(row["doc_id"] == "cp1" for row in release_terms.values())


def test_boilerplate_contacts_dates_and_person_names_are_not_terms(release_terms):
    joined = " | ".join(release_terms)
    for unwanted in ("communiqué", "contact", "presse", "juillet", "2015", "@", "http", "42"):
        assert unwanted not in joined, unwanted
    for name in ("axelle", "lemaire", "dupont", "jean"):
        assert name not in joined, name


def test_surface_comes_from_the_original_text(parse):
    text = "La politique numérique avance. La Politique numérique et la politique numérique."
    rows = extract_terms(parse(text, doc_id="d"), ThemesConfig())
    by_term = {row["term"]: row for row in rows}
    assert by_term["politique numérique"]["surface"] == "politique numérique"


def test_user_stop_terms_are_left_out(parse):
    text = "Le très haut débit et la fibre optique arrivent. La fibre optique progresse."
    rows = extract_terms(parse(text), ThemesConfig(stop_terms=["Fibre Optique"]))
    terms = {row["term"] for row in rows}
    assert "fibre optique" not in terms
    assert "très haut débit" in terms


def test_empty_document_gives_no_terms(parse):
    assert extract_terms(parse("", doc_id="empty"), ThemesConfig()) == []


def _candidates(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "term": t, "surface": t, "count": c} for d, t, c in rows])


def test_score_terms_prefers_document_specific_terms_and_keeps_top_n():
    candidates = _candidates(
        [
            ("a", "service public", 2),
            ("a", "inclusion numérique", 2),
            ("a", "donnée publique", 1),
            ("b", "service public", 2),
            ("b", "très haut débit", 2),
            ("c", "service public", 2),
            ("c", "cloud souverain", 2),
        ]
    )
    scored = score_terms(candidates, ThemesConfig(terms_per_document=2))
    assert list(scored.columns) == TABLES["terms"].names
    doc_a = scored[scored["doc_id"] == "a"]
    assert len(doc_a) == 2
    assert doc_a.iloc[0]["term"] == "inclusion numérique"  # specific beats everywhere-present
    assert scored.groupby("doc_id").size().max() <= 2


def test_score_terms_drops_a_term_only_seen_inside_a_longer_one():
    candidates = _candidates(
        [
            ("a", "personne en situation", 3),
            ("a", "personne en situation de handicap", 3),
            ("a", "situation de handicap", 4),
        ]
    )
    terms = set(score_terms(candidates, ThemesConfig())["term"])
    assert "personne en situation" not in terms
    assert {"personne en situation de handicap", "situation de handicap"} <= terms


def test_corpus_terms_aggregates_counts_and_documents():
    candidates = _candidates(
        [
            ("a", "inclusion numérique", 3),
            ("b", "inclusion numérique", 1),
            ("b", "cloud souverain", 1),
        ]
    ).assign(surface=["Inclusion numérique", "inclusion numérique", "cloud souverain"])
    ranking = corpus_terms(candidates)
    assert list(ranking.columns) == TABLES["corpus_terms"].names
    top = ranking.iloc[0]
    assert top["term"] == "inclusion numérique"
    assert (top["count"], top["n_documents"]) == (4, 2)
    assert top["surface"] == "Inclusion numérique"  # the most frequent form


def test_scoring_empty_candidates_gives_empty_tables():
    empty = pd.DataFrame(columns=["doc_id", "term", "surface", "count"])
    assert score_terms(empty, ThemesConfig()).empty
    assert corpus_terms(empty).empty


def test_doc_lemmas_keeps_content_words_only(parse):
    text = "Les 3 données publiques, ouvertes en 2019, servent l'inclusion numérique !"
    lemmas = doc_lemmas(parse(text)).split()
    assert "donnée" in lemmas and "publique" in lemmas and "inclusion" in lemmas
    for unwanted in ("les", "3", "2019", ",", "!", "en", "l'"):
        assert unwanted not in lemmas
    assert all(word == word.lower() for word in lemmas)


def test_names_written_with_capitals_are_not_terms_unless_asked(parse):
    text = (
        "La ministre de la Transformation et de la Fonction publiques a présenté la stratégie "
        "nationale. Le rapport remis par Akim OURAL porte sur la gouvernance numérique."
    )
    pdoc = parse(text)
    default = {row["term"] for row in extract_terms(pdoc, ThemesConfig())}
    assert {"stratégie nationale", "gouvernance numérique"} <= default
    assert not any("fonction" in term or "oural" in term for term in default)
    permissive = ThemesConfig(exclude_entity_labels=[], exclude_proper_names=False)
    assert "fonction publique" in {row["term"] for row in extract_terms(pdoc, permissive)}


def test_real_press_release_terms(parse):
    from tests.conftest import shared_path

    path = shared_path(
        "corpora",
        "communiques",
        "accessibilite-numerique-publication-de-la-quatrieme-version-du-rgaa.markdown",
    )
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    rows = extract_terms(parse(body, doc_id="rgaa"), ThemesConfig())
    terms = {row["term"] for row in rows}
    assert {
        "site internet",
        "service public",
        "application mobile",
        "norme internationale",
    } <= terms
    assert not any("presse" in term for term in terms)


def test_nouns_of_locutions_are_neither_themes_nor_terms(parse):
    text = (
        "Mutualiser les services informatiques au sein de l'intercommunalité. "
        "Dans le cadre de ce plan, les communes agissent en matière de cybersécurité "
        "pour améliorer le cadre de vie des habitants."
    )
    pdoc = parse(text, doc_id="loc")
    lemmas = doc_lemmas(pdoc).split()
    assert "sein" not in lemmas and "matière" not in lemmas
    assert lemmas.count("cadre") == 1  # "le cadre de vie" is a theme, "dans le cadre de" is not
    terms = {row["term"] for row in extract_terms(pdoc, ThemesConfig())}
    assert "service informatique" in terms
    assert not any(t.startswith(("sein", "matière", "cadre de ce")) for t in terms)


def test_terms_and_lemmas_together_match_each_alone(parse):
    """The per-document stage computes both in one pass: same rows as each function alone."""
    text = (
        "Axelle LEMAIRE a reçu le rapport au sein du ministère. Dans le cadre du plan, "
        "l'État soutiendra l'inclusion numérique et les médiateurs d'aujourd'hui "
        "dans les zones rurales, en lien avec la Caisse des dépôts."
    )
    pdoc = parse(text, doc_id="both")
    terms, lemmas = terms_and_lemmas(pdoc, ThemesConfig())
    assert terms == extract_terms(pdoc, ThemesConfig())
    assert lemmas == doc_lemmas(pdoc)
    assert "inclusion numérique" in {row["term"] for row in terms}
    assert "sein" not in lemmas.split() and "médiateur" in lemmas.split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("État", True), ("aujourd'hui", True), ("sud-ouest", True), ("a", False), ("l'", False)],
)
def test_words_are_letters_with_inner_hyphens_or_apostrophes(text, expected):
    assert is_word(text) is expected


def test_a_long_run_of_nouns_is_cut_into_bounded_chains(parse):
    """A run of nouns without punctuation (a flattened table, a generated file) is not one
    300-word term: its sub-terms would grow with the square of its length (a 1 MB file of it
    kept a worker busy for more than ten minutes)."""
    config = ThemesConfig()
    rows = extract_terms(parse(" ".join(["donnée"] * 300), doc_id="run"), config)
    assert rows
    longest = max(len(row["term"].split()) for row in rows)
    assert longest <= 2 * config.max_term_words
