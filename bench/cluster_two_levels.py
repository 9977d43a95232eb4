"""Two levels of proposal clusters scored against two levels of gold labels (RESULTS.md C21).

On each set with two levels of labels (repnum's proposals: 7 bill chapters over 18 sections;
repnum's arguments: the same chapters and sections; the Grand Débat comments: 4 themes over 29
questions), on ``--runs`` random 90 % subsets (seed = run, ``random_state`` = run):

- the lower level: ``cluster_proposals`` at the lower gold k (the default otherwise), scored
  against the lower labels;
- the top level: ``group_clusters`` on those clusters (agglomerative clustering of their
  centroids), at the top gold k and at the automatic number of groups, scored against
  the top labels;
- for comparison, ``cluster_proposals`` run directly at the top gold k, and the lower clusters
  themselves, against the top labels;
- the linkage of the groups (``clustering.group_linkage``: average, complete, Ward) on the same
  clusters, and which one leave-one-set-out would choose: for each set, the linkage with the best
  mean NMI at the top gold k over the other sets, scored on the held-out set.

NMI and ARI with "unclustered" counted as one group (the protocol of ``_clustering``); mean ±
std over the subsets, and the paired difference groups − direct clustering at top k. None of
these labels chose any setting of the groups (``sqrt(k)`` is a size rule). Needs
../shared/corpora.

    nice -n 10 python -m bench.cluster_two_levels [--runs 5] [--sets repnum,arguments-repnum,comments]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from bench._clustering import print_run_end, scores, source_digest
from bench._data import (
    load_arguments,
    load_comments,
    load_labelled,
    repnum_chapters,
    subsample,
    vectors_vocab,
)
from bench._report import cell, paired
from textmine.clustering import ClusterRows, cluster_proposals, group_clusters
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")

SETS = ("repnum", "arguments-repnum", "comments")
LINKAGES = ("average", "complete", "ward")


def two_level_set(name: str) -> pd.DataFrame:
    """The set with ``top`` and ``low`` gold columns."""
    if name == "repnum":
        repnum = load_labelled()["repnum"]
        chapters = repnum_chapters(repnum)
        return repnum.assign(low=repnum["gold"], top=chapters["gold"].to_numpy())
    if name == "arguments-repnum":
        frame = load_arguments("repnum")
        return frame.assign(low=frame["section"], top=frame["chapter"])
    if name == "comments":
        frame = load_comments()
        return frame.assign(low=frame["debate_id"], top=frame["debate_theme"])
    raise SystemExit(f"unknown set {name!r}: one of {', '.join(SETS)}")


def score_run(part: pd.DataFrame, k_low: int, k_top: int, run: int, vocab) -> dict[str, dict]:
    """Every score of one subset, seed = run."""
    top, low = part["top"].to_numpy(), part["low"].to_numpy()
    config = ClusteringConfig(random_state=run, n_clusters=k_low)
    rows = ClusterRows()
    start = time.perf_counter()
    clustered, clusters = cluster_proposals(part, config, vocab=vocab, on_rows=rows)
    lower_time = time.perf_counter() - start
    out: dict[str, dict] = {
        "clusters vs lower labels": scores(low, clustered["cluster_id"].to_numpy()),
        "clusters vs top labels": scores(top, clustered["cluster_id"].to_numpy()),
    }
    out["clusters vs lower labels"]["time"] = lower_time
    for linkage in LINKAGES:
        for n_groups in (k_top, "auto"):
            label = f"groups {linkage} n={n_groups} vs top"
            start = time.perf_counter()
            settings = {"n_groups": n_groups, "group_linkage": linkage}
            grouped, _, groups = group_clusters(
                clustered, clusters, rows, config.model_copy(update=settings)
            )
            sizes = groups.loc[groups["group_id"] >= 0, "size"]
            out[label] = {
                **scores(top, grouped["group_id"].to_numpy()),
                "time": time.perf_counter() - start,
                "groups": float(len(sizes)),
                # balance: the largest group's share of the clustered proposals
                "largest": float(sizes.max() / max(sizes.sum(), 1)),
            }
    start = time.perf_counter()
    direct, _ = cluster_proposals(
        part, config.model_copy(update={"n_clusters": k_top}), vocab=vocab
    )
    out[f"direct k={k_top} vs top"] = {
        **scores(top, direct["cluster_id"].to_numpy()),
        "time": time.perf_counter() - start,
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="random subsets per set")
    parser.add_argument("--share", type=float, default=0.9, help="share of each set per subset")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    started, digest = time.perf_counter(), source_digest()
    vocab = vectors_vocab()
    by_set: dict[str, dict[str, list[dict]]] = {}
    for name in args.sets.split(","):
        frame = two_level_set(name)
        k_low, k_top = frame["low"].nunique(), frame["top"].nunique()
        print(f"\n{name}: {len(frame)} rows, {k_top} top labels over {k_low} lower labels")
        results: dict[str, list[dict]] = {}
        by_set[name] = results
        for run in range(args.runs):
            part = subsample(frame, run, args.share)
            for label, row in score_run(part, k_low, k_top, run, vocab).items():
                results.setdefault(label, []).append(row)
        print(f"{'':36s} {'NMI':>12s} {'ARI':>12s} {'uncl':>5s} {'k':>5s} {'s/run':>6s}")
        for label, rows in results.items():
            groups = (
                f" groups {np.mean([r['groups'] for r in rows]):.1f},"
                f" largest {np.mean([r['largest'] for r in rows]):.2f}"
                if "groups" in rows[0]
                else ""
            )
            print(
                f"{label:36s} {cell(r['nmi'] for r in rows):>12s} {cell(r['ari'] for r in rows):>12s}"
                f" {np.mean([r['unclustered'] for r in rows]):5.2f}"
                f" {np.mean([r['k'] for r in rows]):5.1f}"
                f" {np.mean([r['time'] for r in rows]) if 'time' in rows[0] else 0:6.2f}{groups}"
            )
        direct = results[f"direct k={k_top} vs top"]
        for label in (f"groups {k} n={n} vs top" for k in LINKAGES for n in (k_top, "auto")):
            for metric in ("nmi", "ari"):
                print(
                    f"{label} minus direct k={k_top}, {metric.upper()}: "
                    + paired([r[metric] for r in results[label]], [r[metric] for r in direct])
                )
    leave_one_set_out(by_set)
    print_run_end(digest, started)


def leave_one_set_out(by_set: dict[str, dict[str, list[dict]]]) -> None:
    """For each set, the linkage with the best mean NMI (groups at the top gold k) over the
    other sets, and its NMI on the held-out set next to the average link's."""
    if len(by_set) < 2:
        return

    def nmi(name: str, linkage: str) -> float:
        label = next(
            k for k in by_set[name] if k.startswith(f"groups {linkage} n=") and "auto" not in k
        )
        return float(np.mean([r["nmi"] for r in by_set[name][label]]))

    print("\nleave one set out (linkage chosen on the other sets, groups at the top gold k):")
    for held in by_set:
        others = [n for n in by_set if n != held]
        chosen = max(LINKAGES, key=lambda k: np.mean([nmi(n, k) for n in others]))
        best = max(LINKAGES, key=lambda k: nmi(held, k))
        print(
            f"  {held:18s} chosen {chosen:8s} NMI {nmi(held, chosen):.3f}"
            f" (average {nmi(held, 'average'):.3f}; best on this set: {best})"
        )


if __name__ == "__main__":
    main()
