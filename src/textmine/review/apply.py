"""Applying decisions to a run's tables, with a ``review_log`` row for every outcome."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from textmine import schema
from textmine.review.decisions import (
    KEY_COLUMNS,
    UNCLUSTERED,
    ClusterDecision,
    Decision,
    Decisions,
    EntityDecision,
    Problem,
    Status,
    _as_int,
    _as_list,
    _decision_key,
    _text,
    decision_cells,
)


class _Log:
    """Rows of ``review_log``; each keeps the reviewer's row (``cells``) for the next sheets."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.logged: set[int] = set()

    def add(
        self,
        sheet: str,
        origin: Decision | Problem,
        target: Any,
        decision: str,
        status: Status,
        message: str,
        value: Any = "",
        previous: Any = "",
    ) -> None:
        self.logged.add(id(origin))
        cells = origin.cells if isinstance(origin, Problem) else decision_cells(origin)
        self.rows.append(
            {
                "sheet": sheet,
                "source": origin.source,
                "target": _text(target),
                "decision": decision,
                "value": _text(value),
                "previous": _text(previous),
                "status": status,
                "message": message,
                "cells": json.dumps(cells, ensure_ascii=False) if cells else None,
            }
        )

    def add_notes(self, sheet: str, decisions: Sequence[Decision]) -> None:
        """A row for each decision that did nothing else (a note alone), so that it is kept."""
        for d in decisions:
            if id(d) not in self.logged:
                target = _decision_key(d)
                self.add(sheet, d, target, "note", "applied", "note kept", d.note)

    def frame(self) -> pd.DataFrame:
        return schema.conform("review_log", pd.DataFrame(self.rows, columns=_LOG_COLUMNS))


_LOG_COLUMNS = schema.TABLES["review_log"].names


