"""Evaluation of clusters against gold labels: perfect, partial, column detection, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from textmine.evaluation import EvaluationError, evaluate_clusters, evaluate_run


def _run_tables(clusters: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = len(clusters)
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(n)], "source_id": [str(100 + i) for i in range(n)]}
    )
    proposals = pd.DataFrame(
        {
            "proposal_id": [f"p{i}" for i in range(n)],
            "doc_id": [f"d{i}" for i in range(n)],
            "cluster_id": clusters,
        }
    )
    return proposals, documents


GOLD = pd.DataFrame(
    {"id": [str(100 + i) for i in range(6)], "category": ["a", "a", "b", "b", "c", "c"]}
)


def test_perfect_clustering_scores_one():
    proposals, documents = _run_tables([5, 5, 7, 7, 9, 9])
    result = evaluate_clusters(proposals, documents, GOLD)
    for key in ("nmi", "ari", "homogeneity", "completeness"):
        assert result[key] == pytest.approx(1.0)
    assert result["n_matched"] == 6 and result["n_unclustered"] == 0


def test_unclustered_counted_as_a_group_and_excluded_separately():
    proposals, documents = _run_tables([5, 5, 7, 7, 9, -1])
    result = evaluate_clusters(proposals, documents, GOLD)
    assert result["n_unclustered"] == 1
    assert result["nmi"] < 1.0
    assert result["nmi_clustered"] == pytest.approx(1.0)
    assert result["n_clusters"] == 3


def test_random_clustering_scores_low_and_unmatched_rows_are_ignored():
    proposals, documents = _run_tables([1, 2, 1, 2, 1, 2])
    gold = pd.concat([GOLD, pd.DataFrame({"id": ["999"], "category": ["z"]})])
    result = evaluate_clusters(proposals, documents, gold)
    assert result["n_matched"] == 6 and result["n_gold"] == 7
    assert result["ari"] < 0.1


def test_explicit_columns_and_empty_labels(tmp_path):
    proposals, documents = _run_tables([5, 5, 7, 7, 9, 9])
    gold = pd.DataFrame(
        {"ref": [str(100 + i) for i in range(6)], "theme_auteur": ["a", "a", "b", "b", "", None]}
    )
    with pytest.raises(EvaluationError, match=r"colonne d'identifiant .* --id-column"):
        evaluate_clusters(proposals, documents, gold)
    result = evaluate_clusters(
        proposals, documents, gold, id_column="ref", label_column="theme_auteur"
    )
    assert result["n_matched"] == 4 and result["nmi"] == pytest.approx(1.0)


def test_evaluate_run_reads_the_run_directory(tmp_path):
    proposals, documents = _run_tables([5, 5, 7, 7, 9, 9])
    proposals.to_parquet(tmp_path / "proposals.parquet")
    documents.to_parquet(tmp_path / "documents.parquet")
    gold_csv = tmp_path / "gold.csv"
    GOLD.rename(columns={"category": "section_label"}).to_csv(gold_csv, sep=";", index=False)
    result = evaluate_run(tmp_path, gold_csv)
    assert result["ari"] == pytest.approx(1.0)
    with pytest.raises(EvaluationError, match="introuvable"):
        evaluate_run(tmp_path / "missing", gold_csv)
