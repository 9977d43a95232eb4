"""What a run takes from the previous one, and how its per-document rows are gathered.

A run folder keeps, beside its tables (the contract, :mod:`textmine.outputs`), two internal
things a later run reads:

- ``analysis/``: one Parquet file per per-document stage, all documents, in corpus order. A rerun
  takes the rows of every unchanged document from there in one read per table
  (:func:`carry_over_rows`), much faster than from thousands of cache entries.
- ``cache_keys.parquet``: each document's parse and stage keys; ``textmine prune-cache`` keeps
  the entries they name, and :func:`textmine.incremental.unchanged_documents` compares them.

Rows of one run arrive in parts (one per batch of documents, one for the carried-over rows) under
``_work/parts/`` and are joined by :func:`collect_parts`. When nothing changed at all, the
previous run's corpus-level tables become this run's (:func:`reuse_previous_run`), hard-linked.

A committed run is never written again, but a disk error or a hand can still damage one of its
files: :func:`unreadable_tables` finds the Parquet files whose footer cannot be read. A run then
takes its previous run from the newest older committed run whose tables all read
(:func:`readable_previous_run`; runs are kept unless ``output.keep_runs`` prunes them), so that
cluster ids and labels, which live only in the tables, carry over; with no such run it takes
nothing from the damaged one's tables (it computes the rows, from the cache).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from textmine import schema
from textmine.outputs import combine_parts, read_table

ANALYSIS_DIR = "analysis"
CACHE_KEYS_FILE = "cache_keys.parquet"
WORK_DIR = "_work"
TEXTS_FILE = "texts.parquet"


def work_dir(run: str | Path) -> Path:
    """The run's folder for intermediate tables (removed when the run is committed)."""
    return Path(run) / WORK_DIR


def analysis_table(run: str | Path, table: str) -> pd.DataFrame:
    """One per-document table of the run, as the analysis stage produced it (all documents)."""
    return pd.read_parquet(Path(run) / ANALYSIS_DIR / f"{table}.parquet")


def analysis_path(run: str | Path, table: str) -> Path:
    return Path(run) / ANALYSIS_DIR / f"{table}.parquet"


def parts_dir(run: str | Path, part: str) -> Path:
    """The folder of one part of the per-document rows (a batch number, or ``carried``)."""
    path = work_dir(run) / "parts" / part
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_rows_part(
    run: str | Path, part: str, rows: dict[str, list[dict]], tables: tuple[str, ...]
) -> None:
    """Write one batch's rows of each per-document table as Parquet files of one part."""
    target = parts_dir(run, part)
    for table in tables:
        frame = pd.DataFrame(rows.get(table, []))
        if table in schema.TABLES:
            # With the table's exact schema: the collected table is then published as it is.
            pq.write_table(schema.conform_arrow(table, frame), target / f"{table}.parquet")
        else:
            frame.to_parquet(target / f"{table}.parquet", index=False)


def carry_over_rows(
    previous_run: str | Path, run: str | Path, doc_ids: list[str], tables: tuple[str, ...]
) -> None:
    """Take the rows of ``doc_ids`` from the previous run's ``analysis/`` tables, as one part."""
    target = parts_dir(run, "carried")
    source = Path(previous_run) / ANALYSIS_DIR
    for table in tables:
        # As Arrow data: the column types stay those the batches write (see collect_parts).
        rows = pq.read_table(source / f"{table}.parquet", filters=[("doc_id", "in", doc_ids)])
        pq.write_table(rows, target / f"{table}.parquet")


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": pd.Series(dtype="string")})


def collect_parts(run: str | Path, tables: tuple[str, ...]) -> None:
    """Join the parts of each per-document table into ``analysis/``, in corpus order."""
    run = Path(run)
    target = run / ANALYSIS_DIR
    target.mkdir(parents=True, exist_ok=True)
    order = read_table("documents", run)["doc_id"].tolist()
    for table in tables:
        parts = sorted((work_dir(run) / "parts").glob(f"*/{table}.parquet"))
        if combine_parts(parts, order, target / f"{table}.parquet"):
            continue
        frames = [f for f in (pd.read_parquet(p) for p in parts) if len(f)]
        if frames:
            frame = pd.concat(frames, ignore_index=True)
            # The same order whichever batch or earlier run the rows came from.
            rank = pd.Series(range(len(order)), index=order)
            positions = frame["doc_id"].map(rank).to_numpy()
            frame = frame.iloc[positions.argsort(kind="stable")].reset_index(drop=True)
        else:
            frame = schema.empty(table) if table in schema.TABLES else _no_rows()
        frame.to_parquet(target / f"{table}.parquet", index=False)


