"""The review loop: reviewers correct a run's outputs in spreadsheets, and every later run re-applies
their decisions.

Each run writes three review sheets (CSV and XLSX) into its run folder; a reviewer copies one or
more of them into the corpus's review folder, fills the decision columns and saves (in Excel,
LibreOffice or a text editor). The next run reads that folder with :func:`load_decisions`, applies
the decisions with :func:`apply_decisions` and writes new sheets, pre-filled with the decisions, so
the reviewer always sees the current state and nothing typed is lost.

- ``proposals_review``: accept / reject a proposal, move it to another cluster, note.
- ``clusters_review``: rename a cluster, merge it into another one (``-1`` dissolves it), note.
- ``entities_review``: add aliases (merging the entities they name), change the canonical form,
  reject a false entity, note.

Decisions are keyed by ids that are stable across reruns (``proposal_id``, ``cluster_id``,
``entity_id`` with ``canonical`` as fallback), so they survive re-extraction and re-clustering.
A decision whose target is gone is reported in the ``review_log`` table (status
``target_missing``) and kept in the next sheets; an unreadable row is reported with its file and
line (status ``invalid``); nothing makes a run fail.

CSV sheets are written in UTF-8 with a byte-order mark and ``;`` as delimiter: that is what a French
Excel opens in columns with accents intact. On reading, ``;``, ``,`` and tab are recognised, as are
UTF-8 (with or without BOM), UTF-16 and Windows-1252 (Excel's "CSV (séparateur : point-virgule)").
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from textmine import schema

UNCLUSTERED = -1
SHEETS = ("proposals", "clusters", "entities")
SHEET_FILE_STEMS = {sheet: f"{sheet}_review" for sheet in SHEETS}
KEY_COLUMNS = {"proposals": "proposal_id", "clusters": "cluster_id", "entities": "entity_id"}
LIST_SEPARATOR = " | "

Status = Literal["applied", "target_missing", "conflict", "invalid", "ignored"]


# --------------------------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """A file or row of the review folder that could not be used as it is."""

    file: str
    line: int | None
    message: str
    sheet: str = ""
    status: Status = "invalid"
    cells: dict[str, str] = field(default_factory=dict)  # the row as read, kept in later sheets

    @property
    def source(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class ProposalDecision:
    proposal_id: str
    decision: Literal["accept", "reject"] | None = None
    move_to_cluster: int | None = None
    note: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class ClusterDecision:
    cluster_id: int
    new_label: str = ""
    merge_into: int | None = None
    note: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class EntityDecision:
    entity_id: str
    canonical: str = ""
    label: str = ""
    add_aliases: tuple[str, ...] = ()
    new_canonical: str = ""
    reject: bool = False
    note: str = ""
    source: str = ""


@dataclass(slots=True)
class Decisions:
    """Everything read from a review folder: valid decisions, in file order, and the problems."""

    proposals: list[ProposalDecision] = field(default_factory=list)
    clusters: list[ClusterDecision] = field(default_factory=list)
    entities: list[EntityDecision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.proposals) + len(self.clusters) + len(self.entities)


# --------------------------------------------------------------------------------------------
# Reading what the reviewer saved
# --------------------------------------------------------------------------------------------

# Header spellings accepted per sheet, after normalisation (lower case, no accents, "_").
_NOTE_ALIASES = ("note", "notes", "commentaire", "commentaires", "comment", "comments", "remarque")
HEADER_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "proposals": {
        "proposal_id": ("proposal_id", "id_proposition", "proposition_id", "id_de_la_proposition"),
        "decision": ("decision", "decisions", "avis", "verdict", "accept_reject"),
        "move_to_cluster": (
            "move_to_cluster",
            "move_to",
            "deplacer_vers",
            "deplacer_vers_cluster",
            "deplacer_dans",
            "vers_cluster",
            "nouveau_cluster",
        ),
        "note": _NOTE_ALIASES,
    },
    "clusters": {
        "cluster_id": ("cluster_id", "id_cluster", "cluster", "id_groupe", "groupe_id"),
        "new_label": ("new_label", "nouveau_libelle", "nouveau_nom", "nouveau_label", "renommer"),
        "merge_into": ("merge_into", "fusionner_dans", "fusionner_avec", "fusionner", "fusion"),
        "note": _NOTE_ALIASES,
    },
    "entities": {
        "entity_id": ("entity_id", "id_entite", "entite_id"),
        "canonical": ("canonical", "forme_canonique", "canonique"),
        "label": ("label", "type", "etiquette"),
        "add_alias": (
            "add_alias",
            "add_aliases",
            "ajouter_alias",
            "ajouter_un_alias",
            "nouvel_alias",
            "nouveaux_alias",
            "alias_a_ajouter",
        ),
        "new_canonical": (
            "new_canonical",
            "nouvelle_forme_canonique",
            "nouveau_canonique",
            "nouvelle_forme",
        ),
        "reject": ("reject", "rejeter", "rejet", "supprimer", "faux_positif"),
        "note": _NOTE_ALIASES,
    },
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split(" "))


# Cell values understood, after normalisation (see normalize_token).
ACCEPT_VALUES = _words(
    "accept accepted accepter accepte acceptee oui yes y o ok valider valide validee garder "
    "conserver keep 1 true vrai"
)
REJECT_VALUES = _words(
    "reject rejected rejeter rejete rejetee refuser refuse refusee non no n supprimer supprime "
    "delete remove ecarter ecarte 0 false faux"
)
UNDECIDED_VALUES = _words("a_revoir a_voir pending todo undecided indecis") | {""}
TRUE_VALUES = _words(
    "x oui yes y o 1 true vrai reject rejected rejeter rejete rejetee supprimer delete remove "
    "faux_positif false_positive"
)
FALSE_VALUES = _words("non no n 0 false faux keep garder conserver accept accepter")

_MAX_HEADER_SEARCH_ROWS = 20
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def normalize_token(text: str) -> str:
    """Lower case, accents removed, runs of other characters as ``_``: "Rejeté " -> "rejete"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "_", bare).strip("_")


