"""Ensemble clustering: add KMeans-on-SVD partitions to the spectral co-association consensus.

``textmine.clustering.algorithms.consensus_spectral`` (called by ``fit_labels``) is replaced by
variants that add KMeans partitions of the L2-normalised TruncatedSVD projection of the same
representation matrix (the BERTopic-like view) to the spectral partitions of the kNN graphs
before the co-association step; the final step stays a spectral clustering of the co-association
graph. Every variant is deterministic for a given ``random_state``:

- V0: the shipped ``consensus_spectral`` (control).
- V1: + KMeans(k, n_init=1, random_state=rs+i) on normalize(TruncatedSVD(10, rs)), i = 0..4.
- V2: as V1 with d in (10, 25) x 3 seeds.
- V3: as V1, the co-association computed on the union of the kNN lists of the representation
  (as now) and of the SVD projection (same neighbour count): O(n * k) memory, no n x n matrix.
- V4 (declared before any held-out result): as V2, but the 3 KMeans of each projection use
  k, ceil(1.5 k) and 2 k clusters (evidence accumulation with finer base partitions).

Stages (``--stages``, comma-separated):

- ``dev``: repnum (18 sections), granddebat (5), rua (3) at gold k, ``unclustered_share=0``, on
  the 10 random 90 % subsets ``cluster_heldout.py`` selects on (random_state = run); NMI and ARI
  mean ± std per set and variant, paired differences to V0 and to the svd10n baseline, and the
  choice: best mean NMI over the three sets with no mean ARI loss vs V0 above 0.01 on any set.
- ``heldout``: the debate comments (questions k=29, themes k=4) with ``cluster_comments.py``'s
  protocol (its ``evaluate``: 5 x 90 % subsets, default unclustered_share, unclustered as its own
  group) for V0 and the chosen variant (``--chosen``, else the dev choice).
- ``timing``: seconds per ``cluster_proposals`` call and per consensus call on repnum (662) and
  on ``cluster_scale.synthetic`` proposals (~4,800 distinct at ``--scale-n 5000``).

    cd bench && nice -n 19 ../.venv/bin/python cluster_ensemble.py [--stages dev,heldout,timing]
        > results/ensemble.txt
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_comments import LABELS, evaluate, load_comments
from cluster_data import load_labelled, vectors_vocab
from cluster_heldout import TUNING_SETS, cell, print_run_end, run_textmine, source_digest, subsample
from cluster_labelled import baselines
from cluster_scale import synthetic

import textmine.clustering.algorithms
from textmine.clustering import find_near_duplicates
from textmine.clustering.algorithms import (
    _coassociation_affinity,
    _neighbour_lists,
    _spectral_labels,
)
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")

SHIPPED = textmine.clustering.algorithms.consensus_spectral
SVD10N = "bertopic-like svd10n+kmeans"
ARI_TOLERANCE = 0.01


def _symmetric_knn(nearest: np.ndarray, size: int) -> sp.csr_matrix:
    """Each row linked to itself and its ``size - 1`` nearest rows, symmetrised (0.5 one-way)."""
    n = nearest.shape[0]
    links = size - 1
    one_way = sp.csr_matrix(
        (np.ones(n * links), nearest[:, :links].ravel(), np.arange(0, n * links + 1, links)),
        shape=(n, n),
    )
    directed = one_way + sp.identity(n, format="csr")
    return (0.5 * (directed + directed.T)).tocsr()


def spectral_partitions(matrix, k, neighbours, random_state) -> tuple[np.ndarray, list, list]:
    """The shipped base step: kNN lists, graph sizes and one spectral partition per size."""
    n = matrix.shape[0]
    sizes = sorted({max(2, min(int(nn), n // 4, n - 1)) for nn in neighbours})
    nearest = _neighbour_lists(matrix, max(sizes))
    partitions = [_spectral_labels(_symmetric_knn(nearest, s), k, random_state) for s in sizes]
    return nearest, sizes, partitions


def svd_kmeans_partitions(
    matrix, k, dim, seeds, random_state, k_factors=None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """normalize(TruncatedSVD(dim)) of the matrix and KMeans(n_init=1) partitions of it."""
    n = matrix.shape[0]
    dim = min(dim, matrix.shape[1] - 1, n - 1)
    projection = normalize(TruncatedSVD(dim, random_state=random_state).fit_transform(matrix))
    partitions = []
    for i in range(seeds):
        clusters = min(n - 1, math.ceil((1.0 if k_factors is None else k_factors[i]) * k))
        model = KMeans(clusters, n_init=1, random_state=random_state + i)
        partitions.append(model.fit_predict(projection))
    return projection, partitions


def make_variant(
    dims: tuple[int, ...] = (),
    seeds: int = 0,
    svd_edges: bool = False,
    k_factors: tuple[float, ...] | None = None,
) -> Callable:
    """A drop-in ``consensus_spectral``; ``make_variant()`` alone rebuilds the shipped one."""

    def consensus(matrix, k, neighbours=(10, 15, 20, 30), random_state=0) -> np.ndarray:
        nearest, sizes, partitions = spectral_partitions(matrix, k, neighbours, random_state)
        edges = [nearest]
        for dim in dims:
            projection, extra = svd_kmeans_partitions(
                matrix, k, dim, seeds, random_state, k_factors
            )
            partitions += extra
            if svd_edges:
                edges.append(_neighbour_lists(projection, max(sizes)))
        if len(partitions) == 1:
            return partitions[0]
        affinity = _coassociation_affinity(np.hstack(edges), partitions)
        return _spectral_labels(affinity, k, random_state)

    return consensus


VARIANTS: dict[str, Callable] = {
    "V0": SHIPPED,
    "V1": make_variant((10,), 5),
    "V2": make_variant((10, 25), 3),
    "V3": make_variant((10,), 5, svd_edges=True),
    "V4": make_variant((10, 25), 3, k_factors=(1.0, 1.5, 2.0)),
}


class Patched:
    """Run ``cluster_proposals`` with ``consensus_spectral`` replaced; time the replacement."""

    def __init__(self, name: str) -> None:
        self.function = VARIANTS[name]
        self.seconds: list[float] = []

    def _timed(self, *args, **kwargs) -> np.ndarray:
        start = time.perf_counter()
        labels = self.function(*args, **kwargs)
        self.seconds.append(time.perf_counter() - start)
        return labels

    def __enter__(self) -> Patched:
        textmine.clustering.algorithms.consensus_spectral = self._timed
        return self

    def __exit__(self, *exc: object) -> None:
        textmine.clustering.algorithms.consensus_spectral = SHIPPED


def paired(mine: list[float], theirs: list[float]) -> str:
    diff = np.asarray(mine) - np.asarray(theirs)
    return f"{cell(diff)} won {int((diff > 0).sum())}/{len(diff)}"


def check_rebuild(sets, vocab) -> None:
    """The rebuilt V0 (``make_variant()``) must give the shipped function's partitions."""
    rebuilt = make_variant()
    for name in TUNING_SETS:
        part = subsample(sets[name], 0, 0.9)
        k = sets[name]["gold"].nunique()
        found = []
        for function in (SHIPPED, rebuilt):
            VARIANTS["_check"] = function
            with Patched("_check"):
                found.append(run_textmine(part, vocab, 0, n_clusters=k, unclustered_share=0.0)[0])
        del VARIANTS["_check"]
        same = bool((found[0] == found[1]).all())
        print(f"rebuild check on {name} subset 0: rebuilt V0 == shipped: {same}")
        if not same:
            raise RuntimeError("make_variant() does not reproduce consensus_spectral")


