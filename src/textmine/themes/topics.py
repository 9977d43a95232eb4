"""Themes: NMF topics over TF-IDF of document lemmas (uni- and bi-grams).

The number of topics is chosen, when not set, by stability: for each candidate ``k`` the model is
fitted from several random starts and the topics of each run are matched to those of the others;
the ``k`` (from 3 up, when there is room) whose topics come back the most alike is kept (after
Greene, O'Callaghan & Cunningham 2014).
Documents are sorted by ``doc_id`` first, so results do not depend on input order.
Each broad theme may get sub-themes of its own, where the corpus supports it
(:mod:`textmine.themes.subthemes`; ``sub_themes`` and ``document_sub_themes`` tables).
"""

from __future__ import annotations

import copy
import os
import pickle
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from textmine.config import ThemesConfig
from textmine.phrases import PhraseIndex, StopTerms, content_words, top_terms
from textmine.schema import conform, empty
from textmine.themes.rows import RowCache
from textmine.themes.subthemes import (
    Evaluation,
    SubThemeFit,
    fit_sub_themes,
    sub_theme_weights,
)

_TOKEN = r"[^\s]+"
_LABEL_TERMS = 3


class ThemeModel:
    """NMF topics of lemmatised texts, scikit-learn style.

    Fitted attributes: ``vectorizer_``, ``nmf_`` (``None`` when there is too little text),
    ``n_topics_``, ``stability_`` (``k -> mean matched similarity`` when chosen automatically),
    ``stability_spread_`` (``k ->`` standard deviation of those similarities over pairs of runs),
    ``top_terms_`` (per topic, best first), ``labels_``, ``doc_ids_``, ``doc_weights_`` (rows
    sum to 1); the second level: ``sub_fits_`` (a :class:`SubThemeFit` per broad theme that has
    sub-themes), ``sub_evaluations_`` (why each broad theme was split or not),
    ``sub_labels_`` and ``sub_weights_`` (documents x sub-themes, in the fits' order);
    ``rows_`` and ``sub_rows_`` (one per fit): the TF-IDF rows of the texts this model weighed,
    which the next run's :meth:`refresh` reuses for the same texts (:mod:`textmine.themes.rows`).
    """

    def __init__(self, config: ThemesConfig | None = None):
        self.config = config or ThemesConfig()

    def fit(self, doc_lemmas: pd.DataFrame, phrases: PhraseIndex | None = None) -> ThemeModel:
        """Fit the topics of ``doc_lemmas`` (``doc_id``, ``lemmas``). With ``phrases`` (the
        corpus's key terms), top terms and labels show bigrams as those terms, and leave out
        the bigrams that are no phrase of the corpus. The configured ``stop_terms`` are never
        among the top terms, nor therefore in labels (:class:`StopTerms`); they stay in the
        model's features, so that the topics themselves do not depend on what is shown."""
        frame = _clean(doc_lemmas)
        self.doc_ids_ = frame["doc_id"].tolist()
        self.nmf_ = None
        self.vectorizer_ = None
        self.n_topics_ = 0
        self.stability_: dict[int, float] = {}
        self.stability_spread_: dict[int, float] = {}
        self.top_terms_: list[list[str]] = []
        self.labels_: list[str] = []
        self.doc_weights_ = np.zeros((len(frame), 0))
        self.sub_fits_: list[SubThemeFit] = []
        self.sub_evaluations_: list[Evaluation] = []
        self.sub_labels_: list[str] = []
        self.sub_weights_ = np.zeros((len(frame), 0))
        self.rows_ = RowCache()
        self.sub_rows_: list[RowCache] = []
        if len(frame) < 2:
            return self
        matrix, vectorizer = _vectorize(frame["lemmas"].tolist())
        if matrix is None:
            return self
        n_topics = self._choose_n_topics(matrix)
        if n_topics < 1:
            return self
        nmf = _nmf(n_topics, self.config.random_state, init="nndsvda")
        weights = nmf.fit_transform(matrix)
        order = np.argsort(-weights.sum(axis=0), kind="stable")  # biggest theme first
        nmf.components_ = nmf.components_[order]
        weights = weights[:, order]
        # Only for introspection, and as large as the pruned vocabulary: not kept (nor pickled).
        vectorizer.stop_words_ = None
        self.vectorizer_, self.nmf_, self.n_topics_ = vectorizer, nmf, n_topics
        vocabulary = vectorizer.get_feature_names_out()
        stop = StopTerms.from_terms(self.config.stop_terms)
        self.top_terms_ = [
            top_terms(
                np.argsort(-row, kind="stable")[: 4 * self.config.top_terms],
                row,
                vocabulary,
                self.config.top_terms,
                phrases,
                stop,
            )
            for row in nmf.components_
        ]
        self.labels_ = _labels(self.top_terms_)
        self.doc_weights_ = _shares(weights)
        texts = frame["lemmas"].tolist()
        self.sub_fits_, self.sub_evaluations_ = fit_sub_themes(
            texts, self.doc_weights_, self.config, phrases
        )
        # Unique across both levels: a sub-theme never reads as a broad theme.
        every = [t for fit in self.sub_fits_ for t in fit.top_terms]
        self.sub_labels_ = _labels(every, taken=self.labels_, name="sous-thème")
        self.sub_rows_ = [RowCache() for _ in self.sub_fits_]
        self.sub_weights_ = self._sub_weights(texts, self.doc_weights_)
        # The rows the fit's matrix came from are fit_transform's, which may differ from
        # transform's in the last bit (another order of the terms in a row before its norm):
        # the documents' rows are made as a fold-in makes them, for the next run to reuse
        # (about 1 CPU-s on the million-word bench corpus's cold run, O13).
        self.rows_.transform(vectorizer, texts)
        return self

    def _sub_weights(self, texts: list[str], doc_weights: np.ndarray) -> np.ndarray:
        fits = self._fits()
        caches = getattr(self, "sub_rows_", None)
        if caches is None or len(caches) != len(fits):  # a model pickled before the caches
            caches = [RowCache() for _ in fits]
            self.sub_rows_ = caches
        return sub_theme_weights(fits, texts, doc_weights, self.config.min_theme_weight, caches)

    def _fits(self) -> list[SubThemeFit]:
        return getattr(self, "sub_fits_", [])  # models pickled before sub-themes have none

    def refresh(self, doc_lemmas: pd.DataFrame) -> ThemeModel:
        """A copy whose documents are ``doc_lemmas``, weighted by this fitted model (fold-in).

        Topics, terms and labels stay as fitted; new documents get their theme shares from
        :meth:`transform`. Reruns after a small change use it instead of fitting again.
        """
        refreshed = copy.copy(self)
        frame = _clean(doc_lemmas)
        # This run's rows, lent the previous run's for the texts they share (same vectorizers).
        refreshed.rows_ = RowCache(getattr(self, "rows_", None))
        previous = getattr(self, "sub_rows_", None) or [None] * len(self._fits())
        refreshed.sub_rows_ = [RowCache(rows) for rows in previous]
        refreshed.doc_ids_ = frame["doc_id"].tolist()
        refreshed.doc_weights_ = refreshed.transform(frame["lemmas"].tolist())
        texts = frame["lemmas"].tolist()
        refreshed.sub_weights_ = refreshed._sub_weights(texts, refreshed.doc_weights_)
        return refreshed

    def transform(self, lemmas: list[str]) -> np.ndarray:
        """Theme shares (rows sum to 1, or 0 for texts with no known term) of lemmatised texts.

        Their TF-IDF rows are kept in ``rows_`` (pickled with the model): transform only the
        texts the model is meant to weigh again next run (documents, sections)."""
        if self.nmf_ is None or self.vectorizer_ is None:
            return np.zeros((len(lemmas), 0))
        rows = getattr(self, "rows_", None)
        if rows is None:  # a model pickled before the caches
            rows = self.rows_ = RowCache()
        return _shares(self.nmf_.transform(rows.transform(self.vectorizer_, lemmas)))

    def _choose_n_topics(self, matrix) -> int:
        n_docs, n_terms = matrix.shape
        upper = min(self.config.max_topics, max(2, n_docs // 3), n_docs, n_terms)
        if self.config.n_topics != "auto":
            return max(1, min(int(self.config.n_topics), n_docs, n_terms))
        if upper <= 2:
            return min(2, n_docs, n_terms)
        sample = matrix
        if n_docs > self.config.selection_max_documents:
            # The number of topics is a property of the corpus, not of its size: choose it on
            # a fixed random sample, so that large corpora do not pay for many NMF fits.
            rng = np.random.default_rng(self.config.random_state)
            rows = np.sort(rng.choice(n_docs, self.config.selection_max_documents, replace=False))
            sample = matrix[rows]
            # The sample as a corpus of its own, with the rule _vectorize applies to a corpus:
            # a term of a single sampled document tells nothing about co-occurrence, and such
            # terms are most of the sample's vocabulary (3/4 on a million words) and of the fits'
            # cost.
            document_frequency = sample.getnnz(axis=0)
            kept = np.flatnonzero(document_frequency >= 2)
            if len(kept) < upper:
                kept = np.flatnonzero(document_frequency)
            sample = sample[:, kept]
        # scipy sorts a matrix's indices in place on first use: done here, before the threads
        # below share it (a race there gave other values at each run).
        sample = sp.csr_matrix(sample, copy=True)
        sample.sum_duplicates()
        sample.sort_indices()
        # The fits are independent and scikit-learn's NMF solver releases the GIL: two threads
        # choose k 1.75x faster (2.9 -> 1.65 s on a 2,000-document sample), with the same values
        # as one after the other (one BLAS thread each, as the flow runs it anyway).
        candidates_k = list(range(2, upper + 1))
        with (
            warnings.catch_warnings(),
            threadpool_limits(limits=1),
            ThreadPoolExecutor(min(2, os.cpu_count() or 1)) as threads,
        ):
            warnings.simplefilter("ignore", ConvergenceWarning)  # quick fits, enough to compare
            values = list(threads.map(lambda k: _stability(sample, k, self.config), candidates_k))
        for k, (mean, spread) in zip(candidates_k, values, strict=True):
            self.stability_[k] = mean
            self.stability_spread_[k] = spread
        # A split in two is nearly always perfectly stable without being a theme structure:
        # k = 2 is only kept when it is the sole candidate.
        candidates = {k: v for k, v in self.stability_.items() if k >= 3} or self.stability_
        best = max(candidates.values())
        # The most stable k; near-ties (run-to-run noise) go to the more detailed model.
        return max(k for k, value in candidates.items() if value >= best - 0.005)

    def themes_table(self) -> pd.DataFrame:
        if self.nmf_ is None:
            return empty("themes")
        main = self.doc_weights_.argmax(axis=1)
        has_theme = self.doc_weights_.sum(axis=1) > 0
        total = self.doc_weights_.sum()
        evaluated = {e.parent: e for e in getattr(self, "sub_evaluations_", [])}
        rows = [
            {
                "theme_id": k,
                "label": self.labels_[k],
                "top_terms": self.top_terms_[k],
                "weight": round(float(self.doc_weights_[:, k].sum() / total), 6) if total else 0.0,
                "n_documents": int(((main == k) & has_theme).sum()),
                "n_sub_themes": evaluated[k].n_topics if k in evaluated else 0,
                "sub_theme_gain": evaluated[k].gain if k in evaluated else None,
            }
            for k in range(self.n_topics_)
        ]
        return conform("themes", pd.DataFrame(rows))

    def sub_themes_table(self) -> pd.DataFrame:
        """The ``sub_themes`` table: ids numbered across broad themes (in the order of their
        broad theme, biggest first within it), labels unique across both levels."""
        fits = self._fits()
        if not fits:
            return empty("sub_themes")
        weights = self.sub_weights_
        total = self.doc_weights_.sum()
        main = self.doc_weights_.argmax(axis=1)
        has_theme = self.doc_weights_.sum(axis=1) > 0
        rows, start = [], 0
        for fit in fits:
            block = weights[:, start : start + fit.n_topics]
            sub_main = block.argmax(axis=1) if fit.n_topics else np.zeros(len(block), dtype=int)
            in_parent = (main == fit.parent) & has_theme & (block.sum(axis=1) > 0)
            for j in range(fit.n_topics):
                rows.append(
                    {
                        "sub_theme_id": start + j,
                        "theme_id": fit.parent,
                        "label": self.sub_labels_[start + j],
                        "top_terms": fit.top_terms[j],
                        "weight": round(float(block[:, j].sum() / total), 6) if total else 0.0,
                        "n_documents": int((in_parent & (sub_main == j)).sum()),
                        "gain": fit.gain,
                    }
                )
            start += fit.n_topics
        return conform("sub_themes", pd.DataFrame(rows))

    def document_sub_themes_table(self) -> pd.DataFrame:
        """The ``document_sub_themes`` table: weights of sub-themes in documents (the broad
        theme's share times the sub-theme's share within it), from ``min_theme_weight`` up."""
        weights = getattr(self, "sub_weights_", np.zeros((len(self.doc_ids_), 0)))
        rows = [
            {"doc_id": doc_id, "sub_theme_id": j, "weight": round(float(weight), 6)}
            for doc_id, shares in zip(self.doc_ids_, weights, strict=True)
            for j, weight in enumerate(shares)
            if weight > 0 and weight >= self.config.min_theme_weight
        ]
        if not rows:
            return empty("document_sub_themes")
        return conform("document_sub_themes", pd.DataFrame(rows))

    def selection_table(self) -> pd.DataFrame:
        """The ``theme_selection`` table: the stability of each candidate number of topics and
        the one chosen (empty when the number was set in the configuration)."""
        if not self.stability_:
            return empty("theme_selection")
        spreads = getattr(self, "stability_spread_", {})  # models pickled before it existed
        rows = [
            {
                "n_topics": k,
                "stability": round(value, 6),
                "stability_spread": round(spreads[k], 6) if k in spreads else None,
                "chosen": k == self.n_topics_,
            }
            for k, value in sorted(self.stability_.items())
        ]
        return conform("theme_selection", pd.DataFrame(rows))

    def document_themes_table(self) -> pd.DataFrame:
        rows = [
            {"doc_id": doc_id, "theme_id": k, "weight": round(float(weight), 6)}
            for doc_id, shares in zip(self.doc_ids_, self.doc_weights_, strict=True)
            for k, weight in enumerate(shares)
            if weight > 0 and weight >= self.config.min_theme_weight
        ]
        if not rows:
            return empty("document_themes")
        return conform("document_themes", pd.DataFrame(rows))


def save_theme_model(model: ThemeModel, path: Path) -> None:
    """Pickle a fitted model, for the next run to fold its documents in (:meth:`refresh`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load_theme_model(path: Path) -> ThemeModel | None:
    """The model a previous run saved, or None (missing, or pickled by other versions)."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # unreadable: the caller fits again
        return None


def fit_themes(doc_lemmas: pd.DataFrame, config: ThemesConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``themes`` and ``document_themes`` tables from ``{doc_id, lemmas}`` rows.

    ``themes.n_documents`` counts the documents whose main theme it is; ``weight`` is the theme's
    share of the corpus. Fewer than two documents with text give empty tables.
    """
    model = ThemeModel(config).fit(doc_lemmas)
    return model.themes_table(), model.document_themes_table()


def section_themes(sentences: pd.DataFrame, model: ThemeModel) -> pd.DataFrame:
    """The ``section_themes`` table: theme shares of each (document, section) of ``sentences``
    (rows ``{doc_id, section, lemmas}``), with a fitted :class:`ThemeModel`."""
    if model.nmf_ is None or sentences.empty or "lemmas" not in sentences.columns:
        return empty("section_themes")
    frame = sentences.dropna(subset=["doc_id", "lemmas"]).copy()
    frame["section"] = frame.get("section", pd.Series(index=frame.index, dtype=object))
    frame["section"] = frame["section"].fillna("")
    frame = frame.sort_values(["doc_id", "section"], kind="stable")
    grouped = _joined(frame["doc_id"].tolist(), frame["section"].tolist(), frame["lemmas"].tolist())
    shares = model.transform(grouped["lemmas"].tolist())
    rows = [
        {
            "doc_id": row.doc_id,
            "section": row.section or None,
            "theme_id": k,
            "weight": round(float(weight), 6),
        }
        for row, weights in zip(grouped.itertuples(index=False), shares, strict=True)
        for k, weight in enumerate(weights)
        if weight > 0 and weight >= model.config.min_theme_weight
    ]
    return conform("section_themes", pd.DataFrame(rows)) if rows else empty("section_themes")


def _clean(doc_lemmas: pd.DataFrame) -> pd.DataFrame:
    """Rows with text, one per document (texts of a repeated doc_id joined), sorted by doc_id."""
    if doc_lemmas.empty or not {"doc_id", "lemmas"} <= set(doc_lemmas.columns):
        return pd.DataFrame({"doc_id": [], "lemmas": []})
    frame = doc_lemmas[["doc_id", "lemmas"]].dropna()
    frame = frame.assign(doc_id=frame["doc_id"].astype(str), lemmas=frame["lemmas"].astype(str))
    frame = frame[frame["lemmas"].str.strip() != ""]
    frame = frame.sort_values(["doc_id", "lemmas"], kind="stable")
    return _joined(frame["doc_id"].tolist(), None, frame["lemmas"].tolist())


def _joined(doc_ids: list, sections: list | None, lemmas: list) -> pd.DataFrame:
    """Rows sorted by key (``doc_id``, and ``section`` when given), the lemmas of each run of
    equal keys space-joined in order: the groupby-join it replaces, without a Python call per
    group (0.2-0.4 CPU-s each on the bench corpus's 12,847 documents, O13)."""
    keys = list(zip(doc_ids, sections, strict=True)) if sections is not None else doc_ids
    out_keys: list = []
    out_texts: list[list[str]] = []
    for key, text in zip(keys, lemmas, strict=True):
        if out_keys and out_keys[-1] == key:
            out_texts[-1].append(str(text))
        else:
            out_keys.append(key)
            out_texts.append([str(text)])
    joined = [" ".join(texts) for texts in out_texts]
    if sections is None:
        return pd.DataFrame({"doc_id": out_keys, "lemmas": joined})
    return pd.DataFrame(
        {
            "doc_id": [key[0] for key in out_keys],
            "section": [key[1] for key in out_keys],
            "lemmas": joined,
        }
    )


def _vectorize(texts: list[str]):
    """TF-IDF of uni- and bi-grams; terms of a single document are dropped when the corpus is
    big enough, and terms in (nearly) every document when there are several documents."""
    n_docs = len(texts)
    attempts = [(2 if n_docs >= 10 else 1, 0.9 if n_docs >= 5 else 1.0), (1, 1.0)]
    for min_df, max_df in attempts:
        vectorizer = TfidfVectorizer(
            token_pattern=_TOKEN,
            lowercase=False,
            ngram_range=(1, 2),
            min_df=min_df,
            max_df=max_df,
            sublinear_tf=True,
        )
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # empty vocabulary after pruning
            continue
        if matrix.shape[1] >= 2:
            return matrix, vectorizer
    return None, None


def _nmf(k: int, seed: int, init: str, max_iter: int = 400, tol: float = 1e-4) -> NMF:
    return NMF(n_components=k, init=init, random_state=seed, max_iter=max_iter, tol=tol)


def _fit_components(matrix, k: int, seed: int) -> np.ndarray:
    """Normalised topic-term rows of a quick random-start fit (enough to compare runs).

    Called from several threads: the caller silences its ConvergenceWarning (changing the
    warning filters is not thread-safe).
    """
    model = _nmf(k, seed, init="random", max_iter=200, tol=1e-3)
    model.fit(matrix)
    norms = np.linalg.norm(model.components_, axis=1, keepdims=True)
    return model.components_ / np.where(norms == 0, 1, norms)


def _stability(matrix, k: int, config: ThemesConfig) -> tuple[float, float]:
    """Mean cosine similarity of topics matched one-to-one across runs with different seeds,
    and its standard deviation over the pairs of runs."""
    runs = [
        _fit_components(matrix, k, config.random_state + 1 + run)
        for run in range(config.stability_runs)
    ]
    scores = []
    for i in range(len(runs)):
        for j in range(i + 1, len(runs)):
            similarity = runs[i] @ runs[j].T
            rows, cols = linear_sum_assignment(-similarity)
            scores.append(float(similarity[rows, cols].mean()))
    return float(np.mean(scores)), float(np.std(scores))


def _labels(
    top_terms: list[list[str]], taken: Sequence[str] = (), name: str = "thème"
) -> list[str]:
    """Readable labels from the top terms, made unique across topics and against ``taken``
    (the broad themes' labels, for sub-themes); ``name N`` for a topic without terms."""
    labels: list[str] = []
    for k, terms in enumerate(top_terms):
        picked: list[str] = []
        picked_words: set[str] = set()
        for term in terms:
            words = content_words(term)
            if picked_words.isdisjoint(words):
                picked.append(term)
                picked_words.update(words)
            if len(picked) == _LABEL_TERMS:
                break
        label = ", ".join(picked) or f"{name} {k + 1}"
        extra = iter(t for t in terms if t not in picked)
        while label in labels or label in taken:
            nxt = next(extra, None)
            label = f"{label}, {nxt}" if nxt else f"{label} ({k + 1})"
        labels.append(label)
    return labels


def _shares(weights: np.ndarray) -> np.ndarray:
    totals = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
