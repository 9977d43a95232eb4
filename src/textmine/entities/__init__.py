"""Named entities: French-official-style names, institutions, canonical forms and the entity index.

Modules: ``recasing`` (all-caps names and headings), ``components`` (spaCy EntityRuler and
institution recogniser), ``extraction`` (entity rows and canonical forms), ``roles`` (person ->
role), ``index`` (corpus-wide merge and ``entity_index``), ``lexicon`` (word lists), ``informal``
(the fitted filter of entities in contributions: rows of consultation tables only).

Interface used by ``textmine.nlp`` and ``flows/``:

- ``recase_for_ner(text: str) -> str``: a copy of ``text`` of the SAME LENGTH where all-caps
  surnames/headings are re-cased ("Axelle LEMAIRE" -> "Axelle Lemaire"), so NER is run on it and
  offsets map back 1:1.
- ``add_entity_components(nlp: Language, config: EntitiesConfig) -> None``: adds the
  institution/role EntityRuler (and anything else) to a loaded pipeline.
- ``extract_entities(pdoc: ParsedDocument, config: EntitiesConfig) -> list[dict]``: rows of the
  ``entities`` table for one document (without ``entity_id``), surface text from ``pdoc.text``.
- ``extract_roles(pdoc: ParsedDocument, entities: list[dict]) -> list[dict]``: rows of the
  ``roles`` table ("Axelle Lemaire" -> "secrétaire d'Etat chargée du Numérique").
- ``build_entity_index(entities: pd.DataFrame, documents: pd.DataFrame, config: EntitiesConfig,
  aliases: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]``: returns the
  ``entities`` table with ``entity_id`` and canonical forms merged across the corpus, and the
  ``entity_index`` table.
- ``load_aliases(path) -> pd.DataFrame``: the reviewer's alias CSV (alias, canonical[, label]).
"""

from textmine.entities.components import (
    InstitutionRecognizer,
    abbreviates,
    acronym_definitions,
    add_entity_components,
    institution_patterns,
)
from textmine.entities.extraction import (
    canonical_form,
    canonical_key,
    clean_span,
    extract_entities,
)
from textmine.entities.index import build_entity_index, entity_id, load_aliases
from textmine.entities.recasing import recase_for_ner
from textmine.entities.roles import extract_roles, role_phrases

__all__ = [
    "InstitutionRecognizer",
    "abbreviates",
    "acronym_definitions",
    "add_entity_components",
    "build_entity_index",
    "canonical_form",
    "canonical_key",
    "clean_span",
    "entity_id",
    "extract_entities",
    "extract_roles",
    "institution_patterns",
    "load_aliases",
    "recase_for_ner",
    "role_phrases",
]