def dev_stage(sets, vocab, runs: int, share: float) -> str | None:
    names = list(VARIANTS)
    print(
        f"\n=== DEV: {', '.join(TUNING_SETS)} at gold k, unclustered_share=0, {runs} x "
        f"{share:.0%} subsets (as cluster_heldout.py's selection; random_state = run, baselines "
        "seeded = run)"
    )
    table: dict[str, dict[str, dict[str, list[float]]]] = {}
    for name in TUNING_SETS:
        frame = sets[name]
        k = frame["gold"].nunique()
        rows: dict[str, dict[str, list[float]]] = {}
        for run in range(runs):
            part = subsample(frame, run, share)
            gold = part["gold"].to_numpy()
            for variant in names:
                with Patched(variant) as patch:
                    predicted, elapsed = run_textmine(
                        part, vocab, run, n_clusters=k, unclustered_share=0.0
                    )
                row = rows.setdefault(variant, {"nmi": [], "ari": [], "s": [], "cons": []})
                row["nmi"].append(normalized_mutual_info_score(gold, predicted))
                row["ari"].append(adjusted_rand_score(gold, predicted))
                row["s"].append(elapsed)
                row["cons"].append(sum(patch.seconds))
            for label, predicted in baselines(part, k, run, vocab).items():
                row = rows.setdefault(f"baseline {label}", {"nmi": [], "ari": []})
                row["nmi"].append(normalized_mutual_info_score(gold, predicted))
                row["ari"].append(adjusted_rand_score(gold, predicted))
        table[name] = rows
        base = f"baseline {SVD10N}"
        print(f"\n{name} (n={len(frame)}, {len(part)} per subset, k={k})")
        print(
            f"{'method':36s} {'NMI':>12s} {'ARI':>12s} {'s/run':>6s} {'cons s':>6s} "
            f"{'NMI - V0':>22s} {'ARI - V0':>22s} {'NMI - svd10n':>22s} {'ARI - svd10n':>22s}"
        )
        for label, row in rows.items():
            timing = (
                f"{np.mean(row['s']):6.2f} {np.mean(row['cons']):6.2f}"
                if "s" in row
                else f"{'':6s} {'':6s}"
            )
            print(
                f"{label:36s} {cell(row['nmi']):>12s} {cell(row['ari']):>12s} {timing} "
                f"{paired(row['nmi'], rows['V0']['nmi']):>22s} "
                f"{paired(row['ari'], rows['V0']['ari']):>22s} "
                f"{paired(row['nmi'], rows[base]['nmi']):>22s} "
                f"{paired(row['ari'], rows[base]['ari']):>22s}",
                flush=True,
            )

    print("\nselection: mean over the 3 dev sets of the per-set mean NMI; ARI loss vs V0 per set")
    eligible = []
    for variant in names:
        mean_nmi = np.mean([np.mean(table[s][variant]["nmi"]) for s in TUNING_SETS])
        losses = {
            s: np.mean(table[s][variant]["ari"]) - np.mean(table[s]["V0"]["ari"])
            for s in TUNING_SETS
        }
        ok = all(loss >= -ARI_TOLERANCE for loss in losses.values())
        print(
            f"  {variant}: mean NMI {mean_nmi:.4f}; mean ARI - V0 "
            + ", ".join(f"{s} {v:+.3f}" for s, v in losses.items())
            + ("" if ok else f"  -> excluded (ARI loss > {ARI_TOLERANCE})")
        )
        if ok:
            eligible.append((mean_nmi, variant))
    control = np.mean([np.mean(table[s]["V0"]["nmi"]) for s in TUNING_SETS])
    best_nmi, best = max(eligible)
    if best == "V0" or best_nmi <= control:
        print("  no variant beats V0 on the dev sets: stop here (no held-out evaluation)")
        return None
    print(f"  chosen: {best} (mean NMI {best_nmi:.4f} vs V0 {control:.4f})")
    return best


