"""Applying the decisions on the broad groups of clusters: merge and rename groups (the
``groups_review`` sheet), move a cluster to another group (``move_to_group`` in
``clusters_review``); the groups are then recounted as the clustering counts them.

They apply after the cluster decisions (so that a cluster merged away is gone) and before the
proposal decisions; a proposal's group is always its cluster's, so a proposal moved to another
cluster changes group with it. Ids are the stable ``group_id``s of ``cluster_groups``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from textmine.review.decisions import UNCLUSTERED, ClusterDecision, Decisions, GroupDecision
from textmine.review.log import ReviewLog
from textmine.review.values import as_int, as_list, as_text, same_name, with_columns

TAGS = ("renamed", "merged", "regrouped")  # the order review_status lists them in


@dataclass
class GroupWork:
    """A run's groups while decisions are applied: each cluster's group, labels, tags."""

    groups: pd.DataFrame
    rows: dict[int, int]  # row of each group in ``groups``
    group_of: dict[int, int]  # group of each cluster
    tags: dict[int, set[str]]
    cluster_tags: dict[int, set[str]]  # "regrouped" clusters
    reps: dict[int, list[str]]
    rep_caps: dict[int, int]
    merged: dict[int, int] = field(default_factory=dict)

    @classmethod
    def start(cls, groups: pd.DataFrame | None, clusters: pd.DataFrame) -> GroupWork:
        frame = with_columns("cluster_groups", groups)
        frame["review_status"] = frame["review_status"].astype(object)
        frame["group_id"] = [as_int(v) for v in frame["group_id"]]
        frame["label"] = frame["label"].astype(object)
        rows = {gid: i for i, gid in enumerate(frame["group_id"])}
        tags = {
            gid: set(filter(None, as_text(frame.at[i, "review_status"]).split("+")))
            for gid, i in rows.items()
        }
        group_of = {
            as_int(c): as_int(g)
            for c, g in zip(clusters["cluster_id"], clusters["group_id"], strict=True)
        }
        cluster_tags = {
            as_int(c): {"regrouped"}
            for c, status in zip(clusters["cluster_id"], clusters["review_status"], strict=True)
            if "regrouped" in as_text(status)
        }
        reps = {
            gid: [str(r) for r in as_list(frame.at[i, "representative_ids"])]
            for gid, i in rows.items()
        }
        return cls(
            frame, rows, group_of, tags, cluster_tags, reps, {g: len(r) for g, r in reps.items()}
        )

    def label(self, group_id: int) -> str:
        return as_text(self.groups.at[self.rows[group_id], "label"])


def apply_group_decisions(
    groups: pd.DataFrame | None,
    clusters: pd.DataFrame,
    merged_clusters: dict[int, int],
    decisions: Decisions,
    log: ReviewLog,
) -> GroupWork:
    """Group merges, renames, then clusters moved to a group; ``merged_clusters`` are the
    clusters merged away by the cluster decisions (source -> destination)."""
    work = GroupWork.start(groups, clusters)
    work.merged = _resolve_group_merges(decisions.groups, set(work.rows), log)
    by_group = {d.group_id: d for d in decisions.groups}
    for source, dest in work.merged.items():
        _merge_group(work, by_group[source], dest, log)
    for d in decisions.groups:
        if d.new_label:
            _rename_group(work, d, log)
        elif d.merge_into is None and d.group_id not in work.rows:
            log.add(
                d,
                "note",
                "target_missing",
                f"le grand groupe {d.group_id} n'existe pas dans ce passage",
                d.note,
            )
    for d in decisions.clusters:
        if d.move_to_group is not None:
            _move_cluster(work, d, merged_clusters, log)
    return work


def _resolve_group_merges(
    decisions: list[GroupDecision], group_ids: set[int], log: ReviewLog
) -> dict[int, int]:
    """Final destination of every merged group, following chains; cycles and refusals logged."""
    wanted: dict[int, GroupDecision] = {}
    for d in decisions:
        if d.merge_into is None:
            continue
        refusal = None
        if d.group_id == UNCLUSTERED or d.merge_into == UNCLUSTERED:
            refusal = "conflict", "the unclustered proposals are in no group: nothing to merge"
        elif d.group_id not in group_ids:
            refusal = "target_missing", f"le grand groupe {d.group_id} n'existe pas dans ce passage"
        elif d.merge_into == d.group_id:
            refusal = "conflict", "un grand groupe ne peut pas être fusionné avec lui-même"
        elif d.merge_into not in group_ids:
            refusal = (
                "target_missing",
                f"le grand groupe {d.merge_into}, où fusionner, n'existe pas dans ce passage",
            )
        if refusal is None:
            wanted[d.group_id] = d
        else:
            log.add(d, "merge", refusal[0], refusal[1], d.merge_into)
    final: dict[int, int] = {}
    for start in sorted(wanted):
        chain, current = [start], wanted[start].merge_into
        while current in wanted and current not in chain:
            chain.append(current)
            current = wanted[current].merge_into
        if current in chain:
            cycle = " -> ".join(str(g) for g in [*chain, current])
            message = f"ces fusions forment un cycle ({cycle}) : aucune n'est appliquée"
            log.add(wanted[start], "merge", "conflict", message, wanted[start].merge_into)
            continue
        assert current is not None
        final[start] = current
    return final


def _merge_group(work: GroupWork, d: GroupDecision, dest: int, log: ReviewLog) -> None:
    """Every cluster of group ``d.group_id`` joins ``dest``, which takes its representatives."""
    moved = [c for c, g in work.group_of.items() if g == d.group_id]
    for c in moved:
        work.group_of[c] = dest
    work.tags[dest].add("merged")
    work.reps[dest] = work.reps[dest] + work.reps[d.group_id]
    work.rep_caps[dest] = max(work.rep_caps[dest], work.rep_caps[d.group_id])
    message = f"fusionné dans le grand groupe {dest} ({len(moved)} groupes déplacés)"
    log.add(d, "merge", "applied", message, dest, work.label(d.group_id))


def _rename_group(work: GroupWork, d: GroupDecision, log: ReviewLog) -> None:
    """Label group ``d.group_id`` ``d.new_label`` (labels stay unique among groups)."""
    refusal = None
    twin = next(
        (g for g in work.rows if g != d.group_id and same_name(work.label(g), d.new_label)), None
    )
    if d.group_id == UNCLUSTERED:
        refusal = "conflict", "the unclustered group keeps its name"
    elif d.group_id in work.merged:
        refusal = (
            "conflict",
            f"grand groupe fusionné dans {work.merged[d.group_id]} : renommez celui-là",
        )
    elif d.group_id not in work.rows:
        refusal = "target_missing", f"le grand groupe {d.group_id} n'existe pas dans ce passage"
    elif twin is not None and twin not in work.merged:
        refusal = "conflict", f"le grand groupe {twin} a déjà ce libellé : les fusionner plutôt ?"
    if refusal is not None:
        log.add(d, "rename", refusal[0], refusal[1], d.new_label)
        return
    previous = work.label(d.group_id)
    work.groups.at[work.rows[d.group_id], "label"] = d.new_label
    work.tags[d.group_id].add("renamed")
    log.add(d, "rename", "applied", "libellé changé", d.new_label, previous)


def _move_cluster(
    work: GroupWork, d: ClusterDecision, merged_clusters: dict[int, int], log: ReviewLog
) -> None:
    """Put cluster ``d.cluster_id`` in group ``d.move_to_group`` (or where that one was merged)."""
    assert d.move_to_group is not None
    dest = work.merged.get(d.move_to_group, d.move_to_group)
    current = work.group_of.get(d.cluster_id)
    refusal = None
    if d.cluster_id == UNCLUSTERED or dest == UNCLUSTERED:
        refusal = "conflict", "the unclustered group is in no group (merge_into -1 dissolves)"
    elif d.cluster_id in merged_clusters:
        merged_into = merged_clusters[d.cluster_id]
        refusal = "conflict", f"groupe fusionné dans {merged_into} : déplacez plutôt celui-là"
    elif current is None:
        refusal = "target_missing", f"le groupe {d.cluster_id} n'existe pas dans ce passage"
    elif dest not in work.rows or dest in work.merged:
        refusal = (
            "target_missing",
            f"le grand groupe {d.move_to_group} n'existe pas dans ce passage",
        )
    if refusal is not None:
        log.add(d, "move_to_group", refusal[0], refusal[1], d.move_to_group, current or "")
        return
    assert current is not None
    work.group_of[d.cluster_id] = dest
    if dest != current:
        work.cluster_tags.setdefault(d.cluster_id, set()).add("regrouped")
        for g in (current, dest):
            if g in work.tags:
                work.tags[g].add("regrouped")
    via = f" (fusionné dans {dest})" if dest != d.move_to_group else ""
    log.add(
        d,
        "move_to_group",
        "applied",
        f"déplacé vers le grand groupe {d.move_to_group}{via}",
        dest,
        current,
    )


def finish_groups(
    work: GroupWork, proposals: pd.DataFrame, clusters: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Proposals and clusters with their group, and the groups recounted (merged and emptied
    groups dropped): the three new tables."""
    clusters["group_id"] = [
        work.group_of.get(as_int(c), UNCLUSTERED) for c in clusters["cluster_id"]
    ]
    clusters["review_status"] = [
        "+".join(
            t
            for t in TAGS
            if t in set(as_text(s).split("+")) | work.cluster_tags.get(as_int(c), set())
        )
        or None
        for c, s in zip(clusters["cluster_id"], clusters["review_status"], strict=True)
    ]
    proposals["group_id"] = [
        work.group_of.get(as_int(c), UNCLUSTERED) for c in proposals["cluster_id"]
    ]
    groups = work.groups
    groups = groups[~groups["group_id"].isin(list(work.merged))].reset_index(drop=True)
    labels = dict(zip(groups["group_id"], groups["label"], strict=True))
    proposals["group_label"] = [labels.get(g) for g in proposals["group_id"]]
    groups = _recount_groups(groups, proposals, work)
    return proposals, clusters, groups


