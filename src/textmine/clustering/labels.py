"""Cluster labels, descriptions, top terms and the ``clusters`` table.

- ``label_clusters(lemmas, labels, n_terms=10, phrases=None, stop=None) -> dict[int, list[str]]``:
  the top terms of each cluster by class-based TF-IDF (readable corpus phrases with ``phrases``,
  never a stop term).
- ``UNCLUSTERED_LABEL``: the label of the unclustered group.

A label is a noun phrase written in at least two of the cluster's texts, unique across clusters
and holding no stop term (:mod:`textmine.clustering.written`); a label kept from the previous
run stays while it still is one. The description is the sentence of the cluster's most central
members that best matches its characteristic words. The ``clusters`` table lists each cluster's
representatives (its distinct members most similar to its centroid).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from textmine import schema
from textmine.clustering.algorithms import UNCLUSTERED
from textmine.clustering.representation import _TOKEN_PATTERN, _french_stop_words
from textmine.clustering.written import choose_labels, describe, find_phrases, occurs
from textmine.config import ClusteringConfig
from textmine.phrases import PhraseIndex, StopTerms, top_terms, word_key

__all__ = ["UNCLUSTERED_LABEL", "ClassTerms", "class_terms", "label_clusters"]

UNCLUSTERED_LABEL = "Non classées"


@dataclass
class ClassTerms:
    """Class-based TF-IDF of lemma uni- and bigrams: ``weights[i]`` is the row of ``classes[i]``
    over ``terms``."""

    classes: list[int]
    terms: np.ndarray
    weights: np.ndarray
    _rank: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def order(self, row: np.ndarray) -> np.ndarray:
        """``np.lexsort((self.terms, -row))``: heaviest first, ties by term, in the same order,
        with each term's rank in string order standing for the string (lexsort comparing Python
        strings took about 1 CPU-s per labelling of the bench corpus's 41 clusters, O13)."""
        if self._rank is None:
            rank = np.empty(len(self.terms), dtype=np.int64)
            rank[np.argsort(self.terms, kind="stable")] = np.arange(len(self.terms))
            self._rank = rank
        return np.lexsort((self._rank, -row))

    def row(self, cluster: int) -> np.ndarray | None:
        return self.weights[self.classes.index(cluster)] if cluster in self.classes else None

    def top_words(self, cluster: int, stop: StopTerms, n: int = 30) -> list[tuple[str, float]]:
        """The ``n`` best single lemmas of a cluster with their positive weights, best first."""
        row = self.row(cluster)
        if row is None:
            return []
        words = []
        for i in self.order(row):
            if row[i] <= 0 or len(words) >= n:
                break
            term = str(self.terms[i])
            if " " not in term and not stop.stops(term):
                words.append((term, float(row[i])))
        return words


def class_terms(lemmas: list[str], labels: np.ndarray) -> ClassTerms:
    """Each class's (``-1`` included) lemma uni- and bigrams weighted by class-based TF-IDF.

    A term's weight in a class is its frequency in the class (normalised by the class's total)
    times ``log(1 + A / f)``, ``A`` the mean number of terms per class and ``f`` the term's
    frequency over all classes.
    """
    classes = sorted(int(c) for c in np.unique(labels))
    counter = CountVectorizer(
        ngram_range=(1, 2), token_pattern=_TOKEN_PATTERN, stop_words=_french_stop_words()
    )
    try:
        counts = counter.fit_transform(lemmas)
    except ValueError:
        return ClassTerms(classes, np.array([], dtype=object), np.zeros((len(classes), 0)))
    terms = counter.get_feature_names_out()
    index = {c: i for i, c in enumerate(classes)}
    rows = np.array([index[int(c)] for c in labels])
    indicator = sp.csr_matrix(
        (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(classes), len(rows))
    )
    class_counts = np.asarray((indicator @ counts).todense(), dtype=float)
    totals = class_counts.sum(axis=1, keepdims=True)
    term_freq = class_counts.sum(axis=0)
    mean_terms = totals.mean()
    weights = (class_counts / np.maximum(totals, 1)) * np.log1p(
        mean_terms / np.maximum(term_freq, 1)
    )
    return ClassTerms(classes, terms, weights)


def label_clusters(
    lemmas: list[str],
    labels: np.ndarray,
    n_terms: int = 10,
    phrases: PhraseIndex | None = None,
    stop: StopTerms | None = None,
    weighted: ClassTerms | None = None,
) -> dict[int, list[str]]:
    """Top terms of each cluster (``-1`` included) by class-based TF-IDF (:func:`class_terms`,
    or ``weighted`` when already computed), best first.

    A word is shown through a bigram holding it when that bigram weighs at least half as much,
    and not repeated alone once a bigram has shown it. With ``phrases``, a bigram is shown as the
    corpus term it stands for ("zone rural" -> "zone rurale"), and left out when it is no phrase
    of the corpus ("informatique sein"). A term ``stop`` stops is never shown.
    """
    weighted = weighted if weighted is not None else class_terms(lemmas, labels)
    terms, weights = weighted.terms, weighted.weights
    return {
        cluster: top_terms(weighted.order(weights[i]), weights[i], terms, n_terms, phrases, stop)
        if len(terms)
        else []
        for i, cluster in enumerate(weighted.classes)
    }


