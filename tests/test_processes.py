"""Processes forked from the flow's process end with it and do not keep the outputs folder."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from textmine.outputs import OutputsLock, outputs_in_use
from textmine.processes import parent_death_signal, setup_child

# A flow's process in miniature: it holds the outputs lock, has a SIGTERM handler that does not
# exit (as Prefect's in a forked child), and forks two busy workers as the analysis does.
PARENT = textwrap.dedent(
    """
    import multiprocessing as mp, os, signal, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path
    from textmine.outputs import OutputsLock
    from textmine.processes import setup_child

    signal.signal(signal.SIGTERM, lambda *_: None)
    lock = OutputsLock(Path(sys.argv[1])).__enter__()
    use_setup = sys.argv[2] == "setup"
    executor = ProcessPoolExecutor(
        2,
        mp_context=mp.get_context("fork"),
        initializer=setup_child if use_setup else None,
        initargs=(os.getpid(),) if use_setup else (),
    )
    list(executor.map(abs, range(2)))  # forks both workers
    for _ in range(2):
        executor.submit(time.sleep, 600)  # busy, as during the parse
    print(" ".join(str(pid) for pid in executor._processes), flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _holds_lock_file(pid: int, lock: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    return any(os.path.realpath(fd) == str(lock.resolve()) for fd in fds.iterdir())


def _start_parent(out: Path, mode: str) -> tuple[subprocess.Popen[str], list[int]]:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(out), mode], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    return parent, workers


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to see descriptors")
def test_workers_end_with_their_killed_parent_and_free_the_outputs(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    parent, workers = _start_parent(out, "setup")
    try:
        # While the parent lives, it holds the folder; its workers do not hold the lock file.
        assert outputs_in_use(out) is not None
        assert not any(_holds_lock_file(pid, out / ".lock") for pid in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "a worker outlived its killed parent"
        assert outputs_in_use(out) is None
        with OutputsLock(out):  # a new run can take the folder
            pass
    finally:
        for pid in [parent.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to see descriptors")
def test_without_the_setup_the_workers_survive_but_never_hold_the_lock(tmp_path: Path) -> None:
    """The lock's descriptor is closed in every forked child (``os.register_at_fork``): even a
    child that outlives its parent does not keep the folder."""
    out = tmp_path / "outputs"
    parent, workers = _start_parent(out, "plain")
    try:
        assert not any(_holds_lock_file(pid, out / ".lock") for pid in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        time.sleep(0.5)
        assert all(_alive(pid) for pid in workers)  # what setup_child is for
        assert outputs_in_use(out) is None
    finally:
        for pid in [parent.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_set_up_child_ends_on_sigterm_despite_an_inherited_handler(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import os, signal, sys, time
        from textmine.processes import setup_child

        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        parent = os.getpid()
        child = os.fork()
        if child == 0:
            setup_child(parent)
            print(os.getpid(), flush=True)
            time.sleep(600)
            os._exit(0)
        _, status = os.waitpid(child, 0)
        print(status, flush=True)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    child = int(process.stdout.readline())
    os.kill(child, signal.SIGTERM)
    status = int(process.stdout.readline())
    process.wait(timeout=10)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM


def test_closing_the_childs_descriptor_keeps_the_parents_lock(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    with OutputsLock(out):
        child = os.fork()
        if child == 0:  # the at-fork hook already closed the descriptor; exit at once
            os._exit(0 if outputs_in_use(out) is not None else 1)
        _, status = os.waitpid(child, 0)
        assert os.WEXITSTATUS(status) == 0  # the child saw the folder held (by its parent)
        assert outputs_in_use(out) is not None  # and the parent still holds it
    assert outputs_in_use(out) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_setup_asks_the_kernel_for_a_signal_on_the_parents_death() -> None:
    child = os.fork()
    if child == 0:
        try:
            setup_child(os.getppid())
            ok = parent_death_signal() == signal.SIGKILL
            ok = ok and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(child, 0)
    assert os.WEXITSTATUS(status) == 0


def _worker_state(_: int) -> tuple[int | None, bool]:
    return parent_death_signal(), signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_analysis_workers_are_set_up(nlp) -> None:
    from textmine.analysis import _start_worker_pool
    from textmine.config import TextmineConfig

    executor = _start_worker_pool(2, nlp, TextmineConfig(), None)
    try:
        states = list(executor.map(_worker_state, range(4)))
    finally:
        executor.shutdown(wait=True)
    assert states == [(signal.SIGKILL, True)] * 4
