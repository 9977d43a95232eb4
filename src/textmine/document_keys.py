"""Cache keys of documents: what a document's parse and each stage's rows depend on.

A document's parse is keyed by its text, the spaCy pipeline and its version, the entity
settings (the pipeline's own components), ``nlp.chunk_chars`` for a text long enough to be cut,
and textmine's version; each stage's rows by the parse key, the stage's own config sections, its
version and the document's structure. The ``embeddings`` stage (the proposals' sentence
embeddings) depends on the proposals section and on the encoder and truncation only
(:func:`textmine.embeddings.fingerprint`), not on the rest of the clustering section: changing
the number of clusters embeds nothing again. The flow computes every key right after ingestion
(:func:`document_keys`): a rerun compares them with the previous run's to carry rows over, and the
analysis looks its cache up with them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import fields

import pandas as pd

from textmine import __version__
from textmine.cache import content_key
from textmine.config import TextmineConfig
from textmine.embeddings import fingerprint as embedding_fingerprint
from textmine.ingest.messages import problem, set_problem
from textmine.ingest.model import STATUS_OK, STATUS_SKIPPED, Block, IngestedDocument
from textmine.nlp import model_for_language, model_version

# Bump when the pipeline's own components (re-casing, entity components) change what they parse:
# cached parses are then recomputed.
PARSE_VERSION = 9
# Bump a stage's version when its code changes what it outputs: cached rows are then recomputed.
STAGE_VERSIONS = {"sentences": 2, "entities": 8, "terms": 3, "proposals": 19, "embeddings": 1}
STAGE_CONFIG_SECTIONS = {
    "sentences": (),
    "entities": ("entities",),
    "terms": ("themes",),
    "proposals": ("proposals",),
    "embeddings": ("proposals",),  # and the encoder settings: see KeyMaker
}
# The per-document stages, in the order they run and their keys are stored.
STAGE_NAMES = tuple(STAGE_VERSIONS)


_BLOCK_FIELDS = tuple(f.name for f in fields(Block))


class KeyMaker:
    """Cache keys of documents under one config and model version.

    The config fingerprints are computed once, not once per document and stage.
    """

    def __init__(self, model_version: str, config: TextmineConfig):
        self.model_version = model_version
        self.chunk_chars = config.nlp.chunk_chars
        self.parse_fingerprint = config.section_fingerprint("entities")
        self.stage_fingerprints = {
            stage: config.section_fingerprint(*sections)
            for stage, sections in STAGE_CONFIG_SECTIONS.items()
        }
        # The embeddings are those of the proposals' rows: a new proposals code version too.
        self.stage_fingerprints["embeddings"] += (
            f"|proposals:{STAGE_VERSIONS['proposals']}|{embedding_fingerprint(config.clustering)}"
        )

    def parse_key(self, document: IngestedDocument) -> str:
        text_hash = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        # A text short enough to be parsed whole keeps its key whatever chunk_chars is.
        chunking = self.chunk_chars if len(document.text) > self.chunk_chars else "whole"
        return content_key(
            "parse",
            PARSE_VERSION,
            text_hash,
            self.model_version,
            self.parse_fingerprint,
            chunking,
            __version__,
        )

    def stage_keys(self, parse_key_: str, document: IngestedDocument) -> dict[str, str]:
        structure = json.dumps(
            [[getattr(b, f) for f in _BLOCK_FIELDS] for b in document.blocks], ensure_ascii=False
        )
        structure_hash = hashlib.sha256(structure.encode("utf-8")).hexdigest()
        return {
            stage: content_key(
                "stage",
                stage,
                STAGE_VERSIONS[stage],
                parse_key_,
                self.stage_fingerprints[stage],
                document.doc_id,
                document.format,
                document.doc_type,  # a consultation row's role: arguments hold no proposal
                document.title,
                document.date,
                document.source_id,
                structure_hash,
            )
            for stage in STAGE_NAMES
        }

    def keys(self, document: IngestedDocument) -> tuple[str, dict[str, str]]:
        """The parse key and the key of every stage for one document (no model needed)."""
        pkey = self.parse_key(document)
        return pkey, self.stage_keys(pkey, document)


def document_keys(
    documents: list[IngestedDocument],
    config: TextmineConfig,
    file_keys: dict[str, str],
    version_of: Callable[[str], str] = model_version,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Route each readable document to its language's pipeline and compute its keys.

    Returns the keys table (``doc_id``, ``model``, ``ingest``, ``parse`` and one column per stage)
    and the version of each pipeline used. A document whose language has no installed pipeline
    gets status ``skipped`` with the reason.
    """
    keys: list[dict[str, str]] = []
    versions: dict[str, str] = {}
    key_makers: dict[str, KeyMaker] = {}
    for document in documents:
        if document.status != STATUS_OK:
            continue
        model = model_for_language(document.language, config)
        if model is None:
            document.status = STATUS_SKIPPED
            set_problem(document, problem("language_unsupported", language=document.language))
            continue
        if model not in key_makers:
            versions[model] = version_of(model)
            key_makers[model] = KeyMaker(versions[model], config)
        parse, stages = key_makers[model].keys(document)
        keys.append(
            {
                "doc_id": document.doc_id,
                "model": model,
                "ingest": file_keys.get(document.doc_id, ""),
                "parse": parse,
                **stages,
            }
        )
    columns = ["doc_id", "model", "ingest", "parse", *STAGE_NAMES]
    return pd.DataFrame(keys, columns=columns), versions
