"""Representation of proposals for clustering: rows built from their lemmas and titles.

- ``ProposalVectorizer``: lemma strings (and optional title lemmas and sentence embeddings) ->
  L2-normalised rows (TF-IDF, LSA, word vectors, sentence embeddings, or blocks of them joined),
  scikit-learn style (``fit_transform``/``transform``).
- ``estimate_title_lemmas(text, lemmas)``: the leading lemmas that come from a proposal's title.
- ``vectorize_proposals(lemmas, titles, config, vocab=None, word_vectors=None, embeddings=None)``:
  the default
  ``representation`` of :func:`textmine.clustering.cluster_proposals`, a ``ProposalVectorizer``
  set up from the config (``representation="auto"`` picks by the number of proposals).
- ``Representation``: the type of any callable that can be passed as that ``representation``.
- ``uses_embeddings(representation)``: whether a ``config.representation`` reads sentence
  embeddings (the ``_use`` ones, ``use`` and ``auto``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol, get_args

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from textmine.config import ClusteringConfig
from textmine.embeddings import uses_embeddings
from textmine.textnorm import ascii_fold

__all__ = [
    "DEFAULT_REPRESENTATION",
    "EMBEDDING_REPRESENTATION",
    "LARGE_EMBEDDING_REPRESENTATION",
    "LARGE_REPRESENTATION",
    "REPRESENTATIONS",
    "ProposalVectorizer",
    "Representation",
    "estimate_title_lemmas",
    "uses_embeddings",
    "vectorize_proposals",
]

#: Representations accepted by ``ClusteringConfig.representation`` ("auto" picks the default):
#: read from the config's own list, so that the two cannot drift apart.
REPRESENTATIONS = tuple(
    name
    for name in get_args(ClusteringConfig.model_fields["representation"].annotation)
    if name != "auto"
)
#: Measured defaults (bench/cluster_explore.py, bench/cluster_labelled.py): TF-IDF of the lemmas
#: (title lemmas weighted up) joined with SIF-weighted word vectors, clustered by a consensus of
#: spectral clusterings; its LSA with MiniBatchKMeans above ``max_exact_size``.
DEFAULT_REPRESENTATION = "tfidf_sif"
LARGE_REPRESENTATION = "lsa_sif"
#: "auto" when sentence embeddings are given (bench/RESULTS.md C20, chosen by leaving one corpus
#: out over 9 labelled views): the default rows (TF-IDF + titles + SIF) joined with the embeddings
#: at 0.7 / 0.3 (``embedding_weight`` 0.43), clustered by the consensus: held out, +0.063 NMI over
#: the best naive baseline on average, ahead on 9 views of 9 (the default rows alone: +0.049).
#: Above ``max_exact_size`` the LSA form of the same join feeds MiniBatchKMeans.
EMBEDDING_REPRESENTATION = "tfidf_sif_use"
LARGE_EMBEDDING_REPRESENTATION = "lsa_sif_use"
_EMBEDDING_SUFFIX = "_use"  # as textmine.embeddings.uses_embeddings reads it
_VECTOR_REPRESENTATIONS = ("vectors", "tfidf_vectors", "lsa_vectors", "tfidf_sif", "lsa_sif")
#: Fallback of each vector representation when no word vectors are available.
_WITHOUT_VECTORS = {"tfidf_sif": "tfidf", "lsa_sif": "lsa"}
#: Smoothing of the SIF word weights ``a / (a + p(word))`` (Arora et al. 2017).
_SIF_SMOOTHING = 1e-3
_TOKEN_PATTERN = r"(?u)[^\s]+"
# French stop words as lemmas, in case the lemmas were produced without stop-word filtering.
_FRENCH_STOP_LEMMAS = None


def _lowercase_words(text: str) -> list[str]:
    return text.lower().split()


def _french_stop_words() -> list[str]:
    global _FRENCH_STOP_LEMMAS
    if _FRENCH_STOP_LEMMAS is None:
        from spacy.lang.fr.stop_words import STOP_WORDS

        _FRENCH_STOP_LEMMAS = sorted(STOP_WORDS)
    return _FRENCH_STOP_LEMMAS


# --------------------------------------------------------------------------- representation


class ProposalVectorizer:
    """Turn lemma strings into L2-normalised rows for clustering (scikit-learn style).

    ``representation``: ``tfidf`` (sparse TF-IDF of lemma uni+bi-grams), ``lsa`` (TF-IDF reduced
    by truncated SVD), ``vectors`` (mean spaCy word vector of the lemmas), ``tfidf_vectors``
    (TF-IDF-weighted mean of word vectors), ``lsa_vectors`` (LSA and TF-IDF-weighted vectors
    concatenated), ``tfidf_sif`` / ``lsa_sif`` (TF-IDF or LSA joined with the SIF-weighted mean
    word vector, first principal component removed, weighted by ``vector_weight``). Word
    vectors come from ``vocab`` (spaCy ``Vocab``) or ``word_vectors`` (mapping lemma -> vector);
    without either, ``tfidf_sif`` falls back to ``tfidf`` and the others to ``lsa``.

    ``use`` (the sentence embeddings alone) and the ``_use`` forms (``tfidf_use``, ``lsa_use``,
    ``tfidf_sif_use``, ``lsa_sif_use``): the lexical representation named before ``_use``
    (L2-normalised, weight 1) joined with the ``embeddings`` rows (L2-normalised, times
    ``embedding_weight``), the whole row L2-normalised again. Without ``embeddings`` (or with
    ``embedding_weight`` 0) they are their lexical part, and ``use`` is ``lsa``.

    ``titles`` (optional, one lemma string per proposal, e.g. from ``estimate_title_lemmas``):
    the TF-IDF row of the title is added with weight ``title_weight`` to the proposal's own, so
    the words of a short on-topic title count more than those of a long body.
    """

    def __init__(
        self,
        representation: str = DEFAULT_REPRESENTATION,
        n_components: int = 100,
        vocab: Any = None,
        word_vectors: Mapping[str, np.ndarray] | None = None,
        random_state: int = 0,
        svd_sample_size: int = 5_000,
        title_weight: float = 0.0,
        vector_weight: float = 0.3,
        embedding_weight: float = 1.0,
    ) -> None:
        self.representation = representation
        self.embedding_weight = embedding_weight
        self.title_weight = title_weight
        self.vector_weight = vector_weight
        self.svd_sample_size = svd_sample_size
        self.n_components = n_components
        self.vocab = vocab
        self.word_vectors = word_vectors
        self.random_state = random_state

    def _has_vectors(self) -> bool:
        if self.word_vectors:
            return True
        vectors = getattr(self.vocab, "vectors", None)
        return vectors is not None and vectors.shape[0] > 0 and vectors.shape[1] > 0

    def fit(
        self,
        lemmas: list[str],
        titles: list[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> ProposalVectorizer:
        """Learn the vocabulary, the LSA axes and the word vectors of the lemma strings."""
        self.fit_transform(lemmas, titles, embeddings)
        return self

    def _with_titles(self, tfidf: sp.csr_matrix, titles: list[str] | None) -> sp.csr_matrix:
        if titles is None or not self.title_weight:
            return tfidf.tocsr()
        if len(titles) != tfidf.shape[0]:
            raise ValueError(f"titles: {len(titles)} given for {tfidf.shape[0]} lemma strings")
        title_rows = normalize(self.tfidf_.transform(titles)) * self.title_weight
        return normalize(normalize(tfidf) + title_rows).tocsr()

    def transform(
        self,
        lemmas: list[str],
        titles: list[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray | sp.csr_matrix:
        """Rows for new lemma strings in the fitted space (e.g. a previous run's proposals).

        ``embeddings`` (one row per lemma string) are required when the fitted representation
        joined embeddings.
        """
        if not self.base_:
            return self._join_embeddings(None, embeddings, len(lemmas))
        tfidf = self._with_titles(self.tfidf_.transform(lemmas), titles)
        return self._join_embeddings(
            self._finish(tfidf, lemmas, fitting=False), embeddings, len(lemmas)
        )

    def _join_embeddings(
        self, lexical: np.ndarray | sp.csr_matrix | None, embeddings: np.ndarray | None, n: int
    ) -> np.ndarray | sp.csr_matrix:
        """The lexical rows joined with the weighted embedding block (when the fit used one)."""
        if not self.with_embeddings_:
            return lexical
        if embeddings is None or len(embeddings) != n:
            got = None if embeddings is None else len(embeddings)
            raise ValueError(f"embeddings: {got} rows given for {n} lemma strings")
        block = normalize(np.nan_to_num(np.asarray(embeddings, dtype=np.float32)))
        if lexical is None:
            return block
        block = block * np.float32(self.embedding_weight)
        if sp.issparse(lexical):
            return normalize(sp.hstack([normalize(lexical), sp.csr_matrix(block)]).tocsr())
        # float32 throughout: 100,000 rows x 612 columns are 245 MB, not 490.
        lexical = normalize(lexical).astype(np.float32, copy=False)
        return normalize(np.hstack([lexical, block]))

    def _finish(
        self, tfidf: sp.csr_matrix, lemmas: list[str], fitting: bool
    ) -> np.ndarray | sp.csr_matrix:
        representation = self.base_
        if representation == "tfidf":
            return tfidf
        if representation == "tfidf_sif":
            sif = self._sif_fit(lemmas) if fitting else self._sif_transform(lemmas)
            blocks = [normalize(tfidf), sp.csr_matrix(sif * self.vector_weight)]
            return normalize(sp.hstack(blocks).tocsr())
        parts: list[np.ndarray] = []
        if representation in ("lsa", "lsa_vectors", "lsa_sif"):
            if fitting:
                parts.append(self._lsa(tfidf))
            else:
                reduced = tfidf.toarray() if self.svd_ is None else self.svd_.transform(tfidf)
                parts.append(normalize(reduced))
        if representation == "lsa_sif":
            sif = self._sif_fit(lemmas) if fitting else self._sif_transform(lemmas)
            parts.append(sif * self.vector_weight)
        if representation in ("vectors", "tfidf_vectors", "lsa_vectors"):
            if fitting:
                parts.append(self._word_vector_rows(lemmas, weighted=representation != "vectors"))
            else:
                parts.append(self._word_vector_transform(lemmas))
        return normalize(np.hstack(parts)) if len(parts) > 1 else parts[0]

    def fit_transform(
        self,
        lemmas: list[str],
        titles: list[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray | sp.csr_matrix:
        """Fit on the lemma strings (one per proposal) and return their rows.

        ``embeddings``: one sentence-embedding row per lemma string, read by the ``_use``
        representations (ignored by the others).
        """
        representation = self.representation
        if representation == "auto":  # vectorize_proposals resolves it by size first
            representation = (
                DEFAULT_REPRESENTATION if embeddings is None else EMBEDDING_REPRESENTATION
            )
        if representation not in REPRESENTATIONS:
            raise ValueError(
                f"unknown representation {representation!r}; expected one of {REPRESENTATIONS}"
            )
        base = representation
        with_embeddings = False
        if representation == "use" or representation.endswith(_EMBEDDING_SUFFIX):
            base = representation.removesuffix(_EMBEDDING_SUFFIX).removesuffix("use")
            with_embeddings = embeddings is not None and (self.embedding_weight > 0 or not base)
            if not with_embeddings:
                base = base or "lsa"
        if base in _VECTOR_REPRESENTATIONS and (
            not self._has_vectors() or (base in _WITHOUT_VECTORS and not self.vector_weight)
        ):
            base = _WITHOUT_VECTORS.get(base, "lsa")
        self.base_ = base
        self.with_embeddings_ = with_embeddings
        self.representation_ = f"{base}{_EMBEDDING_SUFFIX}" if with_embeddings and base else base
        if with_embeddings and not base:
            self.representation_ = "use"
        n = len(lemmas)
        if with_embeddings and len(embeddings) != n:
            raise ValueError(f"embeddings: {len(embeddings)} rows given for {n} lemma strings")
        if not base:
            return self._join_embeddings(None, embeddings, n)
        self.tfidf_ = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=2 if n >= 50 else 1,
            sublinear_tf=True,
            token_pattern=_TOKEN_PATTERN,
            stop_words=_french_stop_words(),
            lowercase=True,
            dtype=np.float32,
        )
        tfidf = self._with_titles(self.tfidf_.fit_transform(lemmas), titles)
        return self._join_embeddings(self._finish(tfidf, lemmas, fitting=True), embeddings, n)

    def _sif_fit(self, lemmas: list[str]) -> np.ndarray:
        """Learn SIF word weights and the common component; return the rows (Arora et al.)."""
        self.sif_counter_ = CountVectorizer(analyzer=_lowercase_words, dtype=np.float32)
        try:
            counts = self.sif_counter_.fit_transform(lemmas)
        except ValueError:  # empty vocabulary
            self.sif_counter_ = None
            return np.zeros((len(lemmas), 1), dtype=np.float32)
        terms = list(self.sif_counter_.get_feature_names_out())
        embedding = normalize(self._embedding(terms))
        frequency = np.asarray(counts.sum(axis=0)).ravel() / max(float(counts.sum()), 1.0)
        known = np.abs(embedding).sum(axis=1) > 0
        self.sif_weights_ = np.where(known, _SIF_SMOOTHING / (_SIF_SMOOTHING + frequency), 0.0)
        self.sif_embedding_ = embedding
        self.sif_component_ = None
        rows = self._sif_rows(counts)
        sample = rows
        if len(rows) > self.svd_sample_size:
            rng = np.random.RandomState(self.random_state)
            sample = rows[np.sort(rng.choice(len(rows), self.svd_sample_size, replace=False))]
        if len(sample) >= 2 and np.abs(sample).sum() > 0:
            svd = TruncatedSVD(1, algorithm="arpack", random_state=self.random_state)
            component = svd.fit(sample).components_[0]
            # The sign of a singular vector is arbitrary: fix it for reproducible rows.
            self.sif_component_ = component * (
                1 if component[np.argmax(np.abs(component))] > 0 else -1
            )
        return self._sif_remove_component(rows)

    def _sif_rows(self, counts: sp.csr_matrix) -> np.ndarray:
        weights = sp.csr_matrix(counts.multiply(self.sif_weights_[None, :]))
        totals = np.asarray(weights.sum(axis=1)).ravel()
        rows = np.asarray(weights @ self.sif_embedding_, dtype=np.float32)
        return rows / np.maximum(totals, 1e-12)[:, None]

    def _sif_remove_component(self, rows: np.ndarray) -> np.ndarray:
        if self.sif_component_ is not None:
            rows = rows - np.outer(rows @ self.sif_component_, self.sif_component_)
        return normalize(rows).astype(np.float32)

    def _sif_transform(self, lemmas: list[str]) -> np.ndarray:
        if self.sif_counter_ is None:
            return np.zeros((len(lemmas), 1), dtype=np.float32)
        return self._sif_remove_component(self._sif_rows(self.sif_counter_.transform(lemmas)))

    def _lsa(self, tfidf: sp.csr_matrix) -> np.ndarray:
        n_components = min(self.n_components, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
        if n_components < 2:
            self.svd_ = None
            return normalize(tfidf.toarray())
        self.svd_ = TruncatedSVD(n_components, random_state=self.random_state)
        if tfidf.shape[0] <= self.svd_sample_size:
            return normalize(self.svd_.fit_transform(tfidf))
        # Large inputs: the topic axes are learnt from a sample, every row is then projected.
        rng = np.random.RandomState(self.random_state)
        sample = np.sort(rng.choice(tfidf.shape[0], self.svd_sample_size, replace=False))
        self.svd_.fit(tfidf[sample])
        return normalize(self.svd_.transform(tfidf))

    def _word_vector_rows(self, lemmas: list[str], weighted: bool) -> np.ndarray:
        self.words_ = TfidfVectorizer(
            token_pattern=_TOKEN_PATTERN,
            stop_words=_french_stop_words(),
            sublinear_tf=True,
            use_idf=weighted,
            dtype=np.float32,
        )
        self.weighted_ = weighted
        try:
            self.words_.fit(lemmas)
        except ValueError:  # empty vocabulary
            self.words_ = None
        else:
            terms = list(self.words_.get_feature_names_out())
            self.embedding_ = normalize(self._embedding(terms))
        return self._word_vector_transform(lemmas)

    def _word_vector_transform(self, lemmas: list[str]) -> np.ndarray:
        if self.words_ is None:
            return np.zeros((len(lemmas), 1), dtype=np.float32)
        weights = self.words_.transform(lemmas)
        if not self.weighted_:
            weights = (weights > 0).astype(np.float32)
        return normalize(np.asarray(weights @ self.embedding_))

    def _embedding(self, terms: list[str]) -> np.ndarray:
        """One word vector per term (zeros for unknown terms)."""
        if self.word_vectors:
            dim = len(next(iter(self.word_vectors.values())))
            matrix = np.zeros((len(terms), dim), dtype=np.float32)
            for i, term in enumerate(terms):
                vector = self.word_vectors.get(term)
                if vector is not None:
                    matrix[i] = vector
            return matrix
        table = self.vocab.vectors
        data = np.asarray(table.data)
        matrix = np.zeros((len(terms), data.shape[1]), dtype=np.float32)
        for i, term in enumerate(terms):
            row = table.find(key=term)
            if row >= 0:
                matrix[i] = data[row]
        return matrix


# --------------------------------------------------------------------------- titles


_TITLE_WORD = re.compile(r"\w+")
# A first line followed by more text: "title\n\nbody" (matched without copying the text).
_FIRST_LINE = re.compile(r"\s*([^\n]+)\n\s*\S")


def _fold(word: str) -> str:
    """Lowercase without accents, to compare a lemma with the word it came from."""
    return ascii_fold(word)


def _same_start(first: str, second: str) -> bool:
    shortest = min(len(first), len(second))
    return first[:shortest] == second[:shortest]


def estimate_title_lemmas(text: str, lemmas: str, max_title_chars: int = 300) -> str:
    """The leading lemmas that come from the proposal's title (its first line), if it has one.

    A contribution's text is "title\n\nbody" and its lemmas follow the text's token order, so
    the title's lemmas are a prefix of ``lemmas``: the longest prefix whose lemmas each match a
    later word of the first line by their first three letters, accents ignored ("an"/"ans",
    "lier"/"lié"; "mettre"/"mis" does not, which only shortens the title). Returns "" when the
    text has no separate first line or the first line is longer than ``max_title_chars``.
    Agrees exactly with parsing the titles alone for 94-98 % of the labelled proposals
    (``bench/cluster_explore.py --check-titles``), the rest being a lemma or two short or long.
    """
    match = _FIRST_LINE.match(text)
    if match is None:
        return ""
    head = match.group(1).strip()
    if not head or len(head) > max_title_chars:
        return ""
    prefixes = [_fold(w[:4])[:3] for w in _TITLE_WORD.findall(head)]
    taken: list[str] = []
    position = 0
    for lemma in lemmas.split():
        prefix = _fold(lemma[:4])[:3]
        if len(prefix) < 2:
            break
        found = next(
            (
                j
                for j in range(position, len(prefixes))
                if len(prefixes[j]) >= 2 and _same_start(prefix, prefixes[j])
            ),
            None,
        )
        if found is None:
            break
        taken.append(lemma)
        position = found + 1
    return " ".join(taken)


# --------------------------------------------------------------------------- as a parameter


class Representation(Protocol):
    """What ``cluster_proposals(representation=...)`` accepts: proposals -> one row each.

    Called once per clustering with the lemma strings of the distinct proposals that have
    content (sorted by ``proposal_id``), their title lemmas (``None`` when
    ``config.title_weight`` is 0) and the clustering's ``config``, ``vocab`` and ``word_vectors``
    (a mapping lemma -> vector, or ``None``); ``embeddings`` (one sentence-embedding row per
    lemma string) is passed, as a keyword, only when ``config.representation`` reads them
    (:func:`uses_embeddings`) and the run has them. Returns a dense or sparse matrix with one row per
    lemma string; rows are compared by cosine (all-zero rows are left unclustered). Raising
    ``ValueError`` means there is nothing to cluster on: every proposal is left unclustered.
    """

    def __call__(
        self,
        lemmas: list[str],
        titles: list[str] | None,
        config: ClusteringConfig,
        vocab: Any = None,
        word_vectors: Mapping[str, np.ndarray] | None = None,
        *,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray | sp.csr_matrix: ...


def vectorize_proposals(
    lemmas: list[str],
    titles: list[str] | None,
    config: ClusteringConfig,
    vocab: Any = None,
    word_vectors: Mapping[str, np.ndarray] | None = None,
    *,
    embeddings: np.ndarray | None = None,
    vectorizer: type[ProposalVectorizer] = ProposalVectorizer,
) -> np.ndarray | sp.csr_matrix:
    """The default :class:`Representation`: ``ProposalVectorizer`` rows set up from ``config``.

    ``config.representation`` names the representation; ``"auto"`` is
    ``EMBEDDING_REPRESENTATION`` (``LARGE_EMBEDDING_REPRESENTATION`` above
    ``config.max_exact_size`` lemma strings) when ``embeddings`` are given, else
    ``DEFAULT_REPRESENTATION`` (``LARGE_REPRESENTATION`` above).
    ``n_components``, ``random_state``, ``title_weight``, ``vector_weight`` and
    ``embedding_weight`` come from the config. ``vectorizer`` is the class instantiated (a subclass of ``ProposalVectorizer`` in an
    experiment; bind it with ``functools.partial``).
    """
    representation = config.representation
    if representation == "auto":
        large = len(lemmas) > config.max_exact_size
        if embeddings is not None:
            representation = LARGE_EMBEDDING_REPRESENTATION if large else EMBEDDING_REPRESENTATION
        else:
            representation = LARGE_REPRESENTATION if large else DEFAULT_REPRESENTATION
    model = vectorizer(
        representation,
        n_components=config.n_components,
        vocab=vocab,
        word_vectors=word_vectors,
        random_state=config.random_state,
        title_weight=config.title_weight,
        vector_weight=config.vector_weight,
        embedding_weight=config.embedding_weight,
    )
    if embeddings is None:  # as before embeddings existed (subclasses in bench/ override this)
        return model.fit_transform(lemmas, titles)
    return model.fit_transform(lemmas, titles, embeddings)
