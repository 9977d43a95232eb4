"""Screen clustering variants on the labelled sets, paired with the best BERTopic-like baseline.

Each variant changes textmine's clustering (the kNN graphs of the consensus, a refinement, the
representation), passed as the ``algorithm`` and ``representation`` parameters of
``cluster_proposals`` (nothing in the library is patched), and is run on the same random 90 %
subsets as ``_data.subsample`` draws them
(seed = run), at gold k, with ``unclustered_share`` counted as its own group as the held-out
evaluation does. Printed: NMI and ARI mean ± std, and the paired difference with the
BERTopic-like svd10n+kmeans baseline (seeded = run on the same subset) and with the default.

    nice -n 19 python -m bench.cluster_variants [--runs 10] [--variants default,char:chw=0.5,...]
        [--auto] [--share 0.1] [--supervised]

A variant's parameters follow a colon, ``;``-separated (``char:chw=0.7``, ``bag:only=1``,
``tw1:vector_weight=0.2``). ``--supervised`` prints how well a logistic regression predicts the
gold labels from the default rows (5-fold CV): the headroom any representation change has.

Findings (s3-cluster, 10 subsets, gold k; see the commit message): no variant beat the default
by more than the noise on repnum and granddebat without losing on rua. Graph construction
(cosine-weighted, mutual, shared-nearest-neighbour kNN, wider neighbour range), k-means
refinement or k-means assignment after spectral, consensus over several representations or
(title, vector) weights, BM25, semantic smoothing through word-vector neighbours, bag of
word-vector concepts, character n-grams, title-only SIF vectors, unigrams only, an LSA block:
all within +-0.015 NMI of the default on repnum/granddebat, and those above it there lose
0.015-0.035 on rua.

Needs ../shared/corpora. Time: not recorded for the whole table; one clustering takes 0.1-0.6 s
on these sets with the default (more for the ensemble variants), and each variant runs 10
subsets x 4 sets. The baseline partitions are
cached in ``bench/results/variants_baseline.pkl``. Raw output may go to ``bench/results/``
(git-ignored); the figures that matter go into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import functools
import pickle
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

import textmine.clustering as tc
from bench._data import load_labelled, repnum_chapters, results_dir, subsample, vectors_vocab
from textmine.clustering.algorithms import (
    _centroids,
    _coassociation_affinity,
    _dot,
    _neighbour_lists,
)
from textmine.clustering.representation import (
    _TOKEN_PATTERN,
    _french_stop_words,
    _lowercase_words,
)
from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")


def baseline_svd10n(part, k: int, seed: int) -> np.ndarray:
    lemmas = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform(
        part["lemmas"]
    )
    svd10 = normalize(TruncatedSVD(10, random_state=seed).fit_transform(lemmas))
    return KMeans(k, n_init=10, random_state=seed).fit_predict(svd10)


# --------------------------------------------------------------------------- graph variants


def knn_graph(nearest, sims, size, kind):
    n = nearest.shape[0]
    rows = np.arange(n)
    cols = np.concatenate([rows[:, None], nearest[:, : size - 1]], axis=1)
    if kind == "weighted":
        vals = np.concatenate([np.ones((n, 1)), np.maximum(sims[:, : size - 1], 0)], axis=1)
    else:
        vals = np.ones(cols.shape)
    conn = sp.csr_matrix((vals.ravel(), (np.repeat(rows, size), cols.ravel())), shape=(n, n))
    if kind == "mutual":
        both = conn.minimum(conn.T)
        return (0.5 * (conn + conn.T) + both).tocsr()
    if kind == "snn":
        binary = (conn > 0).astype(float)
        shared = binary @ binary.T  # shared neighbours among the size nearest (self included)
        sym = ((binary + binary.T) > 0).astype(float)
        return sym.multiply(shared).tocsr() / size
    return (0.5 * (conn + conn.T)).tocsr()


def spectral(affinity, k, seed, assign="cluster_qr"):
    from sklearn.cluster import spectral_clustering

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spectral_clustering(
            affinity,
            n_clusters=k,
            eigen_solver="lobpcg",
            assign_labels=assign,
            random_state=seed,
            n_init=10,
        )


def consensus(
    matrix,
    k,
    seed,
    neighbours=(10, 15, 20, 30),
    kind="binary",
    assign="cluster_qr",
    final_kind=None,
    extra_partitions=(),
    seeds=1,
    final_assign=None,
):
    n = matrix.shape[0]
    sizes = sorted({max(2, min(int(nn), n // 4, n - 1)) for nn in neighbours})
    model = NearestNeighbors(n_neighbors=max(sizes), metric="cosine", algorithm="brute")
    dist, nearest = model.fit(matrix).kneighbors()
    sims = 1 - dist
    partitions = []
    for size in sizes:
        g = knn_graph(nearest, sims, size, kind)
        for s in range(seeds):
            partitions.append(spectral(g, k, seed + 1000 * s, assign))
    partitions += list(extra_partitions)
    affinity = _coassociation_affinity(nearest, partitions)
    return spectral(affinity, k, seed, final_assign or assign)


def refine(matrix, labels, k, iterations=10):
    """Spherical k-means iterations started from ``labels``."""
    labels = np.asarray(labels).copy()
    for _ in range(iterations):
        centroids = _centroids(matrix, labels, k)
        new = _dot(matrix, centroids).argmax(axis=1)
        if (new == labels).all():
            break
        labels = new
    return labels


# --------------------------------------------------------------------------- variant table

STASH: dict = {}


def make_fit(**kw):
    post = kw.pop("post", None)

    def fit(matrix, k, config):
        labels = consensus(matrix, k, config.random_state, **kw)
        if post == "refine":
            labels = refine(matrix, labels, k)
        elif post == "refine2":
            labels = refine(matrix, labels, k, 2)
        return labels

    return fit


def fit_repr_ensemble(matrix, k, config):
    """Consensus over graphs of the joint rows, the TF-IDF block alone and the SIF block alone."""
    seed = config.random_state
    tfidf, sif = STASH["tfidf"], STASH["sif"]
    extra = []
    for block in (tfidf, sif):
        extra.append(consensus(block, k, seed))
    return consensus(matrix, k, seed, extra_partitions=extra)


BAG = ((0.25, 0.15), (1.0, 0.5), (0.5, 0.0), (0.5, 0.3))


def fit_bag(matrix, k, config):
    """Consensus over partitions of several (title_weight, vector_weight) representations."""
    seed = config.random_state
    lemmas, titles = STASH["lemmas"], STASH["titles"]
    assert len(lemmas) == matrix.shape[0]
    extra = []
    for tw, vw in BAG:
        m = ORIGINAL_VECTORIZER(
            "tfidf_sif", vocab=STASH["vocab"], random_state=seed, title_weight=tw, vector_weight=vw
        ).fit_transform(lemmas, titles)
        extra.append(consensus(m, k, seed))
    if STASH.get("only"):  # only the bag's partitions, co-associated on the 30-NN graph
        return final_only(matrix, k, seed, extra)
    return consensus(matrix, k, seed, extra_partitions=extra)


def final_only(matrix, k, seed, partitions, size=30):
    n = matrix.shape[0]
    size = max(2, min(size, n // 4, n - 1))
    nearest = _neighbour_lists(matrix, size)
    return spectral(_coassociation_affinity(nearest, partitions), k, seed)


def fit_lsa_graph(matrix, k, config):
    svd = TruncatedSVD(min(100, matrix.shape[0] - 1), random_state=config.random_state)
    reduced = normalize(svd.fit_transform(matrix))
    return consensus(reduced, k, config.random_state)


ORIGINAL_VECTORIZER = tc.ProposalVectorizer


class StashVectorizer(tc.ProposalVectorizer):
    mode = None

    def _finish(self, tfidf, lemmas, fitting):
        if self.representation_ == "tfidf_sif":
            sif = self._sif_fit(lemmas) if fitting else self._sif_transform(lemmas)
            STASH["tfidf"] = normalize(tfidf)
            STASH["sif"] = sif
            if self.mode == "bm25":
                tfidf = bm25(self.tfidf_, lemmas, tfidf, STASH["titles"], self.title_weight)
            blocks = [normalize(tfidf), sp.csr_matrix(sif * self.vector_weight)]
            if self.mode == "smooth":
                beta, threshold = STASH.get("beta", 0.5), STASH.get("thr", 0.5)
                blocks[0] = normalize(smooth(self, tfidf, beta, threshold))
            if self.mode == "concepts":
                blocks.append(sp.csr_matrix(concepts(self, lemmas) * STASH.get("cw", 0.5)))
            if self.mode in ("char", "char_only"):
                crow = char_rows(lemmas)
                if STASH["titles"] is not None:
                    crow = normalize(crow + 0.5 * char_rows(lemmas, STASH["titles"]))
                if self.mode == "char_only":
                    blocks[0] = crow
                else:
                    blocks.append(crow * STASH.get("chw", 1.0))
            if self.mode == "title_sif":
                t = STASH["titles"]
                tsif = self._sif_transform(t) if t is not None else None
                if tsif is not None:
                    blocks.append(sp.csr_matrix(tsif * STASH.get("tsw", 0.2)))
            if self.mode == "unigrams":
                terms = self.tfidf_.get_feature_names_out()
                keep = np.array([" " not in t for t in terms])
                blocks[0] = normalize(normalize(tfidf)[:, np.flatnonzero(keep)])
            if self.mode == "lsa_too":
                lsa = self._lsa(tfidf)
                blocks.append(sp.csr_matrix(lsa * 0.5))
            return normalize(sp.hstack(blocks).tocsr())
        return super()._finish(tfidf, lemmas, fitting)

    def fit_transform(self, lemmas, titles=None):
        STASH["titles"] = titles
        STASH["lemmas"] = lemmas
        STASH["vocab"] = self.vocab
        return super().fit_transform(lemmas, titles)


def char_rows(lemmas, others=None):
    """TF-IDF of character 3-5-grams of the content lemmas (of ``others`` if given)."""
    stop = set(_french_stop_words())
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True, dtype=np.float32
    )
    char.fit([" ".join(w for w in text.split() if w not in stop) for text in lemmas])
    return normalize(char.transform(lemmas if others is None else others))


def smooth(vec, tfidf, beta, threshold, top=10):
    """Add beta times the rows spread to each unigram's word-vector neighbours in the vocabulary."""
    terms = list(vec.tfidf_.get_feature_names_out())
    uni = np.array([" " not in t for t in terms])
    idx = np.flatnonzero(uni)
    e = normalize(vec._embedding([terms[i] for i in idx]))
    known = np.abs(e).sum(axis=1) > 0
    idx, e = idx[known], e[known]
    sims = e @ e.T
    np.fill_diagonal(sims, 0)
    top = min(top, len(idx) - 1)
    best = np.argpartition(-sims, top, axis=1)[:, :top]
    vals = np.take_along_axis(sims, best, axis=1)
    keep = vals >= threshold
    r = np.repeat(idx, top)[keep.ravel()]
    c = idx[best.ravel()][keep.ravel()]
    S = sp.csr_matrix((vals.ravel()[keep.ravel()], (r, c)), shape=(len(terms), len(terms)))
    x = normalize(tfidf)
    return normalize(x + beta * normalize(x @ S)).tocsr()


