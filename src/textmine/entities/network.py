"""The entity co-occurrence network: pairs of canonical entities named together more than chance.

The same measure as the terms' ``cooccurrences`` (:func:`textmine.lexicometry.cooccurrences`:
log-likelihood G2 of the pair's 2x2 table, pairs found in at least 2 units and more often than
expected), on entity ids instead of terms, so that aliases of one entity count as one. The unit
is the document by default, as for the terms (on the default corpus of 36 press releases, no pair
of entities shares two sentences: the sentence network is empty), or the sentence
(``explore.entity_unit``: two names in one sentence are linked, where one long report would link
all of its names). Bounded twice: only the ``top`` entities named in
most units are paired (at most ``top``² / 2 pairs counted), and only the ``max_pairs`` strongest
pairs are kept (a network a reader can still see).

Built after the review step, from the reviewed mentions and ``entity_index``: a rejected entity
is gone, a renamed one shows its new canonical form.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from textmine.lexicometry import cooccurrences
from textmine.schema import conform, empty

__all__ = ["entity_cooccurrences"]

# A pair seen in one unit only is chance more often than not (and would be most of the pairs).
_MIN_UNITS = 2


def entity_cooccurrences(
    mentions: pd.DataFrame,
    index: pd.DataFrame | None = None,
    *,
    unit: Literal["sentence", "document"] = "document",
    top: int = 300,
    max_pairs: int = 1_000,
) -> pd.DataFrame:
    """The ``entity_cooccurrences`` table of the ``entities`` mentions, strongest first.

    ``index`` (``entity_index``) names each entity (canonical form and label); without it, or
    for an id it lacks, the mentions' most frequent canonical form and label name it.
    ``n_units`` counts sentences (``unit="sentence"``) or documents holding both.
    """
    needed = {"doc_id", "entity_id", "canonical", "label"}
    if unit == "sentence":
        needed.add("sent_id")
    if mentions.empty or not needed <= set(mentions.columns):
        return empty("entity_cooccurrences")
    frame = mentions.dropna(subset=["entity_id"])
    if unit == "sentence":
        frame = frame.dropna(subset=["sent_id"])
        keys = frame["doc_id"].astype(str) + "\x1f" + frame["sent_id"].astype(int).astype(str)
    else:
        keys = frame["doc_id"].astype(str)
    units = pd.DataFrame({"unit_id": keys, "term": frame["entity_id"].astype(str)})
    pairs = cooccurrences(units, min_units=_MIN_UNITS, max_terms=top)
    if pairs.empty:
        return empty("entity_cooccurrences")
    names = _names(frame, index)
    pairs = pairs.head(max_pairs)
    rows = []
    for a, b, n_units, score in pairs[["term_a", "term_b", "n_units", "score"]].itertuples(
        index=False
    ):
        first, second = sorted((names[a], names[b]))
        rows.append(
            {
                "entity_a": first[0],
                "label_a": first[1],
                "entity_b": second[0],
                "label_b": second[1],
                "n_units": int(n_units),
                "score": float(score),
            }
        )
    result = pd.DataFrame(rows).sort_values(
        ["score", "entity_a", "label_a", "entity_b", "label_b"],
        ascending=[False, True, True, True, True],
        kind="stable",
    )
    return conform("entity_cooccurrences", result.reset_index(drop=True))


def _names(mentions: pd.DataFrame, index: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """(canonical, label) of each entity id: from the index, else the mentions' commonest."""
    names: dict[str, tuple[str, str]] = {}
    counted = (
        mentions.groupby(["entity_id", "canonical", "label"], sort=True)
        .size()
        .reset_index(name="n")
        .sort_values(["entity_id", "n"], ascending=[True, False], kind="stable")
        .drop_duplicates("entity_id")
    )
    for eid, canonical, label, _ in counted.itertuples(index=False):
        names[str(eid)] = (str(canonical), str(label))
    if index is not None and not index.empty:
        for eid, canonical, label in index[["entity_id", "canonical", "label"]].itertuples(
            index=False
        ):
            names[str(eid)] = (str(canonical), str(label))
    return names