def apply_decisions(
    tables: dict[str, pd.DataFrame], decisions: Decisions
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Apply the reviewer's decisions to a run's tables; return the new tables and ``review_log``.

    Only ``proposals``, ``clusters``, ``entities`` and ``entity_index`` change; the others are
    passed through. Rejected proposals stay in ``proposals`` (``review_status = "rejected"``, their
    ``cluster_id`` kept) but no longer count in their cluster's size, documents or representatives.
    Applying the same decisions to the result changes nothing.
    """
    log = _Log()
    for problem in decisions.problems:
        target = problem.cells.get(KEY_COLUMNS.get(problem.sheet, ""), "")
        log.add(problem.sheet, problem, target, "", problem.status, problem.message)
    out = dict(tables)
    proposals, clusters = _apply_cluster_and_proposal_decisions(
        tables.get("proposals"), tables.get("clusters"), decisions, log
    )
    if "proposals" in tables:
        out["proposals"] = schema.conform("proposals", proposals)
    if "clusters" in tables:
        out["clusters"] = schema.conform("clusters", clusters)
    if "entities" in tables or "entity_index" in tables:
        entities, index = _apply_entity_decisions(
            tables.get("entities"), tables.get("entity_index"), decisions.entities, log
        )
        if "entities" in tables:
            out["entities"] = schema.conform("entities", entities)
        if "entity_index" in tables:
            out["entity_index"] = schema.conform("entity_index", index)
    log.add_notes("clusters", decisions.clusters)
    log.add_notes("proposals", decisions.proposals)
    log.add_notes("entities", decisions.entities)
    review_log = log.frame()
    out["review_log"] = review_log
    return out, review_log


def _resolve_merges(
    decisions: list[ClusterDecision], cluster_ids: set[int], log: _Log
) -> dict[int, int]:
    """Final destination of every merged cluster, following chains (A->B, B->C: A->C)."""
    wanted: dict[int, ClusterDecision] = {}
    for d in decisions:
        if d.merge_into is None:
            continue
        if d.cluster_id == UNCLUSTERED:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "conflict",
                "the unclustered group is not merged: move its proposals one by one",
                d.merge_into,
            )
        elif d.cluster_id not in cluster_ids:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "target_missing",
                f"cluster {d.cluster_id} is not in this run",
                d.merge_into,
            )
        elif d.merge_into == d.cluster_id:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "conflict",
                "a cluster cannot be merged into itself",
                d.merge_into,
            )
        elif d.merge_into != UNCLUSTERED and d.merge_into not in cluster_ids:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "merge",
                "target_missing",
                f"cluster {d.merge_into} to merge into is not in this run",
                d.merge_into,
            )
        else:
            wanted[d.cluster_id] = d
    final: dict[int, int] = {}
    for start in sorted(wanted):
        chain, current = [start], wanted[start].merge_into
        while current in wanted and current not in chain:
            chain.append(current)
            current = wanted[current].merge_into
        d = wanted[start]
        if current in chain:
            cycle = " -> ".join(str(c) for c in [*chain, current])
            log.add(
                "clusters",
                d,
                start,
                "merge",
                "conflict",
                f"merges form a cycle ({cycle}); none of them applied",
                d.merge_into,
            )
            continue
        assert current is not None
        final[start] = current
    return final


def _with_columns(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of a table with every column of its schema (absent optional ones as nulls)."""
    frame = schema.empty(name) if frame is None else frame.reset_index(drop=True)
    missing = [c for c in schema.TABLES[name].names if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame.copy()


def _apply_cluster_and_proposal_decisions(
    proposals: pd.DataFrame | None,
    clusters: pd.DataFrame | None,
    decisions: Decisions,
    log: _Log,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    props = _with_columns("proposals", proposals)
    cl = _with_columns("clusters", clusters)
    for frame in (props, cl):
        frame["review_status"] = frame["review_status"].astype(object)
    props["cluster_id"] = [_as_int(v) for v in props["cluster_id"]]
    # the clustering's own assignment, kept (from a first application) for the next run's ids
    props["auto_cluster_id"] = [
        _as_int(auto, cid)
        for auto, cid in zip(props["auto_cluster_id"], props["cluster_id"], strict=True)
    ]
    props["cluster_label"] = props["cluster_label"].astype(object)
    cl["cluster_id"] = [_as_int(v) for v in cl["cluster_id"]]
    cl["label"] = cl["label"].astype(object)

    cluster_rows = {cid: i for i, cid in enumerate(cl["cluster_id"])}
    # tags already there (decisions applied before) are kept, so that applying twice changes nothing
    tags: dict[int, set[str]] = {
        cid: set(filter(None, _text(cl.at[i, "review_status"]).split("+")))
        for cid, i in cluster_rows.items()
    }
    reps: dict[int, list[str]] = {
        cid: [str(r) for r in _as_list(cl.at[i, "representative_ids"])]
        for cid, i in cluster_rows.items()
    }
    rep_caps = {cid: len(r) for cid, r in reps.items()}
    touched: set[int] = set()

    # merges first, so that moves and renames see the final clusters
    merged = _resolve_merges(decisions.clusters, set(cluster_rows), log)
    by_cluster_decision = {d.cluster_id: d for d in decisions.clusters}
    for source_id, dest_id in merged.items():
        d = by_cluster_decision[source_id]
        members = props["cluster_id"] == source_id
        props.loc[members, "cluster_id"] = dest_id
        old_label = _text(cl.at[cluster_rows[source_id], "label"])
        if dest_id == UNCLUSTERED:
            touched.add(UNCLUSTERED)  # recounted when the table has a row for the group
            message = f"cluster dissolved: its {int(members.sum())} proposals are now unclustered"
        else:
            tags[dest_id].add("merged")
            touched.add(dest_id)
            reps[dest_id] = reps[dest_id] + reps[source_id]
            rep_caps[dest_id] = max(rep_caps[dest_id], rep_caps[source_id])
            message = f"merged into cluster {dest_id} ({int(members.sum())} proposals moved)"
        log.add("clusters", d, source_id, "merge", "applied", message, dest_id, old_label)
    cl = cl[~cl["cluster_id"].isin(list(merged))].reset_index(drop=True)
    cluster_rows = {cid: i for i, cid in enumerate(cl["cluster_id"])}

    for d in decisions.clusters:
        if not d.new_label:
            continue
        if d.cluster_id == UNCLUSTERED:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "conflict",
                "the unclustered group keeps its name",
                d.new_label,
            )
        elif d.cluster_id in merged:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "conflict",
                f"cluster merged into {merged[d.cluster_id]}: rename that one instead",
                d.new_label,
            )
        elif d.cluster_id not in cluster_rows:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "target_missing",
                f"cluster {d.cluster_id} is not in this run",
                d.new_label,
            )
        elif (
            twin := next(
                (
                    cid
                    for cid, i in cluster_rows.items()
                    if cid != d.cluster_id and _same_name(_text(cl.at[i, "label"]), d.new_label)
                ),
                None,
            )
        ) is not None:
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "conflict",
                f"cluster {twin} already has this label (labels are unique): merge them instead?",
                d.new_label,
            )
        else:
            row = cluster_rows[d.cluster_id]
            previous = _text(cl.at[row, "label"])
            cl.at[row, "label"] = d.new_label
            tags[d.cluster_id].add("renamed")
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "rename",
                "applied",
                "label changed",
                d.new_label,
                previous,
            )
    for d in decisions.clusters:
        if (
            d.cluster_id not in cluster_rows
            and d.cluster_id not in merged
            and not (d.new_label or d.merge_into is not None)
        ):
            log.add(
                "clusters",
                d,
                d.cluster_id,
                "note",
                "target_missing",
                f"cluster {d.cluster_id} is not in this run",
                d.note,
            )

    proposal_rows = {str(pid): i for i, pid in enumerate(props["proposal_id"])}
    for d in decisions.proposals:
        if d.proposal_id not in proposal_rows:
            actions: list[tuple[str, Any]] = []
            if d.decision is not None:
                actions.append((d.decision, d.decision))
            if d.move_to_cluster is not None:
                actions.append(("move", d.move_to_cluster))
            for action, value in actions or [("note", d.note)]:
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    action,
                    "target_missing",
                    f"proposal {d.proposal_id} is not in this run",
                    value,
                )
            continue
        row = proposal_rows[d.proposal_id]
        current = int(props.at[row, "cluster_id"])
        if d.decision == "reject":
            props.at[row, "review_status"] = "rejected"
            touched.add(current)
            log.add(
                "proposals",
                d,
                d.proposal_id,
                "reject",
                "applied",
                "kept in the table, left out of its cluster's counts",
                "rejected",
            )
            if d.move_to_cluster is not None:
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    "move",
                    "conflict",
                    "a rejected proposal is not moved",
                    d.move_to_cluster,
                    current,
                )
            continue
        status = "accepted" if d.decision == "accept" else None
        if d.move_to_cluster is not None:
            dest = merged.get(d.move_to_cluster, d.move_to_cluster)
            if dest != UNCLUSTERED and dest not in cluster_rows:
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    "move",
                    "target_missing",
                    f"cluster {d.move_to_cluster} is not in this run",
                    d.move_to_cluster,
                    current,
                )
            else:
                props.at[row, "cluster_id"] = dest
                touched.update({current, dest})
                status = "moved"
                via = f" (merged into {dest})" if dest != d.move_to_cluster else ""
                log.add(
                    "proposals",
                    d,
                    d.proposal_id,
                    "move",
                    "applied",
                    f"moved to cluster {d.move_to_cluster}{via}",
                    dest,
                    current,
                )
        if d.decision == "accept":
            log.add("proposals", d, d.proposal_id, "accept", "applied", "accepted", "accepted")
        if status is not None:
            props.at[row, "review_status"] = status

    labels = {cid: cl.at[i, "label"] for cid, i in cluster_rows.items()}
    props["cluster_label"] = [
        labels.get(cid, None if cid == UNCLUSTERED else old)
        for cid, old in zip(props["cluster_id"], props["cluster_label"], strict=True)
    ]
    _recount_clusters(cl, props, touched & set(cluster_rows), reps, rep_caps)
    cl["review_status"] = [
        "+".join(t for t in ("renamed", "merged") if t in tags.get(cid, set())) or None
        for cid in cl["cluster_id"]
    ]
    return props, cl