def _clean_cell(value: Any) -> str:
    """A cell as trimmed text: numbers without a spurious ``.0``, no formula-escape apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    text = str(value).replace("\u00a0", " ").replace("\u2212", "-").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _decode(data: bytes) -> str:
    """Text of a CSV whatever Excel or another tool saved it in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _header_map(cells: Sequence[str], sheet: str) -> dict[str, int] | None:
    """Column positions of the known columns if ``cells`` is the sheet's header row."""
    aliases = HEADER_ALIASES[sheet]
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        token = normalize_token(cell)
        for column, spellings in aliases.items():
            if token in spellings and column not in positions:
                positions[column] = index
                break
    return positions if KEY_COLUMNS[sheet] in positions else None


RawRow = tuple[int, dict[str, str]]


def _rows_from_table(
    table: Iterable[tuple[int, Sequence[Any]]], sheet: str, file: str
) -> tuple[list[RawRow], list[Problem]]:
    """Find the header row, then return non-blank rows as {known column: text} with line numbers."""
    header: dict[str, int] | None = None
    rows: list[RawRow] = []
    for line, raw in table:
        cells = [_clean_cell(value) for value in raw]
        if header is None:
            if line > _MAX_HEADER_SEARCH_ROWS:
                break
            header = _header_map(cells, sheet)
            continue
        if not any(cells):
            continue
        rows.append(
            (line, {col: cells[pos] if pos < len(cells) else "" for col, pos in header.items()})
        )
    if header is None:
        key = KEY_COLUMNS[sheet]
        return [], [Problem(file, None, f"no {key!r} column found in the first rows", sheet)]
    return rows, []


