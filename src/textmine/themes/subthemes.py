"""Sub-themes: the documents of each broad theme split into topics of their own, where they hold
some.

- ``fit_sub_themes(lemmas, doc_weights, config, phrases) -> (fits, evaluations)``: for each
  broad theme (a column of ``doc_weights``), an NMF refitted on the documents whose main theme
  it is, with their own TF-IDF vocabulary (a :class:`SubThemeFit`), kept only where the corpus
  supports it (below); an :class:`Evaluation` of every broad theme says why or why not.
- ``sub_theme_weights(fits, lemmas, doc_weights) -> (n_docs, n_sub_themes)``: each document's
  weight on every sub-theme: its broad theme's share times the sub-theme's share within it, so a
  document's sub-theme weights under a broad theme sum to its weight on that theme.
- ``explained_gain(texts, k, seed) -> float``: how much better ``k`` topics explain the
  documents than the same documents with their co-occurrences destroyed.

Why a refit per broad theme rather than a finer NMF grouped afterwards: the broad themes stay
exactly those of the flat selection (nothing reported so far moves), and each sub-model sees
only the vocabulary that varies inside its theme (terms in nearly all of its documents are
dropped, as ``_vectorize`` does for the corpus), so its topics split the theme instead of
rediscovering the other themes.

**Where the corpus supports it** (``themes.sub_themes = "auto"``): a broad theme is split when
(1) at least ``sub_theme_min_documents`` documents (50) have it as their main theme, and (2) a
split of them into k sub-themes (2..``max_sub_themes``) explains their words at least
``sub_theme_min_gain`` (1.25) times as much as the same split explains the null corpus: the same
documents with their words dealt among them at random, lengths and word frequencies kept
(:func:`shuffled_words`), so that only which words go together differs. "Explains" is the share
of the one-topic NMF reconstruction error that k topics remove (``1 - err_k^2 / err_1^2``), on
the single-word columns (the null has no phrases, which would favour any split). The k with the
largest gain is kept, unless one of its sub-themes is the main one of fewer than 5 % of the
documents (then the next best k). Why not the stability rule of the broad themes: on
1,000-document samples of the million-word bench corpus, sub-corpora of 92-506 documents were as
stable with their words shuffled as they were; the gain, by contrast, was at most 1.23 between two
shuffles of the same theme's words (median 1.05) on the samples the 1.25 was chosen on, and 1.12
to 2.03 on the real themes (bench/RESULTS.md E9).
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

from textmine.config import ThemesConfig
from textmine.phrases import PhraseIndex, StopTerms, top_terms
from textmine.themes.rows import RowCache

__all__ = ["SubThemeFit", "explained_gain", "fit_sub_themes", "sub_theme_weights"]

#: A sub-theme must be the main one of at least this share of its theme's documents, and of
#: this many: a split whose smallest part is 3 documents of 92 (seen on the bench corpus) is a
#: few odd texts set apart, not a sub-theme.
_MIN_SHARE = 0.05
_MIN_DOCUMENTS = 3


@dataclass
class SubThemeFit:
    """The sub-themes of one broad theme: its sub-corpus's vectorizer and NMF (topics biggest
    first), their top terms, the gain over the null and the documents it was fitted on."""

    parent: int
    vectorizer: Any
    nmf: Any
    top_terms: list[list[str]]
    gain: float
    n_documents: int

    @property
    def n_topics(self) -> int:
        return int(self.nmf.n_components)

    def shares(self, lemmas: list[str], rows: RowCache | None = None) -> np.ndarray:
        """Shares of this theme's sub-themes in each text (rows sum to 1, or 0 without terms);
        ``rows`` keeps (and lends) their TF-IDF rows under this fit's vectorizer."""
        from textmine.themes.topics import _shares

        matrix = (
            rows.transform(self.vectorizer, lemmas) if rows else self.vectorizer.transform(lemmas)
        )
        return _shares(self.nmf.transform(matrix))


@dataclass
class Evaluation:
    """Why a broad theme was or was not split: its main documents, the gain and k chosen."""

    parent: int
    n_documents: int
    gain: float | None
    n_topics: int


