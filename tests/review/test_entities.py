"""Entity decisions: what each one changes and what it logs."""

from __future__ import annotations

import pandas as pd

from tests.review.helpers import entity, make_tables
from textmine.review import (
    Decisions,
    EntityDecision,
    apply_decisions,
)
from textmine.review.entities import (
    EntityWork,
    add_alias,
    apply_entity_decision,
    entity_actions,
    reject_entity,
    set_canonical,
)
from textmine.review.log import ReviewLog


def test_entity_alias_merges_the_entity_of_that_name() -> None:
    tables = make_tables()
    decisions = Decisions(entities=[EntityDecision("e-lemaire", add_aliases=("A. Lemaire",))])

    out, log = apply_decisions(tables, decisions)

    assert entity(out, "e-alemaire") is None
    merged = entity(out, "e-lemaire")
    assert "A. Lemaire" in list(merged["aliases"])
    assert merged["n_mentions"] == 2
    assert list(merged["doc_ids"]) == ["rapport", "avis"]
    mention = out["entities"][out["entities"]["text"] == "A. Lemaire"].iloc[0]
    assert (mention["entity_id"], mention["canonical"]) == ("e-lemaire", "Axelle Lemaire")
    assert list(log["status"]) == ["applied"]


def test_entity_new_canonical_keeps_old_form_as_alias() -> None:
    decisions = Decisions(entities=[EntityDecision("e-oural", new_canonical="Akim Oural")])
    out, _ = apply_decisions(make_tables(), decisions)

    oural = entity(out, "e-oural")
    assert oural["canonical"] == "Akim Oural"
    mentions = out["entities"][out["entities"]["entity_id"] == "e-oural"]
    assert set(mentions["canonical"]) == {"Akim Oural"}


def test_entity_rejected_is_removed_with_its_mentions() -> None:
    decisions = Decisions(entities=[EntityDecision("e-madame", reject=True)])
    out, log = apply_decisions(make_tables(), decisions)

    assert entity(out, "e-madame") is None
    assert "Madame" not in set(out["entities"]["text"])
    assert log.iloc[0]["previous"] == "Madame"


def test_entity_matched_by_canonical_when_id_changed() -> None:
    decisions = Decisions(
        entities=[EntityDecision("e-old-id", canonical="akim oural", label="PER", reject=True)]
    )
    out, log = apply_decisions(make_tables(), decisions)
    assert entity(out, "e-oural") is None
    assert list(log["status"]) == ["applied"]


# ------------------------------------------------------------------------------ one function each


def start() -> tuple[EntityWork, ReviewLog]:
    tables = make_tables()
    return EntityWork(tables["entities"], tables["entity_index"]), ReviewLog()


def record(work: EntityWork, eid: str) -> dict:
    return next(r for r in work.records if r["entity_id"] == eid)


def rows(log: ReviewLog) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "cells"} for r in log.rows]


def test_entity_actions_in_the_order_applied() -> None:
    d = EntityDecision("e-x", add_aliases=("X",), new_canonical="Y", reject=True)
    assert entity_actions(d) == ["reject_entity", "set_canonical", "add_alias"]
    assert entity_actions(EntityDecision("e-x", note="n")) == ["note"]


def test_reject_entity_removes_it_and_its_mentions() -> None:
    work, log = start()
    reject_entity(
        work, EntityDecision("e-oural", reject=True, source="e:2"), record(work, "e-oural"), log
    )

    assert "e-oural" not in {r["entity_id"] for r in work.records}
    assert "e-oural" not in set(work.mentions["entity_id"])
    assert rows(log) == [
        {
            "sheet": "entities",
            "source": "e:2",
            "target": "e-oural",
            "decision": "reject_entity",
            "value": "",
            "previous": "Akim OURAL",
            "status": "applied",
            "message": "entité retirée avec ses mentions (2)",
        }
    ]


def test_set_canonical_keeps_the_old_form_as_an_alias() -> None:
    work, log = start()
    d = EntityDecision("e-oural", new_canonical="Akim Oural (député)", source="e:3")
    result = set_canonical(work, d, record(work, "e-oural"), log)

    assert result is record(work, "e-oural")
    assert (result["canonical"], result["aliases"]) == ("Akim Oural (député)", ["Akim OURAL"])
    mentions = work.mentions[work.mentions["entity_id"] == "e-oural"]
    assert set(mentions["canonical"]) == {"Akim Oural (député)"}
    assert rows(log) == [
        {
            "sheet": "entities",
            "source": "e:3",
            "target": "e-oural",
            "decision": "set_canonical",
            "value": "Akim Oural (député)",
            "previous": "Akim OURAL",
            "status": "applied",
            "message": "forme canonique changée (l'ancienne gardée comme alias)",
        }
    ]


