"""The leave-one-corpus-out protocol of ``bench/cluster_loso.py``: joins of blocks and the
selection rule (a candidate that loses by more than 0.02 NMI on one training view is out)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bench.cluster_loso import View, auto_k, choose, representation


def test_join_weights_each_normalised_block() -> None:
    rng = np.random.RandomState(0)
    blocks = {"lsa": rng.rand(4, 3) * 10, "use": rng.rand(4, 5)}
    rows = representation("lsa+use@0.3/0.7", blocks)
    assert rows.shape == (4, 8)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    # each block keeps its share whatever its scale: 0.3 / 0.7 of the norms
    ratio = np.linalg.norm(rows[:, :3], axis=1) / np.linalg.norm(rows[:, 3:], axis=1)
    assert np.allclose(ratio, 0.3 / 0.7)


def test_join_with_a_sparse_block_stays_sparse() -> None:
    blocks = {"tfidf": sp.csr_matrix(np.eye(3)), "use": np.ones((3, 2))}
    rows = representation("tfidf+use@0.5/0.5", blocks)
    assert sp.issparse(rows)
    assert np.allclose(np.asarray(rows.multiply(rows).sum(axis=1)).ravel(), 1.0)
    assert representation("use", blocks) is blocks["use"]


class FakeScores:
    """NMI per (view, candidate), one seed."""

    def __init__(self, table: dict[tuple[str, str], float]) -> None:
        self.table = table

    def get(self, view: View, spec: str, algorithm: str) -> dict:
        return {"nmi": [self.table[(view.name, spec)]]}


VIEWS = [View("a", "a", "gold", "a"), View("b", "b", "gold", "b")]
BASE = {"a": 0.30, "b": 0.30}


def test_a_candidate_that_loses_more_than_002_on_one_view_is_not_chosen() -> None:
    scores = FakeScores(
        {
            ("a", "big"): 0.50,  # +0.20 on a, but -0.03 on b: out
            ("b", "big"): 0.27,
            ("a", "steady"): 0.33,  # +0.03 and -0.01: within 0.02
            ("b", "steady"): 0.29,
        }
    )
    cand, mean, worst, ok, n_ok = choose(
        scores, VIEWS, [("big", "kmeans"), ("steady", "kmeans")], BASE
    )
    assert cand == ("steady", "kmeans")
    assert mean == pytest.approx(0.01)
    assert worst == pytest.approx(-0.01)
    assert ok and n_ok == 1


def test_without_an_admissible_candidate_the_best_worst_margin_is_taken() -> None:
    scores = FakeScores({("a", "x"): 0.60, ("b", "x"): 0.20, ("a", "y"): 0.31, ("b", "y"): 0.25})
    cand, _, worst, ok, n_ok = choose(scores, VIEWS, [("x", "agglo"), ("y", "agglo")], BASE)
    assert cand == ("y", "agglo")
    assert worst == pytest.approx(-0.05)
    assert not ok and n_ok == 0


def test_auto_k_is_textmines_size_rule() -> None:
    assert auto_k(662) == 18  # sqrt(662 / 2) = 18.2
