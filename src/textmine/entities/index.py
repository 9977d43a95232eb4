"""The corpus-wide entity index: merged canonical forms, stable ids, aliases, co-occurrences."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from textmine.config import EntitiesConfig
from textmine.entities.extraction import canonical_key
from textmine.entities.lexicon import INSTITUTION_FORMS, is_acronym, is_caps
from textmine.schema import TABLES, conform, empty


def entity_id(label: str, canonical: str) -> str:
    """Stable id: the same label and canonical key give the same id in every run."""
    key = f"{label}\x1f{canonical_key(canonical)}"
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def load_aliases(
    source: EntitiesConfig | str | Path, corpus: str | Path | None = None
) -> pd.DataFrame | None:
    """Read the reviewer's alias CSV (alias, canonical[, label]); a clear error when malformed.

    ``source`` is the CSV path, or the entities config whose ``aliases_file`` (relative to
    ``corpus``) is read; None when the config names no alias file.
    """
    if isinstance(source, EntitiesConfig):
        if not source.aliases_file:
            return None
        path = Path(source.aliases_file)
        if not path.is_absolute() and corpus is not None:
            path = Path(corpus) / path
    else:
        path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"fichier d'alias introuvable : {path} (entities.aliases_file)")
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for n, row in enumerate(csv.reader(handle), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if n == 1 and [c.strip().lower() for c in row[:2]] == ["alias", "canonical"]:
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise ValueError(
                    f"{path}:{n} : attendu « alias,canonical[,label] », reçu « {','.join(row)} »"
                )
            label = row[2].strip().upper() if len(row) > 2 and row[2].strip() else None
            rows.append({"alias": row[0].strip(), "canonical": row[1].strip(), "label": label})
    return pd.DataFrame(rows, columns=["alias", "canonical", "label"])


_KNOWN_FORM_KEYS = {
    canonical_key(short): canonical_key(long)
    for long, shorts in INSTITUTION_FORMS.items()
    for short in shorts
}


def _best_display(variants: Counter[str]) -> str:
    """The variant a reader expects: mixed case over all-caps, accents over none, then frequency."""

    def rank(form: str) -> tuple[int, int, int, str]:
        caps_words = sum(is_caps(w) and not is_acronym(w) for w in form.split())
        accents = sum(1 for c in form if ord(c) > 127)
        return (caps_words, -accents, -variants[form], form)

    return min(variants, key=rank)


def build_entity_index(
    entities: pd.DataFrame,
    documents: pd.DataFrame,
    config: EntitiesConfig,
    aliases: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge canonical forms across the corpus, assign ids, and summarise each entity."""
    if entities is None or entities.empty:
        return conform("entities", empty("entities")), empty("entity_index")
    frame = entities.copy()
    frame["label"] = frame["label"].astype(str)
    keys = [canonical_key(c) for c in frame["canonical"].astype(str)]
    frame["_key"] = keys

    # acronyms introduced with their expansion somewhere in the corpus
    acronym_to_key: dict[str, Counter[str]] = defaultdict(Counter)
    for surface, key, label in zip(frame["text"], frame["_key"], frame["label"], strict=True):
        if label == "ORG" and is_caps(surface) and canonical_key(surface) != key:
            acronym_to_key[canonical_key(surface)][key] += 1
    frame["_key"] = [
        acronym_to_key[k].most_common(1)[0][0] if lab == "ORG" and k in acronym_to_key else k
        for k, lab in zip(frame["_key"], frame["label"], strict=True)
    ]
    # known short forms and acronyms of French institutions join their long form
    forced_display: dict[str, str] = {}
    if config.precision_rules:
        forced_display = {canonical_key(long): long for long in INSTITUTION_FORMS}
        frame["_key"] = [
            _KNOWN_FORM_KEYS.get(k, k) if lab == "ORG" else k
            for k, lab in zip(frame["_key"], frame["label"], strict=True)
        ]
    if aliases is not None and not aliases.empty:
        alias_map = {
            canonical_key(str(a)): (canonical_key(str(c)), str(c), lab)
            for a, c, lab in zip(
                aliases["alias"],
                aliases["canonical"],
                aliases["label"] if "label" in aliases else [None] * len(aliases),
                strict=True,
            )
        }
        new_keys, new_labels = [], []
        for key, label in zip(frame["_key"], frame["label"], strict=True):
            target = alias_map.get(key)
            if target is not None:
                key, display, alias_label = target
                forced_display[key] = display
                label = alias_label if isinstance(alias_label, str) and alias_label else label
            new_keys.append(key)
            new_labels.append(label)
        frame["_key"], frame["label"] = new_keys, new_labels

    displays: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for label, key, canonical in zip(
        frame["label"], frame["_key"], frame["canonical"], strict=True
    ):
        displays[(label, key)][str(canonical)] += 1
    display = {
        group: forced_display.get(group[1]) or _best_display(variants)
        for group, variants in displays.items()
    }
    frame["canonical"] = [
        display[(lab, k)] for lab, k in zip(frame["label"], frame["_key"], strict=True)
    ]
    frame["entity_id"] = [
        entity_id(lab, c) for lab, c in zip(frame["label"], frame["canonical"], strict=True)
    ]

    dates = {}
    if documents is not None and not documents.empty and "date" in documents:
        dates = {
            d: v
            for d, v in zip(documents["doc_id"], documents["date"], strict=True)
            if isinstance(v, str) and v
        }

    names = dict(zip(frame["entity_id"], frame["canonical"], strict=True))
    cooccurring = _top_cooccurring(frame, names)

    index_rows = []
    for eid, group in frame.groupby("entity_id", sort=True):
        if len(group) < config.min_mentions_in_index:
            continue
        doc_ids = sorted(set(group["doc_id"]))
        doc_dates = sorted(dates[d][:10] for d in doc_ids if d in dates)
        index_rows.append(
            {
                "entity_id": eid,
                "canonical": group["canonical"].iloc[0],
                "label": group["label"].iloc[0],
                "aliases": sorted(set(group["text"]) - {group["canonical"].iloc[0]}),
                "n_mentions": len(group),
                "n_documents": len(doc_ids),
                "doc_ids": doc_ids,
                "first_date": doc_dates[0] if doc_dates else None,
                "last_date": doc_dates[-1] if doc_dates else None,
                "cooccurring": cooccurring.get(eid, []),
            }
        )
    index = pd.DataFrame(index_rows, columns=TABLES["entity_index"].names)
    index = index.sort_values(["n_mentions", "canonical"], ascending=[False, True], kind="stable")
    entities_out = frame.drop(columns=["_key"])
    return conform("entities", entities_out), conform("entity_index", index.reset_index(drop=True))


