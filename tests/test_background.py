"""A stage run in a forked process: its result, or None (and a warning) when it fails."""

from __future__ import annotations

import os
import signal

import pytest

from textmine.background import (
    collect_background,
    settled_on_error,
    start_beside,
    start_in_background,
    wait_beside,
)
from textmine.processes import PR_GET_PDEATHSIG


def _pid_and_sum(a: int, b: int) -> tuple[int, int]:
    return os.getpid(), a + b


def _fails() -> None:
    raise RuntimeError("boom")


def _dies() -> None:
    os._exit(1)


def test_the_call_runs_in_another_process_and_returns_its_result():
    start_in_background("run-a", _pid_and_sum, 2, 3)
    pid, total = collect_background("run-a")
    assert total == 5 and pid != os.getpid()


def test_nothing_started_gives_none():
    assert collect_background("never-started") is None


@pytest.mark.parametrize("function", [_fails, _dies])
def test_a_failed_or_dead_child_gives_none_and_says_why(function):
    warnings: list[str] = []
    start_in_background("run-b", function)
    assert collect_background("run-b", warn=warnings.append) is None
    assert len(warnings) == 1 and function.__name__ in warnings[0]
    assert collect_background("run-b") is None  # collected once


def test_the_child_is_set_up_to_end_with_its_parent():
    start_in_background("run-c", _parent_death_signal)
    assert collect_background("run-c") == signal.SIGKILL


def _parent_death_signal() -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    value = ctypes.c_int(0)
    libc.prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0)
    return value.value


def _write_pid(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()} {text}")


def test_a_call_beside_runs_in_a_forked_process_and_is_waited_for(tmp_path):
    target = tmp_path / "out.txt"
    start_beside("beside-a", _write_pid, str(target), "écrit")
    wait_beside("beside-a")
    pid, text = target.read_text(encoding="utf-8").split()
    assert text == "écrit" and int(pid) != os.getpid()
    wait_beside("beside-a")  # waited once; nothing left to wait for


def test_a_call_beside_without_fork_is_made_at_once(tmp_path):
    target = tmp_path / "out.txt"
    start_beside("beside-b", _write_pid, str(target), "ici", fork=False)
    assert target.read_text(encoding="utf-8") == f"{os.getpid()} ici"
    wait_beside("beside-b")


def _dies_unless_parent(parent: int, path: str) -> None:
    if os.getpid() != parent:
        os._exit(1)
    _write_pid(path, "repris")


def test_a_call_whose_process_died_is_made_again_here(tmp_path):
    target, warnings = tmp_path / "out.txt", []
    start_beside("beside-c", _dies_unless_parent, os.getpid(), str(target))
    wait_beside("beside-c", warn=warnings.append)
    assert target.read_text(encoding="utf-8") == f"{os.getpid()} repris"
    assert len(warnings) == 1


def _slow_write(path: str) -> None:
    import time

    time.sleep(0.5)
    _write_pid(path, "fini")


def test_an_error_waits_for_the_calls_beside_and_does_not_make_them_again(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(OSError), settled_on_error():
        start_beside("beside-d", _slow_write, str(target))
        raise OSError("disque plein")
    pid, text = target.read_text(encoding="utf-8").split()  # written before the error went on
    assert text == "fini" and int(pid) != os.getpid()
    target.unlink()
    wait_beside("beside-d")  # settled: nothing pending, nothing made again
    assert not target.exists()
