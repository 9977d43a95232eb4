"""A corpus-level stage run in a forked process, beside the stages that follow it.

The clustering and the entities and themes stages are all CPU-bound and corpus-level; in two
threads of one process they would share one core (the GIL). So the flow forks the clustering
as soon as the per-document rows are collected, before those stages start (nothing else runs in
this process while it forks), and collects its result when it needs it. The child runs on one
BLAS thread: the stages beside it have the other core. If the child fails or dies, the caller
gets ``None`` and runs the stage in its own process instead.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from threadpoolctl import threadpool_limits

from textmine.processes import setup_child

logger = logging.getLogger(__name__)

# Calls running in a process of their own, by key (the run folder).
_STARTED: dict[str, Any] = {}


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