def pre_review_proposals(
    proposals: pd.DataFrame, clusters: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A reviewed ``proposals`` table as the clustering made it, to pass as its ``previous``.

    Stable cluster ids come from matching the new clusters with the previous run's: matching them
    with the reviewed clusters instead (merged, with moved proposals) would give a merged cluster's
    halves different ids on the next run, and the reviewer's decisions on them would no longer
    match. Labels set by a reviewer (renamed clusters, moved proposals) are cleared, so that the
    clustering labels them afresh (a rename is re-applied anyway while it is in the sheets).
    """
    frame = proposals.copy()
    if "auto_cluster_id" not in frame.columns:
        return frame
    auto = [
        _as_int(a, _as_int(c))
        for a, c in zip(frame["auto_cluster_id"], frame["cluster_id"], strict=True)
    ]
    reviewed: set[int] = set()
    if clusters is not None and "review_status" in clusters.columns:
        reviewed = {
            _as_int(c)
            for c, status in zip(clusters["cluster_id"], clusters["review_status"], strict=True)
            if "renamed" in _text(status)
        }
    frame["cluster_label"] = [
        None if a != _as_int(c) or a in reviewed else label
        for a, c, label in zip(auto, frame["cluster_id"], frame["cluster_label"], strict=True)
    ]
    frame["cluster_id"] = auto
    return frame


def _recount_clusters(
    clusters: pd.DataFrame,
    proposals: pd.DataFrame,
    cluster_ids: set[int],
    reps: dict[int, list[str]],
    rep_caps: dict[int, int],
) -> None:
    """Recompute the counts and representatives of changed clusters, without rejected proposals.

    Same definitions as the clustering: ``size`` counts every member, ``n_distinct`` those that
    are not near-duplicates, ``spread`` is over the documents that have proposals. Representatives
    keep the clustering's order; missing ones are filled with distinct members by confidence.
    """
    n_docs_total = max(len({_text(d) for d in proposals["doc_id"]} - {""}), 1)
    active = proposals[proposals["review_status"].astype(object) != "rejected"]
    confidence = pd.to_numeric(active["confidence"], errors="coerce").fillna(0.0)
    active = active.assign(_confidence=confidence).sort_values(
        ["_confidence", "proposal_id"], ascending=[False, True], kind="stable"
    )
    for i in clusters.index:
        cid = int(clusters.at[i, "cluster_id"])
        if cid not in cluster_ids:
            continue
        members = active[active["cluster_id"] == cid]
        distinct = [
            str(p)
            for p, dup in zip(members["proposal_id"], members["duplicate_of"], strict=True)
            if not _text(dup)
        ]
        doc_ids = sorted({_text(d) for d in members["doc_id"]} - {""})
        kept = [r for r in dict.fromkeys(reps.get(cid, [])) if r in set(distinct)]
        fill = [p for p in distinct if p not in set(kept)]
        clusters.at[i, "size"] = len(members)
        clusters.at[i, "n_distinct"] = len(distinct)
        clusters.at[i, "n_documents"] = len(doc_ids)
        clusters.at[i, "spread"] = len(doc_ids) / n_docs_total
        clusters.at[i, "doc_ids"] = doc_ids
        clusters.at[i, "representative_ids"] = (kept + fill)[: rep_caps.get(cid, 0)]


def _same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _apply_entity_decisions(
    mentions: pd.DataFrame | None,
    index: pd.DataFrame | None,
    decisions: list[EntityDecision],
    log: _Log,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    mentions = _with_columns("entities", mentions)
    for column in ("entity_id", "canonical"):
        mentions[column] = mentions[column].astype(object)
    records: list[dict[str, Any]] = []
    for record in _with_columns("entity_index", index).to_dict("records"):
        for column in ("aliases", "doc_ids", "cooccurring"):
            record[column] = [str(v) for v in _as_list(record.get(column))]
        records.append(record)

    def find(d: EntityDecision) -> dict[str, Any] | str:
        if d.entity_id:
            for record in records:
                if str(record["entity_id"]) == d.entity_id:
                    return record
        if not d.canonical:
            return f"entity {d.entity_id} is not in this run"
        fits = [r for r in records if not d.label or _same_name(str(r["label"]), d.label)]
        found = [r for r in fits if _same_name(str(r["canonical"]), d.canonical)]
        if not found:  # e.g. its canonical form was changed by this decision on an earlier run
            found = [r for r in fits if any(_same_name(a, d.canonical) for a in r["aliases"])]
        if len(found) == 1:
            return found[0]
        if found:
            return f"{len(found)} entities are named {d.canonical!r}: give the entity_id"
        return f"entity {d.entity_id or d.canonical!r} is not in this run"

    def mention_mask(record: dict[str, Any]) -> pd.Series:
        return mentions["entity_id"] == record["entity_id"]

    def merge(into: dict[str, Any], other: dict[str, Any]) -> None:
        names = [*into["aliases"], other["canonical"], *other["aliases"]]
        into["aliases"] = [
            a for a in dict.fromkeys(names) if not _same_name(a, str(into["canonical"]))
        ]
        into["n_mentions"] = _as_int(into.get("n_mentions"), 0) + _as_int(
            other.get("n_mentions"), 0
        )
        into["doc_ids"] = list(dict.fromkeys([*into["doc_ids"], *other["doc_ids"]]))
        into["n_documents"] = len(into["doc_ids"])
        dates = [_text(r.get(k)) for r in (into, other) for k in ("first_date", "last_date")]
        dates = sorted(d for d in dates if d)
        if dates:
            into["first_date"], into["last_date"] = dates[0], dates[-1]
        gone = {str(other["entity_id"]), str(other["canonical"])}
        mine = {str(into["entity_id"]), str(into["canonical"])}
        into["cooccurring"] = [
            c
            for c in dict.fromkeys([*into["cooccurring"], *other["cooccurring"]])
            if c not in gone | mine
        ]
        renamed = {
            str(other["entity_id"]): str(into["entity_id"]),
            str(other["canonical"]): str(into["canonical"]),
        }
        for record in records:
            if record is not into and record is not other:
                record["cooccurring"] = list(
                    dict.fromkeys(renamed.get(c, c) for c in record["cooccurring"])
                )
        mask = mention_mask(other)
        mentions.loc[mask, "entity_id"] = into["entity_id"]
        mentions.loc[mask, "canonical"] = into["canonical"]
        records.remove(other)

    for d in decisions:
        target = find(d)
        actions = [
            name
            for name, wanted in (
                ("reject_entity", d.reject),
                ("set_canonical", bool(d.new_canonical)),
                ("add_alias", bool(d.add_aliases)),
            )
            if wanted
        ] or ["note"]
        if isinstance(target, str):
            status: Status = "conflict" if "entities are named" in target else "target_missing"
            for action in actions:
                log.add("entities", d, d.entity_id or d.canonical, action, status, target)
            continue
        entity_id, canonical = target["entity_id"], str(target["canonical"])
        if d.reject:
            mask = mention_mask(target)
            mentions = mentions.drop(index=mentions.index[mask])
            records.remove(target)
            log.add(
                "entities",
                d,
                entity_id,
                "reject_entity",
                "applied",
                f"entity and its {int(mask.sum())} mentions removed",
                "",
                canonical,
            )
            for action in actions[1:]:
                log.add("entities", d, entity_id, action, "conflict", "the entity is rejected")
            continue
        if d.new_canonical and d.new_canonical != canonical:
            twin = next(
                (
                    r
                    for r in records
                    if r is not target
                    and _same_name(str(r["label"]), str(target["label"]))
                    and _same_name(str(r["canonical"]), d.new_canonical)
                ),
                None,
            )
            if twin is not None:
                merge(twin, target)
                log.add(
                    "entities",
                    d,
                    entity_id,
                    "set_canonical",
                    "applied",
                    f"merged into entity {twin['entity_id']} already named so",
                    twin["canonical"],
                    canonical,
                )
                target = twin
            else:
                target["canonical"] = d.new_canonical
                target["aliases"] = [
                    a
                    for a in dict.fromkeys([*target["aliases"], canonical])
                    if not _same_name(a, d.new_canonical)
                ]
                mentions.loc[mention_mask(target), "canonical"] = d.new_canonical
                log.add(
                    "entities",
                    d,
                    entity_id,
                    "set_canonical",
                    "applied",
                    "canonical form changed (the old one kept as an alias)",
                    d.new_canonical,
                    canonical,
                )
        elif d.new_canonical:
            log.add(
                "entities",
                d,
                entity_id,
                "set_canonical",
                "applied",
                "already the canonical form",
                d.new_canonical,
                canonical,
            )
        for alias in d.add_aliases:
            others = [
                r
                for r in records
                if r is not target
                and _same_name(str(r["label"]), str(target["label"]))
                and (
                    _same_name(str(r["canonical"]), alias)
                    or any(_same_name(a, alias) for a in r["aliases"])
                )
            ]
            for other in others:
                merge(target, other)
            if not _same_name(alias, str(target["canonical"])) and not any(
                _same_name(a, alias) for a in target["aliases"]
            ):
                target["aliases"].append(alias)
            merged_ids = ", ".join(str(o["entity_id"]) for o in others)
            message = f"alias added; entities {merged_ids} merged in" if others else "alias added"
            log.add("entities", d, target["entity_id"], "add_alias", "applied", message, alias)

    index_frame = pd.DataFrame(records, columns=schema.TABLES["entity_index"].names)
    return mentions.reset_index(drop=True), index_frame