def _top_cooccurring(
    frame: pd.DataFrame, names: dict[str, str], top: int = 10
) -> dict[str, list[str]]:
    """The entities each one shares most sentences (weight 2) and documents (weight 1) with.

    Sparse incidence products keep this linear in the number of co-occurring pairs.
    """
    ids = sorted(names)
    position = {eid: i for i, eid in enumerate(ids)}
    rows = frame["entity_id"].map(position).to_numpy()

    def shared(keys: pd.Series) -> sparse.csr_matrix:
        codes, uniques = pd.factorize(keys, sort=True)
        incidence = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, codes)), shape=(len(ids), len(uniques))
        )
        incidence.data[:] = 1.0  # presence, not mention counts
        return (incidence @ incidence.T).tocsr()

    sentence_keys = frame["doc_id"].astype(str) + "\x1f" + frame["sent_id"].astype(str)
    weights = (2 * shared(sentence_keys) + shared(frame["doc_id"].astype(str))).tocsr()
    weights.setdiag(0)
    weights.eliminate_zeros()
    name_rank = np.empty(len(ids), dtype=np.int64)
    name_rank[np.argsort(np.array([names[eid] for eid in ids], dtype=object), kind="stable")] = (
        np.arange(len(ids))
    )
    result = {}
    for i, eid in enumerate(ids):
        start, end = weights.indptr[i], weights.indptr[i + 1]
        others = weights.indices[start:end]
        order = np.lexsort((name_rank[others], -weights.data[start:end]))[:top]
        result[eid] = [names[ids[j]] for j in others[order]]
    return result
