"""Timers and memory readers shared by the benches (Linux ``/proc``)."""

from __future__ import annotations

import subprocess
import threading
import time


def minutes_since(started: float) -> str:
    """``total runtime N.N min`` since ``time.perf_counter()`` gave ``started``."""
    return f"total runtime {(time.perf_counter() - started) / 60:.1f} min"


def proc_mib(pid: int, file: str, field: str) -> int:
    """A ``field:`` line (in kB) of ``/proc/<pid>/<file>``, in MiB; 0 once the process is gone."""
    try:
        with open(f"/proc/{pid}/{file}", encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def rss_mib(pid: int) -> int:
    """Resident set size (pages shared with a parent after a fork count in full)."""
    return proc_mib(pid, "status", "VmRSS")


def pss_mib(pid: int) -> int:
    """Proportional set size: pages shared with other processes count for their share only."""
    return proc_mib(pid, "smaps_rollup", "Pss")


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every descendant of ``pid`` (through ``ps``)."""
    listing = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    found = []
    for line in listing.splitlines():
        child, args = line.strip().split(None, 1)
        found.append((int(child), args))
        found += descendants(int(child))
    return found


class PeakRss:
    """Peak resident memory of this process while the block runs (polled every 50 ms)."""

    def __enter__(self) -> PeakRss:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self) -> None:
        while not self._stop.is_set():
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        self.peak = max(self.peak, int(line.split()[1]) * 1024)
            self._stop.wait(0.05)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