def test_set_canonical_to_the_name_of_another_entity_merges_into_it() -> None:
    work, log = start()
    d = EntityDecision("e-alemaire", new_canonical="axelle lemaire")
    result = set_canonical(work, d, record(work, "e-alemaire"), log)

    assert result["entity_id"] == "e-lemaire"
    assert "e-alemaire" not in {r["entity_id"] for r in work.records}
    # a merge keeps the aliases that differ from the canonical form by more than case
    assert result["aliases"] == ["A. Lemaire"] and result["n_mentions"] == 2
    assert set(work.mentions["entity_id"]) == {"e-lemaire", "e-oural", "e-madame", "e-sen"}
    (row,) = rows(log)
    assert (row["target"], row["value"], row["previous"]) == (
        "e-alemaire",
        "Axelle Lemaire",
        "A. Lemaire",
    )
    assert row["message"] == "fusionnée dans l'entité e-lemaire, qui porte déjà ce nom"


def test_set_canonical_to_the_same_form_changes_nothing() -> None:
    work, log = start()
    before = dict(record(work, "e-madame"))
    set_canonical(
        work, EntityDecision("e-madame", new_canonical="Madame"), record(work, "e-madame"), log
    )
    assert record(work, "e-madame") == before
    assert [(r["status"], r["message"]) for r in log.rows] == [
        ("applied", "c'est déjà la forme canonique")
    ]


def test_add_alias_merges_the_entities_of_that_name_and_keeps_aliases_unique() -> None:
    work, log = start()
    target = record(work, "e-lemaire")
    add_alias(work, EntityDecision("e-lemaire"), target, "a. lemaire", log)
    add_alias(work, EntityDecision("e-lemaire"), target, "Mme Lemaire", log)
    add_alias(work, EntityDecision("e-lemaire"), target, "MME LEMAIRE", log)

    assert target["aliases"] == ["A. Lemaire", "Mme Lemaire"]  # "Axelle LEMAIRE" went in the merge
    assert "e-alemaire" not in {r["entity_id"] for r in work.records}
    assert [(r["target"], r["value"], r["message"]) for r in log.rows] == [
        ("e-lemaire", "a. lemaire", "alias ajouté ; entités fusionnées : e-alemaire"),
        ("e-lemaire", "Mme Lemaire", "alias ajouté"),
        ("e-lemaire", "MME LEMAIRE", "alias ajouté"),
    ]


def test_add_alias_never_merges_an_entity_of_another_label() -> None:
    work, log = start()
    add_alias(work, EntityDecision("e-oural"), record(work, "e-oural"), "Secrétariat", log)
    add_alias(
        work,
        EntityDecision("e-oural"),
        record(work, "e-oural"),
        "Secrétariat d'État au numérique",
        log,
    )
    assert len(work.records) == 5
    assert [r["message"] for r in log.rows] == ["alias ajouté", "alias ajouté"]


def test_apply_entity_decision_reports_every_action_on_a_missing_entity() -> None:
    work, log = start()
    d = EntityDecision("", canonical="Cédric O", add_aliases=("C. O",), new_canonical="Cédric")
    apply_entity_decision(work, d, log)
    assert [(r["target"], r["decision"], r["status"]) for r in log.rows] == [
        ("Cédric O", "set_canonical", "target_missing"),
        ("Cédric O", "add_alias", "target_missing"),
    ]
    assert log.rows[0]["message"] == "l'entité 'Cédric O' n'existe pas dans ce passage"


def test_apply_entity_decision_on_an_ambiguous_name_is_a_conflict() -> None:
    tables = make_tables()
    index = tables["entity_index"]
    twin = index[index["entity_id"] == "e-madame"].assign(entity_id="e-madame-2")
    work, log = EntityWork(tables["entities"], pd.concat([index, twin])), ReviewLog()
    apply_entity_decision(work, EntityDecision("", canonical="madame", reject=True), log)

    assert len(work.records) == 6
    assert [(r["target"], r["status"], r["message"]) for r in log.rows] == [
        ("madame", "conflict", "2 entités portent le nom 'madame' : indiquez l'entity_id")
    ]


def test_apply_entity_decision_rejected_entity_refuses_the_other_actions() -> None:
    work, log = start()
    d = EntityDecision("e-madame", add_aliases=("Mme",), new_canonical="Mme", reject=True)
    apply_entity_decision(work, d, log)

    assert "e-madame" not in {r["entity_id"] for r in work.records}
    assert [(r["target"], r["decision"], r["status"]) for r in log.rows] == [
        ("e-madame", "reject_entity", "applied"),
        ("e-madame", "set_canonical", "conflict"),
        ("e-madame", "add_alias", "conflict"),
    ]
    assert log.rows[-1]["message"] == "l'entité est rejetée"


def test_apply_entity_decision_adds_aliases_to_the_entity_it_was_merged_into() -> None:
    work, log = start()
    d = EntityDecision("e-alemaire", add_aliases=("Mme Lemaire",), new_canonical="Axelle Lemaire")
    apply_entity_decision(work, d, log)

    assert "Mme Lemaire" in record(work, "e-lemaire")["aliases"]
    assert [(r["target"], r["decision"]) for r in log.rows] == [
        ("e-alemaire", "set_canonical"),
        ("e-lemaire", "add_alias"),
    ]
