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

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


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
