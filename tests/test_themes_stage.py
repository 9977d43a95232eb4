"""The themes stage of a run: every themes table, topics fitted or folded in."""

from __future__ import annotations

import pandas as pd

from tests.test_themes_topics import _corpus
from textmine.config import ThemesConfig
from textmine.incremental import MODE_FOLD_IN, MODE_REFIT, FitState
from textmine.themes import n_topics, save_theme_model, themes_stage


def _inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    lemmas = _corpus()
    candidates = pd.DataFrame(
        [
            {"doc_id": d, "term": w, "key": w, "count": 2, "first_char": 0}
            for d, text in zip(lemmas["doc_id"], lemmas["lemmas"], strict=True)
            for w in text.split()[:3]
        ]
    )
    documents = pd.DataFrame(
        {"doc_id": lemmas["doc_id"], "path": "a.txt", "format": "txt", "status": "ok"}
    )
    sentences = pd.DataFrame(columns=["doc_id", "sent_id", "section", "text", "lemmas"])
    return candidates, lemmas, documents, sentences


def _state(mode: str) -> FitState:
    return FitState(mode, "r0", 0, {}, {})


def test_a_refit_writes_every_table_and_says_it_fitted_in_this_run():
    tables, model, state = themes_stage(*_inputs(), ThemesConfig(), _state(MODE_REFIT), "r1")
    assert {"terms", "corpus_terms", "themes", "theme_selection", "document_themes"} <= set(tables)
    assert "lexicon_tags" not in tables
    assert n_topics(model) == len(tables["themes"]) == 3
    assert state.mode == MODE_REFIT and state.fitted_in == "r1"


def test_fold_in_keeps_the_previous_topics_and_refits_when_the_model_is_unreadable(tmp_path):
    inputs = _inputs()
    _, model, _ = themes_stage(*inputs, ThemesConfig(), _state(MODE_REFIT), "r1")
    save_theme_model(model, tmp_path / "model.pkl")
    tables, _, state = themes_stage(
        *inputs, ThemesConfig(), _state(MODE_FOLD_IN), "r2", tmp_path / "model.pkl"
    )
    assert state.mode == MODE_FOLD_IN and state.fitted_in == "r0"
    assert tables["themes"]["label"].tolist() == model.labels_
    (tmp_path / "broken.pkl").write_bytes(b"broken")
    _, _, state = themes_stage(
        *inputs, ThemesConfig(), _state(MODE_FOLD_IN), "r3", tmp_path / "broken.pkl"
    )
    assert state.mode == MODE_REFIT and state.fitted_in == "r3"


def test_the_user_lexicon_is_tagged_when_set():
    config = ThemesConfig(lexicon={"Cloud": ["cloud"]})
    tables, _, _ = themes_stage(*_inputs(), config, _state(MODE_REFIT), "r1")
    assert len(tables["lexicon_tags"]) and set(tables["lexicon_tags"]["theme"]) == {"Cloud"}


def test_key_terms_holding_a_stop_term_in_any_spelling_are_not_reported():
    candidates, lemmas, documents, sentences = _inputs()
    written = ["revenu universelle", "Revenus universels d'activité", "revenu minimum"]
    candidates = pd.concat(
        [
            candidates,
            pd.DataFrame(
                [
                    {"doc_id": d, "term": term, "key": term, "count": 2, "first_char": 0}
                    for d in lemmas["doc_id"][:4]
                    for term in written
                ]
            ),
        ],
        ignore_index=True,
    )
    config = ThemesConfig(stop_terms=["revenu universel"])
    tables, _, _ = themes_stage(
        candidates, lemmas, documents, sentences, config, _state(MODE_REFIT), "r1"
    )
    for name in ("terms", "corpus_terms"):
        shown = set(tables[name]["term"])
        assert "revenu minimum" in shown, name
        assert not shown & {"revenu universelle", "Revenus universels d'activité"}, name


def test_sub_themes_survive_a_saved_model_and_an_older_model_folds_in_without_them(tmp_path):
    from tests.test_themes_subthemes import _two_level_corpus

    lemmas = _two_level_corpus()
    _, _, documents, sentences = _inputs()
    documents = pd.DataFrame(
        {"doc_id": lemmas["doc_id"], "path": "a.txt", "format": "txt", "status": "ok"}
    )
    inputs = (pd.DataFrame(columns=["doc_id", "term", "count"]), lemmas, documents, sentences)
    config = ThemesConfig(n_topics=3)
    first, model, _ = themes_stage(*inputs, config, _state(MODE_REFIT), "r1")
    assert len(first["sub_themes"]) == 6 and len(first["document_sub_themes"]) >= len(lemmas)
    save_theme_model(model, tmp_path / "model.pkl")
    again, _, state = themes_stage(
        *inputs, config, _state(MODE_FOLD_IN), "r2", tmp_path / "model.pkl"
    )
    assert state.mode == MODE_FOLD_IN
    pd.testing.assert_frame_equal(again["sub_themes"], first["sub_themes"])
    pd.testing.assert_frame_equal(again["document_sub_themes"], first["document_sub_themes"])
    for name in ("sub_fits_", "sub_evaluations_", "sub_labels_", "sub_weights_"):
        delattr(model, name)  # as a model pickled before sub-themes existed
    save_theme_model(model, tmp_path / "old.pkl")
    old, _, _ = themes_stage(*inputs, config, _state(MODE_FOLD_IN), "r3", tmp_path / "old.pkl")
    assert old["sub_themes"].empty and old["document_sub_themes"].empty
    assert (old["themes"]["n_sub_themes"] == 0).all()
