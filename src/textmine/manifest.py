"""The run manifest: what was run, on what, with which versions, and what it produced."""

from __future__ import annotations

import hashlib
import platform
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from textmine import __version__
from textmine.config import TextmineConfig
from textmine.ingest.model import IngestedDocument
from textmine.schema import SCHEMA_VERSION

PACKAGES = ("spacy", "prefect", "scikit-learn", "pandas", "pyarrow", "pydantic", "numpy")


def package_version(name: str) -> str | None:
    """An installed package's version, or None."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def corpus_fingerprint(documents: list[IngestedDocument]) -> str:
    """sha256 over the sorted (path, source id, content hash, status) of every document."""
    digest = hashlib.sha256()
    for item in sorted((d.path, d.source_id or "", d.sha256 or "", d.status) for d in documents):
        digest.update("\x1f".join(item).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def document_changes(current: pd.DataFrame, previous_manifest: dict[str, Any]) -> dict[str, Any]:
    """Documents added, removed and changed since the previous run (by doc_id and content)."""
    before: dict[str, str] = previous_manifest.get("document_hashes", {})
    now = document_hashes(current)
    added = sorted(set(now) - set(before))
    removed = sorted(set(before) - set(now))
    changed = sorted(d for d in set(now) & set(before) if now[d] != before[d])
    return {"added": added, "removed": removed, "changed": changed}


def document_hashes(documents: pd.DataFrame) -> dict[str, str]:
    return {
        str(row.doc_id): f"{row.sha256 or ''}:{row.status}"
        for row in documents[["doc_id", "sha256", "status"]].itertuples(index=False)
    }


def build_manifest(
    *,
    run_id: str,
    corpus: Path,
    config: TextmineConfig,
    ingest: dict[str, Any],
    analysis: list[dict[str, Any]],
    timings: dict[str, float],
    documents: pd.DataFrame,
    clusters: pd.DataFrame,
    counts: dict[str, int],
    corpus_key: str,
    previous_run: str | None,
    previous_manifest: dict[str, Any],
    unchanged: bool,
    started_at: float,
) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for stats in analysis:
        for key, value in stats.items():
            if isinstance(value, int | float) and key != "n_process":
                totals[key] = totals.get(key, 0) + value
            elif isinstance(value, dict):
                bucket = totals.setdefault(key, {})
                for name, n in value.items():
                    bucket[name] = bucket.get(name, 0) + n
    cluster_status: dict[str, int] = {}
    if "status" in clusters.columns:
        cluster_status = {str(k): int(v) for k, v in clusters["status"].value_counts().items()}
    return {
        "run_id": run_id,
        "textmine_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "started_at": started_at,
        "finished_at": time.time(),
        "corpus": str(corpus),
        "corpus_fingerprint": ingest["corpus_fingerprint"],
        "corpus_key": corpus_key,
        "config": config.model_dump(mode="json"),
        "versions": {
            "python": platform.python_version(),
            "models": ingest.get("models", {}),
            **{name: package_version(name) for name in PACKAGES},
        },
        "counts": counts,
        "documents_by_status": ingest["statuses"],
        "documents_by_format": {
            str(k): int(v) for k, v in documents["format"].value_counts().sort_index().items()
        },
        "analysis": totals,
        "timings": timings,
        "previous_run": previous_run,
        "unchanged": unchanged,
        "changes": {
            "documents": document_changes(documents, previous_manifest),
            "clusters": cluster_status,
        },
        "document_hashes": document_hashes(documents),
    }
