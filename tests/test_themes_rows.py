"""The TF-IDF rows kept with the topic model: the same rows, bit for bit, only new texts done."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.config import ThemesConfig
from textmine.themes import ThemeModel, section_themes
from textmine.themes.rows import RowCache

TEXTS = [
    "médiateur numérique réseau territoire inclusion",
    "donnée ouverte licence portail publication",
    "cloud souverain hébergement serveur sécurité",
    "médiateur numérique inclusion accompagnement usager",
    "donnée ouverte réutilisation portail licence",
    "cloud hébergement offre infrastructure sécurité",
]


def _vectorizer() -> TfidfVectorizer:
    vectorizer = TfidfVectorizer(
        token_pattern=r"[^\s]+", lowercase=False, ngram_range=(1, 2), sublinear_tf=True
    )
    return vectorizer.fit(TEXTS)


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    """Equal in every stored bit (structure and values), as NMF's transform reads them."""
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and a.data.tobytes() == b.data.tobytes()
    )


class _Counting:
    """A vectorizer that counts the texts it is asked to transform."""

    def __init__(self, vectorizer: TfidfVectorizer):
        self.vectorizer, self.vocabulary_, self.seen = vectorizer, vectorizer.vocabulary_, []

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        self.seen.extend(texts)
        return self.vectorizer.transform(texts)


def test_rows_equal_the_vectorizers_and_only_new_texts_are_transformed():
    vectorizer = _Counting(_vectorizer())
    first = RowCache()
    assert _same(first.transform(vectorizer, TEXTS[:4]), vectorizer.vectorizer.transform(TEXTS[:4]))
    kept = pickle.loads(pickle.dumps(first))  # as the next run reads the model back
    vectorizer.seen.clear()
    texts = [TEXTS[5], TEXTS[1], TEXTS[5], "médiateur numérique", TEXTS[0]]
    again = RowCache(kept)
    assert _same(again.transform(vectorizer, texts), vectorizer.vectorizer.transform(texts))
    assert vectorizer.seen == [TEXTS[5], "médiateur numérique"]  # once each, the others lent
    # This run's cache holds this run's texts only, without the one it borrowed from.
    saved = pickle.loads(pickle.dumps(again))
    assert saved.previous is None and len(saved.keys) == 4
    vectorizer.seen.clear()
    assert _same(
        again.transform(vectorizer, texts[::-1]), vectorizer.vectorizer.transform(texts[::-1])
    )
    assert vectorizer.seen == []


def test_a_changed_text_is_transformed_again():
    vectorizer = _Counting(_vectorizer())
    cache = RowCache()
    cache.transform(vectorizer, TEXTS)
    vectorizer.seen.clear()
    changed = TEXTS[0] + " réseau"
    assert _same(
        RowCache(cache).transform(vectorizer, [changed]), vectorizer.vectorizer.transform([changed])
    )
    assert vectorizer.seen == [changed]


def _corpus() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"doc_id": f"d{i:02d}-{j}", "lemmas": f"{text} mot{j}"}
            for i, text in enumerate(TEXTS)
            for j in range(3)
        ]
    )


def test_a_fold_in_with_the_kept_rows_gives_the_tables_of_one_without():
    model = pickle.loads(pickle.dumps(ThemeModel(ThemesConfig(n_topics=3)).fit(_corpus())))
    added = pd.concat(
        [_corpus(), pd.DataFrame([{"doc_id": "new", "lemmas": "cloud souverain serveur"}])],
        ignore_index=True,
    )
    sentences = added.assign(section="")
    with_rows = model.refresh(added)
    cached_sections = section_themes(sentences, with_rows)
    bare = pickle.loads(pickle.dumps(model))
    bare.rows_, bare.sub_rows_ = RowCache(), []  # as a model pickled before the rows were kept
    without = bare.refresh(added)
    assert with_rows.document_themes_table().equals(without.document_themes_table())
    assert np.array_equal(with_rows.doc_weights_, without.doc_weights_)
    assert cached_sections.equals(section_themes(sentences, without))
    # The fit kept every document's row; the fold-in lent them and transformed the new text only.
    assert len(model.rows_.keys) == len(_corpus())
    assert len(with_rows.rows_.keys) == len(added)


def test_a_changed_config_or_version_refits_without_the_previous_rows(tmp_path):
    """The flow's plan (:func:`plan_fit` over the themes config and the versions) refits on any
    change: a new model and vectorizer, no row lent; unchanged, it folds in with the rows."""
    from textmine.incremental import plan_fit
    from textmine.themes import save_theme_model, themes_stage

    def key(config: ThemesConfig, version: str) -> dict:
        return {"themes": config.model_dump(mode="json"), "versions": [version]}

    config = ThemesConfig(n_topics=3)
    previous = ThemeModel(config).fit(_corpus())
    save_theme_model(previous, tmp_path / "theme_model.pkl")
    fitted = plan_fit(None, key(config, "1"), 18, 18, 0.1, "r1").as_dict()
    empty = pd.DataFrame(columns=["doc_id", "term", "surface", "count"])
    documents = pd.DataFrame({"doc_id": _corpus()["doc_id"]})
    sentences = pd.DataFrame(columns=["doc_id", "section", "lemmas"])

    def stage(config: ThemesConfig, version: str):
        plan = plan_fit(fitted, key(config, version), 1, 18, 0.1, "r2")
        args = (empty, _corpus(), documents, sentences, config, plan, "r2")
        return themes_stage(*args, tmp_path / "theme_model.pkl")[1:]

    for changed, version in ((ThemesConfig(n_topics=2), "1"), (config, "2")):
        model, state = stage(changed, version)
        assert state.mode == "refit" and model.rows_.previous is None
        assert model.vectorizer_ is not previous.vectorizer_
    model, state = stage(config, "1")
    assert state.mode == "fold-in" and model.rows_.previous is not None
    assert len(model.rows_.keys) == len(_corpus())
