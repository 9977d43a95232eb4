"""The clustering stage of a run: refit or fold in, stable ids from the previous run."""

from __future__ import annotations

import pandas as pd

from tests.clustering.conftest import _config
from textmine.clustering import cluster_stage, previous_clustering, proposal_lexicon_tags
from textmine.incremental import MODE_FOLD_IN, MODE_REFIT

CANDIDATES = pd.DataFrame({"term": ["piste cyclable", "impôt sur le revenu"], "count": [5, 4]})


def test_a_first_run_fits_and_a_small_change_folds_in(themed):
    proposals, _ = themed
    config = _config(refit_share=0.2)
    first, clusters, groups, state = cluster_stage(
        proposals, CANDIDATES, config, "m", None, None, "r1"
    )
    assert state.mode == MODE_REFIT and state.fitted_in == "r1"
    previous = previous_clustering(first, clusters, groups)
    extra = proposals.iloc[:1].assign(proposal_id="p999", text="Créer des pistes cyclables.")
    grown = pd.concat([proposals, extra], ignore_index=True)
    again, _, groups2, state = cluster_stage(
        grown, CANDIDATES, config, "m", previous, state.as_dict(), "r2"
    )
    assert state.mode == MODE_FOLD_IN and state.fitted_in == "r1" and state.changed_since_fit == 1
    kept = again.set_index("proposal_id")["cluster_id"]
    assert (kept[first["proposal_id"]].to_numpy() == first["cluster_id"].to_numpy()).all()
    # The groups persist through the fold-in, ids and labels.
    group = again.set_index("proposal_id")["group_id"]
    assert (group[first["proposal_id"]].to_numpy() == first["group_id"].to_numpy()).all()
    assert groups2[["group_id", "label"]].equals(groups[["group_id", "label"]])
    # Another pipeline refits even after a small change.
    *_, state = cluster_stage(grown, CANDIDATES, config, "other", previous, state.as_dict(), "r3")
    assert state.mode == MODE_REFIT


def test_the_vocabulary_is_loaded_only_when_there_are_proposals(themed):
    proposals, _ = themed
    loaded: list[int] = []

    def vocab():
        loaded.append(1)
        return None

    empty = proposals.iloc[:0]
    cluster_stage(empty, CANDIDATES, _config(), "m", None, None, "r1", vocab=vocab)
    assert loaded == []
    cluster_stage(proposals, CANDIDATES, _config(), "m", None, None, "r1", vocab=vocab)
    assert loaded == [1]


def test_a_previous_run_without_proposals_is_no_previous_clustering(themed):
    proposals, _ = themed
    first, clusters, *_ = cluster_stage(proposals, CANDIDATES, _config(), "m", None, None, "r1")
    assert previous_clustering(first.iloc[:0], clusters.iloc[:0]) is None


def test_proposals_are_tagged_with_the_lexicon(themed):
    proposals, _ = themed
    tags = proposal_lexicon_tags(proposals, {"Mobilité": ["vélo", "piste cyclable"]})
    assert set(tags["unit"]) == {"proposal"} and set(tags["theme"]) == {"Mobilité"}
    assert len(tags) >= 6


def test_the_stage_clusters_on_the_embeddings_or_exactly_as_before_without_them(themed):
    from tests.clustering.test_representation import _theme_embeddings
    from textmine.clustering import cluster_proposals

    proposals, gold = themed
    vectors = _theme_embeddings(gold)
    rows = pd.DataFrame(
        {
            "doc_id": proposals["doc_id"],
            "proposal_id": proposals["proposal_id"],
            "embedding_key": "k",
            "embedding": [v.tobytes() for v in vectors],
            "error": None,
        }
    )
    config = _config(representation="use")
    staged, _, _, state = cluster_stage(
        proposals, CANDIDATES, config, "m", None, None, "r1", embeddings=rows
    )
    assert state.extra["embeddings"]["status"] == "ok"
    direct, _ = cluster_proposals(proposals, config, vectors=vectors)
    assert (staged["cluster_id"] == direct["cluster_id"]).all()
    # Off: the embeddings are not read, and the clusters are those of the lexical default.
    off = _config(embeddings="none")
    staged, _, _, state = cluster_stage(
        proposals, CANDIDATES, off, "m", None, None, "r1", embeddings=rows
    )
    assert state.extra["embeddings"]["status"] == "off"
    assert "embeddings" not in state.config  # the fit plan of runs before embeddings
    plain, _ = cluster_proposals(proposals, off)
    assert (staged["cluster_id"] == plain["cluster_id"]).all()
