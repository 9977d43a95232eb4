"""The records ingestion produces: one :class:`IngestedDocument` per document, with its blocks."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Document statuses recorded in the ``documents`` table.
STATUS_OK = "ok"
STATUS_ERROR = "error"  # could not be read: see ``error``
STATUS_SKIPPED = (
    "skipped"  # deliberately not processed (unsupported extension, language without a pipeline)
)
STATUS_EMPTY = "empty"  # readable but holds no text
STATUS_DUPLICATE = "duplicate"  # same content as ``duplicate_of``; processed once there
STATUSES = (STATUS_OK, STATUS_ERROR, STATUS_SKIPPED, STATUS_EMPTY, STATUS_DUPLICATE)


@dataclass(slots=True)
class Block:
    """A structural piece of a document's text: heading, paragraph, list item, table row..."""

    kind: str  # heading | paragraph | list_item | table_row | front_matter | page_header ...
    start_char: int
    end_char: int
    level: int | None = None  # heading level (1 = top), list nesting depth
    marker: str | None = None  # the numbering as written: "Proposition n° 12", "1°", "a)", "•"
    number: str | None = None  # the number alone: "12"
    page: int | None = None  # 1-based PDF page
    section: str | None = None  # the enclosing heading's text


@dataclass(slots=True)
class SourceFile:
    """A file found in the corpus, before it is read."""

    path: Path  # absolute
    rel_path: str  # relative to the corpus root, POSIX separators
    size: int
    sha256: str


@dataclass(slots=True)
class IngestedDocument:
    """One document: a file, or one row of a consultation table, or one member of an archive."""

    doc_id: str
    path: str  # relative to the corpus root ("archive.zip!member.txt" for archive members)
    format: str  # txt | md | html | pdf | docx | odt | rtf | csv | tsv | jsonl | json | xlsx ...
    text: str = ""
    status: str = STATUS_OK
    error: str | None = None  # the message a user reads, for error/skipped/empty, or a warning
    error_code: str | None = None  # its stable code(s), ";"-separated (textmine.ingest.messages)
    source_id: str | None = None  # the row id for a table row
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) date the document states
    language: str | None = None  # ISO 639-1
    doc_type: str | None = (
        None  # communiqué de presse | rapport | contribution | texte de loi | note ...
    )
    issuer: str | None = None
    signatory: str | None = None
    reference: str | None = None  # "N°793"
    n_pages: int | None = None
    sha256: str | None = None  # of the normalised text: the cache key of per-document results
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    near_duplicate_similarity: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # other columns / front-matter fields
    # A row of a consultation export (textmine.ingest.consultation): its typed variables and,
    # for an argument or comment, the row it answers.
    parent_doc_id: str | None = None
    parent_source_id: str | None = None
    link_status: str | None = None  # attached | target_missing | target_skipped | no_target_id
    stance: str | None = None  # pour | contre | neutre
    section: str | None = None
    category: str | None = None
    author_type: str | None = None
    votes_for: int | None = None
    votes_mixed: int | None = None
    votes_against: int | None = None
    votes: int | None = None
    posted_date: dt.date | None = None
    variables: dict[str, Any] = field(default_factory=dict)  # ingest.variables: column -> value
    blocks: list[Block] = field(default_factory=list)


def make_doc_id(rel_path: str, source_id: str | None = None) -> str:
    """A short id that stays the same across runs for the same file (and row)."""
    key = rel_path if source_id is None else f"{rel_path}#{source_id}"
    return "d" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def text_sha256(text: str) -> str:
    """The content hash of a document's text, whitespace-normalised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
