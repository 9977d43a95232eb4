"""Prefect settings for running offline with nothing to set up.

Imported before Prefect itself: a local SQLite database under the working folder's
``.prefect/``, telemetry and update checks off, a generous start-up timeout for the ephemeral
server (its first start with a fresh database takes ~10 s here). Values already set in the
environment win, so an operator can point textmine at a running ``prefect server start``.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_UI_ENABLED": "true",
    "PREFECT_LOGGING_COLORS": "false",
}


def configure_prefect_environment(home: Path | None = None) -> None:
    os.environ.setdefault("PREFECT_HOME", str((home or Path.cwd() / ".prefect").resolve()))
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    # Prefect creates its home without parents: under a missing folder its server then fails
    # to open the database, and the run waits out the whole start-up timeout.
    with contextlib.suppress(OSError):  # unwritable: Prefect reports it
        Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)


class _DropRecords(logging.Filter):
    def __init__(self, drop: Callable[[logging.LogRecord], bool]):
        super().__init__()
        self.drop = drop

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            return not self.drop(record)
        except Exception:  # a filter must never lose a record by failing
            return True


def hide_on_console(drop: Callable[[logging.LogRecord], bool]) -> None:
    """Keep Prefect's console handlers from printing the records ``drop`` selects.

    For the errors the command answers itself in one line (a full disk): Prefect would print
    its tracebacks first. Its API handler still sends them to the server (the UI shows them).
    Call after Prefect configured its logging (after importing the flow).
    """
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger()]
    loggers += [
        v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger)
    ]
    handlers = {
        id(h): h for lg in loggers for h in lg.handlers if isinstance(h, PrefectConsoleHandler)
    }
    for handler in handlers.values():
        handler.addFilter(_DropRecords(drop))


configure_prefect_environment()
