"""Rows of the ``proposals`` table: ids, content lemmas, section and page, and the table."""

from __future__ import annotations

import hashlib
from bisect import bisect_right

import pandas as pd
from spacy.tokens import Span

from textmine import schema
from textmine.config import ProposalsConfig
from textmine.parsed import ParsedDocument, StructureIndex
from textmine.proposals.items import _Candidate
from textmine.proposals.lexicon import MODAL_LEMMAS
from textmine.proposals.syntax import _tokens_in

KINDS = ("numbered", "list_item", "prose", "contribution")


def make_proposal_id(doc_id: str, text: str) -> str:
    """A short id that stays the same across runs for the same text in the same document."""
    key = f"{doc_id}\n{' '.join(text.split())}"
    return "p" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}


def _content_lemmas(span: Span | None, extra_stop: set[str]) -> str:
    if span is None:
        return ""
    lemmas = []
    for token in span:
        if token.is_stop or not token.is_alpha or len(token.text) < 2:
            continue
        if token.pos_ not in _CONTENT_POS:
            continue
        lemma = token.lemma_.lower()
        if lemma in extra_stop or lemma in MODAL_LEMMAS:
            continue
        lemmas.append(lemma)
    return " ".join(lemmas)


def _row(
    pdoc: ParsedDocument,
    candidate: _Candidate,
    structure: StructureIndex | None,
    fallback_sections: list[tuple[int, str]],
    config: ProposalsConfig,
    labels: list[str] | None = None,
) -> dict:
    start, end = candidate.start, min(candidate.end, candidate.start + config.max_chars)
    text = pdoc.text[start:end]
    if structure is not None:
        section = structure.section_at(start)
        page = structure.page_at(start)
    else:
        k = bisect_right([s for s, _ in fallback_sections], start) - 1
        section = fallback_sections[k][1] if k >= 0 else None
        page = pdoc.text.count("\f", 0, start) + 1 if "\f" in pdoc.text else None
    extra_stop = set(labels or []) | {label + "s" for label in labels or []}
    return {
        "proposal_id": make_proposal_id(pdoc.doc_id, text),
        "doc_id": pdoc.doc_id,
        "kind": candidate.kind,
        "number": candidate.number,
        "section": section,
        "page": page,
        "start_char": start,
        "end_char": end,
        "text": text,
        "action_verb": candidate.action_verb,
        "actor": candidate.actor,
        "confidence": round(float(candidate.confidence), 3),
        "lemmas": _content_lemmas(_tokens_in(pdoc, start, end), extra_stop),
        "amount": None,
        "amount_start_char": None,
        "cluster_id": None,
        "cluster_label": None,
        "duplicate_of": None,
    }


def money_amounts(pdoc: ParsedDocument) -> list[tuple[int, int, float | None]]:
    """The document's amounts of money as its ``quantities`` rows give them: (start, end, euros).

    The same extraction as the quantities stage, so that ``amount_start_char`` joins a row of
    ``quantities`` (same ``doc_id`` and ``start_char``); a few regular expressions over the text,
    no parse.
    """
    from textmine.quantities import extract_quantities

    return [
        (q["start_char"], q["end_char"], q["value"])
        for q in extract_quantities(pdoc)
        if q["kind"] == "money"
    ]


def link_amount(row: dict, amounts: list[tuple[int, int, float | None]]) -> None:
    """Set the row's ``amount`` to the first amount of money inside its text: what a measure
    commits ("l'État consacrera 30 millions d'euros…"), a funding a recommendation asks for."""
    for start, end, value in amounts:
        if row["start_char"] <= start and end <= row["end_char"]:
            row["amount"], row["amount_start_char"] = value, start
            return


def proposals_frame(rows: list[dict]) -> pd.DataFrame:
    """The ``proposals`` table for the given rows (an empty table with its columns when none)."""
    if not rows:
        return schema.empty("proposals")
    return schema.conform("proposals", pd.DataFrame(rows))


def with_duplicate_titles(proposals: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``proposals`` with ``duplicate_of_title``: the title (else the path) of the document of
    the proposal each near-duplicate repeats, so that a reader sees which document it repeats."""
    frame = proposals.copy()
    if frame.empty or "duplicate_of" not in frame.columns:
        frame["duplicate_of_title"] = None
        return frame
    names = {}
    if not documents.empty:
        titles = documents["title"].where(documents["title"].notna(), documents["path"])
        names = dict(zip(documents["doc_id"].astype(str), titles, strict=True))
    doc_of = dict(zip(frame["proposal_id"].astype(str), frame["doc_id"].astype(str), strict=True))
    frame["duplicate_of_title"] = [
        names.get(doc_of.get(d, "")) if isinstance(d, str) and d else None
        for d in frame["duplicate_of"]
    ]
    return frame
