"""Algorithms: the consensus of spectral clusterings and its nearest-neighbour lists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from textmine.clustering import ProposalVectorizer, consensus_spectral


def test_consensus_does_not_depend_on_one_graph_and_is_deterministic(themed):
    frame, gold = themed
    matrix = ProposalVectorizer("tfidf").fit_transform(frame["lemmas"].tolist())
    labels = consensus_spectral(matrix, 3, neighbours=[3, 4, 5], random_state=0)
    assert pd.crosstab(labels, np.array(gold)).max(axis=1).sum() == 18
    np.testing.assert_array_equal(
        labels, consensus_spectral(matrix, 3, neighbours=[5, 3, 4], random_state=0)
    )


@pytest.mark.parametrize("sparse_input", [True, False])
def test_neighbour_lists_are_the_brute_force_cosine_neighbours(sparse_input):
    from sklearn.neighbors import NearestNeighbors

    from textmine.clustering.algorithms import _neighbour_lists

    rng = np.random.default_rng(3)
    # A sparse bag-of-words part and a dense word-vector block, as the default representation.
    words = sp.random(300, 400, density=0.02, random_state=4, format="csr")
    vectors = rng.normal(size=(300, 20))
    matrix = sp.hstack([words, sp.csr_matrix(vectors)]).tocsr()
    if not sparse_input:
        matrix = matrix.toarray()
    expected = (
        NearestNeighbors(n_neighbors=12, metric="cosine", algorithm="brute")
        .fit(matrix)
        .kneighbors(return_distance=False)
    )
    got = _neighbour_lists(matrix, 12)
    assert got.shape == (300, 12)
    assert not (got == np.arange(300)[:, None]).any()  # never itself
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("algorithm", ["agglomerative", "ward"])
@pytest.mark.parametrize("representation", ["tfidf", "lsa"])
def test_agglomerative_and_ward_recover_obvious_themes_deterministically(
    themed, algorithm, representation
):
    from tests.clustering.conftest import _config, _partition
    from textmine.clustering import cluster_proposals

    frame, gold = themed
    config = _config(representation=representation, algorithm=algorithm, embeddings="none")
    clustered, _ = cluster_proposals(frame, config)
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    # Average link recovers the three themes; Ward's compact clusters split a theme of short
    # texts that share few words.
    assert purity >= (18 if algorithm == "agglomerative" else 12)
    again, _ = cluster_proposals(frame.iloc[::-1], config)
    assert _partition(again) == _partition(clustered)


def test_average_link_on_sparse_rows_is_cosine_average_link():
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import adjusted_rand_score

    from textmine.clustering.algorithms import agglomerative

    matrix = sp.random(40, 30, density=0.3, random_state=1, format="csr") + sp.eye(40, 30)
    labels = agglomerative(sp.csr_matrix(matrix), 4, "average")
    dense = matrix.toarray()
    reference = fcluster(linkage(dense, method="average", metric="cosine"), 4, "maxclust")
    assert adjusted_rand_score(labels, reference) == 1.0


def test_exact_algorithms_give_way_to_minibatch_kmeans_above_max_exact_size(monkeypatch):
    from textmine.clustering import algorithms
    from textmine.config import ClusteringConfig

    def refuse(*args, **kwargs):
        raise AssertionError("the exact algorithm ran above max_exact_size")

    monkeypatch.setattr(algorithms, "agglomerative", refuse)
    rows = np.random.default_rng(0).normal(size=(30, 5))
    config = ClusteringConfig(algorithm="ward", max_exact_size=10)
    labels = algorithms.fit_labels(rows, 3, config)
    assert set(labels) == {0, 1, 2}
