"""The clustering stage of a run: proposals clustered, or folded into the previous run's clusters.

Stable cluster ids come from matching with the previous run's clusters as the clustering made
them (:func:`textmine.review.pre_review_proposals`), not as reviewers changed them. After a small
change the new proposals join the previous clusters (:mod:`textmine.incremental` decides); the
corpus's key terms (and their written forms) are the labels' candidate phrases, looked for in
the proposals' texts, so that nothing is parsed again. The clusters are gathered into broad groups
(:mod:`textmine.clustering.groups`), identified the same way. The proposals' sentence embeddings
(the ``proposal_embeddings`` rows the analysis computed, :mod:`textmine.embeddings`) become the
matrix of ``cluster_proposals(vectors=...)``; when the encoder failed for any proposal the
clustering uses the lexical representation, and the fit state says so (``extra["embeddings"]``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd

from textmine.clustering.cluster import RowsHook
from textmine.clustering.groups import cluster_in_groups
from textmine.config import ClusteringConfig
from textmine.embeddings import embedding_matrix
from textmine.incremental import MODE_FOLD_IN, FitState, changed_proposals, plan_fit
from textmine.phrases import PhraseIndex


def previous_clustering(
    proposals: pd.DataFrame, clusters: pd.DataFrame, groups: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """The previous run's proposals as its clustering made them (None: no proposals); ``groups``
    is its ``cluster_groups`` table (labels of renamed groups are made afresh)."""
    from textmine.review import pre_review_proposals

    previous = pre_review_proposals(proposals, clusters, groups)
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
    embeddings: pd.DataFrame | None = None,
    on_rows: RowsHook | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, FitState]:
    """Cluster the run's proposals: (proposals with their clusters and groups, clusters,
    cluster_groups, fit state).

    ``candidates`` are the key-term candidates (``term``, ``count``, and ``surface`` when
    read); ``model`` the spaCy
    pipeline's name (a new pipeline refits); ``previous`` the previous run's clustering
    (:func:`previous_clustering`) and ``previous_state`` its fit state from the manifest;
    ``vocab`` loads the pipeline's vocabulary (word vectors), only when there are proposals;
    ``embeddings`` are the ``proposal_embeddings`` rows (read only when ``config`` uses them).
    The state's ``extra["embeddings"]`` says whether they were used (``status`` ``ok``), not
    wanted (``off``) or missing (``failed``, with the error: the lexical representation was used).
    ``on_rows`` receives the clustered rows (see :func:`cluster_proposals`).
    """
    matrix, status = embedding_matrix(proposals, embeddings, config)
    # Stop terms change what is shown, not the clusters: no refit for them.
    fit_config: dict[str, Any] = {
        "clustering": config.model_dump(mode="json", exclude={"stop_terms"}),
        "model": model,
    }
    if status.status != "off":  # clusters fitted with and without embeddings differ: refit
        fit_config["embeddings"] = status.status
    state = plan_fit(
        previous_state if previous is not None else None,
        fit_config,
        changed_proposals(proposals, previous),
        len(proposals),
        config.refit_share,
        run_id,
        force,
    )
    words = vocab() if vocab is not None and len(proposals) else None
    phrases = PhraseIndex.from_candidates(candidates) if len(proposals) else None
    clustered, clusters, groups = cluster_in_groups(
        proposals,
        config,
        previous=previous,
        vocab=words,
        vectors=matrix,
        fold_in=state.mode == MODE_FOLD_IN,
        phrases=phrases,
        on_rows=on_rows,
    )
    state = replace(state, extra={**state.extra, "embeddings": status.as_dict()})
    return clustered, clusters, groups, state


def proposal_lexicon_tags(proposals: pd.DataFrame, lexicon: dict[str, list[str]]) -> pd.DataFrame:
    """The ``lexicon_tags`` rows of the clustered proposals (unit ``proposal``)."""
    from textmine.themes import tag_lexicon

    units = proposals[["proposal_id", "doc_id", "text", "lemmas"]].rename(
        columns={"proposal_id": "unit_id"}
    )
    units.insert(0, "unit", "proposal")
    return tag_lexicon(units, lexicon)
