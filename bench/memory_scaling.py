"""Benchmark: how peak memory of a cold run grows with corpus size and batch size (issue: operations).

Runs ``textmine run`` cold on corpora built as in ``pipeline_vs_spacy.py`` (press releases and
consultation contributions from ../shared/corpora, varied so that no two documents are
identical) at several sizes, and once more with smaller batches, sampling every 0.5 s the RSS of
each process of the run: the flow's own process, the worker processes that parse, the
clustering child (forked from the flow's process) and Prefect's server. Prints, per run, the
peak of each kind of process and the flow's process peak during each stage.

What "bounded by batch size" means here: the per-document stage streams documents through the
workers a batch at a time, so the workers' peak should not grow with the corpus; corpus-level
stages (topic model, clustering, review sheets) hold compact per-corpus tables, whose growth
this script shows.

Needs ../shared/corpora and a quiet machine. Time: not recorded as a whole; it makes three cold
runs (250,000 and 1,000,000 words, and 1,000,000 with small batches; a cold run at a million
words takes 131-170 s, see RESULTS.md O1). Prints figures; it is not a test. Raw output may go to ``bench/results/`` (git-ignored,
``memoryN.txt``); the figures that matter go into ``bench/RESULTS.md``.

    nice -n 19 .venv/bin/python -m bench.memory_scaling [--words 250000,1000000]
        [--small-batch-words 1000000] > bench/results/memoryN.txt

 RSS counts pages shared with the parent after a fork in each
process (the workers share most of the model with the flow's process); the total of the run's
processes together is their summed PSS (each shared page counted once, split between sharers):
the memory the machine needs for the run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from bench._data import ROOT, build_corpus, venv_bin
from bench._timing import descendants, pss_mib, rss_mib


def measure(corpus: Path, out: Path, extra: list[str]) -> dict:
    """One cold run; returns peaks (MiB) by process kind and the flow process's peak by stage."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(
        os.environ,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_HOME=str(out.parent / ".prefect"),
    )
    command = [venv_bin("textmine"), "run", str(corpus), "--out", str(out), *extra]
    started = time.time()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    samples: list[tuple[float, int, dict[str, int]]] = []
    total_pss = 0
    while process.poll() is None:
        now = time.time() - started
        others: dict[str, int] = {}
        pss = pss_mib(process.pid)
        for pid, args in descendants(process.pid):
            kind = "prefect server" if "uvicorn" in args else "workers / clustering child"
            others[kind] = max(others.get(kind, 0), rss_mib(pid))
            pss += pss_mib(pid)
        samples.append((now, rss_mib(process.pid), others))
        total_pss = max(total_pss, pss)
        time.sleep(0.5)
    if process.returncode not in (0, 3):
        raise SystemExit(f"textmine run failed with {process.returncode}")
    manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    by_stage: dict[str, int] = {}
    stage_start = manifest["started_at"] - started
    for stage, seconds in manifest["timings"].items():
        window = [m for t, m, _ in samples if stage_start <= t <= stage_start + seconds + 0.5]
        by_stage[stage] = max(window, default=0)
        stage_start += seconds
    peaks = {"flow process": max(m for _, m, _ in samples)}
    for _, _, others in samples:
        for kind, mib in others.items():
            peaks[kind] = max(peaks.get(kind, 0), mib)
    return {
        "peaks": peaks,
        "by_stage": by_stage,
        "total_pss": total_pss,
        "wall": round(time.time() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", default="250000,1000000")
    parser.add_argument("--small-batch-words", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "results" / "memory")
    args = parser.parse_args()
    runs: list[tuple[str, int, list[str]]] = [
        (f"{int(w):,} words, default batches", int(w), []) for w in args.words.split(",")
    ]
    if args.small_batch_words:
        runs.append(
            (
                f"{args.small_batch_words:,} words, batches of 500 documents / 500,000 chars",
                args.small_batch_words,
                ["--set", "nlp.docs_per_task=500", "--set", "nlp.chars_per_task=500000"],
            )
        )
    for label, words, extra in runs:
        target = args.workdir / f"w{words}"
        corpus, texts = build_corpus(target / "corpus", words)
        result = measure(corpus, target / "outputs", extra)
        stages = ", ".join(f"{k} {v}" for k, v in result["by_stage"].items())
        peaks = ", ".join(f"{k} {v}" for k, v in result["peaks"].items())
        print(f"{label} ({len(texts):,} documents, {result['wall']} s)", flush=True)
        print(f"  peak RSS (MiB): {peaks}", flush=True)
        print(
            f"  peak memory of all the run's processes together (PSS, MiB): {result['total_pss']}"
        )
        print(f"  flow process peak by stage (MiB): {stages}", flush=True)


if __name__ == "__main__":
    main()
