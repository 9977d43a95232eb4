"""Roles given to persons in apposition ("Axelle LEMAIRE, secrétaire d'Etat chargée du Numérique")."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from textmine.entities.lexicon import fold
from textmine.parsed import ParsedDocument

_ROLE_START = re.compile(
    r"(?i)(?<![\w'’-])(?:le\s+|la\s+|l['’])?(?:ministre|secr[ée]taire\s+d['’][ée]tat"
    r"|pr[ée]sidente?|directeur|directrice|pr[ée]f[eè]te?|d[ée]l[ée]gu[ée]e?"
    r"|haute?-commissaire|administrat(?:eur|rice)|haut\s+fonctionnaire|haute?-fonctionnaire"
    r"|maire|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)|premi(?:er|[èe]re)\s+ministre|chef|cheffe)\b"
)
_ROLE_CONTINUATION = re.compile(r",\s*(?=(?:de|des|du|chargée?|auprès|en\s+charge)\b)")


def _role_after(text: str, pos: int, stops: list[int] = ()) -> tuple[int, int] | None:
    """A role phrase right after ``pos``: ", ministre de ...", a role on the next line, or a
    heading in capitals ("AXELLE LEMAIRE SECRETAIRE D'ETAT AU NUMERIQUE")."""
    m = re.match(r"[ \t]*(?:,|\n>?[ \t]*)?[ \t]*", text[pos : pos + 8])
    start = pos + m.end()
    role = _ROLE_START.match(text, start)
    if role is None:
        return None
    if not m.group().strip(" \t") and not (m.group() and role.group().isupper()):
        return None  # "X ministre" without a comma is a role only in an all-caps heading
    end = _role_extent(text, start, stops)
    return (start, end) if end - start > 4 else None


def _role_extent(text: str, start: int, stops: list[int] = ()) -> int:
    """End of the role phrase starting at ``start``: clause punctuation or a finite verb."""
    end = start
    limit = min(len(text), start + 150)
    i = bisect.bisect_right(stops, start)
    if i < len(stops):
        limit = min(limit, stops[i])
    while end < limit:
        c = text[end]
        if text.startswith((" - ", " – ", " — "), end):
            break
        if c in ".;:()\n»«" and not (c == "." and end + 1 < limit and text[end + 1].isalpha()):
            break
        if c == "," and not _ROLE_CONTINUATION.match(text, end):
            break
        end += 1
    while end > start and text[end - 1] in " ,":
        end -= 1
    return end


def _finite_verb_offsets(doc: Doc | None) -> list[int]:
    if doc is None or not doc.has_annotation("MORPH"):
        return []
    return [t.idx for t in doc if "Fin" in t.morph.get("VerbForm")]


def _role_before(text: str, pos: int) -> tuple[int, int] | None:
    """A role phrase right before ``pos`` ("au secrétaire d'État ... , Mounir Mahjoubi")."""
    head = text[max(0, pos - 250) : pos]
    if not re.search(r",\s*$", head):
        return None
    clause_start = max(head.rfind(c) for c in ".;:()\n«»") + 1
    clause = head[clause_start:].rstrip().rstrip(",")
    matches = list(_ROLE_START.finditer(clause))
    if not matches:
        return None
    m = matches[0]
    if m.start() > 0 and not re.search(
        r"(?:\b(?:au|à|le|la|du|de|par|l['’])\s*|,\s*)$", clause[: m.start()]
    ):
        return None
    start = max(0, pos - 250) + clause_start + m.start()
    return start, max(0, pos - 250) + clause_start + len(clause)


def extract_roles(pdoc: ParsedDocument, entities: list[dict]) -> list[dict]:
    """Rows of the ``roles`` table: a person and the role a sentence gives them in apposition."""
    text = pdoc.text
    stops = _finite_verb_offsets(pdoc.doc)
    rows = []
    seen = set()
    for entity in entities:
        if entity["label"] != "PER":
            continue
        for found in (
            _role_after(text, entity["end_char"], stops),
            _role_before(text, entity["start_char"]),
        ):
            if found is None:
                continue
            start, end = found
            role = " ".join(text[start:end].split())
            role = re.sub(r"^(?:[Ll]e\s+|[Ll]a\s+|[Ll]['’]|au\s+|à\s+la\s+)", "", role)
            key = (entity["canonical"], fold(role), start)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "doc_id": pdoc.doc_id,
                    "sent_id": entity.get("sent_id"),
                    "person": entity["canonical"],
                    "role": role,
                    "start_char": start,
                    "end_char": end,
                }
            )
    return rows


def role_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of role titles ("ministre de l'Économie, des Finances et de la Relance")."""
    spans = []
    for m in _ROLE_START.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()].split()
        if (
            m.group()[:1].isupper()
            and before
            and before[-1][:1].isupper()
            and before[-1][1:].islower()
        ):
            continue  # "Bruno Le Maire": a surname, not the role
        end = _role_extent(text, m.end())
        spans.append((m.start(), end))
    return spans
