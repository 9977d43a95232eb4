"""The summary a run returns and shows in Prefect."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from textmine.outputs import write_table
from textmine.report.html import in_french
from textmine.run_summary import (
    STATUS_NAMES,
    run_summary,
    status_in_french,
    statuses_in_french,
    summary_markdown,
)


def _run(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    documents = pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "path": ["bon.txt", "faux.pdf"],
            "format": ["txt", "pdf"],
            "status": ["ok", "error"],
            "error": [
                None,
                "Le fichier porte l'extension .pdf mais n'est pas un PDF : ouvrez-le pour vérifier son format, puis enregistrez-le en PDF et relancez.",
            ],
        }
    )
    clusters = pd.DataFrame(
        {
            "cluster_id": [-1, 0, 1],
            "label": ["Non classées", "Médiation numérique", "Données ouvertes"],
            "size": [1, 2, 3],
            "n_documents": [1, 1, 2],
        }
    )
    proposals = pd.DataFrame(
        {
            "proposal_id": [f"p{i}" for i in range(6)],
            "doc_id": "d1",
            "kind": "prose",
            "start_char": 0,
            "end_char": 1,
            "text": "Créer un guichet.",
            "cluster_id": [-1, 0, 0, 1, 1, 1],
        }
    )
    write_table("documents", documents, run)
    write_table("clusters", clusters, run)
    write_table("proposals", proposals, run)
    changes = pd.DataFrame(
        {
            "kind": ["new_document", "new_document", "grown_cluster"],
            "object_id": ["d1", "d2", "1"],
            "label": ["bon.txt", "faux.pdf", "Données ouvertes"],
        }
    )
    write_table("run_changes", changes, run)
    return run


def test_summary_counts_clusters_failures_and_orders_clusters_by_size(tmp_path: Path):
    run = _run(tmp_path)
    ingested = {"statuses": {"ok": 1, "error": 1}, "n_documents": 2}
    manifest = {"counts": {"documents": 2}, "changes": {"added": 1}}
    summary = run_summary(run, "r1", ingested, manifest, unchanged=False, report=True, timings={})
    assert summary["n_failed"] == 1 and summary["n_clusters"] == 2 and summary["n_unclustered"] == 1
    assert [c["cluster_id"] for c in summary["largest_clusters"]] == [1, 0]
    assert summary["errors"] == [
        {
            "path": "faux.pdf",
            "error": "Le fichier porte l'extension .pdf mais n'est pas un PDF : ouvrez-le pour vérifier son format, puis enregistrez-le en PDF et relancez.",
        }
    ]
    assert summary["report"] == str(run / "report.html")
    markdown = summary_markdown(summary, manifest)
    assert (
        "| faux.pdf | Le fichier porte l'extension .pdf" in markdown
        and "| 1 | Données ouvertes | 3 | 2 |" in markdown
    )
    assert '"added": 1' in markdown
    assert "| erreurs (`error`) | 1 |" in markdown and "| ok (`ok`) | 1 |" in markdown
    assert summary["changes"] == {"new_document": 2, "grown_cluster": 1}
    assert "| nouveaux documents | 2 |" in markdown and "| groupes agrandis | 1 |" in markdown
    no_report = run_summary(run, "r1", ingested, manifest, unchanged=True, report=False, timings={})
    assert no_report["report"] is None
    assert "Rien n’a changé" in summary_markdown(no_report, manifest)
    assert no_report["previous_fallback"] is None
    assert "Tables illisibles" not in summary_markdown(no_report, manifest)


def test_summary_says_which_older_run_was_built_on_after_unreadable_tables(tmp_path: Path):
    run = _run(tmp_path)
    ingested = {"statuses": {"ok": 2}, "n_documents": 2}
    manifest = {"counts": {"documents": 2}}
    previous = {
        "used": "20261202T060000-0002",
        "skipped": [{"run": "20261203T060000-0003", "unreadable": ["proposals.parquet"]}],
    }
    summary = run_summary(
        run, "r2", ingested, manifest, unchanged=False, report=False, timings={}, previous=previous
    )
    assert summary["previous_fallback"] == previous
    assert (
        "Tables illisibles du passage 20261203T060000-0003 (proposals.parquet) : ce passage "
        "s'appuie sur le passage plus ancien 20261202T060000-0002"
    ) in summary_markdown(summary, manifest)


def test_summary_lists_the_groups_with_their_clusters(tmp_path: Path):
    run = _run(tmp_path)
    clusters = pd.DataFrame(
        {
            "cluster_id": [-1, 0, 1],
            "label": ["Non classées", "Médiation numérique", "Données ouvertes"],
            "size": [1, 2, 3],
            "group_id": [-1, 4, 4],
        }
    )
    groups = pd.DataFrame(
        {"group_id": [-1, 4], "label": ["Non classées", "Numérique public"], "size": [1, 5]}
    )
    write_table("clusters", clusters, run)
    write_table("cluster_groups", groups, run)
    ingested = {"statuses": {"ok": 1, "error": 1}, "n_documents": 2}
    manifest = {"counts": {"documents": 2}, "changes": {}}
    summary = run_summary(run, "r1", ingested, manifest, unchanged=False, report=True, timings={})
    assert summary["n_groups"] == 1
    assert summary["groups"][0]["label"] == "Numérique public"
    assert [c["cluster_id"] for c in summary["groups"][0]["clusters"]] == [1, 0]
    markdown = summary_markdown(summary, manifest)
    assert (
        "| 4 | Numérique public | 5 | Données ouvertes (3), Médiation numérique (2) |" in markdown
    )


def test_statuses_are_named_in_french_singular_or_plural_with_the_reports_words():
    assert statuses_in_french({"ok": 10, "error": 1}) == "1 erreur, 10 ok"
    assert statuses_in_french({"duplicate": 2, "skipped": 3}) == "2 doublons, 3 non traités"
    for status in STATUS_NAMES:
        for count in (1, 2):
            assert status_in_french(status, count) == in_french(status, count), status
