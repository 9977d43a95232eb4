"""Consultation tables: CSV/TSV, JSON Lines, JSON arrays and XLSX; one document per row.

The id, title and text columns are found by their usual names (or set in the config); the other
columns are kept as metadata. Malformed rows are reported with their line number and the good
rows beside them are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from textmine.ingest.archive import check_office_container
from textmine.ingest.consultation import ColumnRoles, column_roles, row_variables
from textmine.ingest.messages import Problem, problem
from textmine.ingest.text import ReadError, decode_bytes
from textmine.textnorm import fold

ID_NAMES = [
    "id",
    "opinion_id",
    "proposal_id",
    "contribution_id",
    "argument_id",
    "comment_id",
    "identifiant",
    "uid",
    "uuid",
    "reference",
    "référence",
]
TITLE_NAMES = ["title", "titre", "subject", "sujet", "objet", "intitule", "intitulé", "name_fr"]
TEXT_NAMES = [
    "text",
    "texte",
    "body",
    "contenu",
    "content",
    "contribution",
    "proposition",
    "proposal",
    "message",
    "commentaire",
    "comment",
    "argument",
    "description",
    "corps",
    "reponse",
    "réponse",
    "avis",
    "question",
]
DATE_NAMES = [
    "date",
    "created_at",
    "published_at",
    "date_creation",
    "date_publication",
    "creation_date",
    "datetime",
    "timestamp",
]

TABLE_FORMATS = frozenset({"csv", "tsv", "jsonl", "json", "xlsx"})

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(slots=True)
class TableRow:
    source_id: str
    title: str | None
    text: str
    date_value: Any = None
    metadata: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)  # typed: see consultation.py
    declared: dict[str, Any] = field(default_factory=dict)  # ingest.variables, as found


@dataclass(slots=True)
class RowProblem:
    source_id: str
    problem: Problem


@dataclass(slots=True)
class TableContent:
    rows: list[TableRow]
    problems: list[RowProblem]
    text_column: str
    title_column: str | None
    id_column: str | None
    columns: list[str] = field(default_factory=list)
    roles: ColumnRoles = field(default_factory=ColumnRoles)


def _quoted(columns: list[str]) -> str:
    """Column names as a reader reads them: « id », « titre »."""
    return ", ".join(f"« {c} »" for c in columns) or "aucune"


def _key(name: str) -> str:
    return fold(name.strip(), form="NFKD", case="lower").replace(" ", "_")


def _pick(columns: list[str], configured: str | None, names: list[str], role: str) -> str | None:
    if configured is not None:
        if configured not in columns:
            raise ReadError(
                "column_not_found",
                column=configured,
                setting=f"{role}_column",
                columns=_quoted(columns),
            )
        return configured
    by_key = {_key(c): c for c in reversed(columns)}
    for name in names:
        if _key(name) in by_key:
            return by_key[_key(name)]
    return None


def choose_columns(
    columns: list[str], id_column: str | None, title_column: str | None, text_column: str | None
) -> tuple[str | None, str | None, str]:
    """(id, title, text) column names; ReadError naming the columns when no text column."""
    text = _pick(columns, text_column, TEXT_NAMES, "text")
    if text is None:
        raise ReadError("no_text_column", columns=_quoted(columns))
    others = [c for c in columns if c != text]
    # a configured title column may be absent from a table of arguments or comments: no title
    configured_title = title_column if title_column in others else None
    title = _pick(others, configured_title, [] if title_column else TITLE_NAMES, "title")
    ident = _pick(columns, id_column, ["id"], "id")
    return ident, title, text


def _id_candidates(columns: list[str], text: str) -> list[str]:
    """Columns that may hold the row's own id, in table order (a row's own id comes first:
    "argument_id" before the "opinion_id" it refers to)."""
    known = {_key(n) for n in ID_NAMES}
    return [c for c in columns if c != text and (_key(c) in known or _key(c).endswith("_id"))]


def _unique_id_column(
    records: list[tuple[int, dict[str, Any]]], candidates: list[str]
) -> str | None:
    for column in candidates:
        values = [_cell_text(record.get(column)).strip() for _, record in records]
        if all(values) and len(set(values)) == len(values):
            return column
    return candidates[0] if candidates else None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _rows_from_records(
    records: list[tuple[int, dict[str, Any]]],
    columns: list[str],
    id_column: str | None,
    title_column: str | None,
    text_column: str | None,
    problems: list[RowProblem],
    consultation: Mapping[str, str] | None = None,
    variables: list[str] | None = None,
) -> TableContent:
    ident, title, text = choose_columns(columns, id_column, title_column, text_column)
    if ident is None:
        ident = _unique_id_column(records, _id_candidates(columns, text))
    roles = column_roles(columns, ident, text, consultation or {})
    date_column = _pick(columns, None, DATE_NAMES, "date")
    rows: list[TableRow] = []
    seen: set[str] = set()
    for line, record in records:
        source_id = _cell_text(record.get(ident)).strip() if ident else ""
        if not source_id or source_id in seen:
            source_id = f"line{line}"
        seen.add(source_id)
        metadata = {
            k: v for k, v in record.items() if k not in {text, title} and v not in (None, "")
        }
        metadata = {
            k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
            for k, v in metadata.items()
        }
        metadata["line"] = line
        rows.append(
            TableRow(
                source_id=source_id,
                title=_cell_text(record.get(title)).strip() or None if title else None,
                text=_cell_text(record.get(text)),
                date_value=record.get(date_column) if date_column else None,
                metadata=metadata,
                variables=row_variables(record, roles),
                declared={v: record[v] for v in variables or [] if record.get(v) not in (None, "")},
            )
        )
    return TableContent(rows, problems, text, title, ident, list(columns), roles)


def _sniff_delimiter(sample: str, default: str) -> str:
    lines = [line for line in sample.split("\n")[:50] if line.strip()]
    if not lines:
        return default
    best, best_score = default, 0.0
    for delimiter in [",", ";", "\t", "|"]:
        counts = [line.count(delimiter) for line in lines[:20]]
        header = counts[0]
        if header == 0:
            continue
        consistent = sum(1 for c in counts if c >= header) / len(counts)
        score = consistent * (1 + min(header, 20) / 20)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def table_columns(data: bytes, fmt: str, max_expanded: int) -> list[str]:
    """The column names of a table file, read from its header (CSV/TSV, XLSX), its first
    records (JSON Lines) or its objects (JSON): what a configured column is checked against."""
    if fmt in {"csv", "tsv"}:
        text, _ = decode_bytes(data[:65_536])
        delimiter = _sniff_delimiter(text, "\t" if fmt == "tsv" else ",")
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        return [h.strip() for h in header]
    if fmt == "jsonl":
        names: dict[str, None] = {}
        # 200 records: JSON Lines exports write every key on each line, the first ones suffice
        for line in decode_bytes(data)[0].split("\n")[:200]:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                names.update(dict.fromkeys(record))
        return list(names)
    if fmt == "json":
        return list(_json_records(data)[1])
    if fmt == "xlsx":
        import openpyxl

        check_office_container(data, max_expanded)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            header = next(workbook.worksheets[0].iter_rows(values_only=True), None) or ()
        finally:
            workbook.close()
        return [str(h).strip() if h is not None else f"column{i + 1}" for i, h in enumerate(header)]
    return []


def read_delimited(data: bytes, default_delimiter: str, **columns: Any) -> TableContent:
    """CSV/TSV with delimiter and encoding detection; rows with a wrong field count reported."""
    text, _ = decode_bytes(data)
    delimiter = _sniff_delimiter(text[:65_536], default_delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ReadError("table_no_header") from None
    except csv.Error as exc:
        raise ReadError("table_bad_header", exc) from exc
    header = [h.strip() for h in header]
    if len(header) < 1 or not any(header):
        raise ReadError("table_empty_header")
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    line = reader.line_num
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                RowProblem(f"line{start_line}", problem("row_malformed", exc, line=start_line))
            )
            continue
        line = start_line
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                RowProblem(
                    f"line{line}",
                    problem(
                        "row_field_count",
                        line=line,
                        found=len(row),
                        expected=len(header),
                        delimiter={"\t": "tabulation"}.get(delimiter, delimiter),
                    ),
                )
            )
            continue
        records.append((line, dict(zip(header, row, strict=True))))
    return _rows_from_records(records, header, problems=problems, **columns)


def read_jsonl(data: bytes, **columns: Any) -> TableContent:
    """One JSON object per line; lines that are not objects are reported."""
    text, _ = decode_bytes(data)
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    names: dict[str, None] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                RowProblem(f"line{number}", problem("jsonl_invalid_line", exc.msg, line=number))
            )
            continue
        if not isinstance(record, dict):
            problems.append(
                RowProblem(f"line{number}", problem("json_row_not_object", where=f"Ligne {number}"))
            )
            continue
        names.update(dict.fromkeys(record))
        records.append((number, record))
    if not records and not problems:
        raise ReadError("jsonl_empty")
    if not records:
        first = problems[0].problem
        raise ReadError("jsonl_no_object", first.detail, first=first.message.rstrip("."))
    return _rows_from_records(records, list(names), problems=problems, **columns)


def _json_records(
    data: bytes,
) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, None], list[RowProblem]]:
    """The objects of a JSON array (or of the first array an object holds), their keys and the
    items that are not objects."""
    text, _ = decode_bytes(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError("json_invalid", exc.msg, line=exc.lineno) from exc
    if isinstance(value, dict):
        arrays = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        value = arrays[0] if arrays else [value]
    if not isinstance(value, list):
        raise ReadError("json_bad_shape")
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    names: dict[str, None] = {}
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            problems.append(
                RowProblem(f"item{index}", problem("json_row_not_object", where=f"Élément {index}"))
            )
            continue
        names.update(dict.fromkeys(item))
        records.append((index, item))
    return records, names, problems


def read_json(data: bytes, **columns: Any) -> TableContent:
    """A JSON array of objects (or an object holding one such array)."""
    records, names, problems = _json_records(data)
    if not records:
        raise ReadError("json_no_object")
    return _rows_from_records(records, list(names), problems=problems, **columns)


def read_xlsx(data: bytes, max_expanded: int, **columns: Any) -> TableContent:
    """The first worksheet of an XLSX (read-only mode), first row as header."""
    import openpyxl

    check_office_container(data, max_expanded)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ReadError("xlsx_corrupt", f"{type(exc).__name__}: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise ReadError("xlsx_empty")
        header = [
            str(h).strip() if h is not None else f"column{i + 1}" for i, h in enumerate(header_row)
        ]
        records: list[tuple[int, dict[str, Any]]] = []
        for number, row in enumerate(rows, start=2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            records.append((number, dict(zip(header, row, strict=False))))
    finally:
        workbook.close()
    return _rows_from_records(records, header, problems=[], **columns)
