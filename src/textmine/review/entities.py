"""Applying the entities sheet: reject an entity, change its canonical form, add aliases (the
entities they name are merged in); mentions follow their entity."""

from __future__ import annotations

from typing import Any

import pandas as pd

from textmine import schema
from textmine.review.decisions import EntityDecision, Status
from textmine.review.log import ReviewLog
from textmine.review.values import as_int, as_list, as_text, same_name, with_columns

Record = dict[str, Any]  # a row of entity_index, its list columns as lists of str


# Recognises the "several entities have that name" message (a conflict, not a missing target).
_SEVERAL_NAMED = "entités portent le nom"


class EntityWork:
    """A run's entity mentions and ``entity_index`` records while decisions are applied."""

    def __init__(self, mentions: pd.DataFrame | None, index: pd.DataFrame | None) -> None:
        self.mentions = with_columns("entities", mentions)
        for column in ("entity_id", "canonical"):
            self.mentions[column] = self.mentions[column].astype(object)
        self.records: list[Record] = []
        for record in with_columns("entity_index", index).to_dict("records"):
            for column in ("aliases", "doc_ids", "cooccurring"):
                record[column] = [str(v) for v in as_list(record.get(column))]
            self.records.append(record)

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The new ``entities`` (mentions) and ``entity_index`` tables."""
        index = pd.DataFrame(self.records, columns=schema.TABLES["entity_index"].names)
        return self.mentions.reset_index(drop=True), index

    def find(self, d: EntityDecision) -> Record | str:
        """The entity a decision is about: by id, else by canonical form (or alias) and label.

        A message instead when there is none, or several.
        """
        if d.entity_id:
            for record in self.records:
                if str(record["entity_id"]) == d.entity_id:
                    return record
        if not d.canonical:
            return f"l'entité {d.entity_id} n'existe pas dans ce passage"
        fits = [r for r in self.records if not d.label or same_name(str(r["label"]), d.label)]
        found = [r for r in fits if same_name(str(r["canonical"]), d.canonical)]
        if not found:  # e.g. its canonical form was changed by this decision on an earlier run
            found = [r for r in fits if any(same_name(a, d.canonical) for a in r["aliases"])]
        if len(found) == 1:
            return found[0]
        if found:
            return f"{len(found)} {_SEVERAL_NAMED} {d.canonical!r} : indiquez l'entity_id"
        return f"l'entité {d.entity_id or d.canonical!r} n'existe pas dans ce passage"

    def mention_mask(self, record: Record) -> pd.Series:
        return self.mentions["entity_id"] == record["entity_id"]

    def namesakes(self, record: Record, name: str, *, aliases: bool) -> list[Record]:
        """The other entities of the same label named ``name`` (or with it as an alias)."""
        return [
            r
            for r in self.records
            if r is not record
            and same_name(str(r["label"]), str(record["label"]))
            and (
                same_name(str(r["canonical"]), name)
                or (aliases and any(same_name(a, name) for a in r["aliases"]))
            )
        ]

    def merge(self, into: Record, other: Record) -> None:
        """Merge entity ``other`` into ``into``: names, counts, dates, co-occurrences, mentions."""
        _merge_record(into, other)
        renamed = {
            str(other["entity_id"]): str(into["entity_id"]),
            str(other["canonical"]): str(into["canonical"]),
        }
        for record in self.records:
            if record is not into and record is not other:
                record["cooccurring"] = list(
                    dict.fromkeys(renamed.get(c, c) for c in record["cooccurring"])
                )
        mask = self.mention_mask(other)
        self.mentions.loc[mask, "entity_id"] = into["entity_id"]
        self.mentions.loc[mask, "canonical"] = into["canonical"]
        self.records.remove(other)


def _merge_record(into: Record, other: Record) -> None:
    """``into`` takes the names, counts, documents, dates and co-occurrences of ``other``."""
    names = [*into["aliases"], other["canonical"], *other["aliases"]]
    into["aliases"] = [a for a in dict.fromkeys(names) if not same_name(a, str(into["canonical"]))]
    into["n_mentions"] = as_int(into.get("n_mentions"), 0) + as_int(other.get("n_mentions"), 0)
    into["doc_ids"] = list(dict.fromkeys([*into["doc_ids"], *other["doc_ids"]]))
    into["n_documents"] = len(into["doc_ids"])
    dates = [as_text(r.get(k)) for r in (into, other) for k in ("first_date", "last_date")]
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


def apply_entity_decisions(
    mentions: pd.DataFrame | None,
    index: pd.DataFrame | None,
    decisions: list[EntityDecision],
    log: ReviewLog,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the entity decisions in order; return the new mentions and ``entity_index``."""
    work = EntityWork(mentions, index)
    for d in decisions:
        apply_entity_decision(work, d, log)
    return work.tables()


