"""Cell values as the review reads them from a run's tables (nulls, lists, ids), and names compared
as a reviewer means them."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from textmine import schema
from textmine.review.decisions import UNCLUSTERED


def as_list(value: Any) -> list[Any]:
    """A list cell as a list: null -> ``[]``, a lone string -> ``[value]``, an array -> its items."""
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def as_int(value: Any, default: int = UNCLUSTERED) -> int:
    """An integer cell as an int, ``default`` when null (a null cluster id is the unclustered group)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return int(value)


def as_text(value: Any) -> str:
    """A cell as text, ``""`` when null."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def same_name(a: str, b: str) -> bool:
    """The same name once trimmed, whatever the case (cluster labels, entity names)."""
    return a.strip().casefold() == b.strip().casefold()


def with_columns(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of a table with every column of its schema (absent optional ones as nulls)."""
    frame = schema.empty(name) if frame is None else frame.reset_index(drop=True)
    missing = [c for c in schema.TABLES[name].names if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame.copy()
