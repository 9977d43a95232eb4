"""Writing the review sheets (CSV for any tool, XLSX for Excel), pre-filled from ``review_log``.

CSV: UTF-8 with a byte-order mark and ``;`` as delimiter, which a French Excel opens in columns
with accents intact; text that a spreadsheet would run as a formula gets a leading apostrophe
(removed on reading). XLSX: decision columns in yellow, drop-down lists, a "lisez-moi" sheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from textmine import schema
from textmine.review.decisions import (
    LIST_SEPARATOR,
    SHEET_FILE_STEMS,
    SHEETS,
    UNCLUSTERED,
    parse_cluster_ref,
)
from textmine.review.values import as_int, as_list, as_text
from textmine.spreadsheet import escape_cell, starts_formula

EDITABLE_COLUMNS = {
    "proposals": ("decision", "move_to_cluster", "note"),
    "clusters": ("new_label", "merge_into", "note"),
    "entities": ("add_alias", "new_canonical", "reject", "note"),
}
# A consultation's variables and support (textmine.consultation), to sort the sheet by.
SUPPORT_SHEET_COLUMNS = (
    "section",
    "support",
    "controversy",
    "votes_for",
    "votes_against",
    "n_arguments_for",
    "n_arguments_against",
)
SHEET_COLUMNS = {
    "proposals": (
        "proposal_id",
        "doc_id",
        "kind",
        "text_excerpt",
        "cluster_id",
        "cluster_label",
        *SUPPORT_SHEET_COLUMNS,
        "review_status",
        "decision",
        "move_to_cluster",
        "note",
        "review_result",
    ),
    "clusters": (
        "cluster_id",
        "label",
        "size",
        "n_documents",
        "top_terms",
        "examples",
        "new_label",
        "merge_into",
        "note",
        "review_result",
    ),
    "entities": (
        "entity_id",
        "canonical",
        "label",
        "aliases",
        "n_mentions",
        "n_documents",
        "add_alias",
        "new_canonical",
        "reject",
        "note",
        "review_result",
    ),
}
DECISION_CHOICES = ("accepter", "rejeter")
README_LINES = (
    "Relecture des résultats de textmine",
    "",
    "Copiez ce fichier dans le dossier « review » du corpus, remplissez les colonnes jaunes,",
    "enregistrez (XLSX ou CSV) : le prochain passage applique vos décisions, et les suivants aussi.",
    "Ne modifiez pas les identifiants (proposal_id, cluster_id, entity_id) : ils relient vos",
    "décisions aux résultats. Les autres colonnes sont informatives.",
    "",
    "proposals_review : decision = accepter ou rejeter (oui/non, accept/reject aussi) ;",
    "  move_to_cluster = numéro du cluster où placer la proposition (-1 : hors cluster).",
    "clusters_review : new_label = nouveau nom ; merge_into = numéro du cluster qui l'absorbe",
    "  (-1 : dissoudre le cluster).",
    "entities_review : add_alias = autres noms de l'entité, séparés par | (les entités de ces noms",
    "  sont fusionnées) ; new_canonical = forme à afficher ; reject = oui si ce n'est pas une entité.",
    "",
    "review_result indique ce que le dernier passage a fait de chaque décision (appliquée ; cible",
    "introuvable : la cible n'existe plus ; conflit : décisions contradictoires ; invalide : valeur",
    "non comprise). Une décision dont la cible a disparu reste dans le fichier.",
)

# review_result is read by a reviewer: the French names of review_log's codes (the table keeps
# the codes, which scripts and the report filter on).
DECISION_NAMES = {
    "accept": "accepter",
    "reject": "rejeter",
    "move": "déplacer",
    "rename": "renommer",
    "merge": "fusionner",
    "add_alias": "ajouter un alias",
    "set_canonical": "changer la forme canonique",
    "reject_entity": "rejeter l'entité",
    "note": "note",
}
STATUS_NAMES = {
    "applied": "appliquée",
    "target_missing": "cible introuvable",
    "conflict": "conflit",
    "invalid": "invalide",
    "ignored": "ignorée",
}


def _number_or_text(value: Any) -> Any:
    """A number stays a number (the sheet sorts by it); missing values are empty cells."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else round(float(value), 3)
    return as_text(value)


