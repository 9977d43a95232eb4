"""The output tables: the documented contract matches the code, and conform() enforces it."""

import re
from pathlib import Path

import pandas as pd
import pytest

from textmine import schema

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def _documented() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
            continue
        column = re.match(r"^\| `(\w+)` \|", line)
        if column and current is not None:
            current.append(column.group(1))
    return tables


def test_docs_document_every_table_and_column():
    documented = _documented()
    for name, table_schema in schema.TABLES.items():
        assert name in documented, f"docs/schema.md lacks table {name}"
        assert set(table_schema.names) == set(documented[name]), f"columns of {name} differ"


def test_docs_document_each_column_once_in_the_tables_order():
    for name, columns in _documented().items():
        assert len(columns) == len(set(columns)), f"{name}: a column is documented twice"
        if name in schema.TABLES:
            assert columns == schema.TABLES[name].names, f"{name}: not in the table's order"


def test_conform_orders_columns_and_fills_optional_ones():
    frame = pd.DataFrame({"weight": [0.5], "theme_id": [1], "doc_id": ["d1"]})
    conformed = schema.conform("document_themes", frame)
    assert list(conformed.columns) == ["doc_id", "theme_id", "weight"]


def test_conform_rejects_unknown_and_missing_required_columns():
    with pytest.raises(schema.SchemaError, match="unexpected"):
        schema.conform(
            "document_themes",
            pd.DataFrame({"doc_id": ["d"], "theme_id": [1], "weight": [1.0], "x": [1]}),
        )
    with pytest.raises(schema.SchemaError, match="missing required"):
        schema.conform("document_themes", pd.DataFrame({"doc_id": ["d"]}))


def test_empty_tables_have_their_columns():
    assert list(schema.empty("clusters").columns) == schema.TABLES["clusters"].names


def test_the_table_written_is_the_conformed_one_converted_once():
    """write_table converts a frame to Arrow once: the same table as through conform()."""
    frame = pd.DataFrame(
        {
            "proposal_id": ["p1", "p2"],
            "doc_id": ["d1", "d1"],
            "kind": ["numbered", "prose"],
            "number": ["12", None],
            "page": [3, None],  # an int column with a null: float in pandas
            "start_char": [0, 40],
            "end_char": [39, 90],
            "text": ["Créer un guichet unique.", "Il est proposé de mutualiser les achats."],
            "cluster_id": [0, -1],
        }
    )
    once = schema.conform_arrow("proposals", frame)
    assert once.equals(schema.to_arrow("proposals", schema.conform("proposals", frame)))
    assert once.schema.equals(schema.TABLES["proposals"], check_metadata=False)
    assert once.column("page").to_pylist() == [3, None]
    with pytest.raises(schema.SchemaError, match="unexpected"):
        schema.conform_arrow("proposals", frame.assign(surprise=1))
