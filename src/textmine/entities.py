"""Named entities: French-official-style names, institutions, canonical forms and the entity index.

Interface used by ``textmine.nlp`` and ``flows/`` (to be implemented):

- ``recase_for_ner(text: str) -> str``: a copy of ``text`` of the SAME LENGTH where all-caps
  surnames/headings are re-cased ("Axelle LEMAIRE" -> "Axelle Lemaire"), so NER is run on it and
  offsets map back 1:1.
- ``add_entity_components(nlp: Language, config: EntitiesConfig) -> None``: adds the
  institution/role EntityRuler (and anything else) to a loaded pipeline.
- ``extract_entities(pdoc: ParsedDocument, config: EntitiesConfig) -> list[dict]``: rows of the
  ``entities`` table for one document (without ``entity_id``), surface text from ``pdoc.text``.
- ``build_entity_index(entities: pd.DataFrame, documents: pd.DataFrame, config: EntitiesConfig,
  aliases: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]``: returns the
  ``entities`` table with ``entity_id`` and canonical forms merged across the corpus, and the
  ``entity_index`` table.
"""
