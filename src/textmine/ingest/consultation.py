"""Consultation exports (Cap Collectif, Decidim): what a row is, its variables, what it answers.

A consultation export is a table of proposals (or opinions, or debates) and a table of
arguments or comments pointing to them by id, with a stance, votes, a section or category, a
status and a date. The roles of the columns are found by their usual names (or set in
``ingest.consultation``); the rows the platform itself withdrew are left out; replies are
linked to what they answer across the tables of the same folder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from textmine.ingest.messages import Problem, add_problem, problem, set_problem
from textmine.ingest.model import STATUS_OK, STATUS_SKIPPED, IngestedDocument
from textmine.textnorm import fold

# Kinds of rows the platform withdrew, and the ingest.skip_rows values that leave them out.
UNPUBLISHED, TRASHED, MODERATED = "unpublished", "trashed", "moderated"
PUBLISHED_NAMES = ["published", "is_published", "publie", "publiee"]
TRASHED_NAMES = ["trashed", "is_trashed", "deleted", "is_deleted", "corbeille"]
MODERATED_NAMES = ["moderated", "is_moderated", "hidden", "is_hidden", "hidden_at", "masque"]
STATE_NAMES = ["state", "etat", "statut", "status"]
MODERATED_STATES = {"withdrawn", "moderated", "hidden", "retiree", "retire", "moderee", "masquee"}
_FALSE_VALUES = {"", "0", "false", "no", "non", "faux", "none", "null", "nan"}

# Roles of the rows of a table (documents.doc_type).
ROLE_PROPOSAL, ROLE_ARGUMENT, ROLE_COMMENT, ROLE_DEBATE = (
    "contribution",
    "argument",
    "comment",
    "debate",
)
REPLY_ROLES = frozenset({ROLE_ARGUMENT, ROLE_COMMENT})
# documents.link_status of a reply
LINK_ATTACHED = "attached"
LINK_TARGET_MISSING = "target_missing"
LINK_TARGET_SKIPPED = "target_skipped"
LINK_NO_TARGET = "no_target_id"

# Columns that name the row a reply answers (the row's own id comes first in the table).
PARENT_NAMES = [
    "opinion_id",
    "proposal_id",
    "proposition_id",
    "debate_id",
    "contribution_id",
    "idea_id",
    "question_id",
    "parent_id",
    "commentable_id",
]
REPLY_ID_NAMES = {"argument_id": ROLE_ARGUMENT, "comment_id": ROLE_COMMENT}
DEBATE_ID_NAMES = ["debate_id", "question_id"]
STANCE_NAMES = ["stance", "position", "sens", "avis_type", "alignment", "alignement"]
SECTION_NAMES = [
    "section_label",
    "section_title",
    "section",
    "rubrique",
    "theme",
    "thème",
    "debate_theme",
    "step",
]
CATEGORY_NAMES = ["category", "categorie", "catégorie", "category_name", "topic"]
AUTHOR_TYPE_NAMES = ["author_type", "type_auteur", "user_type", "kind", "profil", "profile"]
VOTES_FOR_NAMES = ["votes_ok", "votes_for", "votes_pour", "votes_yes", "votes_favorables"]
VOTES_MIXED_NAMES = ["votes_mitige", "votes_mixed", "votes_neutral", "votes_mitiges"]
VOTES_AGAINST_NAMES = ["votes_nok", "votes_against", "votes_contre", "votes_no"]
VOTES_NAMES = ["votes", "votes_count", "votes_total", "nb_votes", "supports", "endorsements"]

_STANCES = {
    "pour": "pour",
    "for": "pour",
    "yes": "pour",
    "oui": "pour",
    "favorable": "pour",
    "1": "pour",
    "+1": "pour",
    "contre": "contre",
    "against": "contre",
    "no": "contre",
    "non": "contre",
    "defavorable": "contre",
    "-1": "contre",
    "0": "neutre",
    "neutre": "neutre",
    "neutral": "neutre",
    "mitige": "neutre",
}


def column_key(name: str) -> str:
    """A column name compared without accents, case or spaces."""
    return fold(name.strip(), form="NFKD", case="lower").replace(" ", "_")


def find_column(columns: list[str], names: list[str], configured: str | None = None) -> str | None:
    """The first of ``names`` among ``columns`` (or the configured one when it is there)."""
    if configured:
        return configured if configured in columns else None
    by_key = {column_key(c): c for c in reversed(columns)}
    return next((by_key[column_key(n)] for n in names if column_key(n) in by_key), None)


def _is_true(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    return column_key(str(value)) not in _FALSE_VALUES


def _shown(value: Any) -> str:
    """A cell's value as the message quotes it: « INVISIBLE »."""
    return f"« {value} »"


