"""Ingestion: find the documents of a corpus, read them into text + structure + metadata.

Public interface (used by ``flows/``):

- :func:`discover` lists the files of a corpus (a folder, recursively, or a single file);
- :func:`read_source` reads one file into one or more documents (a table gives one per row);
- :func:`ingest_corpus` does both for a whole corpus and marks duplicates;
- :func:`documents_frame` / :func:`blocks_frame` / :func:`variables_frame` turn documents into
  the output tables.

A document that cannot be read is returned with ``status="error"`` and a message; ingestion
never raises for bad input.
"""

from textmine.ingest.corpus import (
    blocks_frame,
    documents_frame,
    ingest_corpus,
    read_source,
    variables_frame,
)
from textmine.ingest.discover import discover
from textmine.ingest.model import (
    STATUS_DUPLICATE,
    STATUS_EMPTY,
    STATUS_ERROR,
    STATUS_OK,
    STATUS_SKIPPED,
    Block,
    IngestedDocument,
    SourceFile,
    make_doc_id,
    text_sha256,
)

__all__ = [
    "STATUS_DUPLICATE",
    "STATUS_EMPTY",
    "STATUS_ERROR",
    "STATUS_OK",
    "STATUS_SKIPPED",
    "Block",
    "IngestedDocument",
    "SourceFile",
    "blocks_frame",
    "discover",
    "documents_frame",
    "ingest_corpus",
    "make_doc_id",
    "read_source",
    "text_sha256",
    "variables_frame",
]
