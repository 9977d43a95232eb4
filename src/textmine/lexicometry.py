"""Lexicometry: specificities of groups of documents and co-occurrences of terms.

Specificities follow Lafon (1980), as in Lexico, TXM and IRaMuTeQ: a term's count in a group is
compared with the hypergeometric law of drawing the group's size from the whole corpus; the score
is the signed log10 of the probability of a count at least this far from the expectation
(positive: over-represented, negative: under-represented; |score| >= 2 means p <= 0.01).
The log-likelihood ratio (G2, Dunning 1993), signed the same way, is offered too.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import hypergeom

from textmine.config import ThemesConfig
from textmine.schema import conform, empty
from textmine.themes.terms import corpus_terms

Method = Literal["lafon", "loglik"]
OVER, UNDER = "over", "under"
_LOG10 = math.log(10)


def group_term_counts(
    units: pd.DataFrame,
    group_by: str,
    text_column: str = "lemmas",
    ngram: int = 1,
) -> pd.DataFrame:
    """``{group, term, count}`` from units (documents, sentences) holding a group column and
    space-separated lemmas; a list-valued group column (tags) counts a unit in each of its groups.
    Units without a group are left out."""
    if units.empty or group_by not in units.columns or text_column not in units.columns:
        return pd.DataFrame({"group": [], "term": [], "count": []})
    frame = units[[group_by, text_column]].explode(group_by)
    frame = frame.dropna()
    counts: Counter[tuple[str, str]] = Counter()
    for group, text in zip(
        frame[group_by].astype(str), frame[text_column].astype(str), strict=True
    ):
        words = text.split()
        grams = [" ".join(words[i : i + ngram]) for i in range(len(words) - ngram + 1)]
        counts.update((group, gram) for gram in grams)
    rows = [{"group": g, "term": t, "count": c} for (g, t), c in counts.items()]
    return pd.DataFrame(rows, columns=["group", "term", "count"])


def specificities(
    counts: pd.DataFrame,
    group_by: str = "group",
    method: Method = "lafon",
    min_count: int = 3,
    min_score: float = 2.0,
    top: int | None = 20,
    group_sizes: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The ``specificities`` table: over- and under-represented terms of each group.

    ``counts`` has ``group, term, count`` rows. ``group_by`` names the grouping (doc_type, year…)
    in the output. A group's size is the sum of its counts unless ``group_sizes`` gives it (e.g.
    its number of words, when ``counts`` only holds key terms). Terms seen fewer than
    ``min_count`` times in the corpus are left out; rows with ``|score| < min_score`` are dropped;
    ``top`` keeps the strongest over- and under-represented terms per group (``None``: all).
    """
    if counts.empty:
        return empty("specificities")
    frame = counts.dropna(subset=["group", "term"]).astype({"group": str, "term": str})
    table = frame.pivot_table(
        index="term", columns="group", values="count", aggfunc="sum", fill_value=0
    )
    table = table.sort_index().sort_index(axis=1)
    term_totals = table.sum(axis=1)
    table = table[term_totals >= min_count]
    if table.empty:
        return empty("specificities")
    sizes = (
        pd.Series({g: group_sizes[g] for g in table.columns}, dtype=float)
        if group_sizes is not None
        else frame.groupby("group")["count"].sum().reindex(table.columns).astype(float)
    )
    total = float(sizes.sum()) if group_sizes is not None else float(frame["count"].sum())
    observed = table.to_numpy(dtype=float)
    f = table.sum(axis=1).to_numpy(dtype=float)[:, None]
    t = sizes.to_numpy()[None, :]
    expected = f * t / total
    if method == "lafon":
        scores = _lafon(observed, f, t, total)
    elif method == "loglik":
        scores = _loglik(observed, f, t, total)
    else:
        raise ValueError(f"unknown specificity method {method!r} (lafon or loglik)")
    rows = pd.DataFrame(
        {
            "group_by": group_by,
            "group": np.repeat(table.columns.to_numpy()[None, :], len(table), axis=0).ravel(),
            "term": np.repeat(table.index.to_numpy(), len(table.columns)),
            "count": observed.ravel().astype(int),
            "expected": expected.ravel().round(4),
            "score": scores.ravel().round(4),
        }
    )
    rows = rows[rows["score"].abs() >= min_score]
    rows["direction"] = np.where(rows["score"] > 0, OVER, UNDER)
    rows = rows.sort_values(
        ["group", "direction", "score", "term"], ascending=[True, True, False, True]
    )
    if top is not None:
        rows["strength"] = rows["score"].abs()
        rows = (
            rows.sort_values(
                ["group", "direction", "strength", "term"], ascending=[True, True, False, True]
            )
            .groupby(["group", "direction"], sort=False)
            .head(top)
            .drop(columns="strength")
        )
    return conform("specificities", rows.reset_index(drop=True))


