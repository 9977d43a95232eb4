"""What a finished run says about itself: the summary the flow returns and shows in Prefect.

The summary names the run's folder and report, its documents by status and those that failed,
its table sizes, its largest clusters, its broad groups of clusters and what changed since the previous run; it is what
``textmine run`` prints and what a scheduled run shows as a Prefect artifact
(:func:`summary_markdown`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textmine import embeddings
from textmine.ingest import STATUS_ERROR
from textmine.outputs import read_table

_LARGEST_CLUSTERS = 10
_ERRORS_SHOWN = 50


def run_summary(
    run: Path,
    run_id: str,
    ingested: dict[str, Any],
    manifest: dict[str, Any],
    *,
    unchanged: bool,
    report: bool,
    timings: dict[str, float],
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The summary of the committed run in ``run``.

    ``previous`` (from :meth:`textmine.runs.PreviousRun.as_dict`) says which older run this one
    built on when newer ones had unreadable tables: an operator must know that its changes since
    then were computed again and that clusters born in the skipped runs may have new ids.
    """
    summary: dict[str, Any] = {
        "run_id": run_id,
        "run_dir": str(run),
        "report": str(run / "report.html") if report else None,
        "unchanged": unchanged,
        "statuses": ingested["statuses"],
        "n_documents": ingested["n_documents"],
        "n_failed": int(ingested["statuses"].get(STATUS_ERROR, 0)),
        "counts": manifest["counts"],
        "timings": timings,
        "previous_fallback": previous,
    }
    summary["largest_clusters"], summary["errors"] = largest_clusters_and_errors(run)
    proposals = read_table("proposals", run)
    summary["n_clusters"] = int(proposals.loc[proposals["cluster_id"] >= 0, "cluster_id"].nunique())
    summary["n_unclustered"] = int((proposals["cluster_id"] == -1).sum())
    summary["embeddings"] = embeddings.status_in(manifest)
    summary["changes"] = change_counts(run)
    summary["groups"] = cluster_groups(run)
    summary["n_groups"] = len(summary["groups"])
    return summary


def cluster_groups(run: Path) -> list[dict[str, Any]]:
    """The broad groups (id, label, size), largest first, each with its clusters (id, label,
    size), largest first; the unclustered proposals are in none."""
    groups = read_table("cluster_groups", run)
    groups = groups[groups["group_id"] >= 0].sort_values(
        ["size", "group_id"], ascending=[False, True]
    )
    clusters = read_table("clusters", run)
    if "group_id" not in clusters.columns:  # a run written before the groups (schema 1.5)
        return []
    clusters = clusters.sort_values(["size", "cluster_id"], ascending=[False, True])
    return [
        {
            "group_id": int(g.group_id),
            "label": g.label,
            "size": int(g.size),
            "clusters": clusters.loc[
                clusters["group_id"] == g.group_id, ["cluster_id", "label", "size"]
            ].to_dict("records"),
        }
        for g in groups.itertuples()
    ]


def embeddings_warning(summary: dict[str, Any]) -> str:
    """One French sentence when the encoder failed and the lexical representation was used,
    else "" (the encoder's error stays as Python gave it: it is for whoever repairs it)."""
    status = summary.get("embeddings") or {}
    if status.get("status") != "failed":
        return ""
    return (
        f"Plongements de phrases ({status.get('encoder')}) indisponibles pour "
        f"{status.get('n_missing')} propositions sur {status.get('n_proposals')} "
        f"({status.get('error')}) : les propositions ont été regroupées sur leur "
        "représentation lexicale."
    )


# How the summary names the documents' statuses (the tables keep the codes): the report's words
# (report/html.py, FRENCH_NAMES; tests/test_run_summary.py checks that they agree).
STATUS_NAMES = {
    "ok": ("ok", "ok"),
    "error": ("erreur", "erreurs"),
    "skipped": ("non traité", "non traités"),
    "empty": ("vide", "vides"),
    "duplicate": ("doublon", "doublons"),
}


def status_in_french(status: str, count: int = 1) -> str:
    """A status of ``documents`` as a reader says it: "2 erreurs" (the code when unknown)."""
    one, many = STATUS_NAMES.get(status, (status, status))
    return many if count > 1 else one


def statuses_in_french(statuses: dict[str, int]) -> str:
    """The documents by status in one phrase: "2 erreurs, 10 ok"."""
    return ", ".join(f"{n} {status_in_french(status, n)}" for status, n in sorted(statuses.items()))


