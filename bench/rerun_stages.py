"""Benchmark: the CPU time of a rerun's themes stage and clustering, run again on a copy (O13).

Takes a finished run that folded in (e.g. ``pipeline_vs_spacy``'s (d), a rerun after adding one
document) and its previous run, copies the run to a scratch folder and runs there, in this
process, what the flow ran: the themes task (its fold-in from the previous run's model), the
clustering the flow forks beside it (the spaCy vocabulary loaded first, as the fork inherits
it), and the rest of the proposals task. Prints each part's CPU time of this thread (one BLAS
thread, as the flow's themes; a loaded machine does not inflate it as it does wall time), and
with ``--profile`` cProfile's top functions; with ``--compare`` every Parquet table of the
scratch copy against another folder (pandas ``equals`` and dtypes), to check that two versions
of the code give the same outputs from the same run. Side by side: run it from two checkouts
alternately (``PYTHONPATH``), each with the previous run its own code wrote (a model pickled by
one version is not read by another).

    PYTHONPATH=src:. .venv/bin/python -m bench.rerun_stages RUN PREVIOUS [--parts themes,cluster]
        [--profile] [--scratch DIR] [--compare OTHER_SCRATCH]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits


def compare_tables(first: Path, second: Path) -> list[str]:
    """The Parquet tables (the run's and its ``analysis/``) that differ or are missing."""
    differ = []
    for path in sorted([*first.glob("*.parquet"), *first.glob("analysis/*.parquet")]):
        other = second / path.relative_to(first)
        if not other.exists():
            differ.append(f"{path.relative_to(first)} (missing)")
            continue
        a, b = pd.read_parquet(path), pd.read_parquet(other)
        if not (
            a.equals(b) and list(a.columns) == list(b.columns) and (a.dtypes == b.dtypes).all()
        ):
            differ.append(str(path.relative_to(first)))
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("previous", type=Path)
    parser.add_argument("--parts", default="themes,cluster,proposals")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--scratch", type=Path, default=None)
    parser.add_argument("--compare", type=Path, default=None)
    args = parser.parse_args()

    from flows import tasks
    from textmine.config import TextmineConfig
    from textmine.runs import work_dir

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="rerun-stages-")) / "run"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(args.run, scratch)
    work_dir(scratch).mkdir(exist_ok=True)
    manifest = json.loads((args.run / "manifest.json").read_text(encoding="utf-8"))
    previous = json.loads((args.previous / "manifest.json").read_text(encoding="utf-8"))
    config = TextmineConfig.model_validate(manifest["config"])
    config_json = config.model_dump_json()
    cluster_state = previous.get("incremental", {}).get("clustering")
    parts = args.parts.split(",")
    # Outside a flow: the clustering is not collected from a forked process, nor logged.
    tasks.collect_background = lambda *_, **__: ({}, {})
    tasks.get_run_logger = lambda: logging.getLogger("rerun_stages")
    if "cluster" in parts:  # the forked clustering inherits the loaded vocabulary
        from textmine.nlp import cached_pipeline

        cached_pipeline(config.nlp.model, config.entities.model_dump_json())
        import textmine.clustering  # noqa: F401  (imported by the flow's process before the fork)
    calls = {
        "themes": lambda: tasks.themes_task.fn(
            str(scratch), config_json, manifest["incremental"]["themes"], str(args.previous)
        ),
        "cluster": lambda: tasks.cluster_run(
            str(scratch), config_json, str(args.previous), cluster_state, False
        ),
        "proposals": lambda: tasks.proposals_task.fn(
            str(scratch), config_json, str(args.previous), cluster_state, False
        ),
    }
    for part in parts:
        profile = cProfile.Profile() if args.profile else None
        cpu, wall = time.thread_time(), time.perf_counter()
        with threadpool_limits(limits=1):
            if profile:
                profile.enable()
            calls[part]()
            if profile:
                profile.disable()
        print(
            f"{part}: {time.thread_time() - cpu:.3f} CPU-s, {time.perf_counter() - wall:.3f} s wall",
            flush=True,
        )
        if profile:
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(20)
    if args.compare:
        differ = compare_tables(scratch, args.compare)
        print(f"tables differing from {args.compare}: {differ or 'none'}")
    print(f"scratch copy: {scratch}")


if __name__ == "__main__":
    main()
