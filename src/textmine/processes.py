"""Processes forked from the flow's process end with it.

The parse runs in worker processes forked from the flow's process (:mod:`textmine.analysis`),
and the clustering in another. If the flow's process is killed (``kill -9``, out of memory),
nothing stops them by default: they go on with parent 1, inherit the parent's Python SIGTERM
handler (Prefect's, which does not exit in them), and, until they closed it, the outputs lock's
descriptor, so every new run was refused for minutes. :func:`setup_child`, called first in each
forked child (e.g. as ``ProcessPoolExecutor(initializer=setup_child, initargs=(os.getpid(),))``):

- asks the kernel to send the child SIGKILL when its parent dies (Linux ``prctl
  PR_SET_PDEATHSIG``); elsewhere a daemon thread checks every second that the parent is still
  the original one, and exits when it is not;
- restores the default SIGTERM action (terminate), so ``kill`` or a scheduler stops it;
- closes its copies of the outputs lock's descriptor (:func:`textmine.outputs.release_inherited_locks`,
  which ``os.register_at_fork`` also runs in every forked child), without unlocking the parent.

For the kernel, the "parent" is the *thread* that forked: fork from a thread that outlives the
children (the flow's thread, or the task thread that also shuts the pool down), as both callers do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import threading
import time

from textmine.outputs import release_inherited_locks

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PR_GET_PDEATHSIG = 2
# How often the portable fallback checks the parent, in seconds.
PARENT_POLL_SECONDS = 1.0
# Exit status of a child whose parent died (as the shell reports a SIGKILL).
EXIT_PARENT_DIED = 128 + signal.SIGKILL


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the Linux kernel to send ``sig`` to this process when its parent dies.

    Returns False where that is not available (not Linux, no libc ``prctl``).
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    if libc is None or not hasattr(libc, "prctl"):
        return False
    if libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(sig), 0, 0, 0) != 0:
        logger.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        return False
    return True


def parent_death_signal() -> int | None:
    """The signal the kernel sends this process when its parent dies (0: none; None: unknown)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    if libc is None or not hasattr(libc, "prctl"):
        return None
    value = ctypes.c_int(0)
    if libc.prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0) != 0:
        return None
    return value.value


def _watch_parent(parent_pid: int) -> None:
    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(EXIT_PARENT_DIED)
            time.sleep(PARENT_POLL_SECONDS)

    threading.Thread(target=watch, name="textmine-parent-watch", daemon=True).start()


def setup_child(parent_pid: int | None = None) -> None:
    """Call first in a process forked from the flow's process: it then ends with its parent.

    ``parent_pid`` is the parent's pid taken *before* the fork (``os.getpid()`` in the parent,
    e.g. through ``initargs``): if the parent died between the fork and this call, the child
    exits at once instead of waiting for a signal that will never come. Without it the current
    parent is taken.
    """
    release_inherited_locks()
    if threading.current_thread() is threading.main_thread():
        # The parent's Python handler (Prefect's) does not stop this process: terminate on SIGTERM.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    expected = parent_pid if parent_pid is not None else os.getppid()
    if not set_parent_death_signal(signal.SIGKILL):
        _watch_parent(expected)
    if os.getppid() != expected:  # the parent died before the kernel could be asked
        os._exit(EXIT_PARENT_DIED)
