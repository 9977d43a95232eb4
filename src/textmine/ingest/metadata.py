"""Document metadata read from the text itself: date, type, issuer, signatory, reference, language.

Only what the document states is used (never the file's modification time). Each function looks
at the head of the document, where French official documents put their date line and letterhead.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(1er|[0-3]?\d)"
_DATELINE = re.compile(
    rf"\b[A-ZÉ][\w'’ -]{{1,40}},\s*le\s+{_DAY}\s+({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE
)
_LE_DATE = re.compile(
    rf"(?<!\bdu )\ble\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?{_DAY}\s+({_MONTH})\s+(\d{{4}})\b",
    re.I,
)
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR_LINE = re.compile(rf"^\s*({_MONTH})\s+(\d{{4}})\s*$", re.IGNORECASE | re.MULTILINE)
_MONTH_YEAR = re.compile(rf"(?<!\d )\b({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_SLASH_DATE = re.compile(r"(?<!\d)([0-3]?\d)/(0?[1-9]|1[0-2])/((?:19|20)\d{2})(?!\d)")

_HEAD_CHARS = 3000


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(day: str, month: str, year: str) -> str | None:
    return _iso(int(year), MONTHS[month.lower()], 1 if day.lower() == "1er" else int(day))


def parse_date_value(value: Any) -> str | None:
    """A date from a metadata value (front matter, table column): ISO, French or dd/mm/yyyy."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if match := _ISO_DATE.search(text):
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    if match := _SLASH_DATE.search(text):
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_MONTH_YEAR.search(text):
        return _from_match(match[1], match[2], match[3])
    return None


_URL_OR_MAIL = re.compile(r"https?://|www\.|\S@\S", re.I)
_TITLE_MAX_CHARS = 300
_TITLE_SEARCH_BLOCKS = 8


def plausible_title(lines: list[str]) -> str | None:
    """The first of a document's opening paragraphs that reads as its title, for a text with no
    heading: not the letterhead in capitals ("SECRETARIAT D'ETAT CHARGE DU NUMERIQUE"), not its
    genre ("Communiqué de presse"), a web address, nor the date line ("Paris, le 14 mars 2016
    N°812"). The search stops at the first paragraph of running text (several sentences, or a
    long one), where the body has begun: no title is better than a sentence of the body."""
    for line in lines[:_TITLE_SEARCH_BLOCKS]:
        line = " ".join(line.split())
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 8 or line.isupper() or _URL_OR_MAIL.search(line):
            continue
        if _DATELINE.search(line) and len(line) < 80:
            continue
        if any(p.fullmatch(line.rstrip(" .:")) for _, p in _DOC_TYPES):
            continue
        if len(line) > _TITLE_MAX_CHARS or re.search(r"[.!?…]\s+\S", line):
            return None  # running text: the body has begun
        return line
    return None


def detect_date(text: str, path: str | None = None) -> str | None:
    """The date the document states: its date line first ("Paris, le 23 juillet 2015")."""
    head = text[:_HEAD_CHARS]
    if match := _DATELINE.search(head):
        return _from_match(match[1], match[2], match[3])
    for line in head.split("\n")[:40]:
        stripped = line.strip()
        # A line that is only a date ("23/07/2015", "Publié : 2015-07-23").
        if len(stripped) <= 25 and (value := parse_date_value(stripped)):
            return value
    if match := _MONTH_YEAR_LINE.search(head[:1500]) or _MONTH_YEAR.search(head[:300]):
        return f"{int(match[2]):04d}-{MONTHS[match[1].lower()]:02d}"
    if path and (value := parse_date_value(path)):
        return value
    if match := _LE_DATE.search(head[:1500]):
        return _from_match(match[1], match[2], match[3])
    return None


_DOC_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("communiqué de presse", re.compile(r"communiqu[ée] de presse", re.I)),
    ("dossier de presse", re.compile(r"dossier de presse", re.I)),
    (
        "texte de loi",
        re.compile(r"\b(?:projet|proposition) de loi\b|\bavant-projet de loi\b", re.I),
    ),
    ("avis", re.compile(r"^\s*avis\s+n\s*°", re.I | re.M)),
    ("rapport", re.compile(r"\brapport\b", re.I)),
    ("recommandations", re.compile(r"\b(?:cadre de )?recommandations\b", re.I)),
    ("note", re.compile(r"^\s*note\b", re.I | re.M)),
    ("compte rendu", re.compile(r"\bcompte[- ]rendu\b", re.I)),
    ("discours", re.compile(r"^\s*discours\b", re.I | re.M)),
]


