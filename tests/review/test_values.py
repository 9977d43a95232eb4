"""Cell values as the review reads them, and names compared as a reviewer means them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from textmine import schema
from textmine.review.values import as_int, as_list, as_text, same_name, with_columns


def test_null_cells_read_as_empty_values() -> None:
    assert (as_text(None), as_text(float("nan")), as_text(3)) == ("", "", "3")
    assert (as_int(None), as_int(float("nan"), 0), as_int(2.0)) == (-1, 0, 2)
    assert as_list(None) == [] and as_list(float("nan")) == []
    assert as_list("p-a1") == ["p-a1"] and as_list(np.array(["a", "b"])) == ["a", "b"]


def test_same_name_ignores_case_and_surrounding_spaces_only() -> None:
    assert same_name(" Données · Ouverture", "données · ouverture ")
    assert not same_name("Donnees", "Données")


def test_with_columns_adds_the_schema_columns_to_a_copy() -> None:
    frame = pd.DataFrame({"cluster_id": [0], "label": ["x"]}, index=[5])
    full = with_columns("clusters", frame)
    assert list(full.columns[:2]) == ["cluster_id", "label"]
    assert set(schema.TABLES["clusters"].names) <= set(full.columns)
    assert list(full.index) == [0] and list(frame.index) == [5]
    assert len(with_columns("clusters", None)) == 0