def _lafon(observed: np.ndarray, f: np.ndarray, t: np.ndarray, total: float) -> np.ndarray:
    """Signed log10 hypergeometric tail probability: +(-log10 P(X >= k)) when k is above the
    mode's side of the expectation, -(-log10 P(X <= k)) when below."""
    total_i = round(total)
    cells = np.stack(
        [
            observed.astype(np.int64).ravel(),
            np.broadcast_to(f, observed.shape).astype(np.int64).ravel(),
            np.broadcast_to(t, observed.shape).astype(np.int64).ravel(),
        ],
        axis=1,
    )
    # Many cells share (count, term total, group size), zero counts above all: compute once.
    unique, inverse = np.unique(cells, axis=0, return_inverse=True)
    k, f_u, t_u = unique[:, 0], unique[:, 1], unique[:, 2]
    above = k >= f_u * t_u / total
    scores = np.zeros(len(unique))
    if above.any():
        scores[above] = -hypergeom.logsf(k[above] - 1, total_i, f_u[above], t_u[above]) / _LOG10
    if (~above).any():
        below = ~above
        scores[below] = hypergeom.logcdf(k[below], total_i, f_u[below], t_u[below]) / _LOG10
    scores = np.nan_to_num(scores, nan=0.0, posinf=300.0, neginf=-300.0).clip(-300, 300)
    return scores[inverse.ravel()].reshape(observed.shape)


def _loglik(observed: np.ndarray, f: np.ndarray, t: np.ndarray, total: float) -> np.ndarray:
    """Signed G2 of the 2x2 table (term / other terms x group / rest of the corpus)."""
    a = observed
    b = f - a
    c = t - a
    d = total - f - t + a
    cells = (a, b, c, d)
    rows_sum = (f, f, total - f, total - f)
    cols_sum = (t, total - t, t, total - t)
    g2 = np.zeros_like(a, dtype=float)
    for cell, r, col in zip(cells, rows_sum, cols_sum, strict=True):
        exp = r * col / total
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(cell > 0, cell * np.log(cell / exp), 0.0)
    g2 = 2 * g2
    return np.where(a >= f * t / total, g2, -g2)


