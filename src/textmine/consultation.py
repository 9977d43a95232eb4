"""Support and controversy of the proposals of a consultation, and what feeds each cluster.

The documents of a consultation export carry typed variables (section, category, votes…) and
its arguments and comments point to the proposal they answer (:mod:`textmine.ingest.consultation`).
This module copies the variables onto the proposals, counts the arguments for and against each,
scores support and controversy, and sums them per cluster, whose most supported and most
disputed proposals join its representatives.

Controversy is the balance of stances times their volume::

    F = votes_for + n_arguments_for + votes_mixed / 2
    A = votes_against + n_arguments_against + votes_mixed / 2
    controversy = (1 - |F - A| / (F + A)) * log2(1 + F + A)      (0 when F + A = 0)

The balance (1 when opinions split evenly, 0 when all agree) says whether a proposal divides;
the volume says whether many took part: a 1-1 split is balanced but no controversy (1.6),
an even 50-50 one scores 6.7. The volume is a logarithm because votes are heavy-tailed (on rua,
the most voted proposal has 344 votes for where the median has 3): linear volume would rank by
popularity alone. A mixed vote is neither for nor against: half on each side. An argument counts
as much as a vote (the platforms count both as one act of participation).
Support is the net balance ``F - A`` without the mixed votes; where an export has one count of
supports only (Decidim's ``votes``), that count is the votes for.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from textmine import schema

# Typed variables of a consultation row copied from documents onto its proposal.
PROPOSAL_VARIABLES = ("category", "author_type", "posted_date")
VOTE_COLUMNS = ("votes_for", "votes_mixed", "votes_against", "votes")
SUPPORT_COLUMNS = (
    *VOTE_COLUMNS,
    "n_arguments_for",
    "n_arguments_against",
    "n_replies",
    "support",
    "controversy",
)
# The variables whose values each cluster's composition counts.
COMPOSITION_VARIABLES = ("section", "category", "author_type")
REPLY_TYPES = ("argument", "comment")
COUNTED_STATUSES = ("ok", "duplicate")  # a duplicate reply is still a reply


def controversy(for_: float, against: float) -> float:
    """The balance of stances times their volume (see the module's docstring)."""
    total = for_ + against
    if total <= 0:
        return 0.0
    return round((1 - abs(for_ - against) / total) * math.log2(1 + total), 4)


def reply_counts(documents: pd.DataFrame) -> pd.DataFrame:
    """Per answered ``doc_id``: arguments for, against, and all replies attached."""
    columns = ["n_arguments_for", "n_arguments_against", "n_replies"]
    if documents.empty or "parent_doc_id" not in documents.columns:
        return pd.DataFrame(columns=columns)
    replies = documents[
        documents["doc_type"].isin(REPLY_TYPES)
        & documents["status"].isin(COUNTED_STATUSES)
        & documents["parent_doc_id"].notna()
    ]
    grouped = replies.groupby("parent_doc_id")
    return pd.DataFrame(
        {
            "n_arguments_for": grouped["stance"].apply(lambda s: int((s == "pour").sum())),
            "n_arguments_against": grouped["stance"].apply(lambda s: int((s == "contre").sum())),
            "n_replies": grouped.size(),
        }
    )


def _sides(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(F, A) of each row: votes and arguments for, against, mixed votes half on each side."""
    votes_for = frame["votes_for"].fillna(frame["votes"]).fillna(0)
    half_mixed = frame["votes_mixed"].fillna(0) / 2
    for_ = votes_for + frame["n_arguments_for"].fillna(0) + half_mixed
    against = frame["votes_against"].fillna(0) + frame["n_arguments_against"].fillna(0) + half_mixed
    return for_, against


def proposal_support(proposals: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``proposals`` with the consultation variables of their documents, the arguments counted
    and support and controversy; a consultation section replaces the enclosing heading."""
    if proposals.empty or documents.empty or "votes" not in documents.columns:
        return proposals
    docs = documents.set_index("doc_id")
    frame = proposals.copy()
    is_row = frame["kind"] == "contribution"
    row_docs = frame.loc[is_row, "doc_id"]
    section = row_docs.map(docs["section"])
    frame.loc[is_row & section.reindex(frame.index).notna(), "section"] = section.dropna()
    for column in (*PROPOSAL_VARIABLES, *VOTE_COLUMNS):
        frame[column] = row_docs.map(docs[column]).reindex(frame.index)
    counts = reply_counts(documents)
    for column in counts.columns:
        frame[column] = row_docs.map(counts[column]).reindex(frame.index)
        frame.loc[is_row, column] = frame.loc[is_row, column].fillna(0)
    for_, against = _sides(frame)
    has_support = is_row & (
        frame[list(VOTE_COLUMNS)].notna().any(axis=1) | (frame["n_replies"] > 0)
    )
    net = for_ - against
    frame["support"] = net.where(has_support)
    frame["controversy"] = [
        controversy(f, a) if ok else None
        for f, a, ok in zip(for_, against, has_support, strict=True)
    ]
    return frame


def cluster_support(clusters: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """``clusters`` with their proposals' votes and arguments summed, the controversy of the
    sums, their composition by section, category and author type, and their most supported
    and most disputed proposals first among the representatives."""
    if clusters.empty or proposals.empty or "controversy" not in proposals.columns:
        return clusters
    frame = clusters.copy().set_index("cluster_id", drop=False)
    counted = proposals[proposals.get("review_status", pd.Series(dtype=object)) != "rejected"]
    grouped = counted.groupby("cluster_id")
    for column in (*VOTE_COLUMNS, "n_arguments_for", "n_arguments_against", "n_replies"):
        sums = grouped[column].sum(min_count=1)
        frame[column] = frame["cluster_id"].map(sums)
    for_, against = _sides(frame)
    # As for a proposal: votes or replies recorded, not merely counted as zero (a consultation
    # table without votes or arguments, such as corpus/'s, has neither).
    has_support = frame[list(VOTE_COLUMNS)].notna().any(axis=1) | (frame["n_replies"] > 0)
    frame["support"] = (for_ - against).where(has_support)
    frame["controversy"] = [
        controversy(f, a) if ok else None
        for f, a, ok in zip(for_, against, has_support, strict=True)
    ]
    frame["composition"] = frame["cluster_id"].map(_composition(counted))
    scored = counted.dropna(subset=["controversy"])
    supported = _best(scored[scored["support"] > 0], "support")
    disputed = _best(scored[scored["controversy"] > 0], "controversy")  # 0: nobody disagreed
    frame["most_supported_id"] = frame["cluster_id"].map(supported)
    frame["most_disputed_id"] = frame["cluster_id"].map(disputed)
    frame["representative_ids"] = [
        list(dict.fromkeys([*(p for p in (s, d) if isinstance(p, str)), *list(reps)]))
        for s, d, reps in zip(
            frame["most_supported_id"],
            frame["most_disputed_id"],
            frame["representative_ids"].map(lambda r: [] if r is None else list(r)),
            strict=True,
        )
    ]
    return frame.reset_index(drop=True)


def _best(scored: pd.DataFrame, column: str) -> pd.Series:
    """``cluster_id -> proposal_id`` of the highest ``column`` (ties: the smaller id)."""
    if scored.empty:
        return pd.Series(dtype=object)
    ranked = scored.sort_values([column, "proposal_id"], ascending=[False, True])
    return ranked.groupby("cluster_id")["proposal_id"].first()


def _composition(proposals: pd.DataFrame) -> pd.Series:
    """``cluster_id -> JSON`` of its proposals counted by each variable that has values."""
    result: dict[int, str] = {}
    variables = [v for v in COMPOSITION_VARIABLES if v in proposals.columns]
    for cid, members in proposals.groupby("cluster_id"):
        parts = {}
        for variable in variables:
            values = members.loc[members["kind"] == "contribution", variable].dropna()
            if not values.empty:
                counts = values.astype(str).value_counts()
                parts[variable] = {str(k): int(v) for k, v in counts.items()}
        if parts:
            result[int(cid)] = json.dumps(parts, ensure_ascii=False)
    return pd.Series(result, dtype=object)


def consultation_support(
    proposals: pd.DataFrame, clusters: pd.DataFrame, documents: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``proposals`` and ``clusters`` tables with support, controversy and composition."""
    proposals = proposal_support(proposals, documents)
    clusters = cluster_support(clusters, proposals)
    if len(proposals):
        proposals = schema.conform("proposals", proposals)
    if len(clusters):
        clusters = schema.conform("clusters", clusters)
    return proposals, clusters


def is_consultation(documents: pd.DataFrame) -> bool:
    """Whether some documents carry a consultation variable (the report shows support then)."""
    columns = [c for c in ("section", "votes", "stance") if c in documents.columns]
    return bool(columns) and bool(np.asarray(documents[columns].notna().to_numpy()).any())
