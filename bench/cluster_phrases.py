"""Phrase features: keep only the TF-IDF bigrams that are noun phrases of the corpus.

The shipped ``ProposalVectorizer`` (representation ``tfidf_sif``) counts lemma uni+bi-grams.
Adjacent content lemmas often join the end of one phrase to the start of the next
("informatique sein"), so many bigram columns are noise. ``textmine.phrases.PhraseIndex``,
built from a corpus's key-term candidates (``analysis/term_candidates.parquet`` of a real
pipeline run; no labels), tells which lemma bigrams are phrases of the corpus.

Variants (declared before any result):

- P0: the shipped default (control). Printed as "V0" by ``cluster_ensemble``'s stages, whose
  choice rule and paired columns are keyed on that name.
- P1: after the TfidfVectorizer is fitted, its bigram columns whose ``readable()`` is None are
  removed (every unigram kept) and the rows L2-re-normalised, in ``fit_transform`` and in
  ``transform`` (titles, fold-in): same columns on both paths. One PhraseIndex per set.
- P2: unigrams only (every bigram column removed, same mechanism): do bigrams help at all?

The patch replaces ``textmine.clustering.representation.TfidfVectorizer`` (looked up when
``ProposalVectorizer.fit_transform`` builds ``tfidf_``; the other TfidfVectorizers of the module
are unigram-only and untouched, the column filter only ever drops bigrams) by a subclass that
filters its columns. Dropping columns of an L2-normalised TF-IDF row and re-normalising equals
computing it without them (idf is per column). Nothing in src/ is edited.

Stages (``--stages``): ``prepare`` writes each labelled set as a CSV (id, title, text) and runs
``textmine run`` on it to get its term candidates (cached in ``bench/results/``); ``dev`` and
``heldout`` are ``cluster_ensemble.py``'s stages (same subsets, scoring, baselines, choice rule)
with the variants above.

    cd bench && nice -n 19 ../.venv/bin/python cluster_phrases.py --stages prepare,dev,heldout
        > results/phrase_features.txt
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster_ensemble
from cluster_comments import load_comments
from cluster_data import RESULTS, load_labelled, vectors_vocab
from cluster_heldout import TUNING_SETS, print_run_end, run_textmine, source_digest, subsample

import textmine.clustering.representation
from textmine.phrases import PhraseIndex

warnings.filterwarnings("ignore")

SHIPPED_TFIDF = textmine.clustering.representation.TfidfVectorizer
TEXTMINE = Path(sys.executable).with_name("textmine")
ALL_SETS = (*TUNING_SETS, "comments")


def candidates_path(name: str) -> Path:
    return RESULTS / f"phrase_candidates_{name}.parquet"


def pipeline_candidates(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The term candidates of a real ``textmine run`` on the set's rows (cached)."""
    cache = candidates_path(name)
    if cache.exists():
        return pd.read_parquet(cache)
    with tempfile.TemporaryDirectory(prefix=f"phrases_{name}_") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        csv = corpus / f"{name}.csv"
        pd.DataFrame(
            {"id": frame["proposal_id"], "title": frame["title"], "text": frame["body"]}
        ).to_csv(csv, index=False)
        env = {
            **os.environ,
            "PREFECT_HOME": str(Path(tmp) / ".prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
        }
        start = time.perf_counter()
        subprocess.run(
            [str(TEXTMINE), "run", str(csv), "--out", str(Path(tmp) / "out")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        found = pd.read_parquet(
            Path(tmp) / "out" / "latest" / "analysis" / "term_candidates.parquet"
        )
        print(
            f"  textmine run on {name} ({len(frame)} rows): {time.perf_counter() - start:.0f} s, "
            f"{len(found)} candidate rows",
            flush=True,
        )
    found.to_parquet(cache)
    return found


class Lookup:
    """Which set a list of lemma strings comes from (the patch sees lemmas only)."""

    def __init__(self) -> None:
        self.owner: dict[str, Counter] = {}
        self.indexes: dict[str, PhraseIndex] = {}

    def add(self, name: str, frame: pd.DataFrame, index: PhraseIndex) -> None:
        self.indexes[name] = index
        for lemmas in frame["lemmas"]:
            self.owner.setdefault(lemmas, Counter())[name] += 1

    def index_for(self, lemmas) -> tuple[str, PhraseIndex]:
        votes: Counter = Counter()
        for text in lemmas:
            votes.update(self.owner.get(text, {}).keys())
        if not votes:
            raise RuntimeError("lemma strings of no known set")
        name = votes.most_common(1)[0][0]
        return name, self.indexes[name]


LOOKUP = Lookup()
# (variant, set) -> [(unigrams, bigrams, dropped bigrams)], one per cluster_proposals call
DROPPED: dict[tuple[str, str], list[tuple[int, int, int]]] = {}


def filtered_tfidf(keep_bigram: Callable[[PhraseIndex, str], bool], variant: str) -> type:
    """A TfidfVectorizer that drops the bigram columns ``keep_bigram`` rejects."""

    class Filtered(SHIPPED_TFIDF):
        def fit_transform(self, raw_documents, y=None):
            matrix = super().fit_transform(raw_documents, y)
            self.keep_ = None
            # Only ProposalVectorizer's (uni+bi-grams, stop words); not find_near_duplicates'
            # (no stop words) nor the unigram word weights.
            if self.ngram_range != (1, 2) or self.stop_words is None:
                return matrix
            name, index = LOOKUP.index_for(raw_documents)
            names = super().get_feature_names_out()
            bigram = np.array([" " in n for n in names])
            kept = np.array(
                [not b or keep_bigram(index, n) for n, b in zip(names, bigram, strict=True)]
            )
            self.keep_ = np.flatnonzero(kept)
            DROPPED.setdefault((variant, name), []).append(
                (int((~bigram).sum()), int(bigram.sum()), int((~kept).sum()))
            )
            return normalize(matrix[:, self.keep_]).tocsr()

        def transform(self, raw_documents):
            if getattr(self, "keep_", None) is None:  # fitted by .fit(): untouched
                return super().transform(raw_documents)
            return normalize(super().transform(raw_documents)[:, self.keep_]).tocsr()

        def get_feature_names_out(self, input_features=None):
            names = super().get_feature_names_out(input_features)
            keep = getattr(self, "keep_", None)
            return names if keep is None else names[keep]

    return Filtered


VECTORIZERS: dict[str, type] = {
    "V0": SHIPPED_TFIDF,  # P0, the shipped default
    "P1": filtered_tfidf(lambda index, bigram: index.readable(bigram) is not None, "P1"),
    "P2": filtered_tfidf(lambda index, bigram: False, "P2"),
    "_all": filtered_tfidf(lambda index, bigram: True, "_all"),  # rebuild check only
}


class Patched:
    """``cluster_ensemble.Patched``'s interface, replacing the TfidfVectorizer instead."""

    def __init__(self, name: str) -> None:
        self.vectorizer = VECTORIZERS[name]
        self.seconds: list[float] = []

    def __enter__(self) -> Patched:
        textmine.clustering.representation.TfidfVectorizer = self.vectorizer
        return self

    def __exit__(self, *exc: object) -> None:
        textmine.clustering.representation.TfidfVectorizer = SHIPPED_TFIDF


def check_rebuild(sets, vocab) -> None:
    """The filter keeping every column must give the shipped partitions (patch is neutral)."""
    for name in TUNING_SETS:
        part = subsample(sets[name], 0, 0.9)
        k = sets[name]["gold"].nunique()
        found = []
        for variant in ("V0", "_all"):
            with Patched(variant):
                found.append(run_textmine(part, vocab, 0, n_clusters=k, unclustered_share=0.0)[0])
        same = bool((found[0] == found[1]).all())
        print(f"rebuild check on {name} subset 0: keep-all filter == shipped: {same}")
        if not same:
            raise RuntimeError("the column filter is not neutral")
    for name in TUNING_SETS:
        DROPPED.pop(("_all", name), None)


def index_report(name: str, frame: pd.DataFrame, found: pd.DataFrame, index: PhraseIndex) -> None:
    """Size of the index, and the share of the set's distinct lemma bigrams it reads."""
    bigrams = Counter()
    for lemmas in frame["lemmas"]:
        words = lemmas.split()
        bigrams.update(set(pairwise(words)))
    df2 = [" ".join(b) for b, c in bigrams.items() if c >= 2]
    read = [b for b in df2 if index.readable(b) is not None]
    print(
        f"  {name:10s} {len(frame):4d} rows; {found['term'].nunique():5d} distinct candidate terms "
        f"-> {len(index):5d} phrase keys; bigrams in >= 2 rows: {len(df2):5d}, readable "
        f"{len(read):4d} ({len(read) / max(len(df2), 1):.0%}); e.g. "
        + ", ".join(f"{b!r}->{index.readable(b)!r}" for b in read[:4]),
        flush=True,
    )


def dropped_report() -> None:
    print("\ncolumns of the fitted lemma TF-IDF per cluster_proposals call (mean over calls)")
    for (variant, name), rows in DROPPED.items():
        uni, bi, dropped = np.asarray(rows, dtype=float).mean(axis=0)
        print(
            f"  {variant} {name:10s}: {len(rows)} calls; unigrams {uni:.0f}, bigrams {bi:.0f}, dropped "
            f"{dropped:.0f} ({dropped / max(bi, 1):.0%} of bigrams)"
        )
    DROPPED.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stages", default="prepare,dev,heldout")
    parser.add_argument("--runs", type=int, default=10, help="dev subsets per set")
    parser.add_argument("--eval-runs", type=int, default=5, help="held-out subsets")
    parser.add_argument("--share", type=float, default=0.9)
    args = parser.parse_args()
    stages = args.stages.split(",")
    t_start = time.perf_counter()
    digest = source_digest()
    print(
        f"textmine sources {digest}; variants V0 (= P0, shipped), P1 (phrase bigrams), P2 (no bigrams)"
    )
    sets = load_labelled()
    sets["comments"] = load_comments()
    print("\n=== PHRASE INDEXES (one per set, from its own textmine run's term_candidates)")
    for name in ALL_SETS:
        if "prepare" not in stages and not candidates_path(name).exists():
            raise RuntimeError(f"no candidates for {name}: run the prepare stage")
        found = pipeline_candidates(name, sets[name])
        index = PhraseIndex.from_candidates(found)
        LOOKUP.add(name, sets[name], index)
        index_report(name, sets[name], found, index)
    vocab = vectors_vocab()
    cluster_ensemble.VARIANTS = {name: None for name in ("V0", "P1", "P2")}
    cluster_ensemble.Patched = Patched
    chosen = None
    if "dev" in stages:
        check_rebuild(sets, vocab)
        chosen = cluster_ensemble.dev_stage(sets, vocab, args.runs, args.share)
        dropped_report()
    if "heldout" in stages:
        if chosen is None:
            print("held-out stage skipped: no chosen variant")
        else:
            cluster_ensemble.heldout_stage(vocab, chosen, args.eval_runs, args.share)
            dropped_report()
    print_run_end(digest, t_start)


if __name__ == "__main__":
    main()
