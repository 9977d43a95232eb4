"""Held-out check of the clustering defaults: leave one labelled set out, tune on the others.

The shipped ``title_weight``/``vector_weight`` were tuned on the mean over repnum, granddebat and
rua, so none of them is held out. Here, for each set S, (title_weight, vector_weight) is chosen
from a small grid by the mean NMI at gold k over the OTHER two sets (scored on random 90 %
subsets, the same subsets for every variant, nothing left unclustered: partition quality), and
the chosen config is then evaluated on S together with the shipped default and the baselines of
``cluster_labelled.py`` (NMI and ARI at gold k, and at automatic k for textmine, with
"unclustered" as its own group at the default ``unclustered_share``; mean ± std over 5 random
90 % subsets, the baselines seeded 0..4 on the same subsets). repnum's chapters (7 labels, the
``titre`` + ``chapitre`` of the bill; ``chapitre`` alone restarts in each titre) are a 4th
evaluation set that no tuning ever used.

    .venv/bin/python bench/cluster_heldout.py [--runs 10] [--eval-runs 5] [--budget 480]
        [--titles 0,0.25,0.5,1.0] [--vectors 0,0.15,0.3,0.5] [--grid-baselines granddebat]
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

from cluster_data import SHARED, load_labelled, vectors_vocab
from cluster_labelled import baselines, scores
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

import textmine.clustering
from textmine.clustering import cluster_proposals
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")

TUNING_SETS = ("repnum", "granddebat", "rua")


def subsample(frame: pd.DataFrame, run: int, share: float) -> pd.DataFrame:
    """Random ``share`` of the rows, as ``cluster_subsample.py`` draws them (seed = run)."""
    rng = np.random.RandomState(run)
    rows = np.sort(rng.choice(len(frame), int(share * len(frame)), False))
    return frame.iloc[rows].reset_index(drop=True)


def repnum_chapters(repnum: pd.DataFrame) -> pd.DataFrame:
    """repnum's frame from ``load_labelled`` with the bill chapter (titre + chapitre) as gold."""
    gold = pd.read_csv(SHARED / "repnum-2015" / "proposals_gold_sections.csv", dtype=str)
    gold = gold[gold["kind"] == "citizen_proposal"]
    ids = ("repnum-" + gold["opinion_id"]).tolist()
    if ids != repnum["proposal_id"].tolist():
        raise RuntimeError("repnum gold file and load_labelled() frame are not in the same order")
    frame = repnum.copy()
    frame["gold"] = (gold["titre"] + " / " + gold["chapitre"]).to_numpy()
    return frame


def run_textmine(part: pd.DataFrame, vocab, run: int, **settings) -> tuple[np.ndarray, float]:
    config = ClusteringConfig(random_state=run, **settings)
    start = time.perf_counter()
    clustered, _ = cluster_proposals(part, config, vocab=vocab)
    return clustered["cluster_id"].to_numpy(), time.perf_counter() - start


def cell(values) -> str:
    values = np.asarray(values, dtype=float)
    return f"{values.mean():.3f}±{values.std():.3f}"


