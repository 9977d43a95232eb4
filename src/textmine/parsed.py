"""The per-document input of the extraction stages: a spaCy ``Doc`` with its source text and structure.

The ``Doc`` may have been parsed from a re-cased copy of the text (same length, same offsets), so
extractors take surface text from :attr:`ParsedDocument.text` through character offsets, never
from ``span.text``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from textmine.ingest.model import Block

TABLE_FORMATS = frozenset({"csv", "tsv", "jsonl", "json", "xlsx"})
# documents.doc_type of consultation rows that answer or ask (textmine.ingest.consultation)
REACTION_TYPES = frozenset({"argument", "comment", "debate"})


@dataclass(slots=True)
class ParsedDocument:
    doc_id: str
    text: str  # the original text: offsets of every output refer to it
    doc: Doc  # parsed from ``text`` or from a same-length re-cased copy
    format: str = "txt"
    title: str | None = None
    date: str | None = None
    source_id: str | None = None
    blocks: list[Block] = field(default_factory=list)
    doc_type: str | None = None

    @property
    def is_contribution(self) -> bool:
        """A row of a consultation table: the whole text is one contribution."""
        return self.format in TABLE_FORMATS and not self.is_reaction

    @property
    def is_reaction(self) -> bool:
        """An argument or comment on a proposal, or a debate's question: no proposal of its own."""
        return self.format in TABLE_FORMATS and self.doc_type in REACTION_TYPES

    def surface(self, start_char: int, end_char: int) -> str:
        return self.text[start_char:end_char]

    def span_text(self, span: Span) -> str:
        return self.text[span.start_char : span.end_char]


class StructureIndex:
    """Finds the section heading, page and block that enclose a character offset."""

    def __init__(self, blocks: list[Block]):
        self._blocks = sorted(blocks, key=lambda b: (b.start_char, -b.end_char))
        self._starts = [b.start_char for b in self._blocks]

    def block_at(self, char: int) -> Block | None:
        """The innermost block containing ``char`` (blocks nest little: look back a few)."""
        i = bisect.bisect_right(self._starts, char) - 1
        for j in range(i, max(-1, i - 50), -1):
            block = self._blocks[j]
            if block.start_char <= char < block.end_char:
                return block
        return None

    def section_at(self, char: int) -> str | None:
        """The text of the nearest heading at or before ``char`` (the block's own section first)."""
        block = self.block_at(char)
        if block is not None and block.section:
            return block.section
        i = bisect.bisect_right(self._starts, char) - 1
        while i >= 0:
            if self._blocks[i].section:
                return self._blocks[i].section
            i -= 1
        return None

    def page_at(self, char: int) -> int | None:
        i = bisect.bisect_right(self._starts, char) - 1
        while i >= 0:
            if self._blocks[i].page is not None:
                return self._blocks[i].page
            i -= 1
        return None
