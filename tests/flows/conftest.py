"""One Prefect test server for the whole session (starting one costs seconds)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import settings as _settings  # noqa: F401  (Prefect environment before Prefect)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    from prefect.logging.configuration import setup_logging
    from prefect.testing.utilities import prefect_test_harness

    # Bind Prefect's log handlers to pytest's streams now, not to the short-lived streams of a
    # CliRunner invocation (they are closed when it returns).
    setup_logging()
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the default corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", target)
    return target
