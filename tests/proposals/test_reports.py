"""Numbered recommendations of two real reports against their hand-read gold lists (../shared)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conftest import shared_path
from textmine.config import ProposalsConfig
from textmine.parsed import ParsedDocument
from textmine.proposals import detect_proposals

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_WORD = re.compile(r"\w+")
_LABEL = re.compile(r"^\W*recommandation\W*\d+\W*", re.I)


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _load(path: Path) -> str:
    """Plain text as a simple loader gives it: PDF pages joined; Markdown front matter + body."""
    if path.suffix == ".pdf":
        import pypdf

        return "\n\f\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)
    raw = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(raw)
    assert match, "the DINUM framework keeps its recommendations in the front matter"
    return "\n\n".join([*_strings(yaml.safe_load(match.group(1))), raw[match.end() :]])


def _tokens(text: str) -> Counter[str]:
    return Counter(
        t for t in _WORD.findall(_LABEL.sub("", text.strip()).lower()) if not t.isdigit()
    )


def _containment(part: Counter[str], whole: Counter[str]) -> float:
    return sum((part & whole).values()) / max(1, sum(part.values()))


@pytest.mark.parametrize(
    ("folder", "document"),
    [
        ("dinum-reco-api-2022", "recommandations-partage-donnees-api.markdown"),
        ("cnnum-neutralite-plateformes-2014", "cnnum-neutralite-plateformes-2014.pdf"),
    ],
)
def test_numbered_recommendations_match_the_gold_list(nlp, folder, document):
    base = shared_path("corpora", "reports", folder)
    with (base / "recommendations_gold.csv").open(encoding="utf-8") as f:
        gold = {row["num"]: row["text"] for row in csv.DictReader(f)}
    text = _load(base / document)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    with nlp.select_pipes(disable=["ner"]):  # detection does not use entities
        doc = nlp(text)
    pdoc = ParsedDocument(folder, text, doc, Path(document).suffix.lstrip("."))
    numbered = [r for r in detect_proposals(pdoc, ProposalsConfig()) if r["kind"] == "numbered"]

    matched = {}
    for row in numbered:
        num = row["number"]
        holds_gold = num in gold and _containment(_tokens(gold[num]), _tokens(row["text"])) >= 0.5
        if holds_gold and num not in matched:
            matched[num] = row
    recall = len(matched) / len(gold)
    precision = len(matched) / max(1, len(numbered))
    assert recall >= 0.97, sorted(set(gold) - set(matched), key=int)
    assert precision >= 0.9, [r["text"][:80] for r in numbered if r not in matched.values()]
    for num, row in matched.items():
        gold_tokens, found = _tokens(gold[num]), _tokens(row["text"])
        # complete: the title and all its bullets; nothing from the next item or heading
        assert _containment(gold_tokens, found) >= 0.95, (num, row["text"])
        assert _containment(found, gold_tokens) >= 0.9, (num, row["text"])
