"""The whole review step of a run: read the decisions, apply them, write the next sheets."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from textmine.review.apply import apply_decisions
from textmine.review.decisions import load_decisions
from textmine.review.sheets import write_review_sheets

REVIEWED_TABLES = ("proposals", "clusters", "cluster_groups", "entities", "entity_index")


class Review(NamedTuple):
    """What :func:`run_review` made: the tables to write back, and the sheets it wrote."""

    tables: dict[str, pd.DataFrame]  # the tables given, updated, and ``review_log``
    sheets: list[Path]

    @property
    def review_log(self) -> pd.DataFrame:
        return self.tables["review_log"]

    def counts(self) -> dict[str, int]:
        """Rows of ``review_log``, and how many of them are applied decisions."""
        log = self.review_log
        applied = int((log["status"] == "applied").sum()) if len(log) else 0
        return {"review_rows": len(log), "applied": applied}


def run_review(
    tables: Mapping[str, pd.DataFrame],
    review_dir: Path,
    out_dir: Path | None,
    *,
    excerpt_chars: int = 300,
    csv_delimiter: str = ";",
) -> Review:
    """The review step of a run: load ``review_dir``, apply, write the sheets into ``out_dir``.

    ``tables`` are the run's :data:`REVIEWED_TABLES` (others are passed through unchanged).
    Returns them updated with ``review_log`` added, all to be written back, and the sheet paths
    (none if ``out_dir`` is None). Unpacks as ``tables, sheets``.
    """
    updated, review_log = apply_decisions(dict(tables), load_decisions(Path(review_dir)))
    sheets: list[Path] = []
    if out_dir is not None:
        sheets = write_review_sheets(
            updated, out_dir, review_log, excerpt_chars=excerpt_chars, csv_delimiter=csv_delimiter
        )
    return Review(updated, sheets)