def source_digest() -> str:
    """Short hash of the clustering/config sources used (src/ may change during other work)."""
    package = Path(textmine.clustering.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in (*sorted(package.glob("*.py")), package.parent / "config.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def print_run_end(digest: str, started: float) -> None:
    """Warn when the textmine sources changed since ``digest``; print the run time."""
    now = source_digest()
    if now != digest:
        print(f"WARNING: textmine sources changed during the run ({digest} -> {now})")
    print(f"total runtime {(time.perf_counter() - started) / 60:.1f} min")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10, help="90 %% subsets per set for selection")
    parser.add_argument("--eval-runs", type=int, default=5, help="90 %% subsets for evaluation")
    parser.add_argument("--share", type=float, default=0.9, help="share of each set per subset")
    parser.add_argument("--titles", default="0,0.25,0.5,1.0")
    parser.add_argument("--vectors", default="0,0.15,0.3,0.5")
    parser.add_argument(
        "--budget", type=float, default=480.0, help="seconds allowed for the selection grid"
    )
    parser.add_argument(
        "--grid-baselines",
        default="granddebat",
        help="sets on whose selection subsets the baselines are also run (paired with the grid)",
    )
    args = parser.parse_args()
    t_start = time.perf_counter()

    sets = load_labelled()
    sets["repnum-chapters"] = repnum_chapters(sets["repnum"])
    vocab = vectors_vocab()
    default = ClusteringConfig()
    d_tw, d_vw, d_share = default.title_weight, default.vector_weight, default.unclustered_share
    print(
        f"textmine sources {source_digest()}; shipped default title_weight={d_tw} "
        f"vector_weight={d_vw} unclustered_share={d_share} algorithm={default.algorithm} "
        f"representation={default.representation}"
    )
    for name, frame in sets.items():
        print(f"  {name:16s} {len(frame):4d} proposals, gold k={frame['gold'].nunique()}")

    titles = [float(x) for x in args.titles.split(",")]
    vectors = [float(x) for x in args.vectors.split(",")]
    grid = [(tw, vw) for tw in titles for vw in vectors]
    if (d_tw, d_vw) not in grid:
        grid.append((d_tw, d_vw))

    # --- time a single configuration first, and shrink the selection if over budget ---------
    per_run = {}
    for name in TUNING_SETS:
        part = subsample(sets[name], 0, args.share)
        k = sets[name]["gold"].nunique()
        _, per_run[name] = run_textmine(
            part,
            vocab,
            0,
            n_clusters=k,
            unclustered_share=0.0,
            title_weight=d_tw,
            vector_weight=d_vw,
        )
    per_config = sum(per_run.values())
    estimate = per_config * len(grid) * args.runs
    timings = ", ".join(f"{n} {t:.2f}s" for n, t in per_run.items())
    print(
        f"\none default run per set: {timings}; grid of {len(grid)} configs x {args.runs} "
        f"subsets x 3 sets ≈ {estimate:.0f}s (budget {args.budget:.0f}s)"
    )
    runs = args.runs
    if estimate > args.budget:
        runs = max(3, int(args.budget / (per_config * len(grid))))
        print(f"REDUCED: selection subsets per set {args.runs} -> {runs} to fit the budget")
    else:
        print(f"full grid kept: {len(grid)} configs x {runs} subsets per set (no reduction)")

    # --- selection grid: NMI at gold k, unclustered_share=0, same subsets for every config ---
    corner = "tw \\ vw"
    grid_nmi: dict[str, dict[tuple[float, float], list[float]]] = {}
    grid_ari: dict[str, dict[tuple[float, float], list[float]]] = {}
    for name in TUNING_SETS:
        frame = sets[name]
        k = frame["gold"].nunique()
        parts = [subsample(frame, run, args.share) for run in range(runs)]
        grid_nmi[name], grid_ari[name] = {}, {}
        for tw, vw in grid:
            nmi, ari = [], []
            for run, part in enumerate(parts):
                predicted, _ = run_textmine(
                    part,
                    vocab,
                    run,
                    n_clusters=k,
                    unclustered_share=0.0,
                    title_weight=tw,
                    vector_weight=vw,
                )
                gold = part["gold"].to_numpy()
                nmi.append(normalized_mutual_info_score(gold, predicted))
                ari.append(adjusted_rand_score(gold, predicted))
            grid_nmi[name][(tw, vw)], grid_ari[name][(tw, vw)] = nmi, ari
        print(
            f"\nselection grid on {name} (k={k}, {runs} x {args.share:.0%} subsets, nothing "
            "unclustered): NMI mean±std [ARI mean]; rows title_weight, columns vector_weight"
        )
        print(f"{corner:>8s} " + " ".join(f"{vw:>19.2f}" for vw in vectors))
        for tw in titles:
            cells = [
                f"{cell(grid_nmi[name][(tw, vw)])} [{np.mean(grid_ari[name][(tw, vw)]):.3f}]"
                for vw in vectors
            ]
            print(f"{tw:8.2f} " + " ".join(f"{c:>19s}" for c in cells), flush=True)
        best = max(grid, key=lambda c: np.mean(grid_nmi[name][c]))
        paired = np.array(grid_nmi[name][best]) - np.array(grid_nmi[name][(d_tw, d_vw)])
        print(
            f"  best on {name} itself: tw={best[0]} vw={best[1]} NMI "
            f"{np.mean(grid_nmi[name][best]):.3f}; minus default, paired: {cell(paired)}"
        )
        if name in args.grid_baselines.split(","):
            base: dict[str, list[float]] = {}
            for run, part in enumerate(parts):
                gold = part["gold"].to_numpy()
                for label, predicted in baselines(part, k, run, vocab).items():
                    base.setdefault(label, []).append(normalized_mutual_info_score(gold, predicted))
            for label, values in base.items():
                print(f"  baseline {label:32s} on the same subsets: NMI {cell(values)}")
            bert = max((v for n, v in base.items() if n.startswith("bertopic")), key=np.mean)
            paired = np.array(grid_nmi[name][(d_tw, d_vw)]) - np.array(bert)
            print(
                f"  default minus best BERTopic-like, paired over these subsets: {cell(paired)} "
                f"(default ahead on {int((paired > 0).sum())}/{len(paired)})"
            )
            wins = [c for c in grid if np.mean(grid_nmi[name][c]) > np.mean(bert)]
            print(
                f"  grid configs above the best BERTopic-like ({np.mean(bert):.3f}): "
                + (", ".join(f"tw={c[0]}/vw={c[1]}" for c in wins) or "none")
            )
            # The whole set, as cluster_labelled.py scores it (one deterministic partition per
            # config; baselines over seeds 0..4), at share 0 and at the default share.
            gold = frame["gold"].to_numpy()
            full = {}
            for run in range(5):
                for label, predicted in baselines(frame, k, run, vocab).items():
                    full.setdefault(label, []).append(normalized_mutual_info_score(gold, predicted))
            print(
                f"  whole {name} set (no subsampling), gold k: baselines over seeds 0..4: "
                + "; ".join(f"{label} {cell(v)}" for label, v in full.items())
            )
            print(
                f"  whole {name} set, textmine NMI at unclustered_share=0 / {d_share} "
                "(rows title_weight, columns vector_weight)"
            )
            print(f"{corner:>8s} " + " ".join(f"{vw:>13.2f}" for vw in vectors))
            for tw in titles:
                cells = []
                for vw in vectors:
                    pair = []
                    for share in (0.0, d_share):
                        predicted, _ = run_textmine(
                            frame,
                            vocab,
                            0,
                            n_clusters=k,
                            unclustered_share=share,
                            title_weight=tw,
                            vector_weight=vw,
                        )
                        pair.append(normalized_mutual_info_score(gold, predicted))
                    cells.append(f"{pair[0]:.3f}/{pair[1]:.3f}")
                print(f"{tw:8.2f} " + " ".join(f"{c:>13s}" for c in cells), flush=True)

    # --- leave one set out: choose on the other two ------------------------------------------
    chosen: dict[str, tuple[float, float]] = {}
    print("\nleave-one-set-out selection (mean NMI at gold k over the other two sets)")
    for held in TUNING_SETS:
        others = [s for s in TUNING_SETS if s != held]
        mean = {c: np.mean([np.mean(grid_nmi[s][c]) for s in others]) for c in grid}
        ranking = sorted(grid, key=lambda c: -mean[c])
        chosen[held] = ranking[0]
        rank_default = ranking.index((d_tw, d_vw)) + 1
        on_held = sorted(grid, key=lambda c: -np.mean(grid_nmi[held][c]))
        print(
            f"  without {held:10s}: chosen tw={ranking[0][0]} vw={ranking[0][1]} "
            f"(mean {mean[ranking[0]]:.3f}; runner-up tw={ranking[1][0]} vw={ranking[1][1]} "
            f"{mean[ranking[1]]:.3f}; default rank {rank_default}/{len(grid)} "
            f"{mean[(d_tw, d_vw)]:.3f}) -> on {held}: chosen ranks "
            f"{on_held.index(ranking[0]) + 1}/{len(grid)}, default "
            f"{on_held.index((d_tw, d_vw)) + 1}/{len(grid)}"
        )

    # --- evaluation on each held-out set -----------------------------------------------------
    print(
        f"\nheld-out evaluation: {args.eval_runs} x {args.share:.0%} subsets (textmine: one run "
        f"per subset, random_state=run; baselines seeded 0..{args.eval_runs - 1} on the same "
        f"subsets), unclustered_share={d_share} counted as its own group; baseline s/run = one "
        "call of baselines() (all five, features included) / 5"
    )
    header = (
        f"{'held-out set':16s} {'method':40s} {'NMI':>12s} {'ARI':>12s} {'NMI excl':>12s} "
        f"{'uncl':>5s} {'k':>5s} {'s/run':>6s}"
    )
    print(header)
    summary = []
    for held in (*TUNING_SETS, "repnum-chapters"):
        frame = sets[held]
        k = frame["gold"].nunique()
        tuned_on = "repnum" if held == "repnum-chapters" else held
        c_tw, c_vw = chosen[tuned_on]
        methods: list[tuple[str, dict]] = []
        chosen_label = f"chosen w/o {tuned_on} tw={c_tw} vw={c_vw}"
        if (c_tw, c_vw) != (d_tw, d_vw):
            methods += [
                (
                    f"{chosen_label} k={k}",
                    {"n_clusters": k, "title_weight": c_tw, "vector_weight": c_vw},
                ),
                (
                    f"{chosen_label} auto k",
                    {"n_clusters": "auto", "title_weight": c_tw, "vector_weight": c_vw},
                ),
            ]
        else:
            print(f"{held:16s} ({chosen_label} = the shipped default)")
        methods += [
            (f"default k={k}", {"n_clusters": k}),
            ("default auto k", {"n_clusters": "auto"}),
        ]
        results: dict[str, list[dict[str, float]]] = {}
        for run in range(args.eval_runs):
            part = subsample(frame, run, args.share)
            gold = part["gold"].to_numpy()
            for label, settings in methods:
                predicted, elapsed = run_textmine(part, vocab, run, **settings)
                row = scores(gold, predicted)
                row["time"] = elapsed
                results.setdefault(label, []).append(row)
            start = time.perf_counter()
            predictions = baselines(part, k, run, vocab)
            elapsed = (time.perf_counter() - start) / len(predictions)
            for label, predicted in predictions.items():
                row = scores(gold, np.asarray(predicted))
                row["time"] = elapsed
                results.setdefault(f"baseline {label}", []).append(row)
        for label, rows in results.items():
            print(
                f"{held:16s} {label:40s} {cell([r['nmi'] for r in rows]):>12s} "
                f"{cell([r['ari'] for r in rows]):>12s} {cell([r['nmi_x'] for r in rows]):>12s} "
                f"{np.mean([r['unclustered'] for r in rows]):5.2f} "
                f"{np.mean([r['k'] for r in rows]):5.1f} {np.mean([r['time'] for r in rows]):6.2f}",
                flush=True,
            )
        base_labels = [label for label in results if label.startswith("baseline")]
        best_base = max(base_labels, key=lambda b: np.mean([r["nmi"] for r in results[b]]))
        entry = {"set": held, "best_base": best_base}
        for key, label in (("default", f"default k={k}"), ("chosen", f"{chosen_label} k={k}")):
            if label not in results:
                label = f"default k={k}"
            for metric in ("nmi", "ari"):
                diff = np.array([r[metric] for r in results[label]]) - np.array(
                    [r[metric] for r in results[best_base]]
                )
                entry[f"{key}_{metric}"] = np.mean([r[metric] for r in results[label]])
                entry[f"{key}_{metric}_diff"] = diff
        entry["base_nmi"] = np.mean([r["nmi"] for r in results[best_base]])
        entry["base_ari"] = np.mean([r["ari"] for r in results[best_base]])
        entry["base_nmi_std"] = np.std([r["nmi"] for r in results[best_base]])
        summary.append(entry)

    # --- verdict ------------------------------------------------------------------------------
    print("\nat gold k, minus the best baseline by NMI (paired over the same subsets):")
    clear = []
    for e in summary:
        d = e["default_nmi_diff"]
        c = e["chosen_nmi_diff"]
        wins = int((d > 0).sum())
        if wins == len(d) and d.mean() > 2 * d.std():
            verdict = "clear win"
        elif wins == len(d):
            verdict = "consistent win (every subset, gain <= 2 std)"
        else:
            verdict = "win within noise" if d.mean() > 0 else "loss"
        clear.append((e["set"], verdict))
        print(
            f"  {e['set']:16s} best baseline {e['best_base'].removeprefix('baseline '):30s} "
            f"NMI {e['base_nmi']:.3f}±{e['base_nmi_std']:.3f} ARI {e['base_ari']:.3f} | default "
            f"NMI {e['default_nmi']:.3f} ({cell(d)}, wins {wins}/{len(d)}) ARI "
            f"{e['default_ari']:.3f} ({cell(e['default_ari_diff'])}) | chosen NMI "
            f"{e['chosen_nmi']:.3f} ({cell(c)}) -> {verdict}"
        )
    elapsed = time.perf_counter() - t_start
    wins = [s for s, v in clear if v == "clear win"]
    steady = [s for s, v in clear if v.startswith("consistent")]
    weak = [s for s, v in clear if v == "win within noise"]
    ari_noise = [
        f"{e['set']} ({e['default_ari_diff'].mean():+.3f}±{e['default_ari_diff'].std():.3f})"
        for e in summary
        if e["default_ari_diff"].mean() <= 2 * e["default_ari_diff"].std()
    ]
    losses = [s for s, v in clear if v == "loss"]
    same = [s for s in TUNING_SETS if chosen[s] == (d_tw, d_vw)]
    print(
        "\nverdict: at gold k (unclustered as its own group), the shipped default beats the best "
        f"baseline clearly (paired NMI gain > 2 std and on every subset) on "
        f"{', '.join(wins) or 'no set'}"
        + (f"; on every subset but by <= 2 std on {', '.join(steady)}" if steady else "")
        + (f"; only within noise on {', '.join(weak)}" if weak else "")
        + (f"; it loses on {', '.join(losses)}" if losses else "")
        + f". Leave-one-set-out selection returns the shipped weights for {len(same)} of 3 folds"
        + (f" ({', '.join(same)})" if same else "")
        + "; the chosen configs per fold are "
        + "; ".join(f"w/o {s}: tw={chosen[s][0]} vw={chosen[s][1]}" for s in TUNING_SETS)
        + ". repnum-chapters (7 labels, never used for tuning) is "
        + dict(clear)["repnum-chapters"]
        + " for the default. By ARI the gain over the best baseline is within 2 std on "
        + (", ".join(ari_noise) or "no set")
        + f". Selection used {runs} subsets per set; total runtime "
        f"{elapsed / 60:.1f} min."
    )


if __name__ == "__main__":
    main()
