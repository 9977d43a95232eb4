"""Dates, money amounts and percentages in French formats."""

from __future__ import annotations

import spacy

from textmine.parsed import ParsedDocument
from textmine.quantities import extract_quantities
from textmine.schema import TABLES

_BLANK = spacy.blank("fr")


def _quantities(text: str) -> dict[str, tuple[str, float | None, str]]:
    pdoc = ParsedDocument(doc_id="q", text=text, doc=_BLANK(text))
    rows = extract_quantities(pdoc)
    for r in rows:
        assert text[r["start_char"] : r["end_char"]] == r["text"]
        assert set(r) == set(TABLES["quantities"].names)
    return {r["text"]: (r["kind"], r["value"], r["normalized"]) for r in rows}


def test_dates_full_partial_and_numeric():
    found = _quantities(
        "Paris, le 23 juillet 2015. Le 3 mars, puis le 1er janvier ; en mai 2021 ; 05/10/2018."
    )
    assert found["23 juillet 2015"] == ("date", None, "2015-07-23")
    assert found["3 mars"] == ("date", None, "--03-03")
    assert found["1er janvier"] == ("date", None, "--01-01")
    assert found["mai 2021"] == ("date", None, "2021-05")
    assert found["05/10/2018"] == ("date", None, "2018-10-05")


def test_day_ranges_give_both_days():
    text = "Du 13 au 20 décembre 2019, puis les 25 et 26 avril."
    pdoc = ParsedDocument(doc_id="q", text=text, doc=_BLANK(text))
    dates = [(r["text"], r["normalized"]) for r in extract_quantities(pdoc)]
    assert dates == [
        ("13", "2019-12-13"),
        ("20 décembre 2019", "2019-12-20"),
        ("25", "--04-25"),
        ("26 avril", "--04-26"),
    ]


def test_money_amounts_with_scales_and_spaces():
    found = _quantities(
        "88 millions d'euros, 1,5 Md€, 30 000 € et 5 000€ ; 20 millions de Français."
    )
    assert found["88 millions d'euros"][1:] == (88e6, "88000000")
    assert found["1,5 Md€"][1] == 1.5e9
    assert found["30 000 €"][1] == 30000
    assert found["5 000€"][1] == 5000
    assert not any("Français" in t for t in found)


def test_percentages_in_digits_and_words():
    found = _quantities(
        "12 % des communes, 6% des agents, douze pour cent et vingt-cinq pour cent."
    )
    assert found["12 %"] == ("percent", 12.0, "12")
    assert found["6%"][1] == 6.0
    assert found["douze pour cent"][1] == 12.0
    assert found["vingt-cinq pour cent"][1] == 25.0