def cooccurrences(
    unit_terms: pd.DataFrame,
    unit_column: str = "unit_id",
    min_units: int = 2,
    max_terms: int = 200,
    method: Literal["loglik", "pmi", "npmi"] = "loglik",
    vocabulary: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The ``cooccurrences`` table: pairs of terms found together in at least ``min_units`` units
    (sentences, documents) more often than chance, strongest first.

    ``unit_terms`` has one row per (unit, term) (duplicates ignored). Only the ``max_terms`` terms
    found in most units (or ``vocabulary``) are paired, which bounds the cost. ``score`` is the
    log-likelihood ratio G2 of the pair's 2x2 table, or (n)PMI.
    """
    if unit_terms.empty or not {unit_column, "term"} <= set(unit_terms.columns):
        return empty("cooccurrences")
    frame = unit_terms[[unit_column, "term"]].dropna().astype(str).drop_duplicates()
    n_units = frame[unit_column].nunique()
    unit_freq = frame["term"].value_counts()
    if vocabulary is not None:
        kept = set(vocabulary)
    else:
        ranked = sorted(unit_freq.items(), key=lambda item: (-item[1], item[0]))
        kept = {term for term, n in ranked[:max_terms] if n >= min_units}
    frame = frame[frame["term"].isin(kept)]
    pairs: Counter[tuple[str, str]] = Counter()
    for _, terms in frame.groupby(unit_column, sort=True)["term"]:
        pairs.update(itertools.combinations(sorted(terms), 2))
    rows = []
    for (a, b), n_ab in pairs.items():
        if n_ab < min_units or _nested(a, b):
            continue
        n_a, n_b = int(unit_freq[a]), int(unit_freq[b])
        expected = n_a * n_b / n_units
        if n_ab <= expected:
            continue
        rows.append(
            {
                "term_a": a,
                "term_b": b,
                "n_units": n_ab,
                "score": round(_pair_score(n_ab, n_a, n_b, n_units, method), 4),
            }
        )
    if not rows:
        return empty("cooccurrences")
    result = pd.DataFrame(rows).sort_values(
        ["score", "term_a", "term_b"], ascending=[False, True, True]
    )
    return conform("cooccurrences", result.reset_index(drop=True))


def _nested(a: str, b: str) -> bool:
    """One term is part of the other ("direction interministérielle" and "direction
    interministérielle du numérique"): their co-occurrence says nothing."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _pair_score(n_ab: int, n_a: int, n_b: int, n: int, method: str) -> float:
    if method in ("pmi", "npmi"):
        pmi = math.log2(n_ab * n / (n_a * n_b))
        if method == "pmi":
            return pmi
        p_ab = n_ab / n
        return pmi / -math.log2(p_ab) if p_ab < 1 else 1.0
    if method != "loglik":
        raise ValueError(f"unknown co-occurrence method {method!r} (loglik, pmi or npmi)")
    observed = np.array([[n_ab, n_a - n_ab], [n_b - n_ab, n - n_a - n_b + n_ab]], dtype=float)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return float(2 * terms.sum())


def document_groups(documents: pd.DataFrame, field: str) -> pd.Series:
    """``doc_id -> group`` (a value or a list) for a grouping: a ``documents`` column, ``year``
    (from ``date``) or a field of the ``metadata`` JSON (front matter: tags, categories…)."""
    if documents.empty or "doc_id" not in documents.columns:
        return pd.Series(dtype=object)
    frame = documents.set_index("doc_id")
    if field == "year" and "date" in frame.columns:
        years = frame["date"].astype("string").str.extract(r"^(\d{4})", expand=False)
        return years.dropna().astype(str)
    if field in frame.columns and field != "metadata":
        return frame[field].dropna().map(_group_value).dropna()
    if "metadata" not in frame.columns:
        return pd.Series(dtype=object)
    values = frame["metadata"].map(lambda raw: _group_value(_load_json(raw).get(field)))
    return values.dropna()


def _load_json(raw: object) -> dict:
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _group_value(value: object) -> object:
    """A clean group label, or a list of them; ``None`` when empty."""
    if isinstance(value, (list, tuple, np.ndarray)):
        labels = sorted({" ".join(str(v).split()) for v in value if str(v).strip()})
        return labels or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    label = " ".join(str(value).split())
    return label or None


def corpus_lexicometry(
    candidates: pd.DataFrame,
    documents: pd.DataFrame,
    config: ThemesConfig,
    ranking: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """The ``specificities`` and ``cooccurrences`` tables of a corpus, from the key-term
    candidates (``doc_id, term, count``) and the ``documents`` table.

    Specificities are computed for each grouping of ``config.specificities_by`` that splits the
    documents in at least two groups; co-occurrences of the ``config.cooccurrence_terms`` best
    corpus terms within documents. ``ranking``: the ``corpus_terms`` table of the same
    candidates when the caller has it (the themes stage), not ranked again (0.46 CPU-s on a
    million words).
    """
    tables = {"specificities": empty("specificities"), "cooccurrences": empty("cooccurrences")}
    if candidates.empty or not {"doc_id", "term", "count"} <= set(candidates.columns):
        return tables
    counts = candidates[["doc_id", "term", "count"]].dropna(subset=["doc_id", "term"])
    parts = []
    for field in config.specificities_by:
        groups = document_groups(documents, field)
        if groups.explode().nunique() < 2:
            continue
        grouped = counts.assign(group=counts["doc_id"].map(groups)).explode("group")
        grouped = grouped.dropna(subset=["group"])
        table = specificities(
            grouped[["group", "term", "count"]],
            group_by=field,
            min_score=config.min_specificity,
            top=config.specificities_per_group,
        )
        if not table.empty:
            parts.append(table)
    if parts:
        tables["specificities"] = conform("specificities", pd.concat(parts, ignore_index=True))
    if ranking is None:
        ranking = corpus_terms(candidates)
    ranking = ranking.head(config.cooccurrence_terms)
    n_docs = counts["doc_id"].nunique()
    tables["cooccurrences"] = cooccurrences(
        counts.rename(columns={"doc_id": "unit_id"}),
        min_units=2 if n_docs < 50 else 3,
        vocabulary=ranking["term"],
    )
    return tables
