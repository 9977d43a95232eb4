"""Cluster labels, top terms and the ``clusters`` table (sizes, spread, representatives).

- ``label_clusters(lemmas, labels, n_terms=10, phrases=None) -> dict[int, list[str]]``: the top
  terms of each cluster by class-based TF-IDF (readable corpus phrases with ``phrases``).
- ``UNCLUSTERED_LABEL``: the label of the unclustered group.

Labels are made from the top terms, unique across clusters, those kept from the previous run
first; the ``clusters`` table lists each cluster's representatives (its distinct members most
similar to its centroid).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from textmine import schema
from textmine.clustering.algorithms import UNCLUSTERED
from textmine.clustering.representation import _TOKEN_PATTERN, _french_stop_words
from textmine.config import ClusteringConfig
from textmine.phrases import PhraseIndex, top_terms

__all__ = ["UNCLUSTERED_LABEL", "label_clusters"]

UNCLUSTERED_LABEL = "Non classées"


def label_clusters(
    lemmas: list[str], labels: np.ndarray, n_terms: int = 10, phrases: PhraseIndex | None = None
) -> dict[int, list[str]]:
    """Top terms of each cluster (``-1`` included) by class-based TF-IDF, best first.

    A term's weight in a class is its frequency in the class (normalised by the class's total)
    times ``log(1 + A / f)``, ``A`` the mean number of terms per class and ``f`` the term's
    frequency over all classes. A word is shown through a bigram holding it when that bigram
    weighs at least half as much, and not repeated alone once a bigram has shown it. With
    ``phrases``, a bigram is shown as the corpus term it stands for ("zone rural" -> "zone
    rurale"), and left out when it is no phrase of the corpus ("informatique sein").
    """
    classes = sorted(int(c) for c in np.unique(labels))
    if not classes:
        return {}
    counter = CountVectorizer(
        ngram_range=(1, 2), token_pattern=_TOKEN_PATTERN, stop_words=_french_stop_words()
    )
    try:
        counts = counter.fit_transform(lemmas)
    except ValueError:
        return {c: [] for c in classes}
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

    return {
        cluster: top_terms(np.lexsort((terms, -weights[i])), weights[i], terms, n_terms, phrases)
        for cluster, i in index.items()
    }


def _make_label(top_terms: list[str], taken: set[str]) -> str:
    """A short label from the top terms, unique in ``taken`` (lowercased labels in use).

    A bigram ranking in the top three is a readable lemmatised phrase on its own ("logiciel
    libre"); a single word is completed by the next term ("prix · correctif").
    """
    bigrams = [t for t in top_terms[:3] if " " in t]
    base = (bigrams or top_terms or ["groupe"])[0]
    extra = [t for t in top_terms if not set(t.split()) <= set(base.split())]
    parts = [base]
    if " " not in base and extra:
        parts.append(extra.pop(0))
    label = " · ".join(parts)
    while label.lower() in taken and extra:
        label = f"{label} · {extra.pop(0)}"
    if label.lower() in taken:
        stem, number = label, 2
        while f"{stem} ({number})".lower() in taken:
            number += 1
        label = f"{stem} ({number})"
    return label[:1].upper() + label[1:]


def _unique_labels(terms: dict[int, list[str]], kept_labels: dict[int, str]) -> dict[int, str]:
    """Labels of the clusters: kept ones first, then new ones made unique; -1 fixed."""
    names: dict[int, str] = {UNCLUSTERED: UNCLUSTERED_LABEL}
    taken = {UNCLUSTERED_LABEL.lower()}
    for cid in sorted(kept_labels):
        if kept_labels[cid].lower() not in taken:
            names[cid] = kept_labels[cid]
            taken.add(kept_labels[cid].lower())
    for cid in sorted(c for c in terms if c >= 0 and c not in names):
        names[cid] = _make_label(terms[cid], taken)
        taken.add(names[cid].lower())
    return names


def _clusters_table(
    frame: pd.DataFrame,
    ids: np.ndarray,
    doc_ids: list[str],
    cluster_ids: np.ndarray,
    similarity: np.ndarray,
    is_duplicate: np.ndarray,
    terms: dict[int, list[str]],
    names: dict[int, str],
    statuses: dict[int, str],
    previous_ids: dict[int, list[int]],
    config: ClusteringConfig,
) -> pd.DataFrame:
    n_docs_total = max(len({d for d in doc_ids if d}), 1)
    rows = []
    for cid in sorted(int(c) for c in np.unique(cluster_ids)):
        members = np.flatnonzero(cluster_ids == cid)
        distinct = members[~is_duplicate[members]]
        ranked = distinct[np.lexsort((ids[distinct], -similarity[distinct]))]
        member_docs = sorted({doc_ids[i] for i in members if doc_ids[i]})
        rows.append(
            {
                "cluster_id": cid,
                "label": names.get(cid, UNCLUSTERED_LABEL),
                "top_terms": terms.get(cid, []),
                "size": len(members),
                "n_distinct": len(distinct),
                "n_documents": len(member_docs),
                "spread": len(member_docs) / n_docs_total,
                "doc_ids": member_docs,
                "representative_ids": [str(ids[i]) for i in ranked[: config.n_representatives]],
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
]
