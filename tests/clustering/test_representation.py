"""Representation: ProposalVectorizer rows and the titles' lemmas."""

from __future__ import annotations

import numpy as np
import pytest

from tests.clustering.conftest import _lemmas
from textmine.clustering import ProposalVectorizer, estimate_title_lemmas


@pytest.mark.parametrize(
    "representation", ["tfidf", "lsa", "tfidf_vectors", "lsa_vectors", "tfidf_sif", "lsa_sif"]
)
def test_vectorizer_transform_matches_fit_transform(themed, nlp, representation):
    frame, _ = themed
    lemmas = frame["lemmas"].tolist()
    titles = [" ".join(s.split()[:2]) for s in lemmas]
    vectorizer = ProposalVectorizer(representation, vocab=nlp.vocab, title_weight=0.5)
    fitted = vectorizer.fit_transform(lemmas, titles)
    again = vectorizer.transform(lemmas, titles)
    if hasattr(fitted, "toarray"):
        fitted, again = fitted.toarray(), again.toarray()
    np.testing.assert_allclose(fitted, again, atol=1e-5)
    assert vectorizer.representation_ == representation
    # Without word vectors, vector representations fall back to LSA (SIF ones to their base).
    assert ProposalVectorizer("vectors").fit(lemmas).representation_ == "lsa"
    assert ProposalVectorizer("tfidf_sif").fit(lemmas).representation_ == "tfidf"
    assert ProposalVectorizer("lsa_sif").fit(lemmas).representation_ == "lsa"


def test_title_lemmas_are_found_at_the_start_of_the_lemmas(nlp):
    text = "Développer les pistes cyclables\n\nLes élus doivent financer des pistes sécurisées."
    lemmas = _lemmas(nlp, [text])[0]
    assert estimate_title_lemmas(text, lemmas) == "développer piste cyclable"
    assert estimate_title_lemmas("Les ans passent\n\nIl a 18 ans.", "an passer an") == "an passer"
    # No separate first line: no title.
    assert estimate_title_lemmas("Développer les pistes cyclables.", "développer piste") == ""
    assert estimate_title_lemmas("Un titre\n\n", "titre") == ""
    assert estimate_title_lemmas("", "") == ""


def test_title_weight_brings_a_proposal_closer_to_its_title(themed):
    frame, _ = themed
    lemmas = frame["lemmas"].tolist()
    titles = [" ".join(s.split()[:2]) for s in lemmas]
    plain = ProposalVectorizer("tfidf").fit(lemmas)
    weighted = ProposalVectorizer("tfidf", title_weight=0.5).fit(lemmas, titles)
    title_rows = plain.transform(titles)
    closeness = [
        np.asarray(model.transform(lemmas, titles).multiply(title_rows).sum(axis=1)).ravel()
        for model in (plain, weighted)
    ]
    assert (closeness[1] > closeness[0] - 1e-6).all() and (closeness[1] > closeness[0]).any()


def _theme_embeddings(gold: list[str], dim: int = 12, noise: float = 0.1) -> np.ndarray:
    """Stand-in sentence embeddings: one direction per theme, a little noise."""
    rng = np.random.RandomState(0)
    centers = {theme: rng.normal(size=dim) for theme in sorted(set(gold))}
    return np.array([centers[g] + noise * rng.normal(size=dim) for g in gold], dtype=np.float32)


@pytest.mark.parametrize("representation", ["use", "tfidf_use", "lsa_use", "lsa_sif_use"])
def test_embedding_blocks_are_joined_normalised_and_weighted(themed, nlp, representation):
    frame, gold = themed
    lemmas = frame["lemmas"].tolist()
    embeddings = _theme_embeddings(gold)
    vectorizer = ProposalVectorizer(representation, vocab=nlp.vocab, embedding_weight=0.5)
    rows = vectorizer.fit_transform(lemmas, None, embeddings)
    dense = rows.toarray() if hasattr(rows, "toarray") else rows
    assert vectorizer.representation_ == representation
    np.testing.assert_allclose(np.linalg.norm(dense, axis=1), 1.0, atol=1e-5)
    block = dense[:, -embeddings.shape[1] :]
    expected = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    if representation == "use":
        np.testing.assert_allclose(block, expected, atol=1e-5)
    else:  # lexical block of norm 1, embedding block of norm 0.5, then the row normalised
        np.testing.assert_allclose(block, expected * 0.5 / np.sqrt(1.25), atol=1e-5)
    again = vectorizer.transform(lemmas, None, embeddings)
    again = again.toarray() if hasattr(again, "toarray") else again
    np.testing.assert_allclose(dense, again, atol=1e-5)


def test_embedding_representations_fall_back_to_their_lexical_part(themed):
    frame, gold = themed
    lemmas = frame["lemmas"].tolist()
    assert ProposalVectorizer("lsa_use").fit(lemmas).representation_ == "lsa"
    assert ProposalVectorizer("use").fit(lemmas).representation_ == "lsa"
    assert ProposalVectorizer("tfidf_sif_use").fit(lemmas).representation_ == "tfidf"
    weightless = ProposalVectorizer("lsa_use", embedding_weight=0.0)
    assert weightless.fit(lemmas, None, _theme_embeddings(gold)).representation_ == "lsa"
    # "auto" joins LSA and the embeddings when they are given.
    auto = ProposalVectorizer("auto")
    assert auto.fit(lemmas, None, _theme_embeddings(gold)).representation_ == "tfidf_use"
    with pytest.raises(ValueError, match="embeddings"):
        ProposalVectorizer("lsa_use").fit(lemmas, None, _theme_embeddings(gold)[:4])
