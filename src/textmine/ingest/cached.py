"""Reading a corpus again costs what changed: files and duplicate marks cached by content.

A file is read again only when its bytes, its path or the ingest settings changed (its documents
are cached under that key, unless one of them failed: a failure is retried next run). The
duplicate marks of an unchanged corpus come from the cache; otherwise the near-duplicate pass
reuses the previous run's 4-gram counts of unchanged texts (:class:`NgramCounts`) and saves this
run's for the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from textmine import __version__
from textmine.cache import ResultCache, content_key
from textmine.config import TextmineConfig
from textmine.ingest.corpus import ingest_corpus, read_source
from textmine.ingest.duplicates import (
    NGRAM_FILES,
    NgramCounts,
    mark_exact_duplicates,
    mark_near_duplicates,
)
from textmine.ingest.model import (
    STATUS_ERROR,
    STATUS_OK,
    IngestedDocument,
    SourceFile,
    text_sha256,
)
from textmine.runs import ANALYSIS_DIR, link_or_copy

# Bump when a reader changes what it makes of a file (text, blocks, metadata): cached documents
# are then read again (the installed version does not change between commits). 2: "1.2 Texte"
# lines of plain text start list items (numbered layouts); consultation roles, variables, links.
# 3: automatic list numbers of DOCX and ODT rendered at the start of their items ("1.", "2.1").
# 4: plain-text and PDF lines opened by "ii)", "(iv)" or by the next letter of a run ("A." then
# "B.") start list items; a Markdown paragraph indented under a list item joins it; running
# headers of 3-page PDFs removed (bench/RESULTS.md P17).
# 5: messages in French with a stable code (documents.error_code), details in metadata.
# 6: HTML <ol type="a"|"A"|"i"|"I"> and start= numbers written as the browser shows them, a
# paragraph's escaped "3\." unescaped; PDF short lines above a list's first item are headings
# and numbered section titles their own paragraph; ODF labels with words ("Objectif
# opérationnel 1.2 :") give their number (bench/RESULTS.md P21).
# 7: PDF lines holding a label and a number alone ("Recommandation n°1") or opening with one
# ("Fiche action n° 2 – …"), and decimal section titles ("1.2 Les moyens"), are paragraphs of
# their own; the running header opening both pages of a 2-page PDF removed; an HTML drawn <ol>
# item holding a nested list keeps its own text (bench/RESULTS.md P24).
# 8: plain-text headings underlined with "----" or "===="; PDF numbers in the margin without
# punctuation ("1 Équiper…") are list items, their title lines headings, a title line above a
# labelled item a heading, a running header inside an enumeration going on across a page
# dropped; DOCX table cells show their Word numbers, a paragraph indented under a list item
# continues it (bench/RESULTS.md P28).
# 9: ODT headings show their outline-style numbers; DOCX empty table cells numbered by Word
# show their number; PDF margin numbers go on across numbered titles and the page, footers
# ending with their page's number dropped, numbered section titles are headings (P32).
INGEST_VERSION = 9
DUPLICATE_FIELDS = ("status", "duplicate_of", "near_duplicate_of", "near_duplicate_similarity")


def ingest_corpus_cached(
    corpus: Path,
    config: TextmineConfig,
    cache: ResultCache,
    run: Path,
    previous_run: Path | None,
    on_file: Callable[[], None] | None = None,
) -> tuple[list[IngestedDocument], dict[str, str]]:
    """The corpus's documents with their duplicate marks, and each document's ingest cache key.

    ``on_file`` is called once per file read (a progress bar). The run's 4-gram counts are saved
    in ``run``'s ``analysis/`` folder.
    """
    ingest_fingerprint = config.section_fingerprint("ingest")
    file_keys: dict[str, str] = {}

    def cached_read(source: SourceFile) -> list[IngestedDocument]:
        key = content_key(
            "ingest",
            INGEST_VERSION,
            source.sha256,
            source.rel_path,
            ingest_fingerprint,
            __version__,
        )
        hit = cache.get_rows("ingest", key)
        docs = hit["documents"] if hit is not None else read_source(source, config.ingest)
        if hit is None and all(d.status != STATUS_ERROR for d in docs):
            cache.put_rows("ingest", key, {"documents": docs})
        for doc in docs:
            file_keys[doc.doc_id] = key
        return docs

    documents = ingest_corpus(
        corpus,
        config.ingest,
        on_progress=lambda done, total: on_file() if on_file else None,
        read=cached_read,
        mark_duplicates=False,
    )
    mark_duplicates_cached(documents, config, cache, run, previous_run)
    return documents, file_keys


def _counts_cover(
    previous_run: Path | None,
    documents: list[IngestedDocument],
    marks: list[dict],
    config: TextmineConfig,
) -> bool:
    """Whether the previous run's 4-gram counts hold every text the near-duplicate pass compares
    (the documents that stay ``ok`` under the cached ``marks`` and are long enough)."""
    if previous_run is None:
        return False
    try:
        known = set(pd.read_parquet(previous_run / ANALYSIS_DIR / NGRAM_FILES[1])["sha256"])
    except (OSError, ValueError, KeyError):
        return False
    min_chars = config.ingest.near_duplicate_min_chars
    needed = {
        document.sha256 or text_sha256(document.text)
        for document, mark in zip(documents, marks, strict=True)
        if mark["status"] == STATUS_OK and len(document.text) >= min_chars
    }
    return needed <= known


def mark_duplicates_cached(
    documents: list[IngestedDocument],
    config: TextmineConfig,
    cache: ResultCache,
    run: Path,
    previous_run: Path | None,
) -> None:
    """Mark exact and near duplicates; the marks of an unchanged corpus come from the cache."""
    key = content_key(
        "duplicates",
        [(d.doc_id, d.sha256, d.status) for d in documents],
        config.section_fingerprint("ingest"),
        __version__,
    )
    hit = cache.get_rows("duplicates", key)
    # The marks are cached, the run's 4-gram counts are taken from the previous run: unless they
    # lack a text the marks compare (a run killed after it cached the marks), then they are
    # computed again, marks included.
    if hit is None or not _counts_cover(previous_run, documents, hit["marks"], config):
        mark_exact_duplicates(documents)
        known = NgramCounts.load(previous_run / ANALYSIS_DIR) if previous_run else None
        counts = mark_near_duplicates(
            documents,
            config.ingest.near_duplicate_threshold,
            config.ingest.near_duplicate_min_chars,
            known_counts=known,
        )
        counts.save(run / ANALYSIS_DIR)
        marks = [{f: getattr(d, f) for f in DUPLICATE_FIELDS} for d in documents]
        cache.put_rows("duplicates", key, {"marks": marks})
        return
    for document, marks in zip(documents, hit["marks"], strict=True):
        for field, value in marks.items():
            setattr(document, field, value)
    assert previous_run is not None  # _counts_cover said its counts hold every text
    (run / ANALYSIS_DIR).mkdir(parents=True, exist_ok=True)
    for name in NGRAM_FILES:  # the next run may need them
        link_or_copy(previous_run / ANALYSIS_DIR / name, run / ANALYSIS_DIR / name)