def detect_doc_type(
    text: str, title: str | None = None, hints: list[str] | None = None
) -> str | None:
    """The genre of the document, from explicit labels (categories, letterhead, title)."""
    for hint in hints or []:
        for name, pattern in _DOC_TYPES:
            if pattern.search(hint):
                return name
    head = "\n".join([title or "", text[:800]])
    for name, pattern in _DOC_TYPES:
        if name in _STATED_ONLY_TYPES and pattern.search(head):
            return name
    # A text made of numbered articles is a legal text, whatever it mentions in passing.
    if len(_ARTICLE_LINE.findall(text)) >= 2:
        return "texte de loi"
    for name, pattern in _DOC_TYPES:
        if pattern.search(head):
            return name
    return None


_STATED_ONLY_TYPES = {"communiqué de presse", "dossier de presse", "texte de loi"}
_ARTICLE_LINE = re.compile(r"^(?:Article|ARTICLE)\s+(?:\d+|premier|1er)\b[^\n]{0,150}$", re.M)


_ISSUER = re.compile(
    r"(Secr[ée]tariat d.[ÉE]tat[^,\n.]{0,80}|Secr[ée]taire d.[ÉE]tat[^,\n.]{0,80}"
    r"|Minist[èe]re (?:de |du |des |de l.)[^,\n.]{0,80}|Conseil national du num[ée]rique"
    r"|Direction interminist[ée]rielle[^,\n.(]{0,100}|Premier ministre"
    r"|\bDINUM\b|\bDINSIC\b|\bCNNum\b|\bEtalab\b|Assembl[ée]e nationale|S[ée]nat\b)",
    re.IGNORECASE,
)
_NAME_BEFORE_TITLE = re.compile(
    r"^\s*([A-ZÉÈ][A-Za-zÉÈéèëï'-]+(?:\s+(?:de\s+|d')?[A-ZÉÈ][A-Za-zÉÈéèëï'-]+){1,2})\s*,?\s+"
    r"(?i:secr[eé]taire|ministre|pr[eé]sident|direct)",
    re.MULTILINE,
)
_ISSUER_END = re.compile(r"\s(?:a|en|qui|pour|avec|est|sont|dans|sur|publie|lance)\s")
_SIGNED = re.compile(r"^\s*(?:Signé|Sign[ée] par)\s*:?\s*([A-ZÉ][^\n]{2,60})$", re.MULTILINE)


def detect_issuer(text: str) -> str | None:
    """The institution that issues the document, when its letterhead or first lines say so."""
    match = _ISSUER.search(text[:1500])
    if not match:
        return None
    issuer = _ISSUER_END.split(" ".join(match.group(1).split()), maxsplit=1)[0].strip(" -–:")
    return issuer[:1].upper() + issuer[1:]


def detect_signatory(text: str) -> str | None:
    """The person the document is from, when a letterhead line or a signature names them."""
    if match := _NAME_BEFORE_TITLE.search(text[:1500]):
        return match.group(1)
    if match := _SIGNED.search(text[-2000:]):
        return match.group(1).strip()
    return None


_REFERENCE = re.compile(r"\b(N\s*[°ºo]\.?\s*\d[\d/-]*\d|N\s*[°º]\s*\d)\b", re.IGNORECASE)


def detect_reference(text: str) -> str | None:
    """The document's own number ("N°793", "n°2014-2"), written in its head."""
    for line in text[:2000].split("\n"):
        if len(line) > 120:
            continue
        if match := _REFERENCE.search(line):
            raw = match.group(1)
            return re.sub(r"^(N)\s*[°ºo]\.?\s*", lambda m: m.group(1) + "°", raw, flags=re.I)
    return None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, default: str, min_chars: int = 40, min_prob: float = 0.8) -> str:
    """ISO 639-1 language of the text; ``default`` when too short or unsure."""
    sample = text[:5000]
    if len(sample.strip()) < min_chars:
        return default
    language, probability = _identifier().classify(sample)
    return language if probability >= min_prob else default
