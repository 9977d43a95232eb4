"""The review loop: reviewers correct a run's outputs in spreadsheets, and every later run re-applies
their decisions.

Each run writes four review sheets (CSV and XLSX) into its run folder; a reviewer copies one or
more of them into the corpus's review folder, fills the decision columns and saves (in Excel,
LibreOffice or a text editor). The next run reads that folder with :func:`load_decisions`, applies
the decisions with :func:`apply_decisions` and writes new sheets, pre-filled with the decisions, so
the reviewer always sees the current state and nothing typed is lost. :func:`run_review` is that
whole step, for a flow: it returns the tables to write back (with ``review_log``).

- ``proposals_review``: accept / reject a proposal, move it to another cluster, note.
- ``clusters_review``: rename a cluster, merge it into another one (``-1`` dissolves it), move it
  to another broad group, note.
- ``groups_review``: rename a broad group of clusters, merge it into another one, note.
- ``entities_review``: add aliases (merging the entities they name), change the canonical form,
  reject a false entity, note.

Decisions are keyed by ids that are stable across reruns (``proposal_id``, ``cluster_id``,
``group_id``, ``entity_id`` with ``canonical`` as fallback), so they survive re-extraction and re-clustering.
A decision whose target is gone is reported in the ``review_log`` table (status
``target_missing``) and kept in the next sheets; an unreadable row is reported with its file and
line (status ``invalid``); nothing makes a run fail.

Cluster and group ids stay stable only if the clustering matches the new clusters with the previous run's
clusters *as it made them*: pass :func:`pre_review_proposals` of the previous run's tables as its
``previous`` (the reviewed table would give a merged cluster's halves new ids).

Modules: :mod:`.decisions` (reading), :mod:`.apply` (applying: :mod:`.clusters` for proposals and
clusters, :mod:`.entities`, :mod:`.log` for ``review_log``, :mod:`.values` for cell values),
:mod:`.sheets` (writing), :mod:`.run` (the whole step).

CSV sheets are written in UTF-8 with a byte-order mark and ``;`` as delimiter: that is what a French
Excel opens in columns with accents intact. On reading, ``;``, ``,`` and tab are recognised, as are
UTF-8 (with or without BOM), UTF-16 and Windows-1252 (Excel's "CSV (séparateur : point-virgule)").
"""

from __future__ import annotations

from textmine.review.apply import apply_decisions
from textmine.review.clusters import pre_review_proposals
from textmine.review.decisions import (
    KEY_COLUMNS,
    SHEET_FILE_STEMS,
    SHEETS,
    UNCLUSTERED,
    ClusterDecision,
    Decision,
    Decisions,
    EntityDecision,
    GroupDecision,
    Problem,
    ProposalDecision,
    Status,
    decision_cells,
    load_decisions,
    normalize_token,
)
from textmine.review.run import REVIEWED_TABLES, Review, run_review
from textmine.review.sheets import SHEET_COLUMNS, write_review_sheets

__all__ = [
    "KEY_COLUMNS",
    "REVIEWED_TABLES",
    "SHEETS",
    "SHEET_COLUMNS",
    "SHEET_FILE_STEMS",
    "UNCLUSTERED",
    "ClusterDecision",
    "Decision",
    "Decisions",
    "EntityDecision",
    "GroupDecision",
    "Problem",
    "ProposalDecision",
    "Review",
    "Status",
    "apply_decisions",
    "decision_cells",
    "load_decisions",
    "normalize_token",
    "pre_review_proposals",
    "run_review",
    "write_review_sheets",
]
