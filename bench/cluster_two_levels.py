"""Two levels of proposal clusters scored against two levels of gold labels (RESULTS.md C21,
C23).

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

- other ways of making the top level from the same clusters (``VARIANTS``: Ward and average
  link on centroids, Ward and the average link on the members merging whole clusters, the
  direct top-k clustering's majority per cluster), and which one leave-one-set-out chooses
  (RESULTS.md C23).

The lower clustering is the shipped default: ``representation = "auto"`` joins the sentence
embeddings (``--embeddings use``, computed once per text with the shipped truncation and
cached in ``bench/results/embeddings_cache``; ``--embeddings none``: lexical rows only, as C21
measured). ``--all-linkages`` runs ``group_clusters`` (labels included) for every linkage.

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
    results_dir,
    subsample,
    vectors_vocab,
)
from bench._report import cell, paired
from textmine.cache import ResultCache
from textmine.clustering import ClusterRows, cluster_proposals, group_clusters
from textmine.clustering.algorithms import _centroids
from textmine.clustering.groups import _fit_groups, _rows_by_cluster
from textmine.config import ClusteringConfig
from textmine.embeddings import embed_texts

warnings.filterwarnings("ignore")

SETS = ("repnum", "arguments-repnum", "comments")
LINKAGES = ("average", "complete", "ward")
#: Other ways of making the top level from the same clusters (C23; the shipped one is "ward"):
#: "ward-sized": Ward started from the clusters with their sizes and raw mean rows, i.e. Ward on
#: the members constrained to never split a cluster; "average-members": the average link of the
#: members' cosine (mean pairwise similarity = dot of the raw means), merging whole clusters;
#: "majority": a direct clustering at the top k, each cluster put in the direct cluster that
#: holds most of its members.
VARIANTS = ("ward", "average", "ward-sized", "average-members", "majority")


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


def embeddings_of(frame: pd.DataFrame, config: ClusteringConfig) -> np.ndarray | None:
    """The sentence embeddings the shipped default joins (``embeddings``, truncation), one row
    per row of ``frame``, cached by text in ``bench/results/embeddings_cache``; ``None`` when the
    config embeds nothing."""
    if config.embeddings == "none":
        return None
    cache = ResultCache(results_dir() / "embeddings_cache")
    matrix, _ = embed_texts(
        frame["text"].tolist(),
        config.embeddings,
        config.embedding_max_chars,
        cache,
        config.embedding_max_pieces,
    )
    return matrix


def merge_whole_clusters(
    sums: np.ndarray, sizes: np.ndarray, n_groups: int, linkage: str
) -> np.ndarray:
    """Agglomerate clusters (rows of ``sums``: the sum of their members' unit rows, ``sizes``
    members) into ``n_groups``, never splitting one: ``ward`` = Ward's increase in the members'
    within-group squared error (n_a n_b / (n_a + n_b) |m_a - m_b|^2 on the raw means);
    ``average`` = the members' mean pairwise cosine (m_a . m_b). Returns a group per cluster."""
    groups = [[i] for i in range(len(sizes))]
    sums, sizes = [s.astype(float) for s in sums], [float(n) for n in sizes]
    while len(groups) > n_groups:
        best, pair = None, (0, 1)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                ma, mb = sums[a] / sizes[a], sums[b] / sizes[b]
                if linkage == "ward":
                    cost = (
                        sizes[a] * sizes[b] / (sizes[a] + sizes[b]) * float(((ma - mb) ** 2).sum())
                    )
                else:
                    cost = -float(ma @ mb)
                if best is None or cost < best:
                    best, pair = cost, (a, b)
        a, b = pair
        groups[a] += groups.pop(b)
        sums[a] = sums[a] + sums.pop(b)
        sizes[a] = sizes[a] + sizes.pop(b)
    out = np.empty(sum(len(g) for g in groups), dtype=int)
    for g, members in enumerate(groups):
        out[members] = g
    return out


def variant_groups(
    clustered: pd.DataFrame, rows: ClusterRows, n_groups: int, variant: str, direct: np.ndarray
) -> np.ndarray:
    """The group of each proposal (``-1`` unclustered) by one top-level ``variant``."""
    ids = clustered["proposal_id"].astype(str).to_numpy()
    cluster_of = clustered["cluster_id"].fillna(-1).astype(int).to_numpy()
    cluster_ids = sorted(int(c) for c in np.unique(cluster_of) if c >= 0)
    if variant == "majority":
        mapping = {}
        for c in cluster_ids:
            votes = pd.Series(direct[(cluster_of == c) & (direct >= 0)]).value_counts()
            mapping[c] = int(votes.index[0]) if len(votes) else -1
    else:
        matrix, row_clusters = _rows_by_cluster(rows, ids, cluster_of)
        index = {c: i for i, c in enumerate(cluster_ids)}
        row_index = np.array([index.get(int(c), -1) for c in row_clusters])
        if variant in LINKAGES:
            centroids = _centroids(matrix, row_index, len(cluster_ids))
            mapping = _fit_groups(cluster_ids, centroids, n_groups, variant)
        else:
            kept = row_index >= 0
            indicator = np.zeros((len(cluster_ids), matrix.shape[0]))
            indicator[row_index[kept], np.flatnonzero(kept)] = 1.0
            sums = (
                np.asarray(indicator @ matrix)
                if not hasattr(matrix, "tocsr")
                else (np.asarray((matrix.T @ indicator.T).T))
            )
            sizes = indicator.sum(axis=1)
            linkage = "ward" if variant == "ward-sized" else "average"
            fitted = merge_whole_clusters(sums, sizes, n_groups, linkage)
            mapping = {c: int(g) for c, g in zip(cluster_ids, fitted, strict=True)}
    return np.array([mapping.get(int(c), -1) for c in cluster_of])