def largest_clusters_and_errors(run: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The largest clusters (id, label, size, documents) and the documents that failed."""
    clusters = read_table("clusters", run)
    clusters = clusters[clusters["cluster_id"] != -1].sort_values(
        ["size", "cluster_id"], ascending=[False, True]
    )
    largest = clusters.head(_LARGEST_CLUSTERS)[
        ["cluster_id", "label", "size", "n_documents"]
    ].to_dict("records")
    documents = read_table("documents", run)
    failed = documents[documents["status"] == STATUS_ERROR][["path", "error"]]
    return largest, failed.head(_ERRORS_SHOWN).to_dict("records")


# How the summary names run_changes' kinds (the table keeps the codes).
CHANGE_NAMES = {
    "new_document": "nouveaux documents",
    "changed_document": "documents modifiés",
    "removed_document": "documents retirés",
    "new_cluster": "nouveaux groupes",
    "merged_cluster": "groupes fusionnés",
    "split_cluster": "groupes issus d'une scission",
    "grown_cluster": "groupes agrandis",
    "shrunk_cluster": "groupes réduits",
    "removed_cluster": "groupes disparus",
    "moved_proposal": "propositions déplacées",
}


def change_counts(run: Path) -> dict[str, int]:
    """The rows of the run's ``run_changes`` by kind (what changed since the previous run)."""
    changes = read_table("run_changes", run)
    return {str(k): int(v) for k, v in changes["kind"].value_counts(sort=False).items()}


def summary_markdown(summary: dict[str, Any], manifest: dict[str, Any]) -> str:
    """The summary as Markdown (a Prefect artifact), in French: reviewers read it too."""
    counts = "\n".join(f"| {name} | {n} |" for name, n in manifest["counts"].items())
    largest = "\n".join(
        f"| {c['cluster_id']} | {c['label']} | {c['size']} | {c['n_documents']} |"
        for c in summary.get("largest_clusters", [])
    )
    groups = "\n".join(
        f"| {g['group_id']} | {g['label']} | {g['size']} | "
        + ", ".join(f"{c['label']} ({c['size']})" for c in g["clusters"])
        + " |"
        for g in summary.get("groups", [])
    )
    errors = "\n".join(f"| {e['path']} | {e['error']} |" for e in summary.get("errors", []))
    statuses = "\n".join(
        f"| {status_in_french(name, 2)} (`{name}`) | {n} |"
        for name, n in summary["statuses"].items()
    )
    changed = "\n".join(
        f"| {CHANGE_NAMES.get(kind, kind)} | {n} |"
        for kind, n in summary.get("changes", {}).items()
    )
    changes = manifest.get("changes", {})
    fallback = fallback_line(summary.get("previous_fallback"))
    return (
        f"# Passage textmine {summary['run_id']}\n\n"
        f"Rapport : `{summary['report']}`\n\n"
        f"{'Rien n’a changé depuis le passage précédent.' if summary['unchanged'] else ''}\n\n"
        f"{embeddings_warning(summary)}\n\n"
        f"{fallback}\n\n"
        f"## Documents par statut\n\n| statut | documents |\n|---|---|\n{statuses}\n\n"
        f"## Documents illisibles\n\n| chemin | erreur |\n|---|---|\n{errors}\n\n"
        f"## Plus grands groupes\n\n| n° | nom | propositions | documents |\n|---|---|---|---|\n"
        f"{largest}\n\n"
        f"## Grands groupes de propositions\n\n| id | grand groupe | propositions | "
        f"ses groupes (propositions) |\n|---|---|---|---|\n{groups}\n\n"
        f"## Tables\n\n| table | lignes |\n|---|---|\n{counts}\n\n"
        f"## Changements depuis le passage précédent\n\n| changement | nombre |\n|---|---|\n"
        f"{changed}\n\n"
        f"Identifiants des documents (manifest.json) :\n\n```\n{json.dumps(changes, indent=1)}\n```\n"
    )


def fallback_line(previous: dict[str, Any] | None) -> str:
    """One French sentence on the runs skipped for unreadable tables ("" when none was), for the
    summary artifact and the command's output."""
    if not previous or not previous.get("skipped"):
        return ""
    skipped = " ; ".join(
        f"du passage {s['run']} ({', '.join(s['unreadable'])})" for s in previous["skipped"]
    )
    return (
        f"Tables illisibles {skipped} : ce passage s'appuie sur le passage plus ancien "
        f"{previous['used']} (ses numéros et libellés de groupes ; le reste est recalculé "
        "depuis le cache)."
    )
