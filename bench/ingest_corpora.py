"""Ingest every corpus under ../shared/corpora and print counts by status and format, and wall time.

Usage: .venv/bin/python bench/ingest_corpora.py [--samples]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from textmine.config import IngestConfig
from textmine.ingest import ingest_corpus

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def main() -> None:
    if not CORPORA.is_dir():
        print(f"no shared corpora at {CORPORA}")
        return
    show_samples = "--samples" in sys.argv
    config = IngestConfig()
    start = time.perf_counter()
    import sklearn.neighbors  # noqa: F401 - one-time import cost, reported apart
    import trafilatura  # noqa: F401

    from textmine.ingest.metadata import detect_language

    detect_language("Texte de chauffe pour charger le modèle de langue une fois.", "fr")
    print(f"library imports and language model load: {time.perf_counter() - start:.2f} s")
    grand_total = 0.0
    for corpus in sorted(p for p in CORPORA.iterdir() if p.is_dir()):
        start = time.perf_counter()
        docs = ingest_corpus(corpus, config)
        elapsed = time.perf_counter() - start
        grand_total += elapsed
        statuses = Counter(d.status for d in docs)
        formats = Counter(d.format for d in docs)
        n_chars = sum(len(d.text) for d in docs)
        n_near = sum(1 for d in docs if d.near_duplicate_of)
        n_blocks = sum(len(d.blocks) for d in docs)
        print(
            f"== {corpus.name}: {len(docs)} documents, {n_chars:,} chars, {n_blocks:,} blocks, "
            f"{elapsed:.2f} s"
        )
        print(f"   status: {dict(sorted(statuses.items()))}")
        print(f"   format: {dict(sorted(formats.items()))}")
        print(f"   near-duplicates flagged: {n_near}")
        for doc in docs:
            if doc.status in {"error", "skipped", "empty"}:
                print(f"   {doc.status:8} {doc.path}#{doc.source_id or ''}: {doc.error}")
        if show_samples:
            for doc in docs[:80]:
                if doc.format in {"csv", "jsonl", "json", "xlsx", "tsv"}:
                    continue
                print(
                    f"   {doc.path[:60]:60} date={doc.date} type={doc.doc_type} "
                    f"issuer={doc.issuer} sign={doc.signatory} ref={doc.reference} "
                    f"lang={doc.language} title={(doc.title or '')[:50]!r}"
                )
    print(f"total wall time: {grand_total:.2f} s")


if __name__ == "__main__":
    main()