def _excerpt(text: Any, limit: int) -> str:
    flat = " ".join(as_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _join(values: Any) -> str:
    return LIST_SEPARATOR.join(str(v) for v in as_list(values))


@dataclass(slots=True)
class _Entry:
    """One reviewer row recorded in ``review_log`` and what the run made of it."""

    cells: dict[str, str]
    results: list[str] = field(default_factory=list)

    def result(self) -> str:
        return "; ".join(self.results)


def _log_entries(review_log: pd.DataFrame | None) -> dict[str, list[_Entry]]:
    """The reviewer's rows found in ``review_log``, per sheet, in log order, one per source row."""
    entries: dict[str, list[_Entry]] = {sheet: [] for sheet in SHEETS}
    if review_log is None or not len(review_log):
        return entries
    seen: dict[tuple[str, str, str], _Entry] = {}
    for row in review_log.to_dict("records"):
        sheet, raw = as_text(row.get("sheet")), as_text(row.get("cells"))
        if sheet not in entries or not raw:
            continue
        key = (sheet, as_text(row.get("source")), raw)
        entry = seen.get(key)
        if entry is None:
            try:
                cells = json.loads(raw)
            except ValueError:
                continue
            entry = seen[key] = _Entry({str(k): as_text(v) for k, v in cells.items()})
            entries[sheet].append(entry)
        decision, status = as_text(row.get("decision")), as_text(row.get("status"))
        text = f"{DECISION_NAMES.get(decision, decision) or 'ligne'} : "
        text += STATUS_NAMES.get(status, status)
        if row.get("status") != "applied":
            text += f" ({as_text(row.get('message'))})"
        entry.results.append(text)
    return entries


def _former_labels(review_log: pd.DataFrame | None) -> dict[str, str]:
    """Labels of the clusters merged away, as logged when the merge was applied."""
    if review_log is None or not len(review_log):
        return {}
    merges = review_log[(review_log["decision"] == "merge") & (review_log["status"] == "applied")]
    return {
        as_text(t): as_text(p) for t, p in zip(merges["target"], merges["previous"], strict=True)
    }


def _match_entries(
    entries: list[_Entry], key_of: Any, known: set[str]
) -> tuple[dict[str, _Entry], list[_Entry]]:
    """Entries matched to a row of the table (first one per key), and the rest (kept as extra rows)."""
    matched: dict[str, _Entry] = {}
    extra: list[_Entry] = []
    for entry in entries:
        key = key_of(entry.cells)
        if key is not None and key in known and key not in matched:
            matched[key] = entry
        else:
            extra.append(entry)
    return matched, extra


def _editable_cells(sheet: str, entry: _Entry | None) -> dict[str, Any]:
    cells = {column: "" for column in EDITABLE_COLUMNS[sheet]}
    if entry is not None:
        cells.update({c: entry.cells.get(c, "") for c in EDITABLE_COLUMNS[sheet]})
        cells["review_result"] = entry.result()
    return cells


def _cluster_key(cells: dict[str, str]) -> str | None:
    try:
        cluster_id = parse_cluster_ref(cells.get("cluster_id", ""))
    except ValueError:
        return None
    return None if cluster_id is None else str(cluster_id)


def _proposal_sheet(
    tables: dict[str, pd.DataFrame], entries: list[_Entry], excerpt_chars: int
) -> list[dict[str, Any]]:
    proposals = tables.get("proposals")
    if proposals is None:
        proposals = schema.empty("proposals")
    ids = {str(p) for p in proposals["proposal_id"]}
    matched, extra = _match_entries(entries, lambda c: c.get("proposal_id") or None, ids)
    frame = proposals.assign(_cid=[as_int(v) for v in proposals["cluster_id"]])
    frame = frame.assign(_unclustered=frame["_cid"] == UNCLUSTERED).sort_values(
        ["_unclustered", "_cid", "doc_id", "start_char", "proposal_id"], kind="stable"
    )
    rows: list[dict[str, Any]] = []
    for record in frame.to_dict("records"):
        pid = str(record["proposal_id"])
        rows.append(
            {
                "proposal_id": pid,
                "doc_id": as_text(record.get("doc_id")),
                "kind": as_text(record.get("kind")),
                "text_excerpt": _excerpt(record.get("text"), excerpt_chars),
                "cluster_id": record["_cid"],
                "cluster_label": as_text(record.get("cluster_label")),
                **{column: _number_or_text(record.get(column)) for column in SUPPORT_SHEET_COLUMNS},
                "review_status": as_text(record.get("review_status")),
                **_editable_cells("proposals", matched.get(pid)),
            }
        )
    rows += [{**entry.cells, "review_result": entry.result()} for entry in extra]
    return rows


def _cluster_sheet(
    tables: dict[str, pd.DataFrame], entries: list[_Entry], former_labels: dict[str, str]
) -> list[dict[str, Any]]:
    clusters = tables.get("clusters")
    if clusters is None:
        clusters = schema.empty("clusters")
    proposals = tables.get("proposals")
    texts = (
        {}
        if proposals is None
        else dict(zip(proposals["proposal_id"].astype(str), proposals["text"], strict=True))
    )
    ids = {str(as_int(c)) for c in clusters["cluster_id"]}
    matched, extra = _match_entries(entries, _cluster_key, ids)
    rows: list[dict[str, Any]] = []
    for record in clusters.to_dict("records"):
        cid = as_int(record["cluster_id"])
        examples = [
            _excerpt(texts.get(str(r), ""), 120)
            for r in as_list(record.get("representative_ids"))[:3]
        ]
        rows.append(
            {
                "cluster_id": cid,
                "label": as_text(record.get("label")),
                "size": as_int(record.get("size"), 0),
                "n_documents": as_int(record.get("n_documents"), 0),
                "top_terms": _join(record.get("top_terms")),
                "examples": LIST_SEPARATOR.join(e for e in examples if e),
                **_editable_cells("clusters", matched.get(str(cid))),
            }
        )
    rows.sort(key=lambda r: (r["cluster_id"] == UNCLUSTERED, r["cluster_id"]))
    for entry in extra:  # e.g. merged away: its former label comes from the log
        label = former_labels.get(_cluster_key(entry.cells) or "", "")
        rows.append({"label": label, **entry.cells, "review_result": entry.result()})
    return rows


def _entity_sheet(tables: dict[str, pd.DataFrame], entries: list[_Entry]) -> list[dict[str, Any]]:
    index = tables.get("entity_index")
    if index is None:
        index = schema.empty("entity_index")
    records = sorted(
        index.to_dict("records"),
        key=lambda r: (
            -as_int(r.get("n_mentions"), 0),
            as_text(r.get("canonical")),
            as_text(r.get("entity_id")),
        ),
    )
    ids = {as_text(r["entity_id"]) for r in records}
    by_name: dict[str, list[str]] = {}
    for record in records:
        by_name.setdefault(as_text(record["canonical"]).casefold(), []).append(
            as_text(record["entity_id"])
        )

    def key_of(cells: dict[str, str]) -> str | None:
        if cells.get("entity_id") in ids:
            return cells["entity_id"]
        named = by_name.get(cells.get("canonical", "").strip().casefold(), [])
        return named[0] if len(named) == 1 else None

    matched, extra = _match_entries(entries, key_of, ids)
    rows: list[dict[str, Any]] = []
    for record in records:
        eid = as_text(record["entity_id"])
        entry = matched.get(eid)
        rows.append(
            {
                "entity_id": eid,
                # the name the decision was made on, so it still matches after a canonical change
                "canonical": (entry.cells.get("canonical") if entry else None)
                or as_text(record["canonical"]),
                "label": as_text(record.get("label")),
                "aliases": _join(record.get("aliases")),
                "n_mentions": as_int(record.get("n_mentions"), 0),
                "n_documents": as_int(record.get("n_documents"), 0),
                **_editable_cells("entities", entry),
            }
        )
    rows += [{**entry.cells, "review_result": entry.result()} for entry in extra]
    return rows


def _write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, Any]], delimiter: str):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(row.get(column, "")) for column in columns])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


