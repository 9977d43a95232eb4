"""Exploration of clustering variants on the labelled consultations (NMI/ARI, 5 seeds).

Each variant builds a representation of the distinct proposals and clusters it; scores are
over all proposals with nothing left unclustered (the unclustered policy is measured apart by
``cluster_labelled.py``). Used to choose the default; kept to make the choice reproducible.

    .venv/bin/python bench/cluster_explore.py [--sets ...] [--variants ...] [--seeds 5]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import scipy.sparse as sp
from cluster_data import load_labelled, vectors_vocab
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import normalize

from textmine import clustering
from textmine.clustering.representation import _french_stop_words

warnings.filterwarnings("ignore")


def tfidf_fit(lemmas, ngram=(1, 2), min_df=2, max_df=1.0, sublinear=True):
    vec = TfidfVectorizer(
        ngram_range=ngram,
        min_df=min_df,
        max_df=max_df,
        sublinear_tf=sublinear,
        token_pattern=r"(?u)[^\s]+",
        stop_words=_french_stop_words(),
        dtype=np.float32,
    )
    return vec, vec.fit_transform(lemmas)


def sif_rows(lemmas, vocab, a=1e-3, remove_pc=True):
    table = vocab.vectors
    data = np.asarray(table.data)
    counts: dict[str, int] = {}
    for s in lemmas:
        for w in s.split():
            counts[w] = counts.get(w, 0) + 1
    total = sum(counts.values())
    rows = np.zeros((len(lemmas), data.shape[1]), dtype=np.float32)
    for i, s in enumerate(lemmas):
        acc = np.zeros(data.shape[1])
        weight = 0.0
        for w in s.split():
            r = table.find(key=w)
            if r < 0:
                continue
            wt = a / (a + counts[w] / total)
            acc += wt * data[r] / (np.linalg.norm(data[r]) + 1e-9)
            weight += wt
        if weight:
            rows[i] = acc / weight
    if remove_pc:
        u = TruncatedSVD(1, random_state=0).fit(rows).components_[0]
        rows = rows - np.outer(rows @ u, u)
    return normalize(rows)


def spectral(matrix, k, seed, n_neighbors=20):
    return SpectralClustering(
        k,
        affinity="nearest_neighbors",
        n_neighbors=n_neighbors,
        assign_labels="cluster_qr",
        random_state=seed,
    ).fit_predict(matrix)


def knn_graph(matrix, n_neighbors):
    """Symmetric 0/1 kNN graph (cosine on L2-normalised rows), sparse."""
    from sklearn.neighbors import NearestNeighbors

    nn = NearestNeighbors(n_neighbors=n_neighbors + 1, metric="cosine").fit(matrix)
    graph = nn.kneighbors_graph(matrix, mode="connectivity")
    graph.setdiag(0)
    graph.eliminate_zeros()
    return ((graph + graph.T) > 0).astype(float).tocsr()


def consensus(matrix, k, seed, neighbours=(10, 15, 20, 30), final_nn=20, ks=None):
    """Co-association of spectral partitions (several graphs) on the union kNN graph edges."""
    partitions = []
    for nn in neighbours:
        for kk in ks or [k]:
            partitions.append(spectral(matrix, kk, seed, nn))
    graph = knn_graph(matrix, max(neighbours)).tocoo()
    together = np.zeros(len(graph.data))
    for labels in partitions:
        together += labels[graph.row] == labels[graph.col]
    weights = together / len(partitions)
    affinity = sp.csr_matrix((weights + 1e-3, (graph.row, graph.col)), shape=graph.shape)
    return SpectralClustering(
        k, affinity="precomputed", assign_labels="cluster_qr", random_state=seed
    ).fit_predict(affinity)


def kmeans_lsa(matrix, k, seed, dims=100):
    lsa = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(matrix))
    return KMeans(k, n_init=10, random_state=seed).fit_predict(lsa)


def combine(blocks):
    """Weighted concatenation of L2-normalised blocks, renormalised."""
    parts = []
    for weight, block in blocks:
        if weight == 0:
            continue
        block = normalize(block) * weight
        parts.append(sp.csr_matrix(block) if not sp.issparse(block) else block)
    return normalize(sp.hstack(parts).tocsr())


def representation(name, frame, titles, vocab, seed):
    lemmas = list(frame["lemmas"])
    if name.startswith("tfidf"):
        _, m = tfidf_fit(lemmas)
        return m
    raise KeyError(name)


def build(variant, frame, titles, vocab, seed):
    lemmas = list(frame["lemmas"])
    opts = dict(p.split("=") for p in variant.split(",")[1:])
    base = variant.split(",")[0]
    title_w = float(opts.get("title", 0))
    repeat = int(opts.get("repeat", 0))
    sif_w = float(opts.get("sif", 0))
    ngram = (1, int(opts.get("ngram", 2)))
    max_df = float(opts.get("maxdf", 1.0))
    min_df = int(opts.get("mindf", 2))
    if repeat:
        lemmas = [
            f"{s} " + " ".join([t] * repeat) if t else s
            for s, t in zip(lemmas, titles, strict=True)
        ]
    vec, m = tfidf_fit(lemmas, ngram=ngram, max_df=max_df, min_df=min_df)
    if title_w:
        t = vec.transform(titles)
        m = normalize(normalize(m) + title_w * normalize(t))
    blocks = [(1.0, m)]
    if sif_w:
        blocks.append((sif_w, sif_rows(lemmas if not repeat else list(frame["lemmas"]), vocab)))
    matrix = combine(blocks) if len(blocks) > 1 else normalize(m)
    if base == "spectral":
        return spectral(matrix, frame.attrs["k"], seed, int(opts.get("nn", 20)))
    if base == "consensus":
        ks = None
        if "kspread" in opts:
            k = frame.attrs["k"]
            ks = sorted({max(2, k - 1), k, k + 1})
        return consensus(matrix, frame.attrs["k"], seed, ks=ks)
    if base == "kmeans":
        return kmeans_lsa(matrix, frame.attrs["k"], seed)
    if base == "sifonly":
        return spectral(sif_rows(lemmas, vocab), frame.attrs["k"], seed)
    raise KeyError(base)


def check_titles(sets) -> None:
    from cluster_data import title_lemmas

    exact = title_lemmas(sets)
    for name, frame in sets.items():
        estimated = [
            clustering.estimate_title_lemmas(text, lemmas)
            for text, lemmas in zip(frame["text"], frame["lemmas"], strict=True)
        ]
        lengths = [
            (len(a.split()), len(b.split())) for a, b in zip(estimated, exact[name], strict=True)
        ]
        same = sum(a == b for a, b in zip(estimated, exact[name], strict=True))
        print(
            f"{name}: {same}/{len(frame)} titles exact ({same / len(frame):.1%}), "
            f"{sum(a < b for a, b in lengths)} shorter, {sum(a > b for a, b in lengths)} longer"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sets", default="repnum,granddebat,rua")
    parser.add_argument("--k", default="gold", help="gold or auto")
    parser.add_argument("--variants", default="spectral")
    parser.add_argument(
        "--subsample",
        type=float,
        default=1.0,
        help="cluster a random share of the proposals per seed (<1 shows sampling noise)",
    )
    parser.add_argument(
        "--check-titles",
        action="store_true",
        help="compare estimate_title_lemmas with the lemmas of the titles parsed alone",
    )
    args = parser.parse_args()
    sets = load_labelled()
    if args.check_titles:
        check_titles(sets)
        return
    vocab = vectors_vocab()
    for name in args.sets.split(","):
        frame = sets[name]
        titles = (
            [
                clustering.estimate_title_lemmas(t, s)
                for t, s in zip(frame["text"], frame["lemmas"], strict=True)
            ]
            if hasattr(clustering, "estimate_title_lemmas")
            else [""] * len(frame)
        )
        gold = frame["gold"].to_numpy()
        if args.k == "gold":
            frame.attrs["k"] = frame["gold"].nunique()
        else:
            frame.attrs["k"] = clustering.choose_n_clusters(len(frame), 2, 40)
        for variant in args.variants.split(";"):
            nmi, ari = [], []
            start = time.perf_counter()
            seeds = range(args.seeds)
            for seed in seeds:
                rows = np.arange(len(frame))
                if args.subsample < 1:
                    rng = np.random.RandomState(1000 + seed)
                    rows = np.sort(rng.choice(rows, int(args.subsample * len(rows)), False))
                part = frame.iloc[rows].reset_index(drop=True)
                part.attrs["k"] = frame.attrs["k"]
                pred = build(variant, part, [titles[i] for i in rows], vocab, seed)
                nmi.append(normalized_mutual_info_score(gold[rows], pred))
                ari.append(adjusted_rand_score(gold[rows], pred))
            el = (time.perf_counter() - start) / args.seeds
            print(
                f"{name:10s} k={frame.attrs['k']:2d} {variant:40s} NMI {np.mean(nmi):.3f}±{np.std(nmi):.3f}"
                f" ARI {np.mean(ari):.3f}±{np.std(ari):.3f} {el:.2f}s",
                flush=True,
            )


if __name__ == "__main__":
    main()