def concepts(vec, lemmas, n_concepts=None):
    """TF-IDF of word-vector clusters of the vocabulary (bag of concepts)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    counter = CountVectorizer(analyzer=_lowercase_words)
    counts = counter.fit_transform(lemmas)
    terms = list(counter.get_feature_names_out())
    e = normalize(vec._embedding(terms))
    known = np.abs(e).sum(axis=1) > 0
    c = n_concepts or max(10, int(known.sum() / STASH.get("per", 10)))
    km = KMeans(c, n_init=1, random_state=vec.random_state).fit(e[known])
    assign = np.full(len(terms), -1)
    assign[known] = km.labels_
    cols = np.flatnonzero(known)
    M = sp.csr_matrix((np.ones(len(cols)), (cols, assign[cols])), shape=(len(terms), c))
    bag = counts @ M
    return normalize(TfidfTransformer(sublinear_tf=True).fit_transform(bag)).toarray()


def bm25(vectorizer, lemmas, _tfidf, titles, title_weight, k1=1.2, b=0.75):
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(
        ngram_range=(1, 2),
        token_pattern=_TOKEN_PATTERN,
        vocabulary=vectorizer.vocabulary_,
        stop_words=_french_stop_words(),
    )
    counts = counter.transform(lemmas).tocsr().astype(np.float32)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    avg = lengths.mean() if lengths.mean() > 0 else 1.0
    counts = counts.tocoo()
    denom = counts.data + k1 * (1 - b + b * lengths[counts.row] / avg)
    data = counts.data * (k1 + 1) / denom * vectorizer.idf_[counts.col]
    rows = sp.csr_matrix((data, (counts.row, counts.col)), shape=counts.shape)
    if titles is not None and title_weight:
        title_rows = normalize(vectorizer.transform(titles)) * title_weight
        return normalize(normalize(rows) + title_rows).tocsr()
    return rows


VARIANTS = {
    "default": {},
    "weighted": {"fit": make_fit(kind="weighted")},
    "mutual": {"fit": make_fit(kind="mutual")},
    "snn": {"fit": make_fit(kind="snn")},
    "refine": {"fit": make_fit(post="refine")},
    "refine2": {"fit": make_fit(post="refine2")},
    "kmeans-assign": {"fit": make_fit(assign="kmeans")},
    "final-kmeans": {"fit": make_fit(final_assign="kmeans")},
    "seeds3": {"fit": make_fit(seeds=3, assign="kmeans")},
    "wide": {"fit": make_fit(neighbours=(5, 10, 15, 20, 30, 40))},
    "repr-ensemble": {"fit": fit_repr_ensemble, "vec": None},
    "lsa-graph": {"fit": fit_lsa_graph},
    "bm25": {"vec": "bm25"},
    "lsa-too": {"vec": "lsa_too"},
    "smooth": {"vec": "smooth"},
    "bag": {"fit": fit_bag},
    "concepts": {"vec": "concepts"},
    "char": {"vec": "char"},
    "char-only": {"vec": "char_only"},
    "title-sif": {"vec": "title_sif"},
    "unigrams": {"vec": "unigrams"},
    "share0": {"config": {"unclustered_share": 0.0}},
    "vw0.2": {"config": {"vector_weight": 0.2}},
    "vw0.4": {"config": {"vector_weight": 0.4}},
    "vw0.5": {"config": {"vector_weight": 0.5}},
    "tw1": {"config": {"title_weight": 1.0}},
}


def options(spec) -> dict:
    """The ``cluster_proposals`` keyword arguments that run the variant ``spec``."""
    vectorizer = type("StashVectorizer", (StashVectorizer,), {"mode": spec.get("vec")})
    return {
        "representation": functools.partial(tc.vectorize_proposals, vectorizer=vectorizer),
        "algorithm": spec.get("fit", tc.fit_labels),
    }


def supervised_check() -> None:
    """How well the gold labels can be predicted from the default rows at all (5-fold CV)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    sets = load_labelled()
    sets["repnum-chapters"] = repnum_chapters(sets["repnum"])
    vocab = vectors_vocab()
    default = ClusteringConfig()
    for name, frame in sets.items():
        titles = [
            tc.estimate_title_lemmas(t, lem)
            for t, lem in zip(frame.text, frame.lemmas, strict=True)
        ]
        rows = ORIGINAL_VECTORIZER(
            "tfidf_sif",
            vocab=vocab,
            title_weight=default.title_weight,
            vector_weight=default.vector_weight,
        ).fit_transform(list(frame.lemmas), titles)
        gold = frame["gold"].to_numpy()
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        predicted = cross_val_predict(LogisticRegression(C=10, max_iter=2000), rows, gold, cv=folds)
        print(
            f"{name:16s} logistic regression, 5-fold CV on the default rows: accuracy "
            f"{(predicted == gold).mean():.3f} NMI "
            f"{normalized_mutual_info_score(gold, predicted):.3f} ARI "
            f"{adjusted_rand_score(gold, predicted):.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--first-run", type=int, default=0)
    parser.add_argument("--share", type=float, default=0.1, help="unclustered_share")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--sets", default="repnum,granddebat,rua,repnum-chapters")
    parser.add_argument("--auto", action="store_true", help="automatic k instead of gold k")
    parser.add_argument(
        "--supervised", action="store_true", help="only the supervised headroom check"
    )
    args = parser.parse_args()
    if args.supervised:
        supervised_check()
        return
    sets = load_labelled()
    sets["repnum-chapters"] = repnum_chapters(sets["repnum"])
    vocab = vectors_vocab()
    runs = range(args.first_run, args.first_run + args.runs)
    cache = results_dir() / "variants_baseline.pkl"
    base = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    names = args.sets.split(",")
    parts = {name: [subsample(sets[name], run, 0.9) for run in runs] for name in names}
    for name in names:
        k = sets[name]["gold"].nunique()
        for run, part in zip(runs, parts[name], strict=True):
            if (name, run) not in base:
                base[(name, run)] = baseline_svd10n(part, k, run)
    cache.write_bytes(pickle.dumps(base))
    results: dict = {}
    print(
        f"{'variant':14s} {'set':16s} {'NMI':>12s} {'ARI':>13s} {'dNMI base':>13s} "
        f"{'dARI base':>13s} {'dNMI def':>13s} {'dARI def':>13s} {'s/run':>6s}"
    )
    for variant in args.variants.split(","):
        base_name, _, params = variant.partition(":")
        spec = VARIANTS[base_name]
        STASH.clear()
        for item in filter(None, params.split(";")):
            key, value = item.split("=")
            if key in ("vector_weight", "title_weight"):
                spec = {**spec, "config": {**spec.get("config", {}), key: float(value)}}
            else:
                STASH[key] = float(value)
        stash_params = {k: v for k, v in STASH.items()}
        for name in names:
            k = "auto" if args.auto else sets[name]["gold"].nunique()
            nmi, ari, bn, ba, secs = [], [], [], [], []
            for run, part in zip(runs, parts[name], strict=True):
                settings = {"n_clusters": k, "unclustered_share": args.share}
                settings.update(spec.get("config", {}))
                config = ClusteringConfig(random_state=run, **settings)
                start = time.perf_counter()
                STASH.update(stash_params)
                out, _ = tc.cluster_proposals(part, config, vocab=vocab, **options(spec))
                secs.append(time.perf_counter() - start)
                gold = part["gold"].to_numpy()
                pred = out["cluster_id"].to_numpy()
                nmi.append(normalized_mutual_info_score(gold, pred))
                ari.append(adjusted_rand_score(gold, pred))
                bn.append(normalized_mutual_info_score(gold, base[(name, run)]))
                ba.append(adjusted_rand_score(gold, base[(name, run)]))
            nmi, ari, bn, ba = map(np.array, (nmi, ari, bn, ba))
            results[(variant, name)] = (nmi, ari)
            d = results.get(("default", name), (nmi, ari))

            def c(v):
                return f"{v.mean():+.3f}±{v.std():.3f}"

            print(
                f"{variant:14s} {name:16s} {nmi.mean():.3f}±{nmi.std():.3f} "
                f"{ari.mean():.3f}±{ari.std():.3f} {c(nmi - bn):>13s} {c(ari - ba):>13s} "
                f"{c(nmi - d[0]):>13s} {c(ari - d[1]):>13s} {np.mean(secs):6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
