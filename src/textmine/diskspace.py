"""Disk space: the minimum a run needs before it starts, and what a run that filled the disk
leaves behind.

Before Prefect starts, ``textmine run`` refuses to start (exit status 2) when the outputs folder's
file system has less free space than :func:`required_free_bytes` of the corpus. That is a floor,
not a forecast: it catches a full or nearly full disk at once instead of minutes into a run,
without refusing a run that may fit.

A run that still fills the disk (``ENOSPC`` while writing) stops: its ``runs/<run_id>.partial/``
folder is removed (:func:`discard_partial_runs`), ``latest`` keeps pointing to the previous run,
and the cache keeps only complete entries (each is written to a temporary file and renamed, and
the temporary file is removed on failure), so the next run, with space freed, resumes from it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

MiB = 1024 * 1024

# What the smallest run writes, with room to spare: report.html (~0.2 MiB), three review sheets in
# CSV and XLSX, ~20 Parquet tables with their CSV copies and temporary files, manifest.json, and
# the per-document rows of `analysis/` (a run on the 84 KiB default corpus writes 2.5 MiB, most of
# it in the parse cache). Below this, even a run on a few documents would fail midway.
MIN_FREE_BYTES = 4 * MiB
# Added per byte of corpus files. A first run writes several times the corpus's *text* (the parse
# cache alone ~10x: 1.8 MiB of the 2.5 MiB above), but a PDF's or an archive's bytes are far more
# than their text, and a rerun writes much less (unchanged documents come from the cache): one
# byte per corpus byte keeps the check a floor that does not refuse a rerun which fits.
FREE_BYTES_PER_CORPUS_BYTE = 1.0

_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
DISK_FULL_TEXT = ("no space left on device", "disk quota exceeded")


def required_free_bytes(corpus_bytes: int) -> int:
    """Free space below which a run on a corpus of ``corpus_bytes`` does not start."""
    return MIN_FREE_BYTES + int(FREE_BYTES_PER_CORPUS_BYTE * max(corpus_bytes, 0))


def existing_ancestor(path: Path) -> Path:
    """``path`` or its nearest existing parent (the outputs folder may not exist yet)."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_bytes(path: Path) -> int:
    """Free space for this user on the file system of ``path`` (or of its nearest parent)."""
    return shutil.disk_usage(existing_ancestor(path)).free


def format_bytes(n: int) -> str:
    if abs(n) < MiB:
        return f"{n / 1024:.0f} KiB"
    if abs(n) < 1024 * MiB:
        return f"{n / MiB:.1f} MiB"
    return f"{n / (1024 * MiB):.2f} GiB"


def is_disk_full(error: BaseException | None) -> bool:
    """Whether ``error`` (or an exception it was raised from) is a write on a full disk.

    pyarrow reports it as an ``OSError`` whose message says so, sometimes without ``errno``.
    """
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in _DISK_FULL_ERRNOS:
            return True
        if isinstance(error, OSError | RuntimeError) and any(
            text in str(error).lower() for text in DISK_FULL_TEXT
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


def partial_run_dirs(out_dir: Path) -> set[Path]:
    """The unfinished run folders (``runs/*.partial``) of an outputs folder."""
    runs = Path(out_dir) / "runs"
    try:
        return {p for p in runs.iterdir() if p.name.endswith(".partial") and p.is_dir()}
    except OSError:
        return set()


def _disk_usage(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


def discard_partial_runs(out_dir: Path, before: Iterable[Path], pid: int) -> tuple[list[Path], int]:
    """Remove the ``.partial`` run folders this process created (not in ``before``).

    A run's id ends with its process id (:func:`textmine.outputs.new_run_id`), so the unfinished
    folder of a run that another process started meanwhile is left alone. Returns the folders
    removed and the disk space they used.
    """
    suffix = f"-{pid % 10000:04d}.partial"
    known = set(before)
    removed, used = [], 0
    for folder in sorted(partial_run_dirs(out_dir) - known):
        if folder.name.endswith(suffix):
            used += _disk_usage(folder)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed, used
