"""The ``review_log`` table: one row per outcome of a decision, or per row that could not be read.

Each row keeps the reviewer's cells (``cells``, JSON), so that the next sheets show the decision
again with what the run made of it (see :mod:`.sheets`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from textmine import schema
from textmine.review.decisions import (
    KEY_COLUMNS,
    ClusterDecision,
    Decision,
    Problem,
    ProposalDecision,
    Status,
    decision_cells,
    decision_key,
)
from textmine.review.values import as_text

_LOG_COLUMNS = schema.TABLES["review_log"].names
_KEY: Any = object()  # a log row's default target: see default_target
_SHEET_OF = {ProposalDecision: "proposals", ClusterDecision: "clusters"}


def sheet_of(origin: Decision | Problem) -> str:
    """The sheet a decision (or an unreadable row) comes from."""
    if isinstance(origin, Problem):
        return origin.sheet
    return _SHEET_OF.get(type(origin), "entities")


def default_target(origin: Decision | Problem) -> Any:
    """What a log row is about unless told: the decision's key, or the key cell of a bad row."""
    if isinstance(origin, Problem):
        return origin.cells.get(KEY_COLUMNS.get(origin.sheet, ""), "")
    return decision_key(origin)


def log_entry(
    origin: Decision | Problem,
    action: str,
    status: Status,
    message: str,
    value: Any = "",
    previous: Any = "",
    *,
    target: Any = _KEY,
) -> dict[str, str | None]:
    """A ``review_log`` row: what became of ``action`` of a decision (or of an unreadable row).

    ``target`` defaults to :func:`default_target`; ``value`` is what the decision asked for and
    ``previous`` what it replaced.
    """
    cells = origin.cells if isinstance(origin, Problem) else decision_cells(origin)
    return {
        "sheet": sheet_of(origin),
        "source": origin.source,
        "target": as_text(default_target(origin) if target is _KEY else target),
        "decision": action,
        "value": as_text(value),
        "previous": as_text(previous),
        "status": status,
        "message": message,
        "cells": json.dumps(cells, ensure_ascii=False) if cells else None,
    }


class ReviewLog:
    """Rows of ``review_log``, in the order the outcomes happened."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str | None]] = []
        self.logged: set[int] = set()  # id() of the decisions and problems with a row

    def add(
        self,
        origin: Decision | Problem,
        action: str,
        status: Status,
        message: str,
        value: Any = "",
        previous: Any = "",
        *,
        target: Any = _KEY,
    ) -> None:
        """Append the :func:`log_entry` of an outcome."""
        self.logged.add(id(origin))
        self.rows.append(log_entry(origin, action, status, message, value, previous, target=target))

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """A row for each unreadable row or file, with the status it was read with."""
        for problem in problems:
            self.add(problem, "", problem.status, problem.message)

    def add_notes(self, decisions: Sequence[Decision]) -> None:
        """A row for each decision that did nothing else (a note alone), so that it is kept."""
        for d in decisions:
            if id(d) not in self.logged:
                self.add(d, "note", "applied", "note gardée", d.note)

    def frame(self) -> pd.DataFrame:
        return schema.conform("review_log", pd.DataFrame(self.rows, columns=_LOG_COLUMNS))
