"""Cells written for spreadsheets never start a live formula (CSV injection, OWASP).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some
also after a leading tab or carriage return: a consultation row titled
``=HYPERLINK("http://…","clic")`` would become a live link (or worse) in a reviewer's Excel.
Every cell textmine writes for spreadsheets — the ``csv/`` copies of the tables and the review
sheets, CSV and XLSX — goes through :func:`escape_cell`: such text gets a leading apostrophe,
which spreadsheets read as "this is text" and do not show. Numbers are never changed (``-3``
stays a number), and the Parquet tables keep the text exactly as it is. Reading a reviewer's
sheet back strips that apostrophe again (:func:`unescape_cell`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# FORMULA_START as a pattern on a text's first character, for whole Arrow columns at once.
_FORMULA_PATTERN = "^[=+\\-@\t\r]"


def starts_formula(value: Any) -> bool:
    """Whether ``value`` is text that a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def escape_cell(value: Any) -> Any:
    """``value`` as it is written into a spreadsheet cell: text that would start a formula gets a
    leading apostrophe; everything else (numbers, other text, None) is returned unchanged."""
    return ESCAPE + value if starts_formula(value) else value


def unescape_cell(text: str) -> str:
    """A cell read back from a sheet, without the apostrophe :func:`escape_cell` added."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def escape_text_columns(table: pa.Table) -> tuple[pa.Table, set[str]]:
    """``table`` with every text column escaped as :func:`escape_cell` does, and their names.

    Whole Arrow columns at once (a regular expression on the first character): the CSV copies of
    a million-word run took 2.3 CPU-s with a call per cell, 1.5 this way (``bench/RESULTS.md``
    O12). Other columns (lists, numbers, dates) are returned as they are.
    """
    done: set[str] = set()
    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            done.add(name)
            formula = pc.match_substring_regex(column, _FORMULA_PATTERN)
            if pc.any(formula).as_py():
                prefix, nothing = pa.scalar(ESCAPE, column.type), pa.scalar("", column.type)
                escaped = pc.binary_join_element_wise(prefix, column, nothing)
                column = pc.if_else(formula, escaped, column)
        columns.append(column)
    return pa.table(columns, schema=table.schema), done


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for a CSV written for spreadsheets: every text cell escaped.

    Only columns holding Python objects (text, joined lists) are touched; numeric, boolean and
    date columns keep their dtype, so their values are written as numbers.
    """
    escaped = frame.copy(deep=False)
    for column in escaped.columns:
        series = escaped[column]
        textual = series.dtype == object or pd.api.types.is_string_dtype(series.dtype)
        if textual and series.map(starts_formula).any():
            escaped[column] = series.map(escape_cell)
    return escaped
