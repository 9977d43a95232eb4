"""User themes: a lexicon of terms or patterns tagged on documents, sentences or proposals.

A lexicon maps a theme to entries. An entry is a term ("inclusion numérique", matched as whole
words, accent- and case-insensitively, singular or plural, "numéri*" for any ending) or, prefixed
with ``re:``, a regular expression (matched on the accent-stripped text, case-insensitively).
When the units carry ``lemmas``, terms are matched on them too, so that inflected forms the
plural rule misses ("réseaux" for "réseau") are still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from textmine import textnorm
from textmine.schema import conform, empty
from textmine.themes._text import fold, fold_with_offsets, singularize

REGEX_PREFIX = "re:"
_SEPARATOR = r"[\s\-'’]+"


class LexiconError(ValueError):
    """A lexicon entry that cannot be used (bad regular expression, empty term)."""


@dataclass(frozen=True, slots=True)
class _Entry:
    theme: str
    source: str
    pattern: re.Pattern[str]
    is_regex: bool


def _word_pattern(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    base = singularize(word)
    if base.endswith("al"):
        return re.escape(base[:-2]) + r"(?:al|aux)"
    if base.endswith("eau"):
        return re.escape(base) + r"x?"
    return re.escape(base) + r"[sx]?"


def compile_lexicon(lexicon: dict[str, list[str]]) -> list[_Entry]:
    """Check and compile a lexicon; raises :class:`LexiconError` naming the bad entry."""
    entries: list[_Entry] = []
    for theme, items in sorted(lexicon.items()):
        if isinstance(items, str):
            items = [items]
        for item in items:
            source = str(item).strip()
            if source.startswith(REGEX_PREFIX):
                expression = fold_accents_only(source[len(REGEX_PREFIX) :])
                try:
                    pattern = re.compile(expression, re.IGNORECASE)
                except re.error as exc:
                    raise LexiconError(
                        f"thème « {theme} » : expression régulière mal écrite « {source} » ({exc})"
                    ) from exc
                entries.append(_Entry(theme, source, pattern, True))
                continue
            words = re.split(_SEPARATOR, fold(source))
            words = [w for w in words if w]
            if not words:
                raise LexiconError(f"thème « {theme} » : terme vide « {item} »")
            body = _SEPARATOR.join(_word_pattern(w) for w in words)
            entries.append(_Entry(theme, source, re.compile(rf"(?<!\w){body}(?!\w)"), False))
    return entries


def fold_accents_only(text: str) -> str:
    """Accents stripped, case kept (for regular expressions, whose escapes are case-sensitive)."""
    return textnorm.strip_accents(text)


def tag_lexicon(texts: pd.DataFrame, lexicon: dict[str, list[str]]) -> pd.DataFrame:
    """The ``lexicon_tags`` table: for each unit and theme found in it, the number of matches and
    the distinct forms matched.

    ``texts`` has ``doc_id`` and ``text``, and optionally ``unit`` ("document", "sentence",
    "proposal"; default "document"), ``unit_id`` (default the doc_id) and ``lemmas``.
    """
    if texts.empty or not lexicon:
        return empty("lexicon_tags")
    missing = {"doc_id", "text"} - set(texts.columns)
    if missing:
        raise ValueError(f"tag_lexicon needs columns {sorted(missing)}")
    entries = compile_lexicon(lexicon)
    rows: list[dict] = []
    for record in texts.to_dict("records"):
        text = record.get("text")
        text = text if isinstance(text, str) else ""
        lemmas = record.get("lemmas")
        folded, offsets = fold_with_offsets(text)
        folded_lemmas = fold(lemmas) if isinstance(lemmas, str) else ""
        found: dict[str, tuple[int, set[str]]] = {}
        for entry in entries:
            forms = [
                text[offsets[m.start()] : offsets[m.end() - 1] + 1]
                for m in entry.pattern.finditer(folded)
                if m.end() > m.start()
            ]
            if not forms and folded_lemmas and not entry.is_regex:
                forms = [m.group(0) for m in entry.pattern.finditer(folded_lemmas)]
            if forms:
                count, matched = found.get(entry.theme, (0, set()))
                found[entry.theme] = (
                    count + len(forms),
                    matched | {" ".join(f.split()) for f in forms},
                )
        unit = record.get("unit") or "document"
        unit_id = record.get("unit_id")
        unit_id = record["doc_id"] if unit_id is None or pd.isna(unit_id) else unit_id
        for theme, (count, matched) in sorted(found.items()):
            rows.append(
                {
                    "unit": unit,
                    "unit_id": str(unit_id),
                    "doc_id": str(record["doc_id"]),
                    "theme": theme,
                    "matches": count,
                    "matched": sorted(matched),
                }
            )
    return conform("lexicon_tags", pd.DataFrame(rows)) if rows else empty("lexicon_tags")


def tag_corpus(
    doc_lemmas: pd.DataFrame, sentences: pd.DataFrame, lexicon: dict[str, list[str]]
) -> pd.DataFrame:
    """The ``lexicon_tags`` table for documents and their sentences.

    Sentences are tagged on their ``text`` (and ``lemmas``); a document on its sentences' text
    joined and its content lemmas (``doc_lemmas``: ``{doc_id, lemmas}``), so that a document
    without sentences is still tagged through its lemmas.
    """
    if not lexicon:
        return empty("lexicon_tags")
    units: list[pd.DataFrame] = []
    texts = pd.Series(dtype=object)
    if not sentences.empty and {"doc_id", "text"} <= set(sentences.columns):
        ordered = sentences.sort_values(
            ["doc_id", "sent_id"] if "sent_id" in sentences else "doc_id"
        )
        units.append(
            pd.DataFrame(
                {
                    "unit": "sentence",
                    "unit_id": ordered.get("sent_id", pd.Series(index=ordered.index)).astype(
                        "string"
                    ),
                    "doc_id": ordered["doc_id"],
                    "text": ordered["text"],
                    "lemmas": ordered.get("lemmas"),
                }
            )
        )
        texts = ordered.groupby("doc_id", sort=True)["text"].agg(
            lambda parts: "\n".join(str(p) for p in parts if isinstance(p, str))
        )
    documents = pd.DataFrame({"doc_id": sorted(set(texts.index) | set(_doc_ids(doc_lemmas)))})
    lemmas = (
        doc_lemmas.dropna(subset=["doc_id"]).groupby("doc_id")["lemmas"].first()
        if not doc_lemmas.empty and {"doc_id", "lemmas"} <= set(doc_lemmas.columns)
        else pd.Series(dtype=object)
    )
    documents["unit"] = "document"
    documents["unit_id"] = documents["doc_id"]
    documents["text"] = documents["doc_id"].map(texts).fillna("")
    documents["lemmas"] = documents["doc_id"].map(lemmas)
    units.insert(0, documents)
    units = [u for u in units if not u.empty]
    if not units:
        return empty("lexicon_tags")
    return tag_lexicon(pd.concat(units, ignore_index=True), lexicon)


def _doc_ids(frame: pd.DataFrame) -> list[str]:
    if frame.empty or "doc_id" not in frame.columns:
        return []
    return frame["doc_id"].dropna().astype(str).tolist()