def heldout_stage(vocab, chosen: str, runs: int, share: float) -> None:
    frame = load_comments()
    print(
        f"\n=== HELD-OUT (once): debate comments, {runs} x {share:.0%} subsets, "
        "cluster_comments.evaluate (shipped defaults, unclustered_share 0.1 counted as its own "
        f"group; textmine random_state = run, baselines seeded = run); V0 vs {chosen}"
    )
    for column, kind in LABELS.items():
        labelled = frame.assign(gold=frame[column])
        k = labelled["gold"].nunique()
        results: dict[str, list[dict[str, float]]] = {}
        for run in range(runs):
            part = subsample(labelled, run, share)
            for variant in ("V0", chosen):
                with Patched(variant):
                    rows = evaluate(part, k, run, vocab)
                for label, row in rows.items():
                    if label.startswith("default"):
                        results.setdefault(label.replace("default", variant), []).append(row)
                    elif variant == "V0":
                        results.setdefault(label, []).append(row)
                    elif row["nmi"] != results[label][-1]["nmi"]:
                        raise RuntimeError(f"baseline {label} not deterministic")
        print(f"\n{column} ({kind}), k={k}")
        print(
            f"{'method':40s} {'NMI':>12s} {'ARI':>12s} {'NMI excl':>12s} {'uncl':>5s} {'s/run':>6s}"
        )
        for label, rows in results.items():
            print(
                f"{label:40s} {cell([r['nmi'] for r in rows]):>12s} "
                f"{cell([r['ari'] for r in rows]):>12s} {cell([r['nmi_x'] for r in rows]):>12s} "
                f"{np.mean([r['unclustered'] for r in rows]):5.2f} "
                f"{np.mean([r['time'] for r in rows]):6.2f}"
            )
        for kk in (f"k={k}", "auto k"):
            mine = results[f"{chosen} {kk}"]
            for other in (f"V0 {kk}", f"baseline {SVD10N}"):
                for metric in ("nmi", "ari"):
                    diff = paired([r[metric] for r in mine], [r[metric] for r in results[other]])
                    name = other.removeprefix("baseline ")
                    print(f"  {chosen} {kk} - {name:28s} {metric.upper()} {diff}")


