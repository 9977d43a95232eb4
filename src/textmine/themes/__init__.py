"""Key terms and themes (topics) of a corpus.

- :func:`extract_terms` / :func:`score_terms` / :func:`corpus_terms`: multi-word key terms
  (:func:`terms_and_lemmas`: a document's candidate terms and topic words in one pass).
- :func:`doc_lemmas` / :func:`fit_themes` / :func:`section_themes`: NMF topics.
- :func:`tag_lexicon` / :func:`tag_corpus`: user themes (terms or patterns) found in documents,
  sentences, proposals.
- :func:`themes_stage`: all of the above over a corpus, as one run's stage (topics fitted or
  folded in); :func:`save_theme_model` / :func:`load_theme_model` keep the topic model between runs.

Specificities and co-occurrences are in :mod:`textmine.lexicometry`.
"""

from textmine.themes.lexicon import tag_corpus, tag_lexicon
from textmine.themes.stage import THEME_MODEL_FILE, n_topics, themes_stage
from textmine.themes.terms import (
    corpus_terms,
    doc_lemmas,
    extract_terms,
    score_terms,
    terms_and_lemmas,
)
from textmine.themes.topics import (
    ThemeModel,
    fit_themes,
    load_theme_model,
    save_theme_model,
    section_themes,
)

__all__ = [
    "THEME_MODEL_FILE",
    "ThemeModel",
    "corpus_terms",
    "doc_lemmas",
    "extract_terms",
    "fit_themes",
    "load_theme_model",
    "n_topics",
    "save_theme_model",
    "score_terms",
    "section_themes",
    "tag_corpus",
    "tag_lexicon",
    "terms_and_lemmas",
    "themes_stage",
]
