"""Helpers for ingestion tests: small French documents written into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from textmine.config import IngestConfig
from textmine.ingest import IngestedDocument, ingest_corpus

GOOD_TEXT = (
    "Paris, le 23 juillet 2015\n\n"
    "La secrétaire d'État présente le plan pour le numérique dans les territoires.\n"
)


@pytest.fixture
def config() -> IngestConfig:
    return IngestConfig()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus folder holding one good text document beside whatever a test adds."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "bon.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return root


def by_path(docs: list[IngestedDocument]) -> dict[str, IngestedDocument]:
    return {d.path: d for d in docs if d.source_id is None}


def assert_good_intact(root: Path, config: IngestConfig) -> dict[str, IngestedDocument]:
    """Ingest the corpus and check the good document beside the bad one was read fully."""
    docs = by_path(ingest_corpus(root, config))
    good = docs["bon.txt"]
    assert good.status == "ok"
    assert "plan pour le numérique" in good.text
    return docs