# What a run never takes from the previous one: its own documents, keys and manifest.
_NOT_REUSED = {"documents.parquet", "blocks.parquet", CACHE_KEYS_FILE, "manifest.json"}


def reuse_previous_run(previous_run: str | Path, run: str | Path) -> None:
    """Nothing changed: the corpus-level tables of the previous run are this run's tables."""
    previous, run = Path(previous_run), Path(run)
    for path in previous.iterdir():
        if path.name in _NOT_REUSED:
            continue
        target = run / path.name
        if path.is_dir():
            shutil.copytree(path, target, dirs_exist_ok=True, copy_function=link_or_copy)
        else:
            link_or_copy(path, target)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link the data files of a committed run (never written again), copy the others.

    Review sheets, CSV copies and the report are copied: a reviewer may edit them in place.
    """
    target = Path(target)
    target.unlink(missing_ok=True)
    if Path(source).suffix in {".parquet", ".npz"}:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copy2(source, target)


def unreadable_tables(run: str | Path | None) -> list[str]:
    """The Parquet files of a run folder (tables, ``analysis/``, cache keys) whose footer cannot
    be read (truncated, overwritten): a later run must not take rows from them.

    Reads only the footers (a few KiB each). Paths relative to ``run``.
    """
    if run is None:
        return []
    run = Path(run)
    damaged = []
    for path in sorted(run.glob("*.parquet")) + sorted((run / ANALYSIS_DIR).glob("*.parquet")):
        try:
            pq.read_metadata(path)
        except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
            damaged.append(path.relative_to(run).as_posix())
    return damaged


@dataclass(frozen=True)
class PreviousRun:
    """The run a new run builds on, and the newer runs skipped for unreadable tables."""

    run: Path | None
    skipped: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (run name, its unreadable files)

    def as_dict(self) -> dict[str, Any]:
        """For the run summary and the manifest: which run was used, which were skipped."""
        return {
            "used": self.run.name if self.run else None,
            "skipped": [{"run": name, "unreadable": list(files)} for name, files in self.skipped],
        }


def readable_previous_run(latest: Path | None) -> PreviousRun:
    """The run to build on: ``latest``, or when some of its tables cannot be read, the newest
    older committed run beside it whose tables all read.

    Cluster ids and labels live only in a run's tables: after a damaged ``proposals.parquet`` an
    older intact run keeps them stable where starting from nothing would renumber every cluster.
    With no intact run, ``latest`` stays the previous run (nothing is taken from its tables).
    """
    if latest is None:
        return PreviousRun(None)
    damaged = unreadable_tables(latest)
    if not damaged:
        return PreviousRun(latest)
    skipped = [(latest.name, tuple(damaged))]
    older = sorted(
        (
            p
            for p in latest.parent.iterdir()
            if p.is_dir() and not p.name.endswith(".partial") and p.name < latest.name
        ),
        reverse=True,  # run ids start with their UTC time: newest first
    )
    for run in older:
        if not (run / "manifest.json").is_file():
            continue  # not a committed run of this layout
        damaged = unreadable_tables(run)
        if not damaged:
            return PreviousRun(run, tuple(skipped))
        skipped.append((run.name, tuple(damaged)))
    return PreviousRun(latest, ())


def previous_manifest(previous: Path | None) -> dict[str, Any]:
    """The previous run's ``manifest.json`` (empty when there is none or it is unreadable)."""
    if previous is None:
        return {}
    try:
        return json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def previous_document_ids(previous: Path | None) -> set[str]:
    """The documents the previous run analysed (those with cache keys)."""
    if previous is None:
        return set()
    try:
        return set(pd.read_parquet(previous / CACHE_KEYS_FILE, columns=["doc_id"])["doc_id"])
    except (OSError, ValueError, KeyError):
        return set()


def review_fingerprint(review_dir: Path) -> list[tuple[str, int, int]]:
    """Names, sizes and modification times of the reviewers' files: a run whose review folder
    changed is not "unchanged"."""
    if not review_dir.is_dir():
        return []
    return sorted(
        (str(p.relative_to(review_dir)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in review_dir.rglob("*")
        if p.is_file()
    )
