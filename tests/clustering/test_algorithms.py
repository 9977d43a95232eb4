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
