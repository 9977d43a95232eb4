"""Detection of the proposals of one document: candidates of each kind, described, as rows."""

from __future__ import annotations

import re

from textmine.config import ProposalsConfig
from textmine.ingest.model import Block
from textmine.parsed import ParsedDocument, StructureIndex
from textmine.proposals.describe import _describe
from textmine.proposals.items import (
    _Candidate,
    _list_items,
    _numbered_items,
    _prose_items,
    _table_items,
    _trimmed,
)
from textmine.proposals.lines import (
    _classify_lines,
    _header_pattern,
    _Line,
    _mark_contents,
    _markdown_sections,
    _starts_lower,
    document_labels,
)
from textmine.proposals.ordered import _number_ordered_lists
from textmine.proposals.rows import _row, link_amount, make_proposal_id, money_amounts
from textmine.proposals.syntax import _addressed_request, _leading_infinitive, _tokens_in

# blocks that interrupt the running text without ending a list: a footnote, a page header
_NOISE_BLOCK_KINDS = {"footnote", "page_header", "page_footer", "page_number", "header", "footer"}


def _keyword_numbered(block: Block) -> bool:
    """ "Orientation 1 – …", "Article 3 : …": a numbered paragraph or title, not a bullet."""
    return bool(
        block.marker and block.number and block.marker[:1].isalpha() and len(block.marker) > 3
    )


def _proposes(pdoc: ParsedDocument, line: _Line) -> bool:
    """A list line led by an infinitive or addressing a request: one that proposes."""
    return _span_proposes(pdoc, line.content_start, line.end)


def _span_proposes(pdoc: ParsedDocument, start: int, end: int) -> bool:
    """Text led by an infinitive or addressing a request."""
    span = _tokens_in(pdoc, start, end)
    return _leading_infinitive(span) is not None or _addressed_request(span) is not None


def _demote_titling_headers(
    pdoc: ParsedDocument, lines: list[_Line], heading_starts: set[int]
) -> None:
    """A heading of the document ("<h2>Axe 1 : les écarts</h2>") read as a labelled header, whose
    title proposes nothing and whose section holds a numbered list or table, titles those items:
    a heading, not an item (P24); so are the other headings of its label that title a list
    ("## Axe 3 – Accompagner") or whose title proposes nothing ("## Axe 2 – Le constat", over
    prose). "### Proposition n° 3" over its text stays an item."""
    headers = [
        i
        for i, line in enumerate(lines)
        if line.kind == "header" and line.start in heading_starts and line.has_title
    ]
    over_list = {i for i in headers if _titles_list(lines, i, heading_starts)}
    silent = {i for i in headers if not _proposes(pdoc, lines[i])}
    labels = {_label_word(lines[i]) for i in over_list & silent}
    for i in headers:
        if _label_word(lines[i]) in labels and (i in over_list or i in silent):
            lines[i].kind = "heading"


def _titles_list(lines: list[_Line], i: int, heading_starts: set[int]) -> bool:
    """Whether the section under line ``i`` holds a numbered list or a table."""
    for following in lines[i + 1 :]:
        if following.kind == "heading" or following.start in heading_starts:
            return False
        if (following.kind == "bullet" and following.number) or " | " in following.text:
            return True
    return False


def _label_word(line: _Line) -> str:
    return (re.match(r"[^\W\d]+", line.text.lstrip("#*_> \t")) or [""])[0].lower()


_SUMMARY_SHARE = 0.8  # a summary entry repeats most of its item's words, shortened or whole


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[^\W\d_]{4,}", text.lower())}


def _without_summaries(
    text: str, candidates: list[_Candidate]
) -> tuple[list[_Candidate], list[_Candidate]]:
    """Numbered items without the entries of a summary that repeats them (P24): an item whose
    words are mostly those of a longer item of the same number ("Proposition n° 1 : Instaurer…"
    in the list of proposals, then "Proposition n° 1" over its full text) is the summary's.
    Returns the items kept and the summary's entries (no prose either)."""
    bodies = [
        _words(text[c.body_start if c.body_start is not None else c.start : c.end])
        for c in candidates
    ]
    kept, summaries = [], []
    for k, c in enumerate(candidates):
        repeated = any(
            j != k
            and other.number == c.number
            and other.end - other.start > c.end - c.start
            and bodies[k]
            and len(bodies[k] & bodies[j]) >= _SUMMARY_SHARE * len(bodies[k])
            for j, other in enumerate(candidates)
        )
        (summaries if repeated else kept).append(c)
    return kept, summaries


def _tables(pdoc: ParsedDocument) -> list[list[tuple[int, int]]]:
    """The rows of each table (consecutive ``table_row`` blocks), as spans of the text."""
    tables: list[list[tuple[int, int]]] = []
    previous = None
    for k, block in enumerate(pdoc.blocks):
        if block.kind != "table_row":
            continue
        if previous != k - 1:
            tables.append([])
        tables[-1].append(_trimmed(pdoc.text, block.start_char, block.end_char))
        previous = k
    return tables


def _title_group_rows(text: str, tables: list[list[tuple[int, int]]], lines: list[_Line]) -> None:
    """A row of one cell in a table of several columns ("Orientation 1 — Rénover", spanning
    them) titles the rows under it: a heading, not a labelled item over the table (P32)."""
    groups = {
        start
        for table in tables
        if any(" | " in text[s:e] for s, e in table)
        for start, end in table
        if " | " not in text[start:end]
    }
    for line in lines:
        if line.start in groups and line.kind in {"header", "bullet", "text"}:
            line.kind, line.number = "heading", None