def _read_csv(path: Path, sheet: str) -> tuple[list[RawRow], list[Problem]]:
    text = _decode(path.read_bytes())
    problems: list[Problem] = []
    for delimiter in (";", ",", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        numbered: list[tuple[int, list[str]]] = []
        try:
            for cells in reader:
                numbered.append((reader.line_num, cells))
        except csv.Error as exc:
            problems = [Problem(path.name, reader.line_num, f"unreadable CSV: {exc}", sheet)]
            continue
        rows, problems = _rows_from_table(numbered, sheet, path.name)
        if not problems:
            return rows, []
    return [], problems


def _read_xlsx(path: Path, sheet: str) -> tuple[list[RawRow], list[Problem]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        return [], [Problem(path.name, None, f"unreadable XLSX file: {exc}", sheet)]
    try:
        problems: list[Problem] = []
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # some tools write a wrong size: read every row
            numbered = enumerate(worksheet.iter_rows(values_only=True), start=1)
            rows, problems = _rows_from_table(numbered, sheet, f"{path.name}[{worksheet.title}]")
            if not problems:
                return [(line, row) for line, row in rows], []
        return [], [Problem(path.name, None, p.message, sheet) for p in problems[:1]]
    finally:
        workbook.close()


def _parse_decision(value: str) -> tuple[Literal["accept", "reject"] | None, bool]:
    token = normalize_token(value)
    if token in ACCEPT_VALUES:
        return "accept", True
    if token in REJECT_VALUES:
        return "reject", True
    if value.strip() == "?" or token in UNDECIDED_VALUES:
        return None, True
    return None, False


def _parse_cluster_ref(value: str) -> int | None:
    """``"3"``, ``"3.0"``, ``"cluster 3"``, ``"#3"`` -> 3; blank -> None; else ValueError."""
    text = value.strip()
    if not text:
        return None
    match = re.fullmatch(r"(?:cluster|groupe|grp|c|#)?\s*#?\s*(-?\d+)(?:[.,]0+)?", text.casefold())
    if match is None:
        raise ValueError(f"not a cluster id: {value!r}")
    return int(match.group(1))


def _parse_flag(value: str) -> bool | None:
    token = normalize_token(value)
    if not token:
        return False
    if token in TRUE_VALUES:
        return True
    if token in FALSE_VALUES:
        return False
    return None


def _split_aliases(value: str) -> tuple[str, ...]:
    """Aliases typed in one cell, separated by ``|`` or ``;`` (never by commas: names have them)."""
    parts = (part.strip() for part in re.split(r"[|;\n]", value))
    return tuple(dict.fromkeys(part for part in parts if part))


def _proposal_decision(row: dict[str, str], source: str) -> ProposalDecision | str | None:
    decision, known = _parse_decision(row.get("decision", ""))
    if not known:
        return (
            f"unknown decision {row['decision']!r} (expected accepter/accept/oui "
            "or rejeter/reject/non)"
        )
    try:
        move = _parse_cluster_ref(row.get("move_to_cluster", ""))
    except ValueError as exc:
        return f"move_to_cluster: {exc}"
    note = row.get("note", "")
    if decision is None and move is None and not note:
        return None
    return ProposalDecision(row["proposal_id"], decision, move, note, source)


def _cluster_decision(row: dict[str, str], source: str) -> ClusterDecision | str | None:
    try:
        cluster_id = _parse_cluster_ref(row["cluster_id"])
    except ValueError as exc:
        return f"cluster_id: {exc}"
    try:
        merge = _parse_cluster_ref(row.get("merge_into", ""))
    except ValueError as exc:
        return f"merge_into: {exc}"
    new_label, note = row.get("new_label", ""), row.get("note", "")
    if not new_label and merge is None and not note:
        return None
    assert cluster_id is not None  # blank keys are skipped by the caller
    return ClusterDecision(cluster_id, new_label, merge, note, source)


def _entity_decision(row: dict[str, str], source: str) -> EntityDecision | str | None:
    reject = _parse_flag(row.get("reject", ""))
    if reject is None:
        return f"unknown reject value {row['reject']!r} (expected oui/x/rejeter or empty/non)"
    aliases = _split_aliases(row.get("add_alias", ""))
    new_canonical, note = row.get("new_canonical", ""), row.get("note", "")
    if not (reject or aliases or new_canonical or note):
        return None
    return EntityDecision(
        entity_id=row["entity_id"],
        canonical=row.get("canonical", ""),
        label=row.get("label", ""),
        add_aliases=aliases,
        new_canonical=new_canonical,
        reject=reject,
        note=note,
        source=source,
    )


_PARSERS = {
    "proposals": _proposal_decision,
    "clusters": _cluster_decision,
    "entities": _entity_decision,
}


def _pick_sheet_file(review_dir: Path, sheet: str) -> tuple[Path | None, list[Problem]]:
    """The reviewer's file for a sheet: the most recently saved of its CSV and XLSX versions."""
    stem = SHEET_FILE_STEMS[sheet]
    candidates = [
        path
        for path in review_dir.iterdir()
        if path.is_file()
        and path.stem.casefold() == stem
        and path.suffix.casefold() in {".csv", ".xlsx", ".xlsm"}
    ]
    if not candidates:
        return None, []
    # newest first; on a tie the XLSX (typed cells) wins over the CSV
    candidates.sort(key=lambda p: (-p.stat().st_mtime, p.suffix.casefold() == ".csv", p.name))
    chosen, *others = candidates
    problems = [
        Problem(p.name, None, f"not read: {chosen.name} is newer and is used", sheet, "ignored")
        for p in others
    ]
    return chosen, problems


def _unrecognised_files(review_dir: Path) -> list[Problem]:
    known = {stem for stem in SHEET_FILE_STEMS.values()}
    problems = []
    for path in sorted(review_dir.iterdir()):
        suffix = path.suffix.casefold()
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        if suffix in {".csv", ".xlsx", ".xlsm"} and path.stem.casefold() not in known:
            expected = ", ".join(f"{stem}.csv/.xlsx" for stem in SHEET_FILE_STEMS.values())
            problems.append(
                Problem(path.name, None, f"not read: expected {expected}", "", "ignored")
            )
        elif suffix in {".xls", ".ods", ".numbers"}:
            problems.append(
                Problem(path.name, None, "not read: save it as .xlsx or .csv", "", "ignored")
            )
    return problems


def load_decisions(review_dir: Path) -> Decisions:
    """Read the reviewer's sheets in ``review_dir`` (absent folder: no decisions, no problem).

    Bad rows and files are returned in ``Decisions.problems`` with their file and line; they never
    raise. Two rows for the same target that disagree: the first is used, the other reported.
    """
    decisions = Decisions()
    review_dir = Path(review_dir)
    if not review_dir.is_dir():
        return decisions
    decisions.problems.extend(_unrecognised_files(review_dir))
    for sheet in SHEETS:
        path, problems = _pick_sheet_file(review_dir, sheet)
        decisions.problems.extend(problems)
        if path is None:
            continue
        reader = _read_csv if path.suffix.casefold() == ".csv" else _read_xlsx
        rows, problems = reader(path, sheet)
        decisions.problems.extend(problems)
        key = KEY_COLUMNS[sheet]
        accepted: list[Any] = getattr(decisions, sheet)
        seen: dict[str, tuple[int, Any]] = {}
        for line, row in rows:
            source = f"{path.name}:{line}"
            if not row.get(key) and not (sheet == "entities" and row.get("canonical")):
                if any(value for column, value in row.items() if column not in (key, "label")):
                    decisions.problems.append(
                        Problem(path.name, line, f"no {key}", sheet, cells=row)
                    )
                continue
            parsed = _PARSERS[sheet](row, source)
            if parsed is None:
                continue
            if isinstance(parsed, str):
                decisions.problems.append(Problem(path.name, line, parsed, sheet, cells=row))
                continue
            target = _decision_key(parsed)
            if target in seen:
                first_line, first = seen[target]
                if _same_content(first, parsed):
                    continue
                message = f"{key} {target} already has a different decision on line {first_line}"
                decisions.problems.append(
                    Problem(path.name, line, message + ", which is used", sheet, "conflict", row)
                )
                continue
            seen[target] = (line, parsed)
            accepted.append(parsed)
    return decisions


def _decision_key(decision: ProposalDecision | ClusterDecision | EntityDecision) -> str:
    if isinstance(decision, ProposalDecision):
        return decision.proposal_id
    if isinstance(decision, ClusterDecision):
        return str(decision.cluster_id)
    return decision.entity_id or f"{decision.canonical.casefold()}|{decision.label.casefold()}"


def _same_content(a: Any, b: Any) -> bool:
    return type(a) is type(b) and {**_fields(a), "source": ""} == {**_fields(b), "source": ""}


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


# --------------------------------------------------------------------------------------------
# Applying decisions
# --------------------------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _as_int(value: Any, default: int = UNCLUSTERED) -> int:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return int(value)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


Decision = ProposalDecision | ClusterDecision | EntityDecision


def decision_cells(decision: Decision) -> dict[str, str]:
    """The sheet cells (key and decision columns) that express a decision, as a reviewer types."""
    if isinstance(decision, ProposalDecision):
        verdict = {"accept": "accepter", "reject": "rejeter"}.get(decision.decision or "", "")
        move = "" if decision.move_to_cluster is None else str(decision.move_to_cluster)
        return {
            "proposal_id": decision.proposal_id,
            "decision": verdict,
            "move_to_cluster": move,
            "note": decision.note,
        }
    if isinstance(decision, ClusterDecision):
        merge = "" if decision.merge_into is None else str(decision.merge_into)
        return {
            "cluster_id": str(decision.cluster_id),
            "new_label": decision.new_label,
            "merge_into": merge,
            "note": decision.note,
        }
    return {
        "entity_id": decision.entity_id,
        "canonical": decision.canonical,
        "label": decision.label,
        "add_alias": LIST_SEPARATOR.join(decision.add_aliases),
        "new_canonical": decision.new_canonical,
        "reject": "oui" if decision.reject else "",
        "note": decision.note,
    }


class _Log:
    """Rows of ``review_log``; each keeps the reviewer's row (``cells``) for the next sheets."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.logged: set[int] = set()

    def add(
        self,
        sheet: str,
        origin: Decision | Problem,
        target: Any,
        decision: str,
        status: Status,
        message: str,
        value: Any = "",
        previous: Any = "",
    ) -> None:
        self.logged.add(id(origin))
        cells = origin.cells if isinstance(origin, Problem) else decision_cells(origin)
        self.rows.append(
            {
                "sheet": sheet,
                "source": origin.source,
                "target": _text(target),
                "decision": decision,
                "value": _text(value),
                "previous": _text(previous),
                "status": status,
                "message": message,
                "cells": json.dumps(cells, ensure_ascii=False) if cells else None,
            }
        )

    def add_notes(self, sheet: str, decisions: Sequence[Decision]) -> None:
        """A row for each decision that did nothing else (a note alone), so that it is kept."""
        for d in decisions:
            if id(d) not in self.logged:
                target = _decision_key(d)
                self.add(sheet, d, target, "note", "applied", "note kept", d.note)

    def frame(self) -> pd.DataFrame:
        return schema.conform("review_log", pd.DataFrame(self.rows, columns=_LOG_COLUMNS))


_LOG_COLUMNS = schema.TABLES["review_log"].names


def apply_decisions(
    tables: dict[str, pd.DataFrame], decisions: Decisions
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Apply the reviewer's decisions to a run's tables; return the new tables and ``review_log``.

    Only ``proposals``, ``clusters``, ``entities`` and ``entity_index`` change; the others are
    passed through. Rejected proposals stay in ``proposals`` (``review_status = "rejected"``, their
    ``cluster_id`` kept) but no longer count in their cluster's size, documents or representatives.
    Applying the same decisions to the result changes nothing.
    """
    log = _Log()
    for problem in decisions.problems:
        target = problem.cells.get(KEY_COLUMNS.get(problem.sheet, ""), "")
        log.add(problem.sheet, problem, target, "", problem.status, problem.message)
    out = dict(tables)
    proposals, clusters = _apply_cluster_and_proposal_decisions(
        tables.get("proposals"), tables.get("clusters"), decisions, log
    )
    if "proposals" in tables:
        out["proposals"] = schema.conform("proposals", proposals)
    if "clusters" in tables:
        out["clusters"] = schema.conform("clusters", clusters)
    if "entities" in tables or "entity_index" in tables:
        entities, index = _apply_entity_decisions(
            tables.get("entities"), tables.get("entity_index"), decisions.entities, log
        )
        if "entities" in tables:
            out["entities"] = schema.conform("entities", entities)
        if "entity_index" in tables:
            out["entity_index"] = schema.conform("entity_index", index)
    log.add_notes("clusters", decisions.clusters)
    log.add_notes("proposals", decisions.proposals)
    log.add_notes("entities", decisions.entities)
    review_log = log.frame()
    out["review_log"] = review_log
    return out, review_log


def _resolve_merges(
    decisions: list[ClusterDecision], cluster_ids: set[int], log: _Log
) -> dict[int, int]:
    """Final destination of every merged cluster, following chains (A->B, B->C: A->C)."""
    wanted: dict[int, ClusterDecision] = {}
    for d in decisions:
        if d.merge_into is None:
            continue
        if d.cluster_id == UNCLUSTERED:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "conflict",
                "the unclustered group is not merged: move its proposals one by one",
                d.merge_into,
            )
        elif d.cluster_id not in cluster_ids:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "target_missing",
                f"cluster {d.cluster_id} is not in this run",
                d.merge_into,
            )
        elif d.merge_into == d.cluster_id:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "conflict",
                "a cluster cannot be merged into itself",
                d.merge_into,
            )
        elif d.merge_into != UNCLUSTERED and d.merge_into not in cluster_ids:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "target_missing",
                f"cluster {d.merge_into} to merge into is not in this run",
                d.merge_into,
            )
        else:
            wanted[d.cluster_id] = d
    final: dict[int, int] = {}
    for start in sorted(wanted):
        chain, current = [start], wanted[start].merge_into
        while current in wanted and current not in chain:
            chain.append(current)
            current = wanted[current].merge_into
        d = wanted[start]
        if current in chain:
            cycle = " -> ".join(str(c) for c in [*chain, current])
            log.add(
                "clusters",
                d,
                start,
                "merge",
                "conflict",
                f"merges form a cycle ({cycle}); none of them applied",
                d.merge_into,
            )
            continue
        assert current is not None
        final[start] = current
    return final


