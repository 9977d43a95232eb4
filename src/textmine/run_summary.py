"""What a finished run says about itself: the summary the flow returns and shows in Prefect.

The summary names the run's folder and report, its documents by status and those that failed,
its table sizes, its largest clusters and what changed since the previous run; it is what
``textmine run`` prints and what a scheduled run shows as a Prefect artifact
(:func:`summary_markdown`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    return summary


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


def summary_markdown(summary: dict[str, Any], manifest: dict[str, Any]) -> str:
    """The summary as Markdown (a Prefect artifact)."""
    counts = "\n".join(f"| {name} | {n} |" for name, n in manifest["counts"].items())
    largest = "\n".join(
        f"| {c['cluster_id']} | {c['label']} | {c['size']} | {c['n_documents']} |"
        for c in summary.get("largest_clusters", [])
    )
    errors = "\n".join(f"| {e['path']} | {e['error']} |" for e in summary.get("errors", []))
    statuses = "\n".join(f"| {name} | {n} |" for name, n in summary["statuses"].items())
    changes = manifest.get("changes", {})
    fallback = fallback_line(summary.get("previous_fallback"))
    return (
        f"# textmine run {summary['run_id']}\n\n"
        f"Report: `{summary['report']}`\n\n"
        f"{'Nothing changed since the previous run.' if summary['unchanged'] else ''}\n\n"
        f"{fallback}\n\n"
        f"## Documents by status\n\n| status | documents |\n|---|---|\n{statuses}\n\n"
        f"## Documents that could not be read\n\n| path | error |\n|---|---|\n{errors}\n\n"
        f"## Largest clusters\n\n| id | label | proposals | documents |\n|---|---|---|---|\n"
        f"{largest}\n\n"
        f"## Tables\n\n| table | rows |\n|---|---|\n{counts}\n\n"
        f"## Changes since the previous run\n\n```\n{json.dumps(changes, indent=1)}\n```\n"
    )


def fallback_line(previous: dict[str, Any] | None) -> str:
    """One sentence on the runs skipped for unreadable tables ("" when none was)."""
    if not previous or not previous.get("skipped"):
        return ""
    skipped = "; ".join(
        f"run {s['run']} ({', '.join(s['unreadable'])})" for s in previous["skipped"]
    )
    return (
        f"Unreadable tables in {skipped}: this run built on the older run {previous['used']} "
        "(its cluster ids and labels; the rest computed again from the cache)."
    )
