"""Accent and case folding: the one place where textmine decides how two spellings compare.

French text arrives with and without accents ("l'Etat", "l'État"), in capitals ("AGENCE DU
NUMÉRIQUE") and with compatibility characters (ligatures, no-break spaces, superscripts), so most
stages compare words through a folded form. The sites differ on purpose in three ways, and each
names its variant instead of writing the folding again:

- ``form``: ``"NFD"`` decomposes accents only; ``"NFKD"`` also maps compatibility characters
  ("ﬁ" -> "fi", "²" -> "2"), which column names and reviewers' cells need.
- ``case``: ``"casefold"`` (full Unicode folding: "ß" -> "ss") for comparisons; ``"lower"`` where
  the folded form must keep the length of the original (offsets into it) or match an older key.
- ``case_first``: whether case is folded before or after the accents are removed. It matters
  for about 700 code points, none of them French (Greek ypogegrammeni, modifier letters): it is
  kept per site so that no key changes.
- ``marks``: which decomposed characters are dropped: ``"combining"`` (every character with a
  combining class, the usual definition), ``"nonspacing"`` (Unicode category Mn, a slightly
  different set outside Latin scripts) or ``"latin"`` (only U+0300–U+036F, the combining
  diacritics of Latin letters, so that other scripts are left as written).

:func:`ascii_fold` is the stricter key used to compare a lemma with the word it came from: every
character that is not ASCII after decomposition is dropped ("œ", "’" included).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Form = Literal["NFD", "NFKD"]
Case = Literal["casefold", "lower"]
Marks = Literal["combining", "nonspacing", "latin"]

_LATIN_MARKS = re.compile(r"[\u0300-\u036f]")


def strip_accents(text: str, *, form: Form = "NFD", marks: Marks = "combining") -> str:
    """``text`` decomposed (``form``) with its accents (``marks``) removed; case kept."""
    decomposed = unicodedata.normalize(form, text)
    if marks == "latin":
        return _LATIN_MARKS.sub("", decomposed)
    if marks == "nonspacing":
        return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(
    text: str,
    *,
    form: Form = "NFD",
    case: Case = "casefold",
    marks: Marks = "combining",
    case_first: bool = True,
) -> str:
    """Case- and accent-insensitive form: ``"Élysée"`` -> ``"elysee"``."""
    if case_first:
        return strip_accents(_fold_case(text, case), form=form, marks=marks)
    return _fold_case(strip_accents(text, form=form, marks=marks), case)


def _fold_case(text: str, case: Case) -> str:
    return text.casefold() if case == "casefold" else text.lower()


def ascii_fold(text: str) -> str:
    """Lower case, NFKD, and every character that is still not ASCII dropped ("Œuvre" -> "uvre")."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
