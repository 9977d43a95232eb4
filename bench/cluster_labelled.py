"""Clustering quality of the shipped defaults on every labelled set, against naive baselines.

Development sets (``--sets repnum,granddebat,rua``, also ``repnum-chapters``; every default so
far was chosen on the first three): NMI and ARI against the gold labels for textmine's
clustering (automatic k and k = number of gold labels; over all proposals with "unclustered" as
its own group, and excluding the unclustered), the naive baselines and the BERTopic-like ones
(``_clustering.baselines``) at gold k, mean ± std over ``--seeds`` seeds on the whole set, and
the time per run; ``--variants`` adds the previous default, ablations and representations.

Held-out sets (``--sets comments,arguments-repnum,arguments-rua``; no tuning used their texts
or labels): the shipped defaults only, scored against each label column (``--labels``; default:
all of the set's) with the subsets protocol of ``_clustering.score_label_sets``: gold k and
automatic k, every baseline at gold k, mean ± std over ``--runs`` random ``--share`` subsets and
over ``--whole-seeds`` seeds on the whole set, the default minus the best baseline paired per
subset. (Formerly ``cluster_comments.py`` and ``cluster_arguments.py``.)

The proposals are given as the pipeline gives them: text "title\n\nbody" (held-out sets: the
body alone, as a table row without a title), content lemmas, and the md model's vocab (word
vectors). Needs ../shared/corpora. Time (2 cores, nice 19): the development sets at 5 seeds take
a few minutes; the comments about 10 min; the repnum arguments (3,906 texts) much longer (4.7 s
per run at gold k, 9.6 s at auto k, 10 runs per label column plus the baselines).

Raw output may go to ``bench/results/`` (git-ignored); the figures that matter go into
``bench/RESULTS.md``.

    nice -n 19 python -m bench.cluster_labelled [--seeds 5] [--sets repnum,granddebat,rua]
        [--variants default,previous,ablations,representations] [--share 0.1]
    nice -n 19 python -m bench.cluster_labelled --sets comments [--labels debate_id]
        [--runs 5] [--subset-share 0.9] [--whole-seeds 5] > bench/results/comments.txt
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from bench._clustering import baselines, print_run_end, score_label_sets, scores, source_digest
from bench._data import HELDOUT_SETS, labelled_sets, vectors_vocab
from textmine.clustering import cluster_proposals
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")


def score_heldout(name: str, args: argparse.Namespace, vocab) -> None:
    """The shipped defaults on a held-out set, per label column, with the subsets protocol."""
    started = time.perf_counter()
    digest = source_digest()
    loader, label_names = HELDOUT_SETS[name]
    frame = loader()
    default = ClusteringConfig()
    print(
        f"textmine sources {digest}; shipped defaults only: {default}\n"
        f"{name}: {len(frame)} texts, text = body, title empty; median "
        f"{int(frame['text'].str.split().str.len().median())} words; depth 0: "
        f"{int((frame['depth'] == 0).sum())}"
    )
    print(
        f"{args.runs} x {args.subset_share:.0%} subsets (textmine random_state = run, baselines "
        f"seeded = run); unclustered_share={default.unclustered_share} counted as its own group; "
        "'excl' leaves out the unclustered rows; 'NMI d0' scores the same partition on the "
        "depth-0 rows only; baseline s/run = one baselines() call / 5"
    )
    columns = args.labels.split(",") if args.labels else list(label_names)
    score_label_sets(
        frame, columns, vocab, args.runs, args.subset_share, args.whole_seeds, label_names
    )
    print_run_end(digest, started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="development sets: seeds")
    parser.add_argument(
        "--sets",
        default="repnum,granddebat,rua",
        help="comma-separated: repnum, granddebat, rua, repnum-chapters, "
        + ", ".join(HELDOUT_SETS),
    )
    parser.add_argument(
        "--share", type=float, default=None, help="development sets: unclustered_share"
    )
    parser.add_argument(
        "--variants",
        default="default",
        help="development sets, comma-separated: default, previous, ablations, representations",
    )
    parser.add_argument("--runs", type=int, default=5, help="held-out sets: random subsets")
    parser.add_argument(
        "--subset-share", type=float, default=0.9, help="held-out sets: share per subset"
    )
    parser.add_argument("--labels", default=None, help="held-out sets: label columns")
    parser.add_argument("--whole-seeds", type=int, default=5, help="held-out sets: whole set")
    args = parser.parse_args()
    names = args.sets.split(",")
    vocab = vectors_vocab()
    for name in (n for n in names if n in HELDOUT_SETS):
        score_heldout(name, args, vocab)
    names = [n for n in names if n not in HELDOUT_SETS]
    if not names:
        return
    sets = labelled_sets(names)
    header = f"{'set':11s} {'method':38s} {'NMI':>13s} {'ARI':>13s} {'NMI excl':>13s} {'ARI excl':>13s} {'uncl':>5s} {'k':>5s} {'s/run':>6s}"
    print(header)
    for name in names:
        frame = sets[name]
        gold = frame["gold"].to_numpy()
        k_gold = frame["gold"].nunique()
        results: dict[str, list[dict[str, float]]] = {}
        runs: list[tuple[str, int | str, dict]] = []
        groups = args.variants.split(",")
        if "default" in groups:
            runs += [("textmine auto k", "auto", {}), (f"textmine k={k_gold}", k_gold, {})]
        if "previous" in groups:  # the default before title weighting, vectors and consensus
            previous = {
                "representation": "tfidf",
                "algorithm": "spectral",
                "title_weight": 0.0,
                "vector_weight": 0.0,
            }
            runs += [
                ("previous default auto k", "auto", previous),
                (f"previous default k={k_gold}", k_gold, previous),
            ]
        if "ablations" in groups:
            runs += [
                (f"k={k_gold} no title weight", k_gold, {"title_weight": 0.0}),
                (f"k={k_gold} no word vectors", k_gold, {"vector_weight": 0.0}),
                (f"k={k_gold} single spectral (20-NN)", k_gold, {"algorithm": "spectral"}),
                (f"k={k_gold} title 1.0", k_gold, {"title_weight": 1.0}),
                (f"k={k_gold} vectors 0.5", k_gold, {"vector_weight": 0.5}),
            ]
        if "representations" in groups:
            for representation in ("tfidf", "lsa", "lsa_sif", "tfidf_vectors", "lsa_vectors"):
                runs.append(
                    (f"k={k_gold} {representation}", k_gold, {"representation": representation})
                )
        for seed in range(args.seeds):
            for label, n_clusters, overrides in runs:
                extra = {} if args.share is None else {"unclustered_share": args.share}
                config = ClusteringConfig(
                    n_clusters=n_clusters, random_state=seed, **{**extra, **overrides}
                )
                start = time.perf_counter()
                clustered, _ = cluster_proposals(frame, config, vocab=vocab)
                elapsed = time.perf_counter() - start
                row = scores(gold, clustered["cluster_id"].to_numpy())
                row["time"] = elapsed
                results.setdefault(label, []).append(row)
            start = time.perf_counter()
            for label, predicted in baselines(frame, k_gold, seed, vocab).items():
                row = scores(gold, np.asarray(predicted))
                row["time"] = (time.perf_counter() - start) / 5
                results.setdefault(f"baseline {label}", []).append(row)
        for label, rows in results.items():

            def cell(key: str, rows: list[dict[str, float]] = rows) -> str:
                values = np.array([r[key] for r in rows])
                return f"{values.mean():.3f}±{values.std():.3f}"

            mean = {key: np.mean([r[key] for r in rows]) for key in rows[0]}
            print(
                f"{name:11s} {label:38s} {cell('nmi'):>13s} {cell('ari'):>13s} "
                f"{cell('nmi_x'):>13s} {cell('ari_x'):>13s} {mean['unclustered']:5.2f} "
                f"{mean['k']:5.1f} {mean['time']:6.2f}"
            )


if __name__ == "__main__":
    main()
