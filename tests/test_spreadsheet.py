"""No cell written for spreadsheets starts a live formula; the Parquet tables stay exact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import load_workbook

from textmine.outputs import read_table, write_csv_copy, write_table
from textmine.review.decisions import _clean_cell
from textmine.spreadsheet import (
    escape_cell,
    escape_frame,
    escape_text_columns,
    starts_formula,
    unescape_cell,
)

HYPERLINK = '=HYPERLINK("http://evil.example/x","clic")'
DANGEROUS = [HYPERLINK, "+33 1 23", "-2+3", "@SUM(A1)", "\tdebut", "\r=1+1"]
HARMLESS = ["texte", " =pas au début", "a=b", "'déjà cité", ""]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_would_start_a_formula_gets_an_apostrophe_and_reads_back(text: str) -> None:
    assert starts_formula(text)
    assert escape_cell(text) == "'" + text
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("value", [*HARMLESS, -3, -0.5, 0, None, True])
def test_other_values_are_left_as_they_are(value: object) -> None:
    assert not starts_formula(value)
    assert escape_cell(value) == value
    if isinstance(value, str):
        assert unescape_cell(value) == value


def test_escape_frame_leaves_numeric_columns_numbers() -> None:
    frame = pd.DataFrame({"text": ["=1+1", "ok"], "n": [-3, 4], "x": [-0.5, 1.0]})
    escaped = escape_frame(frame)
    assert escaped["text"].tolist() == ["'=1+1", "ok"]
    assert escaped["n"].dtype == frame["n"].dtype and escaped["n"].tolist() == [-3, 4]
    assert escaped["x"].tolist() == [-0.5, 1.0]
    assert frame["text"].tolist() == ["=1+1", "ok"]  # the caller's frame is not changed


def test_arrow_text_columns_are_escaped_as_each_cell_would_be() -> None:
    """The CSV copies escape whole Arrow columns: the same cells as escape_cell, nulls kept."""
    texts = [*DANGEROUS, *HARMLESS, None, "é=1", "=é"]
    table = pa.table(
        {
            "text": pa.array(texts, pa.string()),
            "large": pa.array(texts, pa.large_string()),
            "n": pa.array([-3] * len(texts)),
            "words": pa.array([["=a", "b"]] * len(texts)),
        }
    )
    escaped, names = escape_text_columns(table)
    assert names == {"text", "large"}
    for column in ("text", "large"):
        assert escaped[column].to_pylist() == [escape_cell(t) for t in texts]
    assert escaped["n"].equals(table["n"]) and escaped["words"].equals(table["words"])
    assert escaped.schema == table.schema
    harmless = pa.table({"text": pa.array(HARMLESS)})
    assert escape_text_columns(harmless)[0].equals(harmless)


def _live_formula(cell: str) -> bool:
    """A CSV cell a spreadsheet would run as a formula (a negative number is just a number)."""
    try:
        float(cell)
    except ValueError:
        return starts_formula(cell)
    return False


def _csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")  # read_text would turn a lone CR into LF
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_copies_never_start_a_formula_and_parquet_stays_exact(
    tmp_path: Path, text: str
) -> None:
    """The consultation row titled ``=HYPERLINK(...)`` of the issue, in the four tables."""
    frames = {
        "documents": pd.DataFrame(
            {
                "doc_id": ["d1"],
                "path": ["consultation.csv"],
                "format": ["csv"],
                "title": [text],
                "n_chars": [12],
                "near_duplicate_similarity": [-0.5],
                "status": ["ok"],
            }
        ),
        "blocks": pd.DataFrame(
            {
                "doc_id": ["d1"],
                "block_id": [0],
                "kind": ["heading"],
                "marker": [text],
                "text": [text],
                "start_char": [0],
                "end_char": [12],
            }
        ),
        "sentences": pd.DataFrame(
            {"doc_id": ["d1"], "sent_id": [0], "text": [text], "start_char": [0], "end_char": [12]}
        ),
        "proposals": pd.DataFrame(
            {
                "proposal_id": ["p1"],
                "doc_id": ["d1"],
                "kind": ["numbered"],
                "text": [text],
                "cluster_id": [-1],
                "start_char": [0],
                "end_char": [12],
                "actor": [text],
            }
        ),
        "clusters": pd.DataFrame(
            {"cluster_id": [-1], "label": [text], "top_terms": [[text, "État"]], "size": [2]}
        ),
    }
    for name, frame in frames.items():
        frame = frame[[c for c in frame.columns if c in read_table(name, tmp_path).columns]]
        write_table(name, frame, tmp_path, csv=True)
        back = read_table(name, tmp_path)
        for column in frame.columns:  # Parquet: the text exactly as given
            value = back[column].tolist()[0]
            expected = frame[column].tolist()[0]
            assert (list(value) if column == "top_terms" else value) == expected
        rows = _csv_rows(tmp_path / "csv" / f"{name}.csv")
        assert len(rows) == 1
        for column, cell in rows[0].items():
            assert not _live_formula(cell), (name, column, cell)
        text_column = {"documents": "title", "blocks": "marker", "clusters": "label"}.get(
            name, "text"
        )
        assert rows[0][text_column] == "'" + text
        if name in {"proposals", "clusters"}:
            assert rows[0]["cluster_id"] == "-1"  # a number, not escaped text
        if name == "clusters":  # a list column, joined, then escaped
            assert rows[0]["top_terms"] == "'" + text + " | État"
        if name == "documents":
            assert rows[0]["near_duplicate_similarity"] == "-0.5"
        # The copy made later from the Parquet file is the same.
        before = (tmp_path / "csv" / f"{name}.csv").read_bytes()
        write_csv_copy(name, tmp_path)
        assert (tmp_path / "csv" / f"{name}.csv").read_bytes() == before


@pytest.mark.parametrize("raw", [f"'{t}" for t in DANGEROUS])
def test_reading_decisions_strips_the_apostrophe(raw: str) -> None:
    assert _clean_cell(raw) == raw[1:].strip()


def test_review_sheets_never_start_a_formula_csv_and_xlsx(tmp_path: Path) -> None:
    from tests.review.helpers import make_tables
    from textmine.review import load_decisions, write_review_sheets

    tables = make_tables()
    frame = tables["proposals"].copy()
    for i, text in enumerate(DANGEROUS):
        frame.loc[i, "text"] = text
    tables["proposals"] = frame
    index = tables["entity_index"].copy()
    index.loc[0, "canonical"] = "@Lemaire"
    tables["entity_index"] = index
    write_review_sheets(tables, tmp_path)

    for stem in ("proposals_review", "clusters_review", "entities_review"):
        text = (tmp_path / f"{stem}.csv").read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
            for cell in row:
                assert not _live_formula(cell), (stem, cell)
        book = load_workbook(tmp_path / f"{stem}.xlsx")
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (stem, cell.value)
                    if starts_formula(cell.value):  # Excel's own apostrophe: text, even edited
                        assert cell.data_type == "s" and cell.quotePrefix, (stem, cell.value)
    proposals = _csv_rows_semicolon(tmp_path / "proposals_review.csv")
    excerpts = {r["text_excerpt"] for r in proposals}
    assert "'" + HYPERLINK in excerpts and "'@SUM(A1)" in excerpts
    assert any(r["cluster_id"] == "-1" for r in proposals)  # numbers stay numbers
    entities = _csv_rows_semicolon(tmp_path / "entities_review.csv")
    assert "'@Lemaire" in {r["canonical"] for r in entities}
    # Sheets saved back untouched into the review folder: no decision, no problem.
    decisions = load_decisions(tmp_path)
    assert [p for p in decisions.problems if p.status != "ignored"] == []
    assert decisions.proposals == [] and decisions.clusters == [] and decisions.entities == []


def _csv_rows_semicolon(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_reviewers_note_starting_like_a_formula_survives_the_round_trip(
    tmp_path: Path, suffix: str
) -> None:
    from tests.review.helpers import make_tables
    from textmine.review import (
        Decisions,
        ProposalDecision,
        apply_decisions,
        load_decisions,
        write_review_sheets,
    )

    decisions = Decisions(proposals=[ProposalDecision("p-a1", "reject", note="-- trop vague")])
    out, _ = apply_decisions(make_tables(), decisions)
    written = tmp_path / "written"
    write_review_sheets(out, written)
    review = tmp_path / "review"
    review.mkdir()
    for sheet in ("proposals_review", "clusters_review", "entities_review"):
        (review / f"{sheet}.{suffix}").write_bytes((written / f"{sheet}.{suffix}").read_bytes())
    back = load_decisions(review)
    assert back.problems == []
    assert [(d.proposal_id, d.decision, d.note) for d in back.proposals] == [
        ("p-a1", "reject", "-- trop vague")
    ]
