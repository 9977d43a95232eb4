"""Applying the proposals and clusters sheets: merge and rename clusters, move, accept or reject
proposals; the changed clusters are recounted as the clustering counts them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from textmine.review.decisions import (
    UNCLUSTERED,
    ClusterDecision,
    Decisions,
    ProposalDecision,
    Status,
)
from textmine.review.groups import apply_group_decisions, finish_groups
from textmine.review.log import ReviewLog
from textmine.review.values import as_int, as_list, as_text, same_name, with_columns


@dataclass
class ClusterWork:
    """A run's proposals and clusters while decisions are applied, and what they changed."""

    proposals: pd.DataFrame
    clusters: pd.DataFrame
    rows: dict[int, int]  # row of each cluster in ``clusters``
    proposal_rows: dict[str, int]  # row of each proposal in ``proposals``
    tags: dict[int, set[str]]  # review_status of each cluster: "renamed", "merged"
    reps: dict[int, list[str]]  # representatives, before recounting
    rep_caps: dict[int, int]  # how many representatives a cluster shows
    touched: set[int] = field(default_factory=set)  # clusters to recount
    merged: dict[int, int] = field(default_factory=dict)  # merged cluster -> its destination

    @classmethod
    def start(cls, proposals: pd.DataFrame | None, clusters: pd.DataFrame | None) -> ClusterWork:
        props = with_columns("proposals", proposals)
        cl = with_columns("clusters", clusters)
        for frame in (props, cl):
            frame["review_status"] = frame["review_status"].astype(object)
        props["cluster_id"] = [as_int(v) for v in props["cluster_id"]]
        # the clustering's own assignment, kept (from a first application) for the next run's ids
        props["auto_cluster_id"] = [
            as_int(auto, cid)
            for auto, cid in zip(props["auto_cluster_id"], props["cluster_id"], strict=True)
        ]
        props["cluster_label"] = props["cluster_label"].astype(object)
        # the same for the broad groups (textmine.clustering.groups)
        props["auto_group_id"] = [
            None if pd.isna(gid) and pd.isna(auto) else as_int(auto, as_int(gid))
            for auto, gid in zip(props["auto_group_id"], props["group_id"], strict=True)
        ]
        cl["cluster_id"] = [as_int(v) for v in cl["cluster_id"]]
        cl["label"] = cl["label"].astype(object)
        rows = {cid: i for i, cid in enumerate(cl["cluster_id"])}
        # tags already there (decisions applied before) are kept: applying twice changes nothing
        tags = {
            cid: set(filter(None, as_text(cl.at[i, "review_status"]).split("+")))
            for cid, i in rows.items()
        }
        reps = {
            cid: [str(r) for r in as_list(cl.at[i, "representative_ids"])]
            for cid, i in rows.items()
        }
        proposal_rows = {str(pid): i for i, pid in enumerate(props["proposal_id"])}
        rep_caps = {cid: len(r) for cid, r in reps.items()}
        return cls(props, cl, rows, proposal_rows, tags, reps, rep_caps)

    def label(self, cluster_id: int) -> str:
        return as_text(self.clusters.at[self.rows[cluster_id], "label"])

    def drop_merged(self) -> None:
        """Remove the rows of the clusters merged away."""
        kept = ~self.clusters["cluster_id"].isin(list(self.merged))
        self.clusters = self.clusters[kept].reset_index(drop=True)
        self.rows = {cid: i for i, cid in enumerate(self.clusters["cluster_id"])}

    def finish(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Proposals relabelled, changed clusters recounted and tagged: the two new tables."""
        props, cl = self.proposals, self.clusters
        labels = {cid: cl.at[i, "label"] for cid, i in self.rows.items()}
        props["cluster_label"] = [
            labels.get(cid, None if cid == UNCLUSTERED else old)
            for cid, old in zip(props["cluster_id"], props["cluster_label"], strict=True)
        ]
        _recount_clusters(cl, props, self.touched & set(self.rows), self.reps, self.rep_caps)
        cl["review_status"] = [
            "+".join(t for t in ("renamed", "merged") if t in self.tags.get(cid, set())) or None
            for cid in cl["cluster_id"]
        ]
        return props, cl


def _plural(n: int, one: str, many: str) -> str:
    """The French message for ``n`` things: ``one`` below 2 (French counts 0 and 1 as
    singular), else ``many`` with ``{n}`` filled in."""
    return one if n < 2 else many.format(n=n)


def apply_cluster_and_proposal_decisions(
    proposals: pd.DataFrame | None,
    clusters: pd.DataFrame | None,
    decisions: Decisions,
    log: ReviewLog,
    groups: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Merges first (so that moves and renames see the final clusters), renames, then the broad
    groups (:mod:`.groups`: merges, renames, clusters moved), then proposals; returns the
    proposals, clusters and ``cluster_groups`` (``None`` when the run has no groups)."""
    work = ClusterWork.start(proposals, clusters)
    work.merged = resolve_merges(decisions.clusters, set(work.rows), log)
    by_cluster = {d.cluster_id: d for d in decisions.clusters}
    for source_id, dest_id in work.merged.items():
        merge_cluster(work, by_cluster[source_id], dest_id, log)
    work.drop_merged()
    for d in decisions.clusters:
        if d.new_label:
            rename_cluster(work, d, log)
    for d in decisions.clusters:
        note_on_missing_cluster(work, d, log)
    has_groups = groups is not None and len(groups) > 0
    group_work = None
    if has_groups:
        group_work = apply_group_decisions(groups, work.clusters, work.merged, decisions, log)
    else:
        _no_groups(decisions, log)
    for d in decisions.proposals:
        apply_proposal_decision(work, d, log)
    props, cl = work.finish()
    if group_work is None:
        return props, cl, None
    return finish_groups(group_work, props, cl)


def _no_groups(decisions: Decisions, log: ReviewLog) -> None:
    """Group decisions on a run without groups (written before schema 1.5): all missing."""
    message = "ce passage n'a pas de grands groupes (écrit avant qu'ils existent)"
    for g in decisions.groups:
        action = "rename" if g.new_label else "merge" if g.merge_into is not None else "note"
        log.add(g, action, "target_missing", message, g.new_label or g.merge_into or g.note)
    for d in decisions.clusters:
        if d.move_to_group is not None:
            log.add(d, "move_to_group", "target_missing", message, d.move_to_group)


# -------------------------------------------------------------------------------------- clusters


def _merge_refusal(d: ClusterDecision, cluster_ids: set[int]) -> tuple[Status, str] | None:
    """Why a merge cannot be applied at all (None: it can, unless it is part of a cycle)."""
    if d.cluster_id == UNCLUSTERED:
        return (
            "conflict",
            "le groupe des non classées ne se fusionne pas : déplacez ses propositions une à une",
        )
    if d.cluster_id not in cluster_ids:
        return "target_missing", f"le groupe {d.cluster_id} n'existe pas dans ce passage"
    if d.merge_into == d.cluster_id:
        return "conflict", "un groupe ne peut pas être fusionné avec lui-même"
    if d.merge_into != UNCLUSTERED and d.merge_into not in cluster_ids:
        return (
            "target_missing",
            f"le groupe {d.merge_into}, où fusionner, n'existe pas dans ce passage",
        )
    return None


def _follow_merges(start: int, wanted: dict[int, ClusterDecision]) -> tuple[list[int], int | None]:
    """The clusters a merge goes through, and where it ends (in the chain if it is a cycle)."""
    chain, current = [start], wanted[start].merge_into
    while current in wanted and current not in chain:
        chain.append(current)
        current = wanted[current].merge_into
    return chain, current


def resolve_merges(
    decisions: list[ClusterDecision], cluster_ids: set[int], log: ReviewLog
) -> dict[int, int]:
    """Final destination of every merged cluster, following chains (A->B, B->C: A->C)."""
    wanted: dict[int, ClusterDecision] = {}
    for d in decisions:
        if d.merge_into is None:
            continue
        refusal = _merge_refusal(d, cluster_ids)
        if refusal is None:
            wanted[d.cluster_id] = d
        else:
            status, message = refusal
            log.add(d, "merge", status, message, d.merge_into)
    final: dict[int, int] = {}
    for start in sorted(wanted):
        chain, current = _follow_merges(start, wanted)
        d = wanted[start]
        if current in chain:
            cycle = " -> ".join(str(c) for c in [*chain, current])
            message = f"ces fusions forment un cycle ({cycle}) : aucune n'est appliquée"
            log.add(d, "merge", "conflict", message, d.merge_into, target=start)
            continue
        assert current is not None
        final[start] = current
    return final


def merge_cluster(work: ClusterWork, d: ClusterDecision, dest_id: int, log: ReviewLog) -> None:
    """Move the members of cluster ``d.cluster_id`` into ``dest_id`` (unclustered: dissolve it).

    The destination is tagged ``merged`` and takes the representatives; the merged cluster's row
    is removed later (:meth:`ClusterWork.drop_merged`).
    """
    source_id = d.cluster_id
    members = work.proposals["cluster_id"] == source_id
    work.proposals.loc[members, "cluster_id"] = dest_id
    old_label = work.label(source_id)
    if dest_id == UNCLUSTERED:
        work.touched.add(UNCLUSTERED)  # recounted when the table has a row for the group
        message = "groupe dissous : " + _plural(
            int(members.sum()),
            "sa proposition est désormais non classée",
            "ses {n} propositions sont désormais non classées",
        )
    else:
        work.tags[dest_id].add("merged")
        work.touched.add(dest_id)
        work.reps[dest_id] = work.reps[dest_id] + work.reps[source_id]
        work.rep_caps[dest_id] = max(work.rep_caps[dest_id], work.rep_caps[source_id])
        message = (
            f"fusionné dans le groupe {dest_id} ("
            + _plural(int(members.sum()), "1 proposition déplacée", "{n} propositions déplacées")
            + ")"
        )
    log.add(d, "merge", "applied", message, dest_id, old_label)


def _rename_refusal(work: ClusterWork, d: ClusterDecision) -> tuple[Status, str] | None:
    if d.cluster_id == UNCLUSTERED:
        return "conflict", "le groupe des non classées garde son nom"
    if d.cluster_id in work.merged:
        return (
            "conflict",
            f"groupe fusionné dans le groupe {work.merged[d.cluster_id]} : renommez plutôt celui-ci",
        )
    if d.cluster_id not in work.rows:
        return "target_missing", f"le groupe {d.cluster_id} n'existe pas dans ce passage"
    twin = next(
        (
            cid
            for cid in work.rows
            if cid != d.cluster_id and same_name(work.label(cid), d.new_label)
        ),
        None,
    )
    if twin is not None:
        message = (
            f"le groupe {twin} porte déjà ce nom (les noms sont uniques) : les fusionner plutôt ?"
        )
        return "conflict", message
    return None


def rename_cluster(work: ClusterWork, d: ClusterDecision, log: ReviewLog) -> None:
    """Label cluster ``d.cluster_id`` ``d.new_label`` and tag it ``renamed`` (labels stay unique)."""
    refusal = _rename_refusal(work, d)
    if refusal is not None:
        status, message = refusal
        log.add(d, "rename", status, message, d.new_label)
        return
    previous = work.label(d.cluster_id)
    work.clusters.at[work.rows[d.cluster_id], "label"] = d.new_label
    work.tags[d.cluster_id].add("renamed")
    log.add(d, "rename", "applied", "nom changé", d.new_label, previous)


def note_on_missing_cluster(work: ClusterWork, d: ClusterDecision, log: ReviewLog) -> None:
    """Report a note alone on a cluster that is gone (a kept one is logged with the notes)."""
    if d.cluster_id in work.rows or d.cluster_id in work.merged:
        return
    if d.new_label or d.merge_into is not None or d.move_to_group is not None:
        return
    log.add(
        d,
        "note",
        "target_missing",
        f"le groupe {d.cluster_id} n'existe pas dans ce passage",
        d.note,
    )


# ------------------------------------------------------------------------------------- proposals


def apply_proposal_decision(work: ClusterWork, d: ProposalDecision, log: ReviewLog) -> None:
    """Reject the proposal, or move it and accept it, as the decision says."""
    row = work.proposal_rows.get(d.proposal_id)
    if row is None:
        note_on_missing_proposal(d, log)
    elif d.decision == "reject":
        reject_proposal(work, d, row, log)
    else:
        moved = d.move_to_cluster is not None and move_proposal(work, d, row, log)
        if d.decision == "accept":
            accept_proposal(work, d, row, log, moved=moved)


def note_on_missing_proposal(d: ProposalDecision, log: ReviewLog) -> None:
    """Report every action of a decision on a proposal that is gone (its note if nothing else)."""
    actions: list[tuple[str, object]] = []
    if d.decision is not None:
        actions.append((d.decision, d.decision))
    if d.move_to_cluster is not None:
        actions.append(("move", d.move_to_cluster))
    message = f"la proposition {d.proposal_id} n'existe pas dans ce passage"
    for action, value in actions or [("note", d.note)]:
        log.add(d, action, "target_missing", message, value)


def reject_proposal(work: ClusterWork, d: ProposalDecision, row: int, log: ReviewLog) -> None:
    """Mark the proposal ``rejected``: kept in the table, out of its cluster's counts; not moved."""
    current = int(work.proposals.at[row, "cluster_id"])
    work.proposals.at[row, "review_status"] = "rejected"
    work.touched.add(current)
    message = "gardée dans la table, hors des comptes de son groupe"
    log.add(d, "reject", "applied", message, "rejected")
    if d.move_to_cluster is not None:
        message = "une proposition rejetée n'est pas déplacée"
        log.add(d, "move", "conflict", message, d.move_to_cluster, current)


def move_proposal(work: ClusterWork, d: ProposalDecision, row: int, log: ReviewLog) -> bool:
    """Put the proposal in cluster ``d.move_to_cluster`` (or where it was merged); ``moved``."""
    assert d.move_to_cluster is not None
    current = int(work.proposals.at[row, "cluster_id"])
    dest = work.merged.get(d.move_to_cluster, d.move_to_cluster)
    if dest != UNCLUSTERED and dest not in work.rows:
        message = f"le groupe {d.move_to_cluster} n'existe pas dans ce passage"
        log.add(d, "move", "target_missing", message, d.move_to_cluster, current)
        return False
    work.proposals.at[row, "cluster_id"] = dest
    work.proposals.at[row, "review_status"] = "moved"
    work.touched.update({current, dest})
    via = f" (fusionné dans le groupe {dest})" if dest != d.move_to_cluster else ""
    message = f"déplacée dans le groupe {d.move_to_cluster}{via}"
    log.add(d, "move", "applied", message, dest, current)
    return True


def accept_proposal(
    work: ClusterWork, d: ProposalDecision, row: int, log: ReviewLog, *, moved: bool = False
) -> None:
    """Mark the proposal ``accepted`` (one just moved stays ``moved``)."""
    if not moved:
        work.proposals.at[row, "review_status"] = "accepted"
    log.add(d, "accept", "applied", "acceptée", "accepted")


# ----------------------------------------------------------------------------------- recounting


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
    n_docs_total = max(len({as_text(d) for d in proposals["doc_id"]} - {""}), 1)
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
            if not as_text(dup)
        ]
        doc_ids = sorted({as_text(d) for d in members["doc_id"]} - {""})
        kept = [r for r in dict.fromkeys(reps.get(cid, [])) if r in set(distinct)]
        fill = [p for p in distinct if p not in set(kept)]
        clusters.at[i, "size"] = len(members)
        clusters.at[i, "n_distinct"] = len(distinct)
        clusters.at[i, "n_documents"] = len(doc_ids)
        clusters.at[i, "spread"] = len(doc_ids) / n_docs_total
        clusters.at[i, "doc_ids"] = doc_ids
        clusters.at[i, "representative_ids"] = (kept + fill)[: rep_caps.get(cid, 0)]


