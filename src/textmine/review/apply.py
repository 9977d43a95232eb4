"""Applying decisions to a run's tables, with a ``review_log`` row for every outcome.

The work per sheet is in :mod:`.clusters` (proposals and clusters) and :mod:`.entities`; the log
in :mod:`.log`.
"""

from __future__ import annotations

import pandas as pd

from textmine import schema
from textmine.review.clusters import apply_cluster_and_proposal_decisions
from textmine.review.decisions import Decisions
from textmine.review.entities import apply_entity_decisions
from textmine.review.log import ReviewLog


def apply_decisions(
    tables: dict[str, pd.DataFrame], decisions: Decisions
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Apply the reviewer's decisions to a run's tables; return the new tables and ``review_log``.

    Only ``proposals``, ``clusters``, ``cluster_groups``, ``entities`` and ``entity_index`` change; the others are
    passed through. Rejected proposals stay in ``proposals`` (``review_status = "rejected"``, their
    ``cluster_id`` kept) but no longer count in their cluster's size, documents or representatives.
    Applying the same decisions to the result changes nothing.
    """
    log = ReviewLog()
    log.add_problems(decisions.problems)
    out = dict(tables)
    proposals, clusters, groups = apply_cluster_and_proposal_decisions(
        tables.get("proposals"),
        tables.get("clusters"),
        decisions,
        log,
        tables.get("cluster_groups"),
    )
    if "proposals" in tables:
        out["proposals"] = schema.conform("proposals", proposals)
    if "clusters" in tables:
        out["clusters"] = schema.conform("clusters", clusters)
    if groups is not None:
        out["cluster_groups"] = schema.conform("cluster_groups", groups)
    if "entities" in tables or "entity_index" in tables:
        entities, index = apply_entity_decisions(
            tables.get("entities"), tables.get("entity_index"), decisions.entities, log
        )
        if "entities" in tables:
            out["entities"] = schema.conform("entities", entities)
        if "entity_index" in tables:
            out["entity_index"] = schema.conform("entity_index", index)
    log.add_notes(decisions.clusters)
    log.add_notes(decisions.groups)
    log.add_notes(decisions.proposals)
    log.add_notes(decisions.entities)
    review_log = log.frame()
    out["review_log"] = review_log
    return out, review_log
