"""Progress reporting that the library and flows call, and that a front end (the CLI) displays.

Stages report through :func:`get_reporter`; by default nothing is displayed (scheduled runs,
Dask workers). The CLI installs a terminal progress bar with :func:`set_reporter`.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Protocol


class ProgressReporter(Protocol):
    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...

    def finish(self, stage: str) -> None: ...


class NullReporter:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str) -> None:
        pass


_reporter: ProgressReporter = NullReporter()


def set_reporter(reporter: ProgressReporter | None) -> None:
    global _reporter
    _reporter = reporter or NullReporter()


def get_reporter() -> ProgressReporter:
    return _reporter


@contextmanager
def stage_progress(stage: str, total: int | None = None):
    """Report a stage's start and end; yields a callback that advances it."""
    reporter = get_reporter()
    reporter.start(stage, total)
    try:
        yield lambda amount=1: reporter.advance(stage, amount)
    finally:
        reporter.finish(stage)
