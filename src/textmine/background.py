"""A corpus-level stage run in a forked process, beside the stages that follow it.

The clustering and the entities and themes stages are all CPU-bound and corpus-level; in two
threads of one process they would share one core (the GIL). So the flow forks the clustering
as soon as the per-document rows are collected, before those stages start (nothing else runs in
this process while it forks), and collects its result when it needs it. The child runs on one
BLAS thread: the stages beside it have the other core. If the child fails or dies, the caller
gets ``None`` and runs the stage in its own process instead.

:func:`start_beside` and :func:`wait_beside` do the same for calls that only write files (the
review sheets, the CSV copies) and take large objects: the child finds the call in the memory it
inherits, nothing is pickled, and a call whose process failed is made again in this process. On
a rerun after one added document of a million words, the flow's own CPU time for the review went
from 2.2-2.7 s to 0.4 s and for the report from 3.3-4.3 s to 1.3 s (with the Arrow escaping of
the CSV copies; ``bench/RESULTS.md`` O12): the other core writes the files.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from threadpoolctl import threadpool_limits

from textmine.processes import setup_child

logger = logging.getLogger(__name__)

# Calls running in a process of their own, by key (the run folder).
_STARTED: dict[str, Any] = {}
# Calls started by start_beside, by key: the forked child reads them from the memory it inherits
# (pickling a million-word run's tables to send them would cost more than writing the files).
_STASHED: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {}


def start_in_background(key: str, function: Callable[..., Any], *args: Any) -> None:
    """Start ``function(*args)`` in a forked process; :func:`collect_background` gets its result."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # The child ends with this process (a killed run leaves nothing running; see processes.py).
    executor = ProcessPoolExecutor(
        1, mp_context=mp.get_context("fork"), initializer=setup_child, initargs=(os.getpid(),)
    )
    future = executor.submit(_one_blas_thread, function, *args)
    _STARTED[key] = (executor, future, function.__name__)


def _one_blas_thread(function: Callable[..., Any], *args: Any) -> Any:
    with threadpool_limits(limits=1):
        return function(*args)


def collect_background(key: str, warn: Callable[[str], None] | None = None) -> Any | None:
    """The result of the call started under ``key``; ``None`` when none was started, or when it
    failed or its process died (``warn`` is told why)."""
    started = _STARTED.pop(key, None)
    if started is None:
        return None
    executor, future, name = started
    try:
        return future.result()
    except Exception as error:  # the child died or failed: the caller runs the stage itself
        (warn or logger.warning)(f"{name} in its own process failed ({error!r}): running it here")
        return None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def start_beside(key: str, function: Callable[..., Any], *args: Any, fork: bool = True) -> None:
    """Make the call ``function(*args)`` in a forked process beside what follows (``fork``), or
    now; :func:`wait_beside` waits for it. For calls that write files and return nothing."""
    if not fork:
        function(*args)
        return
    _STASHED[key] = (function, args)
    start_in_background(key, _stashed_call, key)


def _stashed_call(key: str) -> bool:
    function, args = _STASHED[key]
    function(*args)
    return True  # collect_background's None means "failed"


def wait_beside(key: str, warn: Callable[[str], None] | None = None) -> None:
    """Wait for the call :func:`start_beside` started under ``key`` (nothing if none was); if
    its process failed or died, make the call here (its error, if any, is raised here)."""
    stashed = _STASHED.pop(key, None)
    if stashed is None:
        return
    if collect_background(key, warn) is None:
        function, args = stashed
        function(*args)


@contextmanager
def settled_on_error() -> Iterator[None]:
    """On an error inside the block, wait for every call started beside that is still pending
    (without making failed ones again), then raise: no forked writer is left writing into a run
    folder that the error's handling may remove (a disk that filled up)."""
    try:
        yield
    except BaseException:
        for key in list(_STASHED):
            _STASHED.pop(key, None)
            collect_background(key, warn=logger.warning)
        raise
