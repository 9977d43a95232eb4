"""Entity decisions: what each one changes and what it logs."""

from __future__ import annotations

from tests.review.helpers import entity, make_tables
from textmine.review import (
    Decisions,
    EntityDecision,
    apply_decisions,
)


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