def entity_actions(d: EntityDecision) -> list[str]:
    """What a decision asks, in the order applied (``note`` when nothing else)."""
    wanted = (
        ("reject_entity", d.reject),
        ("set_canonical", bool(d.new_canonical)),
        ("add_alias", bool(d.add_aliases)),
    )
    return [name for name, asked in wanted if asked] or ["note"]


def apply_entity_decision(work: EntityWork, d: EntityDecision, log: ReviewLog) -> None:
    """Reject the entity (nothing else then), or set its canonical form and add its aliases."""
    target = work.find(d)
    actions = entity_actions(d)
    if isinstance(target, str):
        status: Status = "conflict" if _SEVERAL_NAMED in target else "target_missing"
        for action in actions:
            log.add(d, action, status, target, target=d.entity_id or d.canonical)
        return
    if d.reject:
        entity_id = target["entity_id"]
        reject_entity(work, d, target, log)
        for action in actions[1:]:
            log.add(d, action, "conflict", "l'entité est rejetée", target=entity_id)
        return
    if d.new_canonical:
        target = set_canonical(work, d, target, log)
    for alias in d.add_aliases:
        add_alias(work, d, target, alias, log)


def reject_entity(work: EntityWork, d: EntityDecision, target: Record, log: ReviewLog) -> None:
    """Remove the entity from the index, and its mentions."""
    mask = work.mention_mask(target)
    work.mentions = work.mentions.drop(index=work.mentions.index[mask])
    work.records.remove(target)
    message = f"entité retirée avec ses mentions ({int(mask.sum())})"
    previous = str(target["canonical"])
    log.add(d, "reject_entity", "applied", message, "", previous, target=target["entity_id"])


def set_canonical(work: EntityWork, d: EntityDecision, target: Record, log: ReviewLog) -> Record:
    """Rename the entity ``d.new_canonical``, the old form kept as an alias; if another entity of
    its label has that name, merge into it instead. Returns the entity as it now is."""
    entity_id, canonical = target["entity_id"], str(target["canonical"])
    if d.new_canonical == canonical:
        message = "c'est déjà la forme canonique"
        log.add(
            d, "set_canonical", "applied", message, d.new_canonical, canonical, target=entity_id
        )
        return target
    twin = next(iter(work.namesakes(target, d.new_canonical, aliases=False)), None)
    if twin is not None:
        work.merge(twin, target)
        message = f"fusionnée dans l'entité {twin['entity_id']}, qui porte déjà ce nom"
        log.add(
            d, "set_canonical", "applied", message, twin["canonical"], canonical, target=entity_id
        )
        return twin
    target["canonical"] = d.new_canonical
    target["aliases"] = [
        a
        for a in dict.fromkeys([*target["aliases"], canonical])
        if not same_name(a, d.new_canonical)
    ]
    work.mentions.loc[work.mention_mask(target), "canonical"] = d.new_canonical
    message = "forme canonique changée (l'ancienne gardée comme alias)"
    log.add(d, "set_canonical", "applied", message, d.new_canonical, canonical, target=entity_id)
    return target


def add_alias(
    work: EntityWork, d: EntityDecision, target: Record, alias: str, log: ReviewLog
) -> None:
    """Give the entity the name ``alias``; the other entities of its label so named merge in."""
    others = work.namesakes(target, alias, aliases=True)
    for other in others:
        work.merge(target, other)
    if not same_name(alias, str(target["canonical"])) and not any(
        same_name(a, alias) for a in target["aliases"]
    ):
        target["aliases"].append(alias)
    merged_ids = ", ".join(str(o["entity_id"]) for o in others)
    message = f"alias ajouté ; entités fusionnées : {merged_ids}" if others else "alias ajouté"
    log.add(d, "add_alias", "applied", message, alias, target=target["entity_id"])