def score_run(
    part: pd.DataFrame, k_low: int, k_top: int, run: int, vocab, vectors, linkages: bool
) -> dict[str, dict]:
    """Every score of one subset, seed = run."""
    top, low = part["top"].to_numpy(), part["low"].to_numpy()
    config = ClusteringConfig(random_state=run, n_clusters=k_low)
    rows = ClusterRows()
    start = time.perf_counter()
    clustered, clusters = cluster_proposals(
        part, config, vocab=vocab, vectors=vectors, on_rows=rows
    )
    lower_time = time.perf_counter() - start
    out: dict[str, dict] = {
        "clusters vs lower labels": scores(low, clustered["cluster_id"].to_numpy()),
        "clusters vs top labels": scores(top, clustered["cluster_id"].to_numpy()),
    }
    out["clusters vs lower labels"]["time"] = lower_time
    for linkage in LINKAGES if linkages else ("ward",):
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
        part, config.model_copy(update={"n_clusters": k_top}), vocab=vocab, vectors=vectors
    )
    direct_ids = direct["cluster_id"].fillna(-1).astype(int).to_numpy()
    out[f"direct k={k_top} vs top"] = {
        **scores(top, direct_ids),
        "time": time.perf_counter() - start,
    }
    for variant in VARIANTS:
        start = time.perf_counter()
        grouped = variant_groups(clustered, rows, k_top, variant, direct_ids)
        sizes = np.bincount(grouped[grouped >= 0])
        out[f"top {variant} n={k_top} vs top"] = {
            **scores(top, grouped),
            "time": time.perf_counter() - start,
            "groups": float((sizes > 0).sum()),
            "largest": float(sizes.max() / max(sizes.sum(), 1)),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="random subsets per set")
    parser.add_argument("--share", type=float, default=0.9, help="share of each set per subset")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument(
        "--embeddings",
        choices=("use", "none"),
        default=ClusteringConfig().embeddings,
        help="the sentence embeddings joined by the default representation (shipped: use)",
    )
    parser.add_argument(
        "--all-linkages",
        action="store_true",
        help="group_clusters (labels included) with every linkage, not only the shipped Ward",
    )
    args = parser.parse_args()
    started, digest = time.perf_counter(), source_digest()
    vocab = vectors_vocab()
    embedding_config = ClusteringConfig(embeddings=args.embeddings)
    print(
        f"representation {embedding_config.representation}, embeddings {args.embeddings}"
        f" (first {embedding_config.embedding_max_chars} characters,"
        f" {embedding_config.embedding_max_pieces} wordpieces,"
        f" weight {embedding_config.embedding_weight})"
    )
    by_set: dict[str, dict[str, list[dict]]] = {}
    for name in args.sets.split(","):
        frame = two_level_set(name)
        frame["_row"] = np.arange(len(frame))
        began = time.process_time()
        embedded = embeddings_of(frame, embedding_config)
        print(f"embeddings: {time.process_time() - began:.1f} s CPU (cached texts are free)")
        k_low, k_top = frame["low"].nunique(), frame["top"].nunique()
        print(f"\n{name}: {len(frame)} rows, {k_top} top labels over {k_low} lower labels")
        results: dict[str, list[dict]] = {}
        by_set[name] = results
        for run in range(args.runs):
            part = subsample(frame, run, args.share)
            vectors = None if embedded is None else embedded[part["_row"].to_numpy()]
            for label, row in score_run(
                part, k_low, k_top, run, vocab, vectors, args.all_linkages
            ).items():
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
        compared = [k for k in results if k.startswith(("groups ", "top "))]
        for label in compared:
            for metric in ("nmi", "ari"):
                print(
                    f"{label} minus direct k={k_top}, {metric.upper()}: "
                    + paired([r[metric] for r in results[label]], [r[metric] for r in direct])
                )
    if args.all_linkages:
        leave_one_set_out(by_set)
    leave_one_set_out_variants(by_set)
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


def leave_one_set_out_variants(by_set: dict[str, dict[str, list[dict]]]) -> None:
    """For each set, the top-level variant with the best mean NMI (top gold k) over the other
    sets, scored on the held-out set against the shipped Ward on centroids (C23's rule: adopt
    a variant only if it wins held out and never loses more than 0.02 NMI to Ward)."""

    def nmi(name: str, variant: str) -> float:
        label = next(k for k in by_set[name] if k.startswith(f"top {variant} n="))
        return float(np.mean([r["nmi"] for r in by_set[name][label]]))

    print("\nvariants of the top level, NMI at the top gold k (minus Ward on centroids):")
    for name in by_set:
        print(
            f"  {name:18s} "
            + "  ".join(
                f"{v} {nmi(name, v):.3f} ({nmi(name, v) - nmi(name, 'ward'):+.3f})"
                for v in VARIANTS
            )
        )
    if len(by_set) < 2:
        return
    print("leave one set out (variant chosen on the other sets):")
    for held in by_set:
        others = [n for n in by_set if n != held]
        chosen = max(VARIANTS, key=lambda v: np.mean([nmi(n, v) for n in others]))
        print(
            f"  {held:18s} chosen {chosen:16s} NMI {nmi(held, chosen):.3f}"
            f" (Ward {nmi(held, 'ward'):.3f}, {nmi(held, chosen) - nmi(held, 'ward'):+.3f})"
        )


if __name__ == "__main__":
    main()