def _recount_groups(groups: pd.DataFrame, proposals: pd.DataFrame, work: GroupWork) -> pd.DataFrame:
    """Sizes, documents, clusters and representatives of each group, without rejected proposals
    (the clustering's definitions); a group left without clusters is dropped."""
    active = proposals[proposals["review_status"].astype(object) != "rejected"]
    confidence = pd.to_numeric(active["confidence"], errors="coerce").fillna(0.0)
    active = active.assign(_confidence=confidence).sort_values(
        ["_confidence", "proposal_id"], ascending=[False, True], kind="stable"
    )
    keep = []
    for i in groups.index:
        gid = int(groups.at[i, "group_id"])
        clusters = (
            [UNCLUSTERED]
            if gid == UNCLUSTERED
            else sorted(c for c, g in work.group_of.items() if g == gid and c != UNCLUSTERED)
        )
        members = active[active["group_id"] == gid]
        if gid != UNCLUSTERED and not clusters:
            continue
        distinct = [
            str(p)
            for p, dup in zip(members["proposal_id"], members["duplicate_of"], strict=True)
            if not as_text(dup)
        ]
        kept = [r for r in dict.fromkeys(work.reps.get(gid, [])) if r in set(distinct)]
        fill = [p for p in distinct if p not in set(kept)]
        groups.at[i, "size"] = len(members)
        groups.at[i, "n_distinct"] = len(distinct)
        groups.at[i, "n_documents"] = len({as_text(d) for d in members["doc_id"]} - {""})
        groups.at[i, "n_clusters"] = 0 if gid == UNCLUSTERED else len(clusters)
        groups.at[i, "cluster_ids"] = clusters
        groups.at[i, "representative_ids"] = (kept + fill)[: work.rep_caps.get(gid, 0)]
        groups.at[i, "review_status"] = (
            "+".join(t for t in TAGS if t in work.tags.get(gid, set())) or None
        )
        keep.append(i)
    return groups.loc[keep].reset_index(drop=True)
