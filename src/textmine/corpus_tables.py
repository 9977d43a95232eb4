"""Conversions between ingested documents and the tables stages exchange on disk.

Stages in different tasks (or Dask workers) never pass Python objects to each other: the ingest
stage writes ``documents``, ``blocks`` and ``texts`` tables, and the analysis stage rebuilds the
documents it needs from them.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from textmine.ingest.model import STATUS_OK, Block, IngestedDocument


def texts_frame(documents: list[IngestedDocument]) -> pd.DataFrame:
    """The ``texts`` work table: doc_id and full text of every document with text."""
    return pd.DataFrame(
        {
            "doc_id": [d.doc_id for d in documents],
            "text": [d.text for d in documents],
        },
        columns=["doc_id", "text"],
    )


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def documents_from_tables(
    documents: pd.DataFrame, blocks: pd.DataFrame, texts: pd.DataFrame
) -> list[IngestedDocument]:
    """Rebuild :class:`IngestedDocument` objects (with text and blocks) from the tables."""
    text_by_id = dict(zip(texts["doc_id"], texts["text"], strict=True))
    blocks_by_id: dict[str, list[Block]] = {}
    block_fields = (
        "kind",
        "start_char",
        "end_char",
        "level",
        "marker",
        "number",
        "page",
        "section",
    )
    for row in blocks.sort_values(["doc_id", "block_id"]).itertuples(index=False):
        values = {f: _clean(getattr(row, f)) for f in block_fields}
        for int_field in ("start_char", "end_char", "level", "page"):
            if values[int_field] is not None:
                values[int_field] = int(values[int_field])
        blocks_by_id.setdefault(row.doc_id, []).append(Block(**values))
    result = []
    for row in documents.itertuples(index=False):
        metadata = _clean(row.metadata)
        result.append(
            IngestedDocument(
                doc_id=row.doc_id,
                path=row.path,
                format=row.format,
                text=text_by_id.get(row.doc_id, ""),
                status=row.status,
                error=_clean(row.error),
                error_code=_clean(getattr(row, "error_code", None)),  # None before schema 1.7
                source_id=_clean(row.source_id),
                title=_clean(row.title),
                date=_clean(row.date),
                language=_clean(row.language),
                doc_type=_clean(row.doc_type),
                issuer=_clean(row.issuer),
                signatory=_clean(row.signatory),
                reference=_clean(row.reference),
                sha256=_clean(row.sha256),
                metadata=json.loads(metadata) if metadata else {},
                blocks=blocks_by_id.get(row.doc_id, []),
            )
        )
    return result


def plan_batches(
    documents: pd.DataFrame, text_lengths: dict[str, int], max_docs: int, max_chars: int
) -> list[list[str]]:
    """Group the processable documents into batches of at most ``max_docs`` / ``max_chars``.

    Batching keeps per-task orchestration overhead small; the character bound keeps a task's
    memory bounded whatever the corpus size.
    """
    batches: list[list[str]] = []
    current: list[str] = []
    chars = 0
    for doc_id in documents.loc[documents["status"] == STATUS_OK, "doc_id"]:
        length = text_lengths.get(doc_id, 0)
        if current and (len(current) >= max_docs or chars + length > max_chars):
            batches.append(current)
            current, chars = [], 0
        current.append(doc_id)
        chars += length
    if current:
        batches.append(current)
    return batches