def _overlap_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def detect_proposals(pdoc: ParsedDocument, config: ProposalsConfig) -> list[dict]:
    """The proposals of one document, as rows of the ``proposals`` table (cluster columns None).

    Numbered items and their bullets first, then infinitive-led list items outside them, then
    prose proposals in the remaining sentences. Rows are sorted by position; each carries a
    confidence in 0..1 and only those at or above ``config.min_confidence`` are returned.
    """
    if not pdoc.text.strip() or pdoc.is_reaction:  # arguments and comments are not proposals
        return []
    structure = StructureIndex(pdoc.blocks) if pdoc.blocks else None
    if pdoc.is_contribution:
        start, end = _trimmed(pdoc.text, 0, len(pdoc.text))
        candidate = _Candidate("contribution", start, end, None, 1.0)
        lines = [
            line
            for line in _classify_lines(pdoc.text, _header_pattern(config.numbered_labels), set())
            if line.kind not in {"blank", "page"}
        ]
        _describe(pdoc, candidate, lines)
        return [_row(pdoc, candidate, structure, [], config)]

    # the configured labels, and those the document numbers its items with ("Levier 3 :")
    all_labels = [
        *config.numbered_labels,
        *document_labels(
            pdoc.text, config.numbered_labels, lambda s, e: _span_proposes(pdoc, s, e)
        ),
    ]
    labels = [label.lower() for label in all_labels]
    header = _header_pattern(all_labels)
    list_starts = {
        _trimmed(pdoc.text, b.start_char, b.end_char)[0]
        for b in pdoc.blocks
        if b.kind == "list_item" and not _keyword_numbered(b)
    }
    noise = sorted((b.start_char, b.end_char) for b in pdoc.blocks if b.kind in _NOISE_BLOCK_KINDS)
    lines = _classify_lines(pdoc.text, header, list_starts, noise)
    heading_blocks = [
        (b.start_char, b.end_char)
        for b in pdoc.blocks
        if b.kind == "heading" and not _starts_lower(pdoc.text[b.start_char : b.end_char])
    ]
    heading_starts = {_trimmed(pdoc.text, s, e)[0] for s, e in heading_blocks}
    for line in lines:  # "2. Former les agents" as a Word or HTML heading: a title, no bullet
        if line.kind == "bullet" and line.start in heading_starts:
            line.kind = "heading"
    _demote_titling_headers(pdoc, lines, heading_starts)
    _mark_contents(lines, heading_starts)
    tables = _tables(pdoc)
    _title_group_rows(pdoc.text, tables, lines)
    _number_ordered_lists(
        lines,
        pdoc.text,
        pdoc.blocks,
        lambda line: _proposes(pdoc, line),
        tabled=any(
            _span_proposes(pdoc, row.start, row.end)
            for row in _table_items(pdoc.text, tables, config.max_chars)
        ),
    )
    header_starts = {line.start for line in lines if line.kind == "header"}
    stops = sorted(
        {line.start for line in lines if line.kind in {"header", "heading"}}
        | {_trimmed(pdoc.text, s, e)[0] for s, e in heading_blocks}
    )
    candidates = _numbered_items(lines, stops, config.max_chars, heading_starts)
    taken = {c.number for c in candidates if c.number}
    rows_found = _table_items(
        pdoc.text,
        tables,
        config.max_chars,
        taken,
        lambda s, e: _span_proposes(pdoc, s, e),
    )
    row_spans = [(c.start, c.end) for c in rows_found]
    candidates = [c for c in candidates if not _overlap_any(row_spans, c.start, c.end)]
    candidates += rows_found
    candidates, summaries = _without_summaries(pdoc.text, candidates)
    covered = [(c.start, c.end) for c in candidates + summaries]
    if config.detect_list_items:
        list_items = _list_items(pdoc, lines, covered, config.max_chars)
        candidates += list_items
        covered += [(c.start, c.end) for c in list_items]
    if config.detect_prose:
        # a table of contents' entries are titles, read as headings: no prose in them
        headings = [
            (line.start, line.end) for line in lines if line.kind in {"heading", "contents"}
        ]
        headings += [
            (s, e) for s, e in heading_blocks if _trimmed(pdoc.text, s, e)[0] not in header_starts
        ]
        breaks = [
            line.start for line in lines if line.kind in {"blank", "page", "heading", "contents"}
        ]
        candidates += _prose_items(pdoc, covered, headings, breaks)

    fallback_sections = _markdown_sections(lines) if structure is None else []
    amounts = money_amounts(pdoc)
    rows = []
    seen_ids: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: (c.start, c.end)):
        if candidate.confidence < config.min_confidence:
            continue
        if candidate.end - candidate.start < config.min_chars:
            continue
        if candidate.kind != "prose":
            _describe(pdoc, candidate, [])
        row = _row(pdoc, candidate, structure, fallback_sections, config, labels)
        link_amount(row, amounts)
        if row["proposal_id"] in seen_ids:  # the same text twice in a document
            row["proposal_id"] = make_proposal_id(pdoc.doc_id, f"{row['text']}@{candidate.start}")
        seen_ids.add(row["proposal_id"])
        rows.append(row)
    return rows
