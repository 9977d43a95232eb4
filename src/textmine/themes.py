"""Key terms and themes (topics) of a corpus.

Interface used by ``flows/`` (to be implemented):

- ``extract_terms(pdoc: ParsedDocument, config: ThemesConfig) -> list[dict]``: candidate key
  terms of one document: rows ``{doc_id, term (lemmatized noun phrase), surface, count}``.
- ``score_terms(terms: pd.DataFrame, config: ThemesConfig) -> pd.DataFrame``: the ``terms``
  table: candidates scored across the corpus (``score``), top ``terms_per_document`` per document.
- ``fit_themes(doc_lemmas: pd.DataFrame, config: ThemesConfig) -> tuple[pd.DataFrame,
  pd.DataFrame]``: from ``{doc_id, lemmas}`` rows, the ``themes`` and ``document_themes`` tables.
"""