def name_clusters(
    texts: list[str],
    cluster_ids: np.ndarray,
    is_duplicate: np.ndarray,
    kept_labels: dict[int, str],
    phrases: PhraseIndex | None,
    stop: StopTerms,
    weighted: ClassTerms,
) -> dict[int, str]:
    """The label of each cluster id in ``cluster_ids`` (``texts`` are its proposals' texts).

    Near-duplicates (``is_duplicate``) are left out: a proposal posted twice, or with a word
    changed, is one text, so that fifty copies of one proposal do not label a cluster. A label kept from the previous run stays while it is still written in two of the
    cluster's texts, holds no stop term and is not taken; the other clusters get a label from
    :func:`textmine.clustering.written.choose_labels` over the corpus's key terms
    (``phrases.written``), scored against every cluster of the run.
    """
    distinct = sorted({text for text, dup in zip(texts, is_duplicate, strict=True) if not dup})
    position = {text: i for i, text in enumerate(distinct)}
    rows_of: dict[int, list[int]] = {}
    for text, cid, dup in zip(texts, cluster_ids, is_duplicate, strict=True):
        if not dup:
            rows_of.setdefault(int(cid), []).append(position[text])
    rows_of = {cid: sorted(set(rows)) for cid, rows in rows_of.items()}
    names: dict[int, str] = {UNCLUSTERED: UNCLUSTERED_LABEL}
    taken = {UNCLUSTERED_LABEL.lower()}
    for cid in sorted(kept_labels):
        label = kept_labels[cid]
        member_texts = [distinct[r] for r in rows_of.get(cid, [])]
        if (
            cid in rows_of
            and label.lower() not in taken
            and not stop.stops(label)
            and occurs(label, member_texts) >= 2
        ):
            names[cid] = label
            taken.add(label.lower())
    new = [cid for cid in sorted(rows_of) if cid not in names]
    if new:
        occurrences = find_phrases(distinct, phrases.written if phrases is not None else ())
        top_words = {cid: [w for w, _ in weighted.top_words(cid, stop)] for cid in new}
        names |= choose_labels(occurrences, distinct, rows_of, new, top_words, stop, taken)
    return names


def describe_clusters(
    texts: list[str],
    ranked_members: dict[int, np.ndarray],
    stop: StopTerms,
    weighted: ClassTerms,
    n_texts: int = 10,
) -> dict[int, str | None]:
    """A one-line description of each cluster but the unclustered group: the sentence of its
    ``n_texts`` most central distinct members (``ranked_members``, nearest to the centroid in the
    clustering's representation first) that best matches its characteristic words (their
    class-based TF-IDF weights, stop terms left out; :func:`textmine.clustering.written.describe`).
    """
    descriptions: dict[int, str | None] = {}
    for cid, members in ranked_members.items():
        if cid == UNCLUSTERED:
            continue
        profile: dict[str, float] = {}
        for word, weight in weighted.top_words(cid, stop):
            key = word_key(word)
            profile[key] = max(profile.get(key, 0.0), weight)
        central = list(dict.fromkeys(texts[i] for i in members[:n_texts]))
        descriptions[cid] = describe(central, profile)
    return descriptions


def ranked_members(
    ids: np.ndarray, cluster_ids: np.ndarray, similarity: np.ndarray, is_duplicate: np.ndarray
) -> dict[int, np.ndarray]:
    """Each cluster's distinct members (row indices), most similar to its centroid first."""
    ranked = {}
    for cid in sorted(int(c) for c in np.unique(cluster_ids)):
        members = np.flatnonzero(cluster_ids == cid)
        distinct = members[~is_duplicate[members]]
        ranked[cid] = distinct[np.lexsort((ids[distinct], -similarity[distinct]))]
    return ranked


def _clusters_table(
    ids: np.ndarray,
    doc_ids: list[str],
    cluster_ids: np.ndarray,
    ranked: dict[int, np.ndarray],
    terms: dict[int, list[str]],
    names: dict[int, str],
    descriptions: dict[int, str | None],
    statuses: dict[int, str],
    previous_ids: dict[int, list[int]],
    config: ClusteringConfig,
) -> pd.DataFrame:
    n_docs_total = max(len({d for d in doc_ids if d}), 1)
    rows = []
    for cid in sorted(int(c) for c in np.unique(cluster_ids)):
        members = np.flatnonzero(cluster_ids == cid)
        member_docs = sorted({doc_ids[i] for i in members if doc_ids[i]})
        rows.append(
            {
                "cluster_id": cid,
                "label": names.get(cid, UNCLUSTERED_LABEL),
                "description": descriptions.get(cid),
                "top_terms": terms.get(cid, []),
                "size": len(members),
                "n_distinct": len(ranked[cid]),
                "n_documents": len(member_docs),
                "spread": len(member_docs) / n_docs_total,
                "doc_ids": member_docs,
                "representative_ids": [
                    str(ids[i]) for i in ranked[cid][: config.n_representatives]
                ],
                "status": "unclustered" if cid == UNCLUSTERED else statuses.get(cid, "new"),
                "previous_ids": [int(p) for p in previous_ids.get(cid, [])],
            }
        )
    if not rows:
        return schema.empty("clusters")
    return schema.conform("clusters", pd.DataFrame(rows, columns=_CLUSTER_COLUMNS))


_CLUSTER_COLUMNS = [
    "cluster_id",
    "label",
    "top_terms",
    "size",
    "n_distinct",
    "n_documents",
    "spread",
    "doc_ids",
    "representative_ids",
    "status",
    "previous_ids",
    "description",
]
