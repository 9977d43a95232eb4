"""The ``run_changes`` table: what changed since the previous run, one row per change.

Documents are compared by ``doc_id`` (content by ``sha256``, and ``status``), clusters by their
stable ``cluster_id`` (:mod:`textmine.clustering.identity` keeps the ids of clusters that
persist and says which are new, merged or split), proposals by ``proposal_id`` (a proposal whose
cluster changed has moved). The codes of ``kind`` are stable (the report and scripts filter on
them); ``label`` and ``detail`` are French, for a reader. A first run has no changes.

:mod:`textmine.manifest` keeps its own summary (``changes`` in ``manifest.json``: the ids of
the documents added, removed and changed); this table names them and adds the clusters and
proposals, for the report's chart and for anyone comparing two runs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from textmine.schema import conform, empty

__all__ = ["KINDS", "run_changes"]

# The kinds, in the order the table lists them.
KINDS = (
    "new_document",
    "changed_document",
    "removed_document",
    "new_cluster",
    "merged_cluster",
    "split_cluster",
    "grown_cluster",
    "shrunk_cluster",
    "removed_cluster",
    "moved_proposal",
)
UNCLUSTERED = -1
_UNCLUSTERED_NAME = "non classées"
# A proposal is named by the start of its text: enough to recognise it in a list.
_EXCERPT_CHARS = 120


def run_changes(
    documents: pd.DataFrame,
    proposals: pd.DataFrame,
    clusters: pd.DataFrame,
    previous: dict[str, pd.DataFrame] | None,
) -> pd.DataFrame:
    """What changed since ``previous`` (its ``documents``, ``proposals`` and ``clusters``
    tables; None or empty tables: a first run, no rows)."""
    if not previous or all(frame.empty for frame in previous.values()):
        return empty("run_changes")
    rows = _document_changes(documents, previous.get("documents", empty("documents")))
    before_clusters = previous.get("clusters", empty("clusters"))
    rows += _cluster_changes(clusters, before_clusters, proposals, previous.get("proposals"))
    rows += _moved_proposals(
        proposals, previous.get("proposals", empty("proposals")), clusters, before_clusters
    )
    if not rows:
        return empty("run_changes")
    frame = pd.DataFrame(rows)
    frame["_kind"] = frame["kind"].map({k: i for i, k in enumerate(KINDS)})
    frame = frame.sort_values(["_kind", "object_id"], kind="stable").drop(columns="_kind")
    return conform("run_changes", frame.reset_index(drop=True))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _document_name(row: Any) -> str:
    return _text(row.get("title")) or _text(row.get("path")) or str(row["doc_id"])


# The columns of ``documents`` that a document's change rows read.
_DOCUMENT_COLUMNS = ("doc_id", "title", "path", "sha256", "status", "n_chars")


def _columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame[[column for column in columns if column in frame.columns]]


def _document_changes(now: pd.DataFrame, before: pd.DataFrame) -> list[dict[str, Any]]:
    if now.empty and before.empty:
        return []
    # Only the columns compared or named: every column as dicts made the stage 0.83 CPU-s on a
    # million words, 0.5 this way (bench/RESULTS.md O12).
    now_rows = {str(r["doc_id"]): r for r in _columns(now, _DOCUMENT_COLUMNS).to_dict("records")}
    before_rows = {
        str(r["doc_id"]): r for r in _columns(before, _DOCUMENT_COLUMNS).to_dict("records")
    }
    rows = []
    for doc_id in sorted(now_rows.keys() - before_rows.keys()):
        row = now_rows[doc_id]
        rows.append(
            _row(
                "new_document",
                doc_id,
                _document_name(row),
                None,
                None,
                f"nouveau document ({_text(row.get('path'))})",
            )
        )
    for doc_id in sorted(before_rows.keys() - now_rows.keys()):
        row = before_rows[doc_id]
        rows.append(
            _row(
                "removed_document",
                doc_id,
                _document_name(row),
                None,
                None,
                f"document retiré du corpus ({_text(row.get('path'))})",
            )
        )
    for doc_id in sorted(now_rows.keys() & before_rows.keys()):
        row, old = now_rows[doc_id], before_rows[doc_id]
        details = []
        if _text(row.get("sha256")) != _text(old.get("sha256")):
            details.append("contenu modifié")
        if _text(row.get("status")) != _text(old.get("status")):
            details.append(f"statut {_text(old.get('status'))} → {_text(row.get('status'))}")
        if details:
            rows.append(
                _row(
                    "changed_document",
                    doc_id,
                    _document_name(row),
                    _int(old.get("n_chars")),
                    _int(row.get("n_chars")),
                    "; ".join(details) + " (taille en caractères avant, après)",
                )
            )
    return rows


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _labels(clusters: pd.DataFrame) -> dict[int, str]:
    if clusters.empty:
        return {}
    return {
        int(c): _text(label)
        for c, label in zip(clusters["cluster_id"], clusters["label"], strict=True)
    }


def _cluster_changes(
    now: pd.DataFrame,
    before: pd.DataFrame,
    proposals: pd.DataFrame,
    previous_proposals: pd.DataFrame | None,
) -> list[dict[str, Any]]:
    now = now[now["cluster_id"] != UNCLUSTERED] if not now.empty else now
    before = before[before["cluster_id"] != UNCLUSTERED] if not before.empty else before
    before_size = {
        int(c): int(s) for c, s in zip(before["cluster_id"], before["size"], strict=True)
    }
    before_label = _labels(before)
    old_ids = (
        set(previous_proposals["proposal_id"].astype(str))
        if previous_proposals is not None and not previous_proposals.empty
        else set()
    )
    rows: list[dict[str, Any]] = []
    taken_over: set[int] = set()
    for record in now.to_dict("records"):
        cid, size, label = int(record["cluster_id"]), int(record["size"]), _text(record["label"])
        status = _text(record.get("status"))
        listed = record.get("previous_ids")
        sources = [int(p) for p in (listed if listed is not None else [])]
        taken_over.update(sources)
        old = before_size.get(cid)
        named = ", ".join(f"« {before_label.get(p, p)} »" for p in sources)
        if old is None and status not in ("merged", "split"):
            rows.append(
                _row(
                    "new_cluster",
                    str(cid),
                    label,
                    None,
                    size,
                    f"nouveau groupe de {size} propositions",
                )
            )
        elif status == "merged":
            rows.append(
                _row(
                    "merged_cluster",
                    str(cid),
                    label,
                    old,
                    size,
                    f"réunit les groupes {named} du passage précédent",
                )
            )
        elif status == "split":
            rows.append(
                _row(
                    "split_cluster",
                    str(cid),
                    label,
                    old,
                    size,
                    f"issu de la scission du groupe {named}",
                )
            )
        elif old is not None and size != old:
            members = proposals.loc[proposals["cluster_id"] == cid, "proposal_id"].astype(str)
            n_new = len(set(members) - old_ids)
            kind = "grown_cluster" if size > old else "shrunk_cluster"
            detail = f"{old} → {size} propositions"
            if n_new:
                detail += f", dont {n_new} nouvelle{'s' if n_new > 1 else ''}"
            rows.append(_row(kind, str(cid), label, old, size, detail))
    gone = sorted(set(before_size) - set(int(c) for c in now["cluster_id"]) - taken_over)
    for cid in gone:
        rows.append(
            _row(
                "removed_cluster",
                str(cid),
                before_label.get(cid, str(cid)),
                before_size[cid],
                None,
                "groupe disparu : ses propositions sont ailleurs",
            )
        )
    return rows


def _moved_proposals(
    now: pd.DataFrame, before: pd.DataFrame, clusters: pd.DataFrame, before_clusters: pd.DataFrame
) -> list[dict[str, Any]]:
    if now.empty or before.empty:
        return []
    merged = now[["proposal_id", "cluster_id", "text"]].merge(
        before[["proposal_id", "cluster_id"]], on="proposal_id", suffixes=("", "_before")
    )
    merged = merged[merged["cluster_id"] != merged["cluster_id_before"]]
    # A member of a cluster that a new one took over (merged, split) went along: not a move.
    successors = set()
    if not clusters.empty and "previous_ids" in clusters.columns:
        for cid, sources in zip(clusters["cluster_id"], clusters["previous_ids"], strict=True):
            successors.update((int(cid), int(p)) for p in (sources if sources is not None else []))
    followed = [
        (int(c), int(b)) in successors
        for c, b in zip(merged["cluster_id"], merged["cluster_id_before"], strict=True)
    ]
    merged = merged[~pd.Series(followed, index=merged.index, dtype=bool)]
    labels, old_labels = _labels(clusters), _labels(before_clusters)

    def name(cid: int, names: dict[int, str]) -> str:
        return _UNCLUSTERED_NAME if cid == UNCLUSTERED else names.get(cid, str(cid))

    rows = []
    for pid, cid, text, old in merged.itertuples(index=False):
        cid, old = int(cid), int(old)
        excerpt = " ".join(_text(text).split())
        if len(excerpt) > _EXCERPT_CHARS:
            excerpt = excerpt[: _EXCERPT_CHARS - 1].rstrip() + "…"
        detail = f"du groupe « {name(old, old_labels)} » au groupe « {name(cid, labels)} »"
        rows.append(_row("moved_proposal", str(pid), excerpt, old, cid, detail))
    return rows


def _row(
    kind: str, object_id: str, label: str, before: int | None, after: int | None, detail: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "object_id": object_id,
        "label": label,
        "before": before,
        "after": after,
        "detail": detail,
    }
