"""Reading the reviewer's sheets: files, dialects, header and value spellings, typed decisions.

A reviewer may save a sheet as XLSX or CSV (``;``, ``,`` or tab; UTF-8 with or without BOM,
UTF-16, Windows-1252), add or reorder columns, leave blank rows, type values in French or English
with any case and accents. Unreadable rows become :class:`Problem` entries with file and line;
nothing raises.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from openpyxl import load_workbook

from textmine.spreadsheet import unescape_cell
from textmine.textnorm import fold

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


def normalize_token(text: str) -> str:
    """Lower case, accents removed, runs of other characters as ``_``: "Rejeté " -> "rejete"."""
    bare = fold(text, form="NFKD")
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
    return unescape_cell(text).strip()


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
        return [], [Problem(file, None, f"aucune colonne {key!r} dans les premières lignes", sheet)]
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
            problems = [Problem(path.name, reader.line_num, f"CSV illisible : {exc}", sheet)]
            continue
        rows, problems = _rows_from_table(numbered, sheet, path.name)
        if not problems:
            return rows, []
    return [], problems


def _read_xlsx(path: Path, sheet: str) -> tuple[list[RawRow], list[Problem]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        return [], [Problem(path.name, None, f"fichier XLSX illisible : {exc}", sheet)]
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


def parse_cluster_ref(value: str) -> int | None:
    """``"3"``, ``"3.0"``, ``"cluster 3"``, ``"#3"`` -> 3; blank -> None; else ValueError."""
    text = value.strip()
    if not text:
        return None
    match = re.fullmatch(r"(?:cluster|groupe|grp|c|#)?\s*#?\s*(-?\d+)(?:[.,]0+)?", text.casefold())
    if match is None:
        raise ValueError(f"pas un numéro de groupe : {value!r}")
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
            f"décision inconnue {row['decision']!r} (attendu : accepter/accept/oui "
            "ou rejeter/reject/non)"
        )
    try:
        move = parse_cluster_ref(row.get("move_to_cluster", ""))
    except ValueError as exc:
        return f"move_to_cluster: {exc}"
    note = row.get("note", "")
    if decision is None and move is None and not note:
        return None
    return ProposalDecision(row["proposal_id"], decision, move, note, source)


def _cluster_decision(row: dict[str, str], source: str) -> ClusterDecision | str | None:
    try:
        cluster_id = parse_cluster_ref(row["cluster_id"])
    except ValueError as exc:
        return f"cluster_id: {exc}"
    try:
        merge = parse_cluster_ref(row.get("merge_into", ""))
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
        return f"valeur de reject inconnue {row['reject']!r} (attendu : oui/x/rejeter, ou vide/non)"
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
        Problem(p.name, None, f"non lu : {chosen.name}, plus récent, est utilisé", sheet, "ignored")
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
                Problem(path.name, None, f"non lu : noms attendus {expected}", "", "ignored")
            )
        elif suffix in {".xls", ".ods", ".numbers"}:
            problems.append(
                Problem(path.name, None, "non lu : enregistrez-le en .xlsx ou .csv", "", "ignored")
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
                        Problem(path.name, line, f"{key} manquant", sheet, cells=row)
                    )
                continue
            parsed = _PARSERS[sheet](row, source)
            if parsed is None:
                continue
            if isinstance(parsed, str):
                decisions.problems.append(Problem(path.name, line, parsed, sheet, cells=row))
                continue
            target = decision_key(parsed)
            if target in seen:
                first_line, first = seen[target]
                if _same_content(first, parsed):
                    continue
                message = f"{key} {target} : une autre décision ligne {first_line}"
                decisions.problems.append(
                    Problem(path.name, line, message + ", qui est utilisée", sheet, "conflict", row)
                )
                continue
            seen[target] = (line, parsed)
            accepted.append(parsed)
    return decisions


def decision_key(decision: ProposalDecision | ClusterDecision | EntityDecision) -> str:
    """What a decision is about, as text: its id (an entity without one: canonical and label)."""
    if isinstance(decision, ProposalDecision):
        return decision.proposal_id
    if isinstance(decision, ClusterDecision):
        return str(decision.cluster_id)
    return decision.entity_id or f"{decision.canonical.casefold()}|{decision.label.casefold()}"


def _same_content(a: Any, b: Any) -> bool:
    return type(a) is type(b) and {**_fields(a), "source": ""} == {**_fields(b), "source": ""}


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


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
