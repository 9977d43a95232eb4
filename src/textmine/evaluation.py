"""Agreement of the proposal clusters with a gold labelling (NMI, ARI, homogeneity, completeness).

- ``evaluate_clusters(proposals, documents, gold, id_column=None, label_column=None) -> dict``
- ``evaluate_run(run_dir, gold_csv, id_column=None, label_column=None) -> dict`` reads
  ``proposals.parquet`` and ``documents.parquet`` of a run and the gold CSV.

The gold table has an id column matching the documents' ``source_id`` (for consultation tables,
one row per contribution) and a label column; both are detected among common names unless given.
Each matched document contributes its proposals. Scores are computed over all matched proposals
with the unclustered group (``cluster_id == -1``) counted as one group, and again without them
(keys ending in ``_clustered``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from sklearn.metrics import (
    adjusted_rand_score,
    completeness_score,
    homogeneity_score,
    normalized_mutual_info_score,
)

__all__ = ["EvaluationError", "evaluate_clusters", "evaluate_run", "read_gold"]

ID_COLUMNS = ("source_id", "id", "proposal_id", "opinion_id", "contribution_id", "row_id")
LABEL_COLUMNS = ("label", "gold", "section_label", "category", "theme", "section", "class")


class EvaluationError(ValueError):
    """The gold file or the run cannot be evaluated; the message is meant for the user."""


# What the user passes to name each column (textmine evaluate's options), for the messages.
_OPTIONS = {"id": ("d'identifiant", "--id-column"), "label": ("d'étiquette", "--label-column")}


def _pick(columns: list[str], explicit: str | None, candidates: tuple[str, ...], what: str) -> str:
    kind, option = _OPTIONS[what]
    shown = ", ".join(f"« {c} »" for c in columns)
    if explicit is not None:
        if explicit not in columns:
            raise EvaluationError(
                f"le fichier de référence n'a pas de colonne {kind} « {explicit} » ; "
                f"ses colonnes : {shown}"
            )
        return explicit
    lowered = {c.lower().strip(): c for c in columns}
    for name in candidates:
        if name in lowered:
            return lowered[name]
    raise EvaluationError(
        f"colonne {kind} du fichier de référence non reconnue parmi {shown} : "
        f"indiquez-la avec {option}"
    )


def read_gold(
    gold_csv: Path, id_column: str | None = None, label_column: str | None = None
) -> pd.DataFrame:
    """Read the gold CSV (delimiter sniffed) as ``{source_id, gold}`` with non-empty labels."""
    path = Path(gold_csv)
    if not path.is_file():
        raise EvaluationError(f"fichier de référence introuvable : {path}")
    sample = path.read_text(encoding="utf-8-sig", errors="replace")[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    gold = pd.read_csv(path, dtype=str, sep=delimiter, encoding="utf-8-sig")
    return _normalise_gold(gold, id_column, label_column)


def _normalise_gold(
    gold: pd.DataFrame, id_column: str | None, label_column: str | None
) -> pd.DataFrame:
    columns = [str(c) for c in gold.columns]
    id_col = _pick(columns, id_column, ID_COLUMNS, "id")
    label_col = _pick(columns, label_column, LABEL_COLUMNS, "label")
    out = pd.DataFrame({"source_id": gold[id_col].astype(str).str.strip(), "gold": gold[label_col]})
    out = out[out["gold"].notna() & (out["gold"].astype(str).str.strip() != "")]
    return out.drop_duplicates("source_id")


def evaluate_clusters(
    proposals: pd.DataFrame,
    documents: pd.DataFrame,
    gold: pd.DataFrame,
    id_column: str | None = None,
    label_column: str | None = None,
) -> dict[str, float | int]:
    """Scores of the proposals' ``cluster_id`` against the gold labels of their documents."""
    gold = _normalise_gold(gold, id_column, label_column)
    if "cluster_id" not in proposals.columns:
        raise EvaluationError(
            "les propositions n'ont pas de colonne cluster_id : lancez d'abord le regroupement"
        )
    docs = documents[["doc_id", "source_id"]].dropna(subset=["source_id"]).copy()
    docs["source_id"] = docs["source_id"].astype(str).str.strip()
    merged = (
        proposals[["proposal_id", "doc_id", "cluster_id"]]
        .merge(docs, on="doc_id", how="inner")
        .merge(gold, on="source_id", how="inner")
        .dropna(subset=["cluster_id"])
    )
    result: dict[str, float | int] = {
        "n_gold": len(gold),
        "n_matched": len(merged),
        "n_matched_documents": int(merged["source_id"].nunique()),
        "n_unclustered": int((merged["cluster_id"] == -1).sum()),
        "n_gold_labels": int(merged["gold"].nunique()),
        "n_clusters": int(merged.loc[merged["cluster_id"] != -1, "cluster_id"].nunique()),
    }
    result.update(_scores(merged["gold"].astype(str), merged["cluster_id"].astype(int), ""))
    clustered = merged[merged["cluster_id"] != -1]
    result.update(
        _scores(clustered["gold"].astype(str), clustered["cluster_id"].astype(int), "_clustered")
    )
    return result


def _scores(gold: pd.Series, predicted: pd.Series, suffix: str) -> dict[str, float]:
    names = ("nmi", "ari", "homogeneity", "completeness")
    if len(gold) == 0:
        return {f"{name}{suffix}": float("nan") for name in names}
    return {
        f"nmi{suffix}": float(normalized_mutual_info_score(gold, predicted)),
        f"ari{suffix}": float(adjusted_rand_score(gold, predicted)),
        f"homogeneity{suffix}": float(homogeneity_score(gold, predicted)),
        f"completeness{suffix}": float(completeness_score(gold, predicted)),
    }


def evaluate_run(
    run_dir: Path,
    gold_csv: Path,
    id_column: str | None = None,
    label_column: str | None = None,
) -> dict[str, float | int]:
    """Evaluate the clusters of a run directory against a gold CSV."""
    run_dir = Path(run_dir)
    tables = {}
    for name in ("proposals", "documents"):
        path = run_dir / f"{name}.parquet"
        if not path.is_file():
            raise EvaluationError(
                f"{path} introuvable : {run_dir} est-il bien un dossier de passage textmine ?"
            )
        tables[name] = pd.read_parquet(path)
    gold = read_gold(gold_csv, id_column, label_column)
    return evaluate_clusters(tables["proposals"], tables["documents"], gold, "source_id", "gold")
