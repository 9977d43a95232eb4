"""Run folders and tables on disk: Parquet (the contract), CSV copies, the manifest, ``latest``.

A run is written into ``runs/<run_id>.partial/`` and renamed to ``runs/<run_id>/`` only when
complete; ``latest`` is then switched atomically. A killed run therefore never leaves a
half-written folder that ``latest`` points to. A lock file keeps two runs from writing into the
same outputs folder at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import weakref
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmine import schema
from textmine.spreadsheet import escape_frame, escape_text_columns


class OutputsLockedError(RuntimeError):
    """Another run holds the outputs folder."""


def _in_use_message(out_dir: Path, holder: str) -> str:
    return (
        f"{out_dir} est utilisé par un autre passage textmine ({holder}) : attendez qu'il se "
        "termine ou choisissez un autre dossier --out"
    )


def outputs_in_use(out_dir: Path) -> str | None:
    """The message :class:`OutputsLock` would raise on ``out_dir`` now, or None when it is free.

    A probe that takes nothing and creates nothing: the command asks it before it starts Prefect,
    so that a second run on a busy folder answers at once. The lock itself is still taken by the
    run (a run starting between the probe and the lock is refused there).
    """
    path = Path(out_dir) / ".lock"
    try:
        handle = path.open("r")
    except FileNotFoundError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _in_use_message(path.parent, handle.read().strip() or "another process")
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


class OutputsLock:
    """An exclusive, non-blocking lock on an outputs folder (released when the process ends).

    An ``flock`` lock belongs to the open file description, which a forked child shares through
    the descriptor it inherits: a worker process that outlived a killed run would hold the
    folder for every later run. So every process forked while the lock is held closes its copy
    of the descriptor at once (:func:`release_inherited_locks`, registered with
    ``os.register_at_fork``). Closing it, never ``LOCK_UN`` (which would unlock the shared
    description, the parent's lock too), leaves the parent's lock in place: it is released only
    when the parent's own descriptor is closed, by ``__exit__`` or by the parent's death.
    """

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / ".lock"
        self._fd: int | None = None

    def __enter__(self) -> OutputsLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by exec
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise OutputsLockedError(_in_use_message(self.path.parent, holder)) from exc
        os.ftruncate(fd, 0)
        os.pwrite(
            fd, f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC".encode(), 0
        )
        self._fd = fd
        _HELD_LOCKS.add(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _HELD_LOCKS.discard(self)
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _forget_in_child(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)  # this process's copy only: the parent keeps its lock


_HELD_LOCKS: weakref.WeakSet[OutputsLock] = weakref.WeakSet()


def release_inherited_locks() -> None:
    """In a forked child: close the descriptors of the outputs locks its parent holds.

    Runs in every child forked from a process holding an :class:`OutputsLock` (registered with
    ``os.register_at_fork``); calling it again does nothing.
    """
    for lock in list(_HELD_LOCKS):
        lock._forget_in_child()
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=release_inherited_locks)


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid() % 10000:04d}"


def partial_run_dir(out_dir: Path, run_id: str) -> Path:
    path = Path(out_dir) / "runs" / f"{run_id}.partial"
    path.mkdir(parents=True, exist_ok=False)
    return path


def latest_run_dir(out_dir: Path) -> Path | None:
    """The newest completed run, through the ``latest`` link."""
    link = Path(out_dir) / "latest"
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        if target.is_dir():
            return target
    return None


def commit_run(out_dir: Path, partial: Path, keep_runs: int = 0) -> Path:
    """Rename a finished ``.partial`` run folder and point ``latest`` at it, atomically."""
    final = partial.with_name(partial.name.removesuffix(".partial"))
    shutil.rmtree(partial / "_work", ignore_errors=True)
    os.replace(partial, final)
    link = Path(out_dir) / "latest"
    tmp_link = Path(out_dir) / f".latest-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(Path("runs") / final.name)
    os.replace(tmp_link, link)
    if keep_runs:
        runs = sorted(
            p
            for p in (Path(out_dir) / "runs").iterdir()
            if p.is_dir() and not p.name.endswith(".partial")
        )
        for old in runs[:-keep_runs]:
            shutil.rmtree(old, ignore_errors=True)
    return final


def write_table(name: str, frame: pd.DataFrame, directory: Path, csv: bool = False) -> Path:
    """Write a table as Parquet with its schema (and a CSV copy for spreadsheets)."""
    directory.mkdir(parents=True, exist_ok=True)
    table = schema.conform_arrow(name, frame)
    path = directory / f"{name}.parquet"
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    if csv:
        _write_csv(name, table, directory)
    return path


def publish_table(name: str, source: Path, directory: Path) -> Path:
    """Write table ``name`` of the run from a Parquet file a stage wrote elsewhere.

    A file that already has the table's exact schema is copied as it is: a large table is then
    never loaded. Any other file is read and conformed, as :func:`write_table` does.
    """
    source = Path(source)
    if not pq.read_schema(source).equals(schema.TABLES[name], check_metadata=False):
        return write_table(name, pd.read_parquet(source), Path(directory))
    directory.mkdir(parents=True, exist_ok=True)
    path = Path(directory) / f"{name}.parquet"
    tmp = path.with_suffix(".parquet.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, path)
    return path


def combine_parts(parts: Sequence[Path], doc_order: Sequence[str], target: Path) -> bool:
    """Write the rows of Parquet ``parts`` into one file, in ``doc_order`` of their ``doc_id``.

    Rows of the same document keep the order of ``parts`` and of their rows; rows of documents
    not in ``doc_order`` come last. The rows stay Arrow data throughout: no Python object per
    value, whatever the corpus size. When the parts already follow that order (the batches of a
    cold run), they are copied one after the other, so that only one part is in memory at a
    time. Returns False, writing nothing, when the parts' schemas differ (a column typed in one
    part and only null in another): the caller then combines them with pandas' type inference.
    """
    files = [pq.ParquetFile(path) for path in parts]
    files = [f for f in files if f.metadata.num_rows]
    if not files:  # nothing to order: the caller writes the table's empty form
        return False
    first = files[0].schema_arrow
    if any(not f.schema_arrow.equals(first, check_metadata=False) for f in files[1:]):
        return False
    value_set = pa.array(doc_order, pa.string())
    ranks = [
        pc.index_in(f.read(columns=["doc_id"]).column("doc_id").cast(pa.string()), value_set)
        for f in files
    ]
    tmp = target.with_suffix(target.suffix + ".tmp")
    if _in_order(ranks):
        with pq.ParquetWriter(tmp, first) as writer:
            for part in files:
                writer.write_table(part.read())
    else:
        combined = pa.concat_tables([f.read() for f in files])
        keys = pa.table(
            {
                "rank": pa.chunked_array(ranks),
                "position": pa.array(range(combined.num_rows), pa.int64()),
            }
        )
        order = pc.sort_indices(
            keys, sort_keys=[("rank", "ascending", "at_end"), ("position", "ascending", "at_end")]
        )
        pq.write_table(combined.take(order), tmp)
    os.replace(tmp, target)
    return True


def _in_order(ranks: Sequence[pa.Array]) -> bool:
    """Whether ranks, read one array after the other, never decrease (nulls, the documents not
    in the corpus order, last): the stable sort would then leave the rows where they are."""
    values = pc.fill_null(pa.chunked_array(ranks), 2**31 - 1).to_numpy()
    return bool((values[1:] >= values[:-1]).all())


def write_csv_copy(name: str, directory: Path) -> None:
    """The CSV copy of a table already written (as :func:`write_table` with ``csv=True`` makes
    it), read straight from its Parquet file: nothing converted or written twice."""
    path = Path(directory) / f"{name}.parquet"
    if not path.exists():  # a stage that wrote nothing: the empty table, in both forms
        write_table(name, schema.empty(name), Path(directory), csv=True)
        return
    _write_csv(name, pq.read_table(path), Path(directory))


def _write_csv(name: str, table: pa.Table, directory: Path) -> None:
    # No live formula in a spreadsheet (the Parquet table stays exact): text columns escaped
    # as Arrow columns, the others (joined lists) once they are text.
    table, escaped = escape_text_columns(table)
    csv_frame = table.to_pandas()
    for column, field in zip(table.column_names, table.schema, strict=True):
        if str(field.type).startswith("list"):
            csv_frame[column] = csv_frame[column].map(
                lambda v: " | ".join(map(str, v)) if v is not None else ""
            )
    for column, values in escape_frame(csv_frame.drop(columns=list(escaped))).items():
        csv_frame[column] = values
    (directory / "csv").mkdir(exist_ok=True)
    # CRLF (RFC 4180) also quotes a text's lone carriage return, which would otherwise end the row.
    csv_frame.to_csv(
        directory / "csv" / f"{name}.csv", index=False, encoding="utf-8-sig", lineterminator="\r\n"
    )


def read_table(name: str, directory: Path, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """A table of a run (empty when no stage wrote it); only the rows of ``doc_ids`` if given,
    filtered while reading (a batch never loads the whole corpus's rows)."""
    path = Path(directory) / f"{name}.parquet"
    if not path.exists():
        return schema.empty(name)
    if doc_ids is not None and not doc_ids:
        return pq.ParquetFile(path).schema_arrow.empty_table().to_pandas()
    if doc_ids is not None:
        return pd.read_parquet(path, filters=[("doc_id", "in", list(doc_ids))])
    return pd.read_parquet(path)


def table_row_counts(directory: Path) -> dict[str, int]:
    """Rows of every table of a run, read from the Parquet footers (no table is loaded)."""
    counts = {}
    for name in schema.TABLES:
        path = Path(directory) / f"{name}.parquet"
        counts[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else 0
    return counts


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)