def withdrawn_reason(
    record: Mapping[str, Any], columns: list[str], skip: list[str]
) -> Problem | None:
    """Why the platform withdrew this row (when its kind is in ``skip``), else ``None``."""
    published = find_column(columns, PUBLISHED_NAMES)
    if UNPUBLISHED in skip and published and not _is_true(record.get(published)):
        value = record.get(published)
        shown = f"= {_shown(value)}" if value not in (None, "") else "vide"
        return problem("row_unpublished", column=published, value=shown)
    trashed = find_column(columns, TRASHED_NAMES)
    if TRASHED in skip and trashed and _is_true(record.get(trashed)):
        return problem("row_trashed", column=trashed, value=_shown(record.get(trashed)))
    if MODERATED in skip:
        moderated = find_column(columns, MODERATED_NAMES)
        if moderated and _is_true(record.get(moderated)):
            return problem("row_moderated", column=moderated, value=_shown(record.get(moderated)))
        state = find_column(columns, STATE_NAMES)
        if state and column_key(str(record.get(state) or "")) in MODERATED_STATES:
            return problem("row_moderated", column=state, value=_shown(record.get(state)))
    return None


def skip_withdrawn(doc: IngestedDocument, reason: Problem | None) -> None:
    """Mark a row the platform withdrew as skipped, with the reason."""
    if reason and doc.status == STATUS_OK:
        doc.status = STATUS_SKIPPED
        set_problem(doc, reason)


def parse_number(value: Any) -> int | None:
    """A vote count as an integer ("63", 63.0, "1 204"); ``None`` when it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value == value else None
    digits = re.sub(r"[\s\u00a0\u202f]", "", str(value))
    return int(digits) if re.fullmatch(r"-?\d+", digits) else None


def parse_number_value(value: Any) -> float | None:
    """A number written as one ("12", "3,5", 7.0); ``None`` for any other text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


def parse_stance(value: Any) -> str | None:
    """``pour``, ``contre`` or ``neutre`` from the usual spellings (and Decidim's 1 / 0 / -1)."""
    if value is None:
        return None
    return _STANCES.get(column_key(str(value)))


def clean_label(value: Any) -> str | None:
    label = " ".join(str(value).split()) if value is not None else ""
    return label or None


def folder_of(path: str) -> str:
    return str(PurePosixPath(path.split("!")[0]).parent)


