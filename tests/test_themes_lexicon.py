"""User lexicon: accent/case/plural variants, patterns, lemmas, bad entries."""

from __future__ import annotations

import pandas as pd
import pytest

from textmine.schema import TABLES
from textmine.themes import tag_lexicon
from textmine.themes.lexicon import LexiconError

LEXICON = {
    "inclusion": ["inclusion numérique", "médiation numérique"],
    "données": ["données publiques", "re:open ?data"],
    "réseaux": ["réseau", "très haut débit"],
}


def _tags(texts: pd.DataFrame, lexicon=LEXICON) -> pd.DataFrame:
    return tag_lexicon(texts, lexicon)


def test_accent_case_and_plural_variants_match():
    texts = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": [
                "L'INCLUSION NUMERIQUE et la Médiation Numérique.",
                "La donnée publique, les Données Publiques et l'Open Data.",
                "Les réseaux et le Très-Haut Débit.",
            ],
        }
    )
    tags = _tags(texts)
    assert list(tags.columns) == TABLES["lexicon_tags"].names
    found = {(row.doc_id, row.theme): row for row in tags.itertuples(index=False)}
    assert set(found) == {("a", "inclusion"), ("b", "données"), ("c", "réseaux")}
    assert found[("a", "inclusion")].matches == 2
    assert list(found[("a", "inclusion")].matched) == ["INCLUSION NUMERIQUE", "Médiation Numérique"]
    assert found[("b", "données")].matches == 3  # two inflections + the pattern
    assert found[("c", "réseaux")].matches == 2
    assert (tags["unit"] == "document").all() and (tags["unit_id"] == tags["doc_id"]).all()


def test_whole_words_only():
    texts = pd.DataFrame(
        {"doc_id": ["a"], "text": ["Les réseautages et l'inclusion numériquement."]}
    )
    assert _tags(texts).empty


def test_units_and_lemmas():
    texts = pd.DataFrame(
        {
            "unit": ["sentence", "proposal"],
            "unit_id": [4, "p-1"],
            "doc_id": ["a", "b"],
            "text": ["Les travaux avancent.", "Rien ici."],
            "lemmas": ["travail avancer", None],
        }
    )
    tags = _tags(texts, {"travail": ["travail"]})
    assert tags[["unit", "unit_id", "doc_id", "theme"]].values.tolist() == [
        ["sentence", "4", "a", "travail"]
    ]


def test_wildcard_suffix():
    texts = pd.DataFrame({"doc_id": ["a"], "text": ["La numérisation des services."]})
    assert _tags(texts, {"num": ["numéri*"]})["matches"].tolist() == [1]


def test_bad_pattern_is_a_clear_error():
    texts = pd.DataFrame({"doc_id": ["a"], "text": ["x"]})
    with pytest.raises(LexiconError, match="données"):
        _tags(texts, {"données": ["re:open(data"]})


def test_nothing_to_tag_gives_an_empty_table():
    assert _tags(pd.DataFrame(columns=["doc_id", "text"])).empty
    assert tag_lexicon(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), {}).empty


def test_tag_corpus_tags_documents_and_sentences():
    from textmine.themes import tag_corpus

    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "sent_id": [0, 1, 0],
            "text": ["Rien à signaler.", "L'Inclusion numérique avance.", "Le cloud."],
            "lemmas": ["rien signaler", "inclusion numérique avancer", "cloud"],
        }
    )
    doc_lemmas = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "lemmas": ["inclusion numérique", "cloud", "donnée publique"]}
    )
    tags = tag_corpus(
        doc_lemmas, sentences, {"inclusion": ["inclusion numérique"], "data": ["données publiques"]}
    )
    found = set(zip(tags["unit"], tags["unit_id"], tags["doc_id"], tags["theme"], strict=True))
    assert found == {
        ("document", "a", "a", "inclusion"),
        ("sentence", "1", "a", "inclusion"),
        ("document", "c", "c", "data"),  # no sentences: found through its lemmas
    }


def test_tag_corpus_without_units_gives_an_empty_table():
    from textmine.themes import tag_corpus

    assert tag_corpus(pd.DataFrame(), pd.DataFrame(), {"x": ["cloud"]}).empty
    assert tag_corpus(
        pd.DataFrame({"doc_id": ["a"], "lemmas": ["cloud"]}), pd.DataFrame(), {}
    ).empty