def timing_stage(sets, vocab, repeats: int, scale_n: int) -> None:
    print(
        f"\n=== TIMING (wall s, nice 19 on a shared 2-CPU machine; median and min of {repeats} "
        "interleaved repeats): cluster_proposals with the default config; 'consensus' = the "
        "patched function alone"
    )
    frames = {
        f"repnum ({len(sets['repnum'])}) k=18": (sets["repnum"], 18),
        f"repnum ({len(sets['repnum'])}) auto k": (sets["repnum"], "auto"),
        f"synthetic {scale_n} auto k": (synthetic(scale_n), "auto"),
    }
    for label, (frame, k) in frames.items():
        totals: dict[str, list[float]] = {v: [] for v in VARIANTS}
        inner: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for repeat in range(repeats):  # interleaved, rotated: load drifts on a shared machine
            names = list(VARIANTS)
            for variant in names[repeat % len(names) :] + names[: repeat % len(names)]:
                with Patched(variant) as patch:
                    _, elapsed = run_textmine(frame, vocab, 0, n_clusters=k)
                totals[variant].append(elapsed)
                inner[variant].append(sum(patch.seconds))
        for variant in VARIANTS:
            print(
                f"  {label:28s} {variant}: total median {np.median(totals[variant]):6.2f} s "
                f"(min {np.min(totals[variant]):6.2f}), consensus median "
                f"{np.median(inner[variant]):6.2f} s (min {np.min(inner[variant]):6.2f})",
                flush=True,
            )


def diagnose_stage(sets, vocab, runs: int, share: float) -> None:
    """Post-hoc: NMI of each kind of base partition alone (why the ensemble helps or not)."""
    print(
        f"\n=== DIAGNOSIS (post hoc, after the dev choice): NMI of the base partitions alone, "
        f"{runs} x {share:.0%} dev subsets, gold k, unclustered_share=0"
    )
    for name in TUNING_SETS:
        frame = sets[name]
        k = frame["gold"].nunique()
        found: dict[str, list[float]] = {}
        for run in range(runs):
            part = subsample(frame, run, share)
            with Patched("V0") as patch:
                patch.function = recorder = Recorder()
                run_textmine(part, vocab, run, n_clusters=k, unclustered_share=0.0)
            gold = part["gold"].to_numpy()[clustered_rows(part)]
            matrix = recorder.matrix
            if len(gold) != matrix.shape[0]:
                raise RuntimeError(f"{name} subset {run}: rows of the clustered matrix not found")
            _, sizes, spectral = spectral_partitions(matrix, k, recorder.neighbours, run)
            kinds = {f"spectral {s}-NN graph": p for s, p in zip(sizes, spectral, strict=True)}
            for dim in (10, 25):
                _, kmeans = svd_kmeans_partitions(matrix, k, dim, 5, run)
                kinds.update(
                    {f"kmeans n_init=1 svd{dim} seed {i}": p for i, p in enumerate(kmeans)}
                )
            kinds["V0 final (shipped)"] = recorder.labels
            for kind, labels in kinds.items():
                found.setdefault(kind, []).append(normalized_mutual_info_score(gold, labels))
        print(f"{name} (k={k}): " + "; ".join(f"{kind} {cell(v)}" for kind, v in found.items()))


def clustered_rows(part) -> np.ndarray:
    """Rows of ``part`` that reach ``consensus_spectral``: distinct, with lemmas, by id order."""
    order = np.argsort(part["proposal_id"].astype(str).to_numpy(), kind="stable")
    frame = part.iloc[order]
    canonical = find_near_duplicates(
        frame["text"].tolist(), frame["lemmas"].tolist(), ClusteringConfig().duplicate_threshold
    )
    distinct = canonical == np.arange(len(frame))
    has_lemmas = frame["lemmas"].str.strip().to_numpy() != ""
    return order[distinct & has_lemmas]


class Recorder:
    """A ``consensus_spectral`` that keeps its input and the shipped result."""

    def __call__(self, matrix, k, neighbours, random_state=0) -> np.ndarray:
        self.matrix, self.neighbours = matrix, neighbours
        self.labels = SHIPPED(matrix, k, neighbours, random_state=random_state)
        return self.labels


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stages", default="dev")
    parser.add_argument("--runs", type=int, default=10, help="dev subsets per set")
    parser.add_argument("--eval-runs", type=int, default=5, help="held-out subsets")
    parser.add_argument("--share", type=float, default=0.9)
    parser.add_argument("--chosen", default=None, help="variant for the held-out stage")
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats")
    parser.add_argument("--scale-n", type=int, default=5000)
    args = parser.parse_args()
    stages = args.stages.split(",")
    t_start = time.perf_counter()
    digest = source_digest()
    print(f"textmine sources {digest}; variants {', '.join(VARIANTS)}")
    sets = load_labelled()
    vocab = vectors_vocab()
    chosen = args.chosen
    if "dev" in stages:
        check_rebuild(sets, vocab)
        chosen = dev_stage(sets, vocab, args.runs, args.share)
    if "heldout" in stages:
        if chosen is None:
            print("held-out stage skipped: no chosen variant")
        else:
            heldout_stage(vocab, chosen, args.eval_runs, args.share)
    if "diagnose" in stages:
        diagnose_stage(sets, vocab, args.runs, args.share)
    if "timing" in stages:
        timing_stage(sets, vocab, args.repeats, args.scale_n)
    print_run_end(digest, t_start)


if __name__ == "__main__":
    main()