def any_date(value: Any) -> dt.date | None:
    """A date from an ISO string or a French dd/mm/yyyy one."""
    text = str(value or "").strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text) or re.match(
        r"(\d{1,2})/(\d{1,2})/(\d{4})", text
    )
    if not match:
        return None
    a, b, c = (int(g) for g in match.groups())
    year, month, day = (a, b, c) if a > 31 else (c, b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(slots=True)
class ColumnRoles:
    """The consultation roles of a table's columns (``None`` where the table has none)."""

    role: str = ROLE_PROPOSAL
    id_column: str | None = None
    reply_to: str | None = None
    stance: str | None = None
    section: str | None = None
    category: str | None = None
    author_type: str | None = None
    votes_for: str | None = None
    votes_mixed: str | None = None
    votes_against: str | None = None
    votes: str | None = None
    date: str | None = None


def column_roles(
    columns: list[str], id_column: str | None, text_column: str, mapping: Mapping[str, str]
) -> ColumnRoles:
    """What each column of a table holds, from its name or ``ingest.consultation``; the role
    of its rows: replies when a column names the row they answer, debates when their own id is
    a debate's, proposals otherwise."""
    others = [c for c in columns if c not in {id_column, text_column}]

    def pick(key: str, names: list[str]) -> str | None:
        return find_column(others, names, mapping.get(key))

    roles = ColumnRoles(id_column=id_column, reply_to=pick("reply_to", PARENT_NAMES))
    own = column_key(id_column or "")
    if roles.reply_to:
        roles.stance = pick("stance", STANCE_NAMES)
        roles.role = REPLY_ID_NAMES.get(own) or (ROLE_ARGUMENT if roles.stance else ROLE_COMMENT)
    elif own in DEBATE_ID_NAMES:
        roles.role = ROLE_DEBATE
    roles.section = pick("section", SECTION_NAMES)
    roles.category = pick("category", CATEGORY_NAMES)
    roles.author_type = pick("author_type", AUTHOR_TYPE_NAMES)
    roles.votes_for = pick("votes_for", VOTES_FOR_NAMES)
    roles.votes_mixed = pick("votes_mixed", VOTES_MIXED_NAMES)
    roles.votes_against = pick("votes_against", VOTES_AGAINST_NAMES)
    roles.votes = pick("votes", VOTES_NAMES)
    roles.date = pick("date", ["created_at", "date", "published_at", "date_creation"])
    return roles


def row_variables(record: Mapping[str, Any], roles: ColumnRoles) -> dict[str, Any]:
    """The typed variables of one row: labels as text, votes as integers, the date as a date."""

    def value(column: str | None) -> Any:
        return record.get(column) if column else None

    variables: dict[str, Any] = {
        "parent_source_id": clean_label(value(roles.reply_to)),
        "stance": parse_stance(value(roles.stance)),
        "section": clean_label(value(roles.section)),
        "category": clean_label(value(roles.category)),
        "author_type": clean_label(value(roles.author_type)),
        "votes_for": parse_number(value(roles.votes_for)),
        "votes_mixed": parse_number(value(roles.votes_mixed)),
        "votes_against": parse_number(value(roles.votes_against)),
        "votes": parse_number(value(roles.votes)),
        "posted_date": any_date(value(roles.date)),
    }
    split = [variables[k] for k in ("votes_for", "votes_mixed", "votes_against")]
    if variables["votes"] is None and any(v is not None for v in split):
        variables["votes"] = sum(v or 0 for v in split)
    return variables


def link_replies(docs: list[IngestedDocument]) -> None:
    """Attach each argument or comment to the row it answers, in the tables of its folder.

    The target is looked up by the reply's column name (``proposal_id`` -> the table whose own
    id column is ``proposal_id``), then by id alone when one table of the folder has it. A reply
    inherits its target's section and category when it has none; a reply to a row the platform
    withdrew is left out with it.
    """
    by_column: dict[tuple[str, str, str], IngestedDocument] = {}
    by_id: dict[tuple[str, str], list[IngestedDocument]] = {}
    for doc in docs:
        if doc.doc_type in REPLY_ROLES or not doc.source_id:
            continue
        folder, column = folder_of(doc.path), doc.metadata.get("id_column") or ""
        by_column.setdefault((folder, column, doc.source_id), doc)
        by_id.setdefault((folder, doc.source_id), []).append(doc)
    for doc in docs:
        if doc.doc_type not in REPLY_ROLES:  # an empty or withdrawn reply is linked too
            continue
        folder, column = folder_of(doc.path), doc.metadata.get("reply_to_column") or ""
        if not doc.parent_source_id:
            doc.link_status = LINK_NO_TARGET
            continue
        target = by_column.get((folder, column, doc.parent_source_id))
        if target is None:
            candidates = by_id.get((folder, doc.parent_source_id), [])
            target = candidates[0] if len({c.path for c in candidates}) == 1 else None
        if target is None:
            doc.link_status = LINK_TARGET_MISSING
            add_problem(
                doc,
                problem("reply_target_missing", column=column, target=doc.parent_source_id),
            )
            continue
        doc.parent_doc_id = target.doc_id
        doc.section = doc.section or target.section
        doc.category = doc.category or target.category
        if target.status == STATUS_SKIPPED:
            doc.link_status = LINK_TARGET_SKIPPED
            skip_withdrawn(
                doc, problem("reply_to_skipped", column=column, target=doc.parent_source_id)
            )
        else:
            doc.link_status = LINK_ATTACHED
