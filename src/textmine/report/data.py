"""The data the explorable report embeds: the run's tables as compact JSON, safe inside HTML.

Each table goes in column by column (``{"col": [v, ...]}``: names are not repeated on every
row, which keeps a 100,000-proposal payload about a third smaller than records) and whole: the
page pages and filters, it never truncates. Tables the run did not write (the maps and
``run_changes`` before the pipeline makes them, ``entity_cooccurrences``) are left out, and
the page hides what would show them. A column with no value at all in the run (the consultation's
columns of a corpus of reports, a first run's review status) is left out too: the page reads a
missing column as empty, and at 100,000 proposals its nulls were 4.4 MiB of the 25 MiB of
``proposals`` that the browser must read before the lists are usable (bench/RESULTS.md R2).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd

# The columns of each table the page uses (others stay in the Parquet tables). A table
# absent from the run, or a column absent from a table, is simply not embedded.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id",
        "source_id",
        "path",
        "format",
        "title",
        "date",
        "doc_type",
        "issuer",
        "signatory",
        "reference",
        "n_pages",
        "status",
        "error",
        "duplicate_of",
        "near_duplicate_of",
        "section",
        "category",
        "author_type",
        "stance",
        "parent_doc_id",
    ),
    "blocks": ("doc_id", "start_char", "kind"),
    "sentences": ("doc_id", "sent_id", "start_char", "end_char", "page", "section", "text"),
    "entities": ("doc_id", "start_char", "end_char", "label", "canonical", "entity_id"),
    "entity_index": ("entity_id", "canonical", "label", "aliases", "n_mentions", "n_documents"),
    "corpus_terms": ("term", "surface", "count", "n_documents", "score"),
    "proposals": (
        "proposal_id",
        "doc_id",
        "kind",
        "number",
        "section",
        "page",
        "start_char",
        "end_char",
        "text",
        "cluster_id",
        "duplicate_of",
        "review_status",
        "category",
        "votes",
        "support",
        "controversy",
    ),
    "clusters": (
        "cluster_id",
        "label",
        "top_terms",
        "size",
        "n_documents",
        "status",
        "representative_ids",
        "review_status",
        "group_id",
    ),
    "themes": ("theme_id", "label", "top_terms", "n_documents"),
    "document_themes": ("doc_id", "theme_id", "weight"),
    "sub_themes": ("sub_theme_id", "theme_id", "label", "top_terms", "n_documents"),
    "document_sub_themes": ("doc_id", "sub_theme_id", "weight"),
    "specificities": ("group_by", "group", "term", "count", "expected", "score", "direction"),
    "cooccurrences": ("term_a", "term_b", "n_units", "score"),
    "entity_cooccurrences": ("entity_a", "label_a", "entity_b", "label_b", "n_units", "score"),
    "proposal_map": ("proposal_id", "cluster_id", "x", "y", "fitted"),
    "cluster_map": ("cluster_id", "x", "y", "size", "group_id"),
    "run_changes": ("kind", "object_id", "label", "before", "after", "detail"),
    "review_log": ("sheet", "target", "decision", "value", "previous", "status", "message"),
}

# Decimals kept for floats: scores and weights are shown with 2 or 3, and coordinates of a
# map 1,000 units wide need no more than 4 (6 would add ~15 % to a 100,000-point map).
_DECIMALS = 4


def _value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, _DECIMALS)
    if hasattr(value, "tolist"):  # numpy scalars and arrays (list columns)
        return _value(value.tolist())
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dt.date | pd.Timestamp):
        return value.isoformat()[:10]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


# A text column whose values repeat (a document's id on each of its sentences and proposals, the
# kind of a proposal, a section's name) goes in as integer codes into its distinct values,
# ``{"codes": [...], "values": [...]}``, when it has at most one distinct value per CODED_ROWS
# rows: at 100,000 proposals, 1.8 of the 21 MiB of ``proposals`` and 2.2 of the 20 MiB of
# ``sentences`` were such names, which the browser must read before a view can use them.
CODED_ROWS = 4
CODED_MIN_ROWS = 1000  # small tables stay plain lists (the gain would be a few bytes)


def _coded(values: list[Any]) -> dict[str, list[Any]] | list[Any]:
    """``values`` as codes into their distinct values when they repeat enough, else as is."""
    if len(values) < CODED_MIN_ROWS or not all(v is None or isinstance(v, str) for v in values):
        return values
    index: dict[Any, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    if len(index) * CODED_ROWS > len(values):
        return values
    return {"codes": codes, "values": list(index)}


def table_columns(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> dict[str, Any]:
    """A table as ``{column: values}`` with the columns it has of ``columns``; nulls as None,
    columns that are null in every row left out, repeated names as codes (:func:`_coded`)."""
    if frame is None or frame.empty:
        return {}
    out: dict[str, Any] = {}
    for column in columns:
        if column not in frame.columns:
            continue
        series = frame[column]
        if series.isna().all():  # nothing to show: the page reads the column as empty
            continue
        # Whole columns at once where the type allows: a call per cell is the slow path.
        if series.dtype.kind == "f":  # floats: rounded, NaN as null
            values = series.astype("float64").round(_DECIMALS).tolist()
            out[column] = [None if math.isnan(v) else v for v in values]
        elif series.dtype.kind in "iub" and not series.isna().any():
            out[column] = series.tolist()
        else:
            out[column] = _coded(
                [v if isinstance(v, str) else _value(v) for v in series.astype(object).tolist()]
            )
    return out


def build_payload(tables: dict[str, pd.DataFrame], meta: dict[str, Any]) -> dict[str, Any]:
    """What the page's script reads: ``meta`` and every table of :data:`COLUMNS` the run has."""
    payload: dict[str, Any] = {"meta": meta}
    for name, columns in COLUMNS.items():
        frame = tables.get(name)
        if name == "blocks" and frame is not None and not frame.empty:
            # The document view starts a paragraph at each block; pages are not paragraphs.
            frame = frame[frame["kind"] != "page"].sort_values(["doc_id", "start_char"])
        if name == "sentences" and frame is not None and not frame.empty:
            frame = frame.sort_values(["doc_id", "start_char"])
        data = table_columns(frame, columns)
        if data:
            payload[name] = data
    return payload


# Characters that could end the <script> element or a JavaScript string in some parsers:
# escaped as \\uXXXX, which JSON.parse reads back as the same characters.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def embed_json(value: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">``: no ``</script>``, no
    ``<!--``, no line separators; everything else as is (UTF-8, compact)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text
