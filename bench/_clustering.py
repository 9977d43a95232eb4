"""The clustering benches' shared protocol: scores, naive baselines, one textmine run, and the
scoring of the shipped defaults on random subsets of a labelled set.

Protocol (sessions 2-7): NMI and ARI against the gold labels with "unclustered" counted as its
own group ("excl": the unclustered rows left out); random 90 % subsets drawn by
``_data.subsample`` (seed = run), textmine with ``random_state = run`` and the baselines seeded
= run on the same subsets, so that differences are paired per subset; mean ± std over subsets.
"""

from __future__ import annotations

import hashlib
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import normalize

from bench._data import COMMENT_LABELS, subsample
from bench._report import cell
from bench._timing import minutes_since

warnings.filterwarnings("ignore")

#: The development sets: every clustering default so far was chosen on them.
TUNING_SETS = ("repnum", "granddebat", "rua")
METRICS = ("nmi", "ari", "nmi_x", "ari_x")


def scores(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    kept = predicted >= 0
    return {
        "nmi": normalized_mutual_info_score(gold, predicted),
        "ari": adjusted_rand_score(gold, predicted),
        "nmi_x": normalized_mutual_info_score(gold[kept], predicted[kept]) if kept.any() else 0.0,
        "ari_x": adjusted_rand_score(gold[kept], predicted[kept]) if kept.any() else 0.0,
        "unclustered": float((~kept).mean()),
        "k": float(len(set(predicted[kept]))),
    }


def baselines(frame, k: int, seed: int, vocab) -> dict[str, np.ndarray]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    words = TfidfVectorizer(stop_words=sorted(STOP_WORDS), sublinear_tf=True).fit_transform(
        frame["text"]
    )
    lemmas = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform(
        frame["lemmas"]
    )
    lsa = normalize(TruncatedSVD(100, random_state=seed).fit_transform(lemmas))
    table = vocab.vectors
    data = np.asarray(table.data)
    means = []
    for text in frame["lemmas"]:
        rows = [table.find(key=w) for w in text.split()]
        rows = [r for r in rows if r >= 0]
        means.append(data[rows].mean(axis=0) if rows else np.zeros(data.shape[1]))
    means = np.asarray(means)
    # BERTopic with TF-IDF "embeddings": SVD for its dimensionality reduction, KMeans for its
    # clustering model (no sentence-transformers/UMAP/HDBSCAN here). Its c-TF-IDF only names
    # topics, so the partition is SVD + KMeans: 5 dimensions as BERTopic's UMAP default, and 10
    # normalised (the best of 5/10/50/100 x raw/normalised on repnum, 0.22 as in the issue).
    svd5 = TruncatedSVD(5, random_state=seed).fit_transform(lemmas)
    svd10 = normalize(TruncatedSVD(10, random_state=seed).fit_transform(lemmas))
    return {
        "bertopic-like svd5+kmeans": KMeans(k, n_init=10, random_state=seed).fit_predict(svd5),
        "bertopic-like svd10n+kmeans": KMeans(k, n_init=10, random_state=seed).fit_predict(svd10),
        "tfidf words + kmeans": KMeans(k, n_init=10, random_state=seed).fit_predict(words),
        "tfidf lemmas + lsa + agglo": AgglomerativeClustering(k).fit_predict(lsa),
        "spacy mean vectors + kmeans": KMeans(k, n_init=10, random_state=seed).fit_predict(means),
    }


def run_textmine(part: pd.DataFrame, vocab, run: int, **settings) -> tuple[np.ndarray, float]:
    """``cluster_proposals`` with ``ClusteringConfig(random_state=run, **settings)``: the
    cluster ids in row order and the seconds taken."""
    from textmine.clustering import cluster_proposals
    from textmine.config import ClusteringConfig

    config = ClusteringConfig(random_state=run, **settings)
    start = time.perf_counter()
    clustered, _ = cluster_proposals(part, config, vocab=vocab)
    return clustered["cluster_id"].to_numpy(), time.perf_counter() - start


def source_digest() -> str:
    """Short hash of the clustering and config sources (src/ may change during other work):
    the module ``textmine.clustering`` or, once it is a package, every module in it."""
    import textmine.clustering
    import textmine.config

    clustering = Path(textmine.clustering.__file__).resolve()
    files = (
        sorted(clustering.parent.rglob("*.py"))
        if clustering.name == "__init__.py"
        else [clustering]
    )
    digest = hashlib.sha256()
    for path in [*files, Path(textmine.config.__file__).resolve()]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def print_run_end(digest: str, started: float) -> None:
    """Warn when the textmine sources changed since ``digest``; print the run time."""
    now = source_digest()
    if now != digest:
        print(f"WARNING: textmine sources changed during the run ({digest} -> {now})")
    print(minutes_since(started))


def evaluate(part: pd.DataFrame, k: int, run: int, vocab) -> dict[str, dict[str, float]]:
    """Scores of the default (gold and auto k) and the baselines on one frame, seed = run."""
    gold = part["gold"].to_numpy()
    top = (part["depth"] == 0).to_numpy()
    rows: dict[str, dict[str, float]] = {}
    kept = None
    for label, n_clusters in ((f"default k={k}", k), ("default auto k", "auto")):
        predicted, elapsed = run_textmine(part, vocab, run, n_clusters=n_clusters)
        rows[label] = {**scores(gold, predicted), "time": elapsed}
        rows[label]["nmi_top"] = scores(gold[top], predicted[top])["nmi"]
        if kept is None:
            kept = predicted >= 0  # rows the default at gold k clusters
    start = time.perf_counter()
    predictions = baselines(part, k, run, vocab)
    elapsed = (time.perf_counter() - start) / len(predictions)
    for label, predicted in predictions.items():
        predicted = np.asarray(predicted)
        row = {**scores(gold, predicted), "time": elapsed}
        # the baseline on the rows the default keeps, to pair with the default's "excl" scores
        same = scores(gold[kept], predicted[kept])
        row["nmi_same"], row["ari_same"] = same["nmi"], same["ari"]
        row["nmi_top"] = scores(gold[top], predicted[top])["nmi"]
        rows[f"baseline {label}"] = row
    return rows


def report(title: str, results: dict[str, list[dict[str, float]]], k: int) -> dict:
    """Print the table and the paired difference of the default at gold k minus the best baseline."""
    print(f"\n{title}")
    print(
        f"{'method':40s} {'NMI':>12s} {'ARI':>12s} {'NMI excl':>12s} {'ARI excl':>12s} "
        f"{'NMI d0':>12s} {'uncl':>5s} {'k':>5s} {'s/run':>6s}"
    )
    for label, rows in results.items():
        print(
            f"{label:40s} "
            + " ".join(f"{cell([r[m] for r in rows]):>12s}" for m in (*METRICS, "nmi_top"))
            + f" {np.mean([r['unclustered'] for r in rows]):5.2f}"
            f" {np.mean([r['k'] for r in rows]):5.1f} {np.mean([r['time'] for r in rows]):6.2f}"
        )
    base_labels = [label for label in results if label.startswith("baseline")]
    best = max(base_labels, key=lambda b: np.mean([r["nmi"] for r in results[b]]))
    default = results[f"default k={k}"]

    def paired(mine: str, theirs: str) -> np.ndarray:
        return np.array([r[mine] for r in default]) - np.array([r[theirs] for r in results[best]])

    diffs = {
        "NMI": paired("nmi", "nmi"),
        "ARI": paired("ari", "ari"),
        "NMI excl (baseline on the same rows)": paired("nmi_x", "nmi_same"),
        "ARI excl (baseline on the same rows)": paired("ari_x", "ari_same"),
        "NMI on depth-0 comments only": paired("nmi_top", "nmi_top"),
    }
    print(f"default k={k} minus the best baseline by mean NMI ({best.removeprefix('baseline ')}):")
    for name, diff in diffs.items():
        spread = diff.std()
        print(
            f"  {name:38s} {cell(diff)}  won {int((diff > 0).sum())}/{len(diff)}"
            f"  (mean/std {diff.mean() / spread if spread else float('inf'):+.1f})"
        )
    return {"best": best, "diffs": diffs}


def score_label_sets(
    frame: pd.DataFrame,
    columns: list[str],
    vocab,
    runs: int,
    share: float,
    whole_seeds: int,
    names: dict[str, str] = COMMENT_LABELS,
) -> None:
    """Score the default and the baselines against each label column of ``frame``: ``runs``
    random subsets of ``share`` of the rows, then the whole set over ``whole_seeds`` seeds."""
    summary = []
    for column in columns:
        labelled = frame.assign(gold=frame[column])
        k = labelled["gold"].nunique()
        sizes = labelled["gold"].value_counts()
        print(
            f"\n=== {column} ({names.get(column, column)}): k={k}, sizes {sizes.max()}..."
            f"{sizes.min()} (median {int(sizes.median())})"
        )
        results: dict[str, list[dict[str, float]]] = {}
        for run in range(runs):
            print(f"{column}: subset {run}", file=sys.stderr, flush=True)
            part = subsample(labelled, run, share)
            for label, row in evaluate(part, k, run, vocab).items():
                results.setdefault(label, []).append(row)
        sub = report(f"{column}: {runs} x {share:.0%} subsets", results, k)
        summary.append((column, k, "subsets", sub))
        if not whole_seeds:
            continue
        whole: dict[str, list[dict[str, float]]] = {}
        for seed in range(whole_seeds):
            print(f"{column}: whole set, seed {seed}", file=sys.stderr, flush=True)
            for label, row in evaluate(labelled, k, seed, vocab).items():
                whole.setdefault(label, []).append(row)
        full = report(f"{column}: whole set, seeds 0..{whole_seeds - 1}", whole, k)
        summary.append((column, k, "whole set", full))

    print("\nsummary at gold k (default minus the best baseline by mean NMI, paired):")
    for column, k, name, part in summary:
        nmi, ari = part["diffs"]["NMI"], part["diffs"]["ARI"]
        print(
            f"  {column:12s} k={k:2d} {name:9s} vs {part['best'].removeprefix('baseline '):28s}"
            f" NMI {cell(nmi)} won {int((nmi > 0).sum())}/{len(nmi)};"
            f" ARI {cell(ari)} won {int((ari > 0).sum())}/{len(ari)}"
        )
