"""Dates, money amounts and percentages written the French way, with normalised values.

``extract_quantities(pdoc)`` returns rows of the ``quantities`` table: ``kind`` is ``date``,
``money`` or ``percent``; ``value`` is the number (euros for money, percent points for
percentages, None for dates); ``unit`` is ``EUR``/``%``/``date``; ``normalized`` is ISO 8601 for
dates ("2015-07-23", "--03-03" when the year is not written) and the plain number for the others.
Offsets refer to ``pdoc.text``.
"""

from __future__ import annotations

import bisect
import re

from textmine.ingest.metadata import MONTHS
from textmine.parsed import ParsedDocument

NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
}
SCALES = {
    "mille": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "md": 1e9,
    "mds": 1e9,
    "mrd": 1e9,
    "mrds": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
}

_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:mille|millions?|milliards?|Mds?|Mrds?|M|k)"
_MONTH = r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
_WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

_DATE = re.compile(
    rf"(?i)\b(?:(1er|[12]?\d|3[01])\s+{_MONTH}(?:\s+(\d{{4}}))?|{_MONTH}\s+(\d{{4}}))\b"
)
_MONTH_IN = re.compile(rf"(?i){_MONTH}")
# "du 13 au 20 décembre 2019", "les 25 et 26 avril": the first day borrows the month and year
_DAY_RANGE = re.compile(
    rf"(?i)\b(1er|[12]?\d|3[01])\s*(?:au|et|-|–)\s*(?:le\s+)?(?:1er|[12]?\d|3[01])\s+({_MONTH})"
    r"(?:\s+(\d{4}))?\b"
)
_NUMERIC_DATE = re.compile(r"\b([0-3]?\d)/([01]?\d)/((?:19|20)\d{2})\b")
_MONEY = re.compile(
    rf"(?i)(?<![\w,.])({_NUM})\s*(?:({_SCALE})\b\.?\s*)?(?:d['’]\s*)?(€|euros?\b|EUR\b)"
)
_PERCENT = re.compile(
    rf"(?i)(?<![\w,.])(?:({_NUM})\s*(?:%|pour\s*cent\b|pourcents?\b)"
    rf"|((?:{_WORD_NUMBER})(?:[ -](?:et[ -])?(?:{_WORD_NUMBER}))*)\s+pour\s*cent\b)"
)


def parse_number(raw: str) -> float | None:
    """'30 000' -> 30000.0, '1,5' -> 1.5, '1.000.000' -> 1e6."""
    digits = re.sub(r"[ \u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def parse_number_words(raw: str) -> float | None:
    """'douze' -> 12, 'vingt-cinq' -> 25, 'cinquante et un' -> 51 (up to cent)."""
    total = 0
    for word in re.split(r"[\s-]+", raw.lower()):
        if word == "et":
            continue
        if word not in NUMBER_WORDS:
            return None
        value = NUMBER_WORDS[word]
        total = total * value if value == 100 and total else total + value
    return float(total)


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def extract_quantities(pdoc: ParsedDocument) -> list[dict]:
    """Rows of the ``quantities`` table for one document, in text order."""
    text = pdoc.text
    doc = pdoc.doc
    sent_starts = (
        [s.start_char for s in doc.sents]
        if doc is not None and doc.has_annotation("SENT_START")
        else [0]
    )
    found: list[tuple[int, int, str, float | None, str, str]] = []

    for m in _DATE.finditer(text):
        day, year_after_day, year_after_month = m.group(1), m.group(2), m.group(3)
        month = MONTHS[_MONTH_IN.search(m.group()).group().lower()]
        year = year_after_day or year_after_month
        if day:
            d = 1 if day.lower() == "1er" else int(day)
            normalized = f"{year}-{month:02d}-{d:02d}" if year else f"--{month:02d}-{d:02d}"
        else:
            normalized = f"{year}-{month:02d}"
        found.append((m.start(), m.end(), "date", None, "date", normalized))
    for m in _DAY_RANGE.finditer(text):
        day = 1 if m.group(1).lower() == "1er" else int(m.group(1))
        month = MONTHS[m.group(2).lower()]
        year = m.group(3)
        normalized = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        found.append((m.start(1), m.end(1), "date", None, "date", normalized))
    for m in _NUMERIC_DATE.finditer(text):
        d, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= d <= 31 and 1 <= month <= 12:
            found.append((m.start(), m.end(), "date", None, "date", f"{year}-{month:02d}-{d:02d}"))
    for m in _MONEY.finditer(text):
        value = parse_number(m.group(1))
        if value is None:
            continue
        scale = (m.group(2) or "").lower().rstrip(".")
        value *= SCALES.get(scale, 1.0)
        found.append((m.start(), m.end(), "money", value, "EUR", _format_number(value)))
    for m in _PERCENT.finditer(text):
        value = parse_number(m.group(1)) if m.group(1) else parse_number_words(m.group(2))
        if value is None:
            continue
        found.append((m.start(), m.end(), "percent", value, "%", _format_number(value)))

    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    rows: list[dict] = []
    last_end = -1
    for start, end, kind, value, unit, normalized in found:
        if start < last_end:
            continue
        last_end = end
        rows.append(
            {
                "doc_id": pdoc.doc_id,
                "sent_id": max(0, bisect.bisect_right(sent_starts, start) - 1),
                "start_char": start,
                "end_char": end,
                "text": text[start:end],
                "kind": kind,
                "value": value,
                "unit": unit,
                "normalized": normalized,
            }
        )
    return rows