def _with_columns(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of a table with every column of its schema (absent optional ones as nulls)."""
    frame = schema.empty(name) if frame is None else frame.reset_index(drop=True)
    missing = [c for c in schema.TABLES[name].names if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame.copy()


def _apply_cluster_and_proposal_decisions(
    proposals: pd.DataFrame | None,
    clusters: pd.DataFrame | None,
    decisions: Decisions,
    log: _Log,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    props = _with_columns("proposals", proposals)
    cl = _with_columns("clusters", clusters)
    for frame in (props, cl):
        frame["review_status"] = frame["review_status"].astype(object)
    props["cluster_id"] = [_as_int(v) for v in props["cluster_id"]]
    # the clustering's own assignment, kept (from a first application) for the next run's ids
    props["auto_cluster_id"] = [
        _as_int(auto, cid) for auto, cid in zip(props["auto_cluster_id"], props["cluster_id"])
    ]
    props["cluster_label"] = props["cluster_label"].astype(object)
    cl["cluster_id"] = [_as_int(v) for v in cl["cluster_id"]]
    cl["label"] = cl["label"].astype(object)

    cluster_rows = {cid: i for i, cid in enumerate(cl["cluster_id"])}
    # tags already there (decisions applied before) are kept, so that applying twice changes nothing
    tags: dict[int, set[str]] = {
        cid: set(filter(None, _text(cl.at[i, "review_status"]).split("+")))
        for cid, i in cluster_rows.items()
    }
    reps: dict[int, list[str]] = {
        cid: [str(r) for r in _as_list(cl.at[i, "representative_ids"])]
        for cid, i in cluster_rows.items()
    }
    rep_caps = {cid: len(r) for cid, r in reps.items()}
    touched: set[int] = set()

    # merges first, so that moves and renames see the final clusters
    merged = _resolve_merges(decisions.clusters, set(cluster_rows), log)
    by_cluster_decision = {d.cluster_id: d for d in decisions.clusters}
    for source_id, dest_id in merged.items():
        d = by_cluster_decision[source_id]
        members = props["cluster_id"] == source_id
        props.loc[members, "cluster_id"] = dest_id
        old_label = _text(cl.at[cluster_rows[source_id], "label"])
        if dest_id == UNCLUSTERED:
            touched.add(UNCLUSTERED)  # recounted when the table has a row for the group
            message = f"cluster dissolved: its {int(members.sum())} proposals are now unclustered"
        else:
            tags[dest_id].add("merged")
            touched.add(dest_id)
            reps[dest_id] = reps[dest_id] + reps[source_id]
            rep_caps[dest_id] = max(rep_caps[dest_id], rep_caps[source_id])
            message = f"merged into cluster {dest_id} ({int(members.sum())} proposals moved)"
        log.add("clusters", d, source_id, "merge", "applied", message, dest_id, old_label)
    cl = cl[~cl["cluster_id"].isin(list(merged))].reset_index(drop=True)
    cluster_rows = {cid: i for i, cid in enumerate(cl["cluster_id"])}

    for d in decisions.clusters:
        if not d.new_label:
            continue
        if d.cluster_id == UNCLUSTERED:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "conflict",
                "the unclustered group keeps its name",
                d.new_label,
            )
        elif d.cluster_id in merged:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "conflict",
                f"cluster merged into {merged[d.cluster_id]}: rename that one instead",
                d.new_label,
            )
        elif d.cluster_id not in cluster_rows:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "target_missing",
                f"cluster {d.cluster_id} is not in this run",
                d.new_label,
            )
        else:
            row = cluster_rows[d.cluster_id]
            previous = _text(cl.at[row, "label"])
            cl.at[row, "label"] = d.new_label
            tags[d.cluster_id].add("renamed")
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "applied",
                "label changed",
                d.new_label,
                previous,
            )
    for d in decisions.clusters:
        if (
            d.cluster_id not in cluster_rows
            and d.cluster_id not in merged
            and not (d.new_label or d.merge_into is not None)
        ):
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "note",
                "target_missing",
                f"cluster {d.cluster_id} is not in this run",
                d.note,
            )

    proposal_rows = {str(pid): i for i, pid in enumerate(props["proposal_id"])}
    for d in decisions.proposals:
        if d.proposal_id not in proposal_rows:
            actions: list[tuple[str, Any]] = []
            if d.decision is not None:
                actions.append((d.decision, d.decision))
            if d.move_to_cluster is not None:
                actions.append(("move", d.move_to_cluster))
            for action, value in actions or [("note", d.note)]:
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    action,
                    "target_missing",
                    f"proposal {d.proposal_id} is not in this run",
                    value,
                )
            continue
        row = proposal_rows[d.proposal_id]
        current = int(props.at[row, "cluster_id"])
        if d.decision == "reject":
            props.at[row, "review_status"] = "rejected"
            touched.add(current)
            log.add(
                "proposals",
                d,
                d.proposal_id,
                "reject",
                "applied",
                "kept in the table, left out of its cluster's counts",
                "rejected",
            )
            if d.move_to_cluster is not None:
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    "move",
                    "conflict",
                    "a rejected proposal is not moved",
                    d.move_to_cluster,
                    current,
                )
            continue
        status = "accepted" if d.decision == "accept" else None
        if d.move_to_cluster is not None:
            dest = merged.get(d.move_to_cluster, d.move_to_cluster)
            if dest != UNCLUSTERED and dest not in cluster_rows:
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    "move",
                    "target_missing",
                    f"cluster {d.move_to_cluster} is not in this run",
                    d.move_to_cluster,
                    current,
                )
            else:
                props.at[row, "cluster_id"] = dest
                touched.update({current, dest})
                status = "moved"
                via = f" (merged into {dest})" if dest != d.move_to_cluster else ""
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    "move",
                    "applied",
                    f"moved to cluster {d.move_to_cluster}{via}",
                    dest,
                    current,
                )
        if d.decision == "accept":
            log.add("proposals", d, d.proposal_id, "accept", "applied", "accepted", "accepted")
        if status is not None:
            props.at[row, "review_status"] = status

    labels = {cid: cl.at[i, "label"] for cid, i in cluster_rows.items()}
    props["cluster_label"] = [
        labels.get(cid, None if cid == UNCLUSTERED else old)
        for cid, old in zip(props["cluster_id"], props["cluster_label"], strict=True)
    ]
    _recount_clusters(cl, props, touched & set(cluster_rows), reps, rep_caps)
    cl["review_status"] = [
        "+".join(t for t in ("renamed", "merged") if t in tags.get(cid, set())) or None
        for cid in cl["cluster_id"]
    ]
    return props, cl


def pre_review_proposals(
    proposals: pd.DataFrame, clusters: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A reviewed ``proposals`` table as the clustering made it, to pass as its ``previous``.

    Stable cluster ids come from matching the new clusters with the previous run's: matching them
    with the reviewed clusters instead (merged, with moved proposals) would give a merged cluster's
    halves different ids on the next run, and the reviewer's decisions on them would no longer
    match. Labels of clusters renamed or merged by a reviewer are cleared, so that the clustering
    labels them afresh (the rename is re-applied anyway while it is in the sheets).
    """
    frame = proposals.copy()
    if "auto_cluster_id" not in frame.columns:
        return frame
    auto = [_as_int(a, _as_int(c)) for a, c in zip(frame["auto_cluster_id"], frame["cluster_id"])]
    reviewed: set[int] = set()
    if clusters is not None and "review_status" in clusters.columns:
        reviewed = {
            _as_int(c)
            for c, status in zip(clusters["cluster_id"], clusters["review_status"], strict=True)
            if _text(status)
        }
    frame["cluster_label"] = [
        None if a != _as_int(c) or a in reviewed else label
        for a, c, label in zip(auto, frame["cluster_id"], frame["cluster_label"], strict=True)
    ]
    frame["cluster_id"] = auto
    return frame


def _recount_clusters(
    clusters: pd.DataFrame,
    proposals: pd.DataFrame,
    cluster_ids: set[int],
    reps: dict[int, list[str]],
    rep_caps: dict[int, int],
) -> None:
    """Recompute size, documents and representatives of changed clusters, without rejected ones."""
    active = proposals[proposals["review_status"].astype(object) != "rejected"]
    confidence = pd.to_numeric(active["confidence"], errors="coerce").fillna(0.0)
    active = active.assign(_confidence=confidence).sort_values(
        ["_confidence", "proposal_id"], ascending=[False, True], kind="stable"
    )
    for i in clusters.index:
        cid = int(clusters.at[i, "cluster_id"])
        if cid not in cluster_ids:
            continue
        members = active[active["cluster_id"] == cid]
        member_ids = [str(p) for p in members["proposal_id"]]
        member_set = set(member_ids)
        docs_now = {str(d) for d in members["doc_id"]}
        old_docs = [str(d) for d in _as_list(clusters.at[i, "doc_ids"])]
        doc_ids = [d for d in dict.fromkeys(old_docs) if d in docs_now]
        doc_ids += sorted(docs_now - set(doc_ids))
        kept = [r for r in dict.fromkeys(reps.get(cid, [])) if r in member_set]
        fill = [p for p in member_ids if p not in set(kept)]
        cap = min(rep_caps.get(cid, 0), len(member_ids))
        clusters.at[i, "size"] = len(member_ids)
        clusters.at[i, "n_documents"] = len(doc_ids)
        clusters.at[i, "doc_ids"] = doc_ids
        clusters.at[i, "representative_ids"] = (kept + fill)[:cap]


def _same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _apply_entity_decisions(
    mentions: pd.DataFrame | None,
    index: pd.DataFrame | None,
    decisions: list[EntityDecision],
    log: _Log,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    mentions = _with_columns("entities", mentions)
    for column in ("entity_id", "canonical"):
        mentions[column] = mentions[column].astype(object)
    records: list[dict[str, Any]] = []
    for record in _with_columns("entity_index", index).to_dict("records"):
        for column in ("aliases", "doc_ids", "cooccurring"):
            record[column] = [str(v) for v in _as_list(record.get(column))]
        records.append(record)

    def find(d: EntityDecision) -> dict[str, Any] | str:
        if d.entity_id:
            for record in records:
                if str(record["entity_id"]) == d.entity_id:
                    return record
        if not d.canonical:
            return f"entity {d.entity_id} is not in this run"
        fits = [r for r in records if not d.label or _same_name(str(r["label"]), d.label)]
        found = [r for r in fits if _same_name(str(r["canonical"]), d.canonical)]
        if not found:  # e.g. its canonical form was changed by this decision on an earlier run
            found = [r for r in fits if any(_same_name(a, d.canonical) for a in r["aliases"])]
        if len(found) == 1:
            return found[0]
        if found:
            return f"{len(found)} entities are named {d.canonical!r}: give the entity_id"
        return f"entity {d.entity_id or d.canonical!r} is not in this run"

    def mention_mask(record: dict[str, Any]) -> pd.Series:
        return mentions["entity_id"] == record["entity_id"]

    def merge(into: dict[str, Any], other: dict[str, Any]) -> None:
        names = [*into["aliases"], other["canonical"], *other["aliases"]]
        into["aliases"] = [
            a for a in dict.fromkeys(names) if not _same_name(a, str(into["canonical"]))
        ]
        into["n_mentions"] = _as_int(into.get("n_mentions"), 0) + _as_int(
            other.get("n_mentions"), 0
        )
        into["doc_ids"] = list(dict.fromkeys([*into["doc_ids"], *other["doc_ids"]]))
        into["n_documents"] = len(into["doc_ids"])
        dates = [_text(r.get(k)) for r in (into, other) for k in ("first_date", "last_date")]
        dates = sorted(d for d in dates if d)
        if dates:
            into["first_date"], into["last_date"] = dates[0], dates[-1]
        gone = {str(other["entity_id"]), str(other["canonical"])}
        mine = {str(into["entity_id"]), str(into["canonical"])}
        into["cooccurring"] = [
            c
            for c in dict.fromkeys([*into["cooccurring"], *other["cooccurring"]])
            if c not in gone | mine
        ]
        renamed = {
            str(other["entity_id"]): str(into["entity_id"]),
            str(other["canonical"]): str(into["canonical"]),
        }
        for record in records:
            if record is not into and record is not other:
                record["cooccurring"] = list(
                    dict.fromkeys(renamed.get(c, c) for c in record["cooccurring"])
                )
        mask = mention_mask(other)
        mentions.loc[mask, "entity_id"] = into["entity_id"]
        mentions.loc[mask, "canonical"] = into["canonical"]
        records.remove(other)

    for d in decisions:
        target = find(d)
        actions = [
            name
            for name, wanted in (
                ("reject_entity", d.reject),
                ("set_canonical", bool(d.new_canonical)),
                ("add_alias", bool(d.add_aliases)),
            )
            if wanted
        ] or ["note"]
        if isinstance(target, str):
            status: Status = "conflict" if "entities are named" in target else "target_missing"
            for action in actions:
                log.add("entities", d, d.entity_id or d.canonical, action, status, target)
            continue
        entity_id, canonical = target["entity_id"], str(target["canonical"])
        if d.reject:
            mask = mention_mask(target)
            mentions = mentions.drop(index=mentions.index[mask])
            records.remove(target)
            log.add(
                "entities",
                d,
                entity_id,
                "reject_entity",
                "applied",
                f"entity and its {int(mask.sum())} mentions removed",
                "",
                canonical,
            )
            for action in actions[1:]:
                log.add("entities", d, entity_id, action, "conflict", "the entity is rejected")
            continue
        if d.new_canonical and d.new_canonical != canonical:
            twin = next(
                (
                    r
                    for r in records
                    if r is not target
                    and _same_name(str(r["label"]), str(target["label"]))
                    and _same_name(str(r["canonical"]), d.new_canonical)
                ),
                None,
            )
            if twin is not None:
                merge(twin, target)
                log.add(
                    "entities",
                    d,
                    entity_id,
                    "set_canonical",
                    "applied",
                    f"merged into entity {twin['entity_id']} already named so",
                    twin["canonical"],
                    canonical,
                )
                target = twin
            else:
                target["canonical"] = d.new_canonical
                target["aliases"] = [
                    a
                    for a in dict.fromkeys([*target["aliases"], canonical])
                    if not _same_name(a, d.new_canonical)
                ]
                mentions.loc[mention_mask(target), "canonical"] = d.new_canonical
                log.add(
                    "entities",
                    d,
                    entity_id,
                    "set_canonical",
                    "applied",
                    "canonical form changed (the old one kept as an alias)",
                    d.new_canonical,
                    canonical,
                )
        elif d.new_canonical:
            log.add(
                "entities",
                d,
                entity_id,
                "set_canonical",
                "applied",
                "already the canonical form",
                d.new_canonical,
                canonical,
            )
        for alias in d.add_aliases:
            others = [
                r
                for r in records
                if r is not target
                and _same_name(str(r["label"]), str(target["label"]))
                and (
                    _same_name(str(r["canonical"]), alias)
                    or any(_same_name(a, alias) for a in r["aliases"])
                )
            ]
            for other in others:
                merge(target, other)
            if not _same_name(alias, str(target["canonical"])) and not any(
                _same_name(a, alias) for a in target["aliases"]
            ):
                target["aliases"].append(alias)
            merged_ids = ", ".join(str(o["entity_id"]) for o in others)
            message = f"alias added; entities {merged_ids} merged in" if others else "alias added"
            log.add("entities", d, target["entity_id"], "add_alias", "applied", message, alias)

    index_frame = pd.DataFrame(records, columns=schema.TABLES["entity_index"].names)
    return mentions.reset_index(drop=True), index_frame


# --------------------------------------------------------------------------------------------
# Writing the review sheets
# --------------------------------------------------------------------------------------------

EDITABLE_COLUMNS = {
    "proposals": ("decision", "move_to_cluster", "note"),
    "clusters": ("new_label", "merge_into", "note"),
    "entities": ("add_alias", "new_canonical", "reject", "note"),
}
SHEET_COLUMNS = {
    "proposals": (
        "proposal_id",
        "doc_id",
        "kind",
        "text_excerpt",
        "cluster_id",
        "cluster_label",
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
    "review_result indique ce que le dernier passage a fait de chaque décision (applied = appliquée,",
    "target_missing = la cible n'existe plus, conflict = décisions contradictoires, invalid =",
    "valeur non comprise). Une décision dont la cible a disparu reste dans le fichier.",
)


def _excerpt(text: Any, limit: int) -> str:
    flat = " ".join(_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _join(values: Any) -> str:
    return LIST_SEPARATOR.join(str(v) for v in _as_list(values))


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
        sheet, raw = _text(row.get("sheet")), _text(row.get("cells"))
        if sheet not in entries or not raw:
            continue
        key = (sheet, _text(row.get("source")), raw)
        entry = seen.get(key)
        if entry is None:
            try:
                cells = json.loads(raw)
            except ValueError:
                continue
            entry = seen[key] = _Entry({str(k): _text(v) for k, v in cells.items()})
            entries[sheet].append(entry)
        text = f"{_text(row.get('decision')) or 'row'}: {row.get('status')}"
        if row.get("status") != "applied":
            text += f" ({_text(row.get('message'))})"
        entry.results.append(text)
    return entries


def _former_labels(review_log: pd.DataFrame | None) -> dict[str, str]:
    """Labels of the clusters merged away, as logged when the merge was applied."""
    if review_log is None or not len(review_log):
        return {}
    merges = review_log[(review_log["decision"] == "merge") & (review_log["status"] == "applied")]
    return {_text(t): _text(p) for t, p in zip(merges["target"], merges["previous"], strict=True)}


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
        cluster_id = _parse_cluster_ref(cells.get("cluster_id", ""))
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
    frame = proposals.assign(_cid=[_as_int(v) for v in proposals["cluster_id"]])
    frame = frame.assign(_unclustered=frame["_cid"] == UNCLUSTERED).sort_values(
        ["_unclustered", "_cid", "doc_id", "start_char", "proposal_id"], kind="stable"
    )
    rows: list[dict[str, Any]] = []
    for record in frame.to_dict("records"):
        pid = str(record["proposal_id"])
        rows.append(
            {
                "proposal_id": pid,
                "doc_id": _text(record.get("doc_id")),
                "kind": _text(record.get("kind")),
                "text_excerpt": _excerpt(record.get("text"), excerpt_chars),
                "cluster_id": record["_cid"],
                "cluster_label": _text(record.get("cluster_label")),
                "review_status": _text(record.get("review_status")),
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
    ids = {str(_as_int(c)) for c in clusters["cluster_id"]}
    matched, extra = _match_entries(entries, _cluster_key, ids)
    rows: list[dict[str, Any]] = []
    for record in clusters.to_dict("records"):
        cid = _as_int(record["cluster_id"])
        examples = [
            _excerpt(texts.get(str(r), ""), 120)
            for r in _as_list(record.get("representative_ids"))[:3]
        ]
        rows.append(
            {
                "cluster_id": cid,
                "label": _text(record.get("label")),
                "size": _as_int(record.get("size"), 0),
                "n_documents": _as_int(record.get("n_documents"), 0),
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
            -_as_int(r.get("n_mentions"), 0),
            _text(r.get("canonical")),
            _text(r.get("entity_id")),
        ),
    )
    ids = {_text(r["entity_id"]) for r in records}
    by_name: dict[str, list[str]] = {}
    for record in records:
        by_name.setdefault(_text(record["canonical"]).casefold(), []).append(
            _text(record["entity_id"])
        )

    def key_of(cells: dict[str, str]) -> str | None:
        if cells.get("entity_id") in ids:
            return cells["entity_id"]
        named = by_name.get(cells.get("canonical", "").strip().casefold(), [])
        return named[0] if len(named) == 1 else None

    matched, extra = _match_entries(entries, key_of, ids)
    rows: list[dict[str, Any]] = []
    for record in records:
        eid = _text(record["entity_id"])
        entry = matched.get(eid)
        rows.append(
            {
                "entity_id": eid,
                # the name the decision was made on, so it still matches after a canonical change
                "canonical": (entry.cells.get("canonical") if entry else None)
                or _text(record["canonical"]),
                "label": _text(record.get("label")),
                "aliases": _join(record.get("aliases")),
                "n_mentions": _as_int(record.get("n_mentions"), 0),
                "n_documents": _as_int(record.get("n_documents"), 0),
                **_editable_cells("entities", entry),
            }
        )
    rows += [{**entry.cells, "review_result": entry.result()} for entry in extra]
    return rows


def _csv_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (stripped on read)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, Any]], delimiter: str):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column, "")) for column in columns])
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
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    editable = EDITABLE_COLUMNS[sheet]
    worksheet.append(list(columns))
    yellow = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        if cell.value in editable:
            cell.fill = yellow
    wrapped = worksheet.cell(row=1, column=len(columns) + 1)  # a style template, removed below
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    wrapped_style = wrapped._style  # copying a style array is much faster than setting a style
    worksheet.delete_cols(len(columns) + 1)
    wrap_columns = {i for i, column in enumerate(columns, start=1) if column in _WRAPPED}
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column, "")
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_000]
            cell = worksheet.cell(row=r, column=c, value=value if value != "" else None)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            if c in wrap_columns:
                cell._style = copy(wrapped_style)
    for c, column in enumerate(columns, start=1):
        letter = worksheet.cell(row=1, column=c).column_letter
        worksheet.column_dimensions[letter].width = _WIDTHS.get(column, 14)
    worksheet.freeze_panes = "B2"
    last_row = max(len(rows) + 1, 1000)
    choices = {"decision": DECISION_CHOICES, "reject": ("oui", "non")}
    for column, values in choices.items():
        if column in columns:
            letter = worksheet.cell(row=1, column=columns.index(column) + 1).column_letter
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            worksheet.add_data_validation(validation)
    readme = workbook.create_sheet("lisez-moi")
    for line in README_LINES:
        readme.append([line])
    readme.column_dimensions["A"].width = 110
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


def run_review(
    tables: dict[str, pd.DataFrame],
    review_dir: Path,
    out_dir: Path | None,
    *,
    excerpt_chars: int = 300,
    csv_delimiter: str = ";",
) -> tuple[dict[str, pd.DataFrame], list[Path]]:
    """The whole loop for a flow: load ``review_dir``, apply, write sheets into ``out_dir``.

    Returns the updated tables (with ``review_log``) and the sheet paths (none if ``out_dir`` is
    None).
    """
    updated, review_log = apply_decisions(tables, load_decisions(review_dir))
    paths: list[Path] = []
    if out_dir is not None:
        paths = write_review_sheets(
            updated, out_dir, review_log, excerpt_chars=excerpt_chars, csv_delimiter=csv_delimiter
        )
    return updated, paths
