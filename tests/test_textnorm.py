"""The folding helper reproduces, code point for code point, each variant the stages used before."""

from __future__ import annotations

import re
import unicodedata

import pytest

from textmine.textnorm import ascii_fold, fold, strip_accents

_LATIN = re.compile(r"[\u0300-\u036f]")


def _code_points() -> list[str]:
    return [chr(cp) for cp in range(0x30000) if not 0xD800 <= cp <= 0xDFFF]


def _strip(text: str, form: str) -> str:
    return "".join(c for c in unicodedata.normalize(form, text) if not unicodedata.combining(c))


# (new call, the code each site had before the helper)
VARIANTS = {
    "themes": (
        lambda t: fold(t, marks="latin", case_first=False),
        lambda t: _LATIN.sub("", unicodedata.normalize("NFD", t)).casefold(),
    ),
    "entities": (
        lambda t: fold(t, marks="nonspacing", case_first=False),
        lambda t: "".join(
            c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn"
        ).casefold(),
    ),
    "review cells": (
        lambda t: fold(t, form="NFKD"),
        lambda t: _strip(t.casefold(), "NFKD"),
    ),
    "column names": (
        lambda t: fold(t, form="NFKD", case="lower"),
        lambda t: _strip(t.lower(), "NFKD"),
    ),
    "accents only": (strip_accents, lambda t: _strip(t, "NFD")),
    "ascii": (
        ascii_fold,
        lambda t: unicodedata.normalize("NFKD", t.lower()).encode("ascii", "ignore").decode(),
    ),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_variant_keeps_the_output_it_had(name: str) -> None:
    new, old = VARIANTS[name]
    differing = [
        hex(ord(ch))
        for ch in _code_points()
        if new(ch) != old(ch) or new("e" + ch + "\u0301") != old("e" + ch + "\u0301")
    ]
    assert differing == []


def test_french_words_fold_to_one_key() -> None:
    assert fold("l'État") == fold("l'etat") == "l'etat"
    assert fold("AGENCE DU NUMÉRIQUE") == "agence du numerique"
    assert strip_accents("Élysée") == "Elysee"
    assert ascii_fold("Données") == "donnees"
    assert fold("Straße") == "strasse" and fold("Straße", case="lower") == "straße"


def test_the_order_of_case_and_accents_is_a_named_variant() -> None:
    ypogegrammeni = "\u0345"  # casefolds to iota: the one French-irrelevant case where order shows
    assert fold(ypogegrammeni) == "ι"
    assert fold(ypogegrammeni, case_first=False) == ""
