"""Scale-out: the same flow, unchanged stages, on a local Dask cluster (prefect-dask)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from flows.pipeline import build_flow

pytestmark = pytest.mark.slow

DOCUMENTS = {
    "note-fibre.txt": "Paris, le 4 avril 2016\n\nIl est proposé de raccorder toutes les écoles "
    "rurales au très haut débit avant 2020.\n",
    "note-mediation.txt": "Lyon, le 5 mai 2017\n\nNous recommandons que l'État finance des "
    "médiateurs numériques dans chaque département.\n",
    "note-donnees.txt": "Lille, le 6 juin 2018\n\nIl convient de publier les données publiques "
    "des communes dans un format ouvert.\n",
}


def test_flow_runs_on_a_local_dask_cluster(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    flow = build_flow("dask")
    summary = flow(
        corpus=str(corpus),
        out=str(tmp_path / "out"),
        config={"nlp": {"docs_per_task": 1}},
    )
    assert summary["n_failed"] == 0
    run = Path(summary["run_dir"])
    documents = pd.read_parquet(run / "documents.parquet")
    assert sorted(documents["date"]) == ["2016-04-04", "2017-05-05", "2018-06-06"]
    sentences = pd.read_parquet(run / "sentences.parquet")
    assert set(sentences["doc_id"]) == set(documents["doc_id"])
