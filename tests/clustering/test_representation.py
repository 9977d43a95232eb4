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
