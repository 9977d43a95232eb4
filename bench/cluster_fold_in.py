"""What folding new proposals into existing clusters costs in quality, against reclustering.

A rerun after a small change keeps the previous clusters and puts each new proposal in the
nearest one (``cluster_proposals(..., previous=..., fold_in=True)``), until the changes since the
last full clustering exceed ``clustering.refit_share`` (10 % by default). This bench measures, on
the labelled consultations, the NMI/ARI against the gold labels of:

- a full clustering of all proposals (what ``--force`` or a refit gives);
- a full clustering of a random ``1 - share`` of them, then the rest folded in;

for shares of 2, 5, 10 and 20 %, 5 random splits each (mean ± std), k automatic, unclustered
counted as a group; and the time of each.

Needs ../shared/corpora. Time: about 2 x 4 x 5 clusterings per set (0.1-0.6 s each) plus
loading the model. Raw output may go to ``bench/results/`` (git-ignored); the figures that
matter go into ``bench/RESULTS.md``.

    nice -n 19 python -m bench.cluster_fold_in [--sets repnum,granddebat,rua] [--runs 5]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from bench._data import load_labelled, vectors_vocab
from textmine.clustering import cluster_proposals
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")


def _scores(frame, clustered) -> tuple[float, float]:
    gold = frame.set_index("proposal_id")["gold"]
    predicted = clustered.set_index("proposal_id")["cluster_id"].reindex(gold.index)
    return (
        normalized_mutual_info_score(gold, predicted),
        adjusted_rand_score(gold, predicted),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="repnum,granddebat,rua")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shares", default="0.02,0.05,0.1,0.2")
    args = parser.parse_args()
    sets = load_labelled()
    vocab = vectors_vocab()
    config = ClusteringConfig()
    print(f"{'set':11s} {'method':26s} {'NMI':>13s} {'ARI':>13s} {'s/run':>6s}")
    for name in args.sets.split(","):
        frame = sets[name]
        started = time.perf_counter()
        full, _ = cluster_proposals(frame, config, vocab=vocab)
        full_time = time.perf_counter() - started
        nmi, ari = _scores(frame, full)
        print(f"{name:11s} {'full clustering':26s} {nmi:13.3f} {ari:13.3f} {full_time:6.2f}")
        for share in (float(s) for s in args.shares.split(",")):
            rows = []
            for run in range(args.runs):
                rng = np.random.default_rng(run)
                new = rng.random(len(frame)) < share
                previous, _ = cluster_proposals(frame[~new], config, vocab=vocab)
                started = time.perf_counter()
                folded, _ = cluster_proposals(
                    frame, config, previous=previous, vocab=vocab, fold_in=True
                )
                elapsed = time.perf_counter() - started
                rows.append((*_scores(frame, folded), elapsed))
            values = np.array(rows)
            mean, std = values.mean(axis=0), values.std(axis=0)
            label = f"fit {1 - share:.0%} + fold in {share:.0%}"
            print(
                f"{name:11s} {label:26s} {mean[0]:7.3f}±{std[0]:.3f} {mean[1]:7.3f}±{std[1]:.3f} "
                f"{mean[2]:6.2f}"
            )


if __name__ == "__main__":
    main()
