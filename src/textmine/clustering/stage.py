"""The clustering stage of a run: proposals clustered, or folded into the previous run's clusters.

Stable cluster ids come from matching with the previous run's clusters as the clustering made
them (:func:`textmine.review.pre_review_proposals`), not as reviewers changed them. After a small
change the new proposals join the previous clusters (:mod:`textmine.incremental` decides); the
corpus's key terms (and their written forms) are the labels' candidate phrases, looked for in
the proposals' texts, so that nothing is parsed again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from textmine.clustering.cluster import cluster_proposals
from textmine.config import ClusteringConfig
from textmine.incremental import MODE_FOLD_IN, FitState, changed_proposals, plan_fit
from textmine.phrases import PhraseIndex


def previous_clustering(proposals: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame | None:
    """The previous run's proposals as its clustering made them (None: no proposals)."""
    from textmine.review import pre_review_proposals

    previous = pre_review_proposals(proposals, clusters)
    return None if previous.empty else previous


def cluster_stage(
    proposals: pd.DataFrame,
    candidates: pd.DataFrame,
    config: ClusteringConfig,
    model: str,
    previous: pd.DataFrame | None,
    previous_state: dict[str, Any] | None,
    run_id: str,
    force: bool = False,
    vocab: Callable[[], Any] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, FitState]:
    """Cluster the run's proposals: (proposals with their clusters, clusters, fit state).

    ``candidates`` are the key-term candidates (``term``, ``count``, and ``surface`` when
    read); ``model`` the spaCy
    pipeline's name (a new pipeline refits); ``previous`` the previous run's clustering
    (:func:`previous_clustering`) and ``previous_state`` its fit state from the manifest;
    ``vocab`` loads the pipeline's vocabulary (word vectors), only when there are proposals.
    """
    state = plan_fit(
        previous_state if previous is not None else None,
        # Stop terms change what is shown, not the clusters: no refit for them.
        {"clustering": config.model_dump(mode="json", exclude={"stop_terms"}), "model": model},
        changed_proposals(proposals, previous),
        len(proposals),
        config.refit_share,
        run_id,
        force,
    )
    words = vocab() if vocab is not None and len(proposals) else None
    phrases = PhraseIndex.from_candidates(candidates) if len(proposals) else None
    clustered, clusters = cluster_proposals(
        proposals,
        config,
        previous=previous,
        vocab=words,
        fold_in=state.mode == MODE_FOLD_IN,
        phrases=phrases,
    )
    return clustered, clusters, state


def proposal_lexicon_tags(proposals: pd.DataFrame, lexicon: dict[str, list[str]]) -> pd.DataFrame:
    """The ``lexicon_tags`` rows of the clustered proposals (unit ``proposal``)."""
    from textmine.themes import tag_lexicon

    units = proposals[["proposal_id", "doc_id", "text", "lemmas"]].rename(
        columns={"proposal_id": "unit_id"}
    )
    units.insert(0, "unit", "proposal")
    return tag_lexicon(units, lexicon)
