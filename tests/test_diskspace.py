"""Recognising a full disk, and removing only the unfinished run folders of this process."""

from __future__ import annotations

import errno
from pathlib import Path

from textmine.diskspace import discard_partial_runs, is_disk_full, partial_run_dirs


def test_a_full_disk_is_recognised_however_it_is_reported() -> None:
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OSError("IOError: [errno 28] No space left on device"))  # pyarrow
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("writing the table failed") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(ValueError("no space left on device"))
    assert not is_disk_full(None)


def test_only_this_process_new_partial_folders_are_removed(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    old = runs / "20260101T000000-1234.partial"  # an interrupted earlier run: left alone
    mine = runs / "20260102T000000-1234.partial"
    other = runs / "20260102T000000-9999.partial"  # another process's run
    done = runs / "20260101T000000-0001"
    for folder in (old, done):
        folder.mkdir(parents=True)
    before = partial_run_dirs(tmp_path)
    for folder in (mine, other):
        folder.mkdir(parents=True)
    (mine / "table.parquet").write_bytes(b"x" * 10_000)
    removed, used = discard_partial_runs(tmp_path, before, pid=51234)
    assert removed == [mine] and used >= 10_000
    assert sorted(p.name for p in runs.iterdir()) == sorted([old.name, other.name, done.name])