def explained_gain(texts: list[str], k: int, seed: int = 0) -> float:
    """How many times more of the one-topic error ``k`` NMF topics remove on the words of
    ``texts`` (lemmas) than on the same texts with their words shuffled among them."""
    from textmine.themes.topics import _vectorize

    matrix, vectorizer = _vectorize(texts)
    null = vectorizer.transform(shuffled_words(texts, seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _gain(_words_only(matrix, vectorizer), _words_only(null, vectorizer), k, seed)


def shuffled_words(texts: list[str], seed: int) -> list[str]:
    """The null corpus: the words of ``texts`` dealt again at random, each text keeping its
    length (so the words' frequencies and the texts' lengths are kept, and which words go
    together is chance)."""
    words = [w for text in texts for w in text.split()]
    words = [words[i] for i in np.random.default_rng(seed).permutation(len(words))]
    out, start = [], 0
    for text in texts:
        n = len(text.split())
        out.append(" ".join(words[start : start + n]))
        start += n
    return out


def fit_sub_themes(
    lemmas: list[str],
    doc_weights: np.ndarray,
    config: ThemesConfig,
    phrases: PhraseIndex | None = None,
) -> tuple[list[SubThemeFit], list[Evaluation]]:
    """The sub-themes of each broad theme of ``doc_weights`` (documents x themes, rows of shares)
    that the corpus supports, and the evaluation of every broad theme (see the module)."""
    from textmine.themes.topics import _nmf, _vectorize

    if config.sub_themes == 0 or doc_weights.shape[1] == 0:
        return [], []
    main = np.where(doc_weights.sum(axis=1) > 0, doc_weights.argmax(axis=1), -1)
    stop = StopTerms.from_terms(config.stop_terms)
    fits: list[SubThemeFit] = []
    evaluations: list[Evaluation] = []
    for parent in range(doc_weights.shape[1]):
        rows = np.flatnonzero(main == parent)
        evaluation = Evaluation(parent, len(rows), None, 0)
        evaluations.append(evaluation)
        if len(rows) < config.sub_theme_min_documents:
            continue
        texts = [lemmas[i] for i in rows]
        matrix, vectorizer = _vectorize(texts)
        if matrix is None:
            continue
        seed = config.random_state + parent
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            ranked = _ranked_splits(*_choice_rows(texts, config, seed), config, seed)
            evaluation.gain = round(ranked[0][1], 6) if ranked else None
            nmf, gain, weights = None, 0.0, None
            for k, gain in ranked:  # the best gain whose split, fitted with phrases, is balanced
                if config.sub_themes == "auto" and gain < config.sub_theme_min_gain:
                    break
                nmf = _nmf(k, seed, init="nndsvda")
                weights = nmf.fit_transform(matrix)
                if config.sub_themes != "auto" or _balanced(weights):
                    break
                nmf = None
            if nmf is None:
                continue
            evaluation.gain = round(gain, 6)
        order = np.argsort(-weights.sum(axis=0), kind="stable")  # biggest sub-theme first
        nmf.components_ = nmf.components_[order]
        vectorizer.stop_words_ = None  # as large as the pruned vocabulary: not pickled
        vocabulary = vectorizer.get_feature_names_out()
        terms = [
            top_terms(
                np.argsort(-row, kind="stable")[: 4 * config.top_terms],
                row,
                vocabulary,
                config.top_terms,
                phrases,
                stop,
            )
            for row in nmf.components_
        ]
        evaluation.n_topics = nmf.n_components
        fits.append(SubThemeFit(parent, vectorizer, nmf, terms, round(gain, 6), len(rows)))
    return fits, evaluations


def sub_theme_weights(
    fits: list[SubThemeFit],
    lemmas: list[str],
    doc_weights: np.ndarray,
    min_weight: float = 0.0,
    rows: list[RowCache] | None = None,
) -> np.ndarray:
    """Documents x sub-themes (the fits' topics in order): the broad theme's share in the
    document times the sub-theme's share within it; documents whose share of a broad theme is
    below ``min_weight`` (or zero) get none of its sub-themes (they are not listed anyway).
    ``rows``: a :class:`RowCache` per fit (:meth:`SubThemeFit.shares`)."""
    n_sub = sum(f.n_topics for f in fits)
    out = np.zeros((len(lemmas), n_sub))
    start = 0
    caches = rows if rows is not None else [None] * len(fits)
    for fit, cache in zip(fits, caches, strict=True):
        share = doc_weights[:, fit.parent] if doc_weights.shape[1] > fit.parent else None
        if share is not None:
            picked = np.flatnonzero((share > 0) & (share >= min_weight))
            if len(picked):
                within = fit.shares([lemmas[i] for i in picked], cache)
                out[picked, start : start + fit.n_topics] = within * share[picked, None]
        start += fit.n_topics
    return out


def _choice_rows(
    texts: list[str], config: ThemesConfig, seed: int
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """The single-word rows the number of sub-themes is chosen on, and their null: of a random
    sample of ``selection_max_documents`` texts when the theme has more, as the number of broad
    themes is chosen (10 NMF fits per theme would otherwise grow with the corpus)."""
    from textmine.themes.topics import _vectorize

    if len(texts) > config.selection_max_documents:
        rng = np.random.default_rng(seed)
        keep = np.sort(rng.choice(len(texts), config.selection_max_documents, replace=False))
        texts = [texts[i] for i in keep]
    matrix, vectorizer = _vectorize(texts)
    null = vectorizer.transform(shuffled_words(texts, seed))
    return _words_only(matrix, vectorizer), _words_only(null, vectorizer)


def _ranked_splits(
    words: sp.csr_matrix, null: sp.csr_matrix, config: ThemesConfig, seed: int
) -> list[tuple[int, float]]:
    """Candidate numbers of sub-themes with their gain (on the words, against the null), best
    first (ties: fewer): ``sub_themes`` when a number, else 2..``max_sub_themes`` (fewer than a
    third of the documents). The caller keeps the first whose split is balanced (every
    sub-theme the main one of ``_MIN_SHARE`` of the documents: a topic of 3 documents out of 92
    is a few odd texts, not a sub-theme)."""
    n_docs, n_terms = words.shape
    upper = min(config.max_sub_themes, n_docs // 3, n_terms - 1)
    lower = 2
    if config.sub_themes != "auto":
        upper = lower = min(int(config.sub_themes), n_docs // 3, n_terms - 1)
    if upper < 2:
        return []
    ones = (_one_topic_error(words, seed), _one_topic_error(null, seed))
    # The fits are independent and release the GIL: two threads, one BLAS thread each, as the
    # broad themes' selection does (E6; same values as one after the other).
    with threadpool_limits(limits=1), ThreadPoolExecutor(min(2, os.cpu_count() or 1)) as threads:
        gains = list(
            threads.map(lambda k: (k, _gain(words, null, k, seed, ones)), range(lower, upper + 1))
        )
    return sorted(gains, key=lambda pair: (-round(pair[1], 9), pair[0]))


def _gain(
    words: sp.csr_matrix,
    null: sp.csr_matrix,
    k: int,
    seed: int,
    ones: tuple[float, float] | None = None,
) -> float:
    """The gain of ``k`` topics: the real explained share divided by the null's."""
    real_one, null_one = ones or (_one_topic_error(words, seed), _one_topic_error(null, seed))
    real = 1 - _fit(words, k, seed)[1] ** 2 / real_one**2 if real_one else 0.0
    shuffled = 1 - _fit(null, k, seed)[1] ** 2 / null_one**2 if null_one else 0.0
    return real / shuffled if shuffled > 0 else 0.0


def _one_topic_error(matrix: sp.csr_matrix, seed: int) -> float:
    """The error of the best one-topic model, without fitting one: a nonnegative matrix's
    leading singular vectors are nonnegative (Perron-Frobenius), so its best rank-1 NMF is its
    best rank-1 approximation, of squared error |X|^2 - s1^2."""
    total = float(matrix.multiply(matrix).sum())
    top = float(randomized_svd(matrix, 1, random_state=seed)[1][0])
    return float(np.sqrt(max(total - top**2, 0.0)))


def _words_only(matrix: sp.csr_matrix, vectorizer: Any) -> sp.csr_matrix:
    """The single-word columns, rows normalised: the gain compares which words go together,
    and the null has no phrases (its bigrams are chance pairs), which would favour any split."""
    single = np.array([" " not in term for term in vectorizer.get_feature_names_out()])
    rows = normalize(sp.csr_matrix(matrix)[:, np.flatnonzero(single)])
    # scipy sorts indices in place on first use: done here, before threads share the matrix.
    rows.sum_duplicates()
    rows.sort_indices()
    return rows


def _balanced(weights: np.ndarray) -> bool:
    """Whether every topic is the main one of at least ``_MIN_SHARE`` of the documents."""
    has = weights.sum(axis=1) > 0
    counts = np.bincount(weights[has].argmax(axis=1), minlength=weights.shape[1])
    return bool(counts.min() >= max(_MIN_DOCUMENTS, _MIN_SHARE * len(weights)))


def _fit(matrix: sp.csr_matrix, k: int, seed: int) -> tuple[Any, float]:
    """An NMF of ``k`` topics (deterministic start) and its reconstruction error."""
    from textmine.themes.topics import _nmf

    model = _nmf(k, seed, init="nndsvda")
    model.fit(matrix)
    return model, float(model.reconstruction_err_)
