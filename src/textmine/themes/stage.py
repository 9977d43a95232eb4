"""The themes stage over the whole corpus: key terms, topics, lexicometry and lexicon tags.

On a rerun that folds in (:mod:`textmine.incremental`), the previous run's topic model weighs the
documents again with the topics and labels it has (:meth:`ThemeModel.refresh`); otherwise, or
when that model cannot be read, the topics are fitted anew.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from textmine import lexicometry
from textmine.config import ThemesConfig
from textmine.incremental import MODE_FOLD_IN, MODE_REFIT, FitState
from textmine.phrases import PhraseIndex, StopTerms
from textmine.themes.lexicon import tag_corpus
from textmine.themes.terms import corpus_terms, score_terms
from textmine.themes.topics import ThemeModel, load_theme_model, section_themes

THEME_MODEL_FILE = "theme_model.pkl"


def themes_stage(
    candidates: pd.DataFrame,
    lemmas: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    config: ThemesConfig,
    state: FitState,
    run_id: str,
    previous_model: Path | None = None,
) -> tuple[dict[str, pd.DataFrame], ThemeModel, FitState]:
    """The themes tables (by name), the topic model to save, and how it was obtained.

    ``previous_model`` is the file of the previous run's model, used when ``state`` folds in.
    Key terms holding a stop term in another spelling than the one the parse leaves out
    ("revenu universelle" for "revenu universel": :class:`StopTerms`) are dropped first.
    """
    stop = StopTerms.from_terms(config.stop_terms)
    if stop and len(candidates) and "term" in candidates.columns:
        candidates = candidates[~candidates["term"].astype(str).map(stop.stops)]
    model = None
    if state.mode == MODE_FOLD_IN and previous_model is not None:
        fitted = load_theme_model(previous_model)
        # A model fitted on too little text has no topics: fit again rather than keep none.
        usable = fitted is not None and getattr(fitted, "nmf_", None) is not None
        model = fitted.refresh(lemmas) if usable else None
    if model is None:
        model = ThemeModel(config).fit(lemmas, PhraseIndex.from_candidates(candidates))
        state = replace(state, mode=MODE_REFIT, fitted_in=run_id, changed_since_fit=0)
    ranking = corpus_terms(candidates)
    tables = {
        "terms": score_terms(candidates, config),
        "corpus_terms": ranking,
        "themes": model.themes_table(),
        "theme_selection": model.selection_table(),
        "document_themes": model.document_themes_table(),
        "sub_themes": model.sub_themes_table(),
        "document_sub_themes": model.document_sub_themes_table(),
        "section_themes": section_themes(consultation_sections(sentences, documents), model),
    }
    tables |= lexicometry.corpus_lexicometry(candidates, documents, config, ranking)
    if config.lexicon:
        tables["lexicon_tags"] = tag_corpus(lemmas, sentences, config.lexicon)
    return tables, model, state


def consultation_sections(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``sentences`` whose section is their document's consultation section where it has one:
    a consultation row's only heading is its own title, one "section" per contribution."""
    if sentences.empty or "section" not in documents.columns or "section" not in sentences:
        return sentences
    sections = documents.dropna(subset=["section"]).set_index("doc_id")["section"]
    if sections.empty:
        return sentences
    consultation = sentences["doc_id"].map(sections)
    return sentences.assign(section=consultation.fillna(sentences["section"]))


def n_topics(model: ThemeModel) -> int:
    """The number of topics of a fitted model (0 when there was too little text)."""
    return model.n_topics_ if model.nmf_ is not None else 0