_WIDTHS = {
    "text_excerpt": 80,
    "examples": 70,
    "top_terms": 45,
    "note": 40,
    "review_result": 40,
    "cluster_label": 30,
    "label": 30,
    "canonical": 30,
    "aliases": 40,
    "new_label": 30,
    "new_canonical": 30,
    "add_alias": 30,
}


_WRAPPED = frozenset({"text_excerpt", "examples"})


def _write_xlsx(path: Path, sheet: str, columns: Sequence[str], rows: list[dict[str, Any]]):
    # Write-only mode streams the rows to the file: several times faster on large sheets.
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    editable = EDITABLE_COLUMNS[sheet]
    for c, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(column, 14)
    worksheet.freeze_panes = "B2"
    last_row = max(len(rows) + 1, 1000)
    choices = {"decision": DECISION_CHOICES, "reject": ("oui", "non")}
    for column, values in choices.items():
        if column in columns:
            letter = get_column_letter(columns.index(column) + 1)
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            worksheet.data_validations.append(validation)
    yellow = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
    header = []
    for column in columns:
        cell = WriteOnlyCell(worksheet, value=column)
        cell.font = Font(bold=True)
        if column in editable:
            cell.fill = yellow
        header.append(cell)
    worksheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrap_columns = {column for column in columns if column in _WRAPPED}
    for row in rows:
        values: list[Any] = []
        for column in columns:
            value = row.get(column, "")
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_000]
            value = value if value != "" else None
            formula_like = starts_formula(value)
            if column in wrap_columns or formula_like:
                cell = WriteOnlyCell(worksheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                if formula_like:
                    # Excel's own leading apostrophe: shown as text, still text once edited.
                    cell.quotePrefix = True
                if column in wrap_columns:
                    cell.alignment = wrap
                value = cell
            values.append(value)
        worksheet.append(values)
    readme = workbook.create_sheet("lisez-moi")
    readme.column_dimensions["A"].width = 110
    for line in README_LINES:
        readme.append([line])
    workbook.save(path)


def write_review_sheets(
    tables: dict[str, pd.DataFrame],
    out_dir: Path,
    review_log: pd.DataFrame | None = None,
    *,
    excerpt_chars: int = 300,
    csv_delimiter: str = ";",
) -> list[Path]:
    """Write ``proposals_review``, ``clusters_review`` and ``entities_review`` as CSV and XLSX.

    The reviewer's rows recorded in ``review_log`` (default ``tables["review_log"]``, as returned
    by :func:`apply_decisions`) pre-fill the decision columns with ``review_result`` saying what
    this run made of them; rows whose target is gone, and rows that could not be read, are written
    as extra rows. So a reviewer who replaces their files with these loses nothing. Returns the
    paths written, in a fixed order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    log = review_log if review_log is not None else tables.get("review_log")
    entries = _log_entries(log)
    sheets = {
        "proposals": _proposal_sheet(tables, entries["proposals"], excerpt_chars),
        "clusters": _cluster_sheet(tables, entries["clusters"], _former_labels(log)),
        "entities": _entity_sheet(tables, entries["entities"]),
    }
    written: list[Path] = []
    for sheet, rows in sheets.items():
        columns = SHEET_COLUMNS[sheet]
        stem = SHEET_FILE_STEMS[sheet]
        _write_csv(out_dir / f"{stem}.csv", columns, rows, csv_delimiter)
        _write_xlsx(out_dir / f"{stem}.xlsx", sheet, columns, rows)
        written += [out_dir / f"{stem}.csv", out_dir / f"{stem}.xlsx"]
    return written
