"""Detection of the proposals of one document: candidates of each kind, described, as rows."""

from __future__ import annotations

from textmine.config import ProposalsConfig
from textmine.ingest.model import Block
from textmine.parsed import ParsedDocument, StructureIndex
from textmine.proposals.describe import _describe
from textmine.proposals.items import (
    _Candidate,
    _list_items,
    _numbered_items,
    _prose_items,
    _trimmed,
)
from textmine.proposals.lines import (
    _classify_lines,
    _header_pattern,
    _Line,
    _mark_contents,
    _markdown_sections,
    _starts_lower,
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
    span = _tokens_in(pdoc, line.content_start, line.end)
    return _leading_infinitive(span) is not None or _addressed_request(span) is not None


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

    labels = [label.lower() for label in config.numbered_labels]
    header = _header_pattern(config.numbered_labels)
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
    _mark_contents(lines, heading_starts)
    _number_ordered_lists(
        lines,
        pdoc.text,
        pdoc.blocks,
        lambda line: _proposes(pdoc, line),
    )
    header_starts = {line.start for line in lines if line.kind == "header"}
    stops = sorted(
        {line.start for line in lines if line.kind in {"header", "heading"}}
        | {_trimmed(pdoc.text, s, e)[0] for s, e in heading_blocks}
    )
    candidates = _numbered_items(lines, stops, config.max_chars)
    covered = [(c.start, c.end) for c in candidates]
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