# ------------------------------------------------------------------------------ next clustering


def pre_review_proposals(
    proposals: pd.DataFrame,
    clusters: pd.DataFrame | None = None,
    groups: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A reviewed ``proposals`` table as the clustering made it, to pass as its ``previous``.

    Stable cluster ids come from matching the new clusters with the previous run's: matching them
    with the reviewed clusters instead (merged, with moved proposals) would give a merged cluster's
    halves different ids on the next run, and the reviewer's decisions on them would no longer
    match. Labels set by a reviewer (renamed clusters, moved proposals) are cleared, so that the
    clustering labels them afresh (a rename is re-applied anyway while it is in the sheets).
    The broad groups likewise: ``group_id`` back to ``auto_group_id``, and the labels of groups
    renamed in ``groups`` (the ``cluster_groups`` table) or of proposals whose group changed are
    cleared.
    """
    frame = _pre_review_groups(proposals.copy(), groups)
    if "auto_cluster_id" not in frame.columns:
        return frame
    auto = [
        as_int(a, as_int(c))
        for a, c in zip(frame["auto_cluster_id"], frame["cluster_id"], strict=True)
    ]
    reviewed: set[int] = set()
    if clusters is not None and "review_status" in clusters.columns:
        reviewed = {
            as_int(c)
            for c, status in zip(clusters["cluster_id"], clusters["review_status"], strict=True)
            if "renamed" in as_text(status)
        }
    frame["cluster_label"] = [
        None if a != as_int(c) or a in reviewed else label
        for a, c, label in zip(auto, frame["cluster_id"], frame["cluster_label"], strict=True)
    ]
    frame["cluster_id"] = auto
    return frame


def _pre_review_groups(frame: pd.DataFrame, groups: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with its groups as the clustering made them (see :func:`pre_review_proposals`)."""
    if "auto_group_id" not in frame.columns or "group_id" not in frame.columns:
        return frame
    auto = [
        as_int(a, as_int(g)) for a, g in zip(frame["auto_group_id"], frame["group_id"], strict=True)
    ]
    renamed: set[int] = set()
    if groups is not None and {"group_id", "review_status"} <= set(groups.columns):
        renamed = {
            as_int(g)
            for g, status in zip(groups["group_id"], groups["review_status"], strict=True)
            if "renamed" in as_text(status)
        }
    if "group_label" in frame.columns:
        frame["group_label"] = [
            None if a != as_int(g) or a in renamed else label
            for a, g, label in zip(auto, frame["group_id"], frame["group_label"], strict=True)
        ]
    frame["group_id"] = auto
    return frame
