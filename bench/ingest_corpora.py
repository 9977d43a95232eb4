"""Ingest every corpus under ../shared/corpora and print counts by status and format, and wall time.

Needs ../shared/corpora. Time: 13-17 s for the 8,754 documents plus 2.5-5 s of library loading
(session 1). Figures that matter go into ``bench/RESULTS.md``.

    nice -n 19 python -m bench.ingest_corpora [--samples]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from bench._data import shared
from textmine.config import IngestConfig
from textmine.ingest import ingest_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", action="store_true", help="print sample documents")
    show_samples = parser.parse_args().samples
    corpora = shared()
    config = IngestConfig()
    start = time.perf_counter()
    import sklearn.neighbors  # noqa: F401 - one-time import cost, reported apart
    import trafilatura  # noqa: F401

    from textmine.ingest.metadata import detect_language

    detect_language("Texte de chauffe pour charger le modèle de langue une fois.", "fr")
    print(f"library imports and language model load: {time.perf_counter() - start:.2f} s")
    grand_total = 0.0
    for corpus in sorted(p for p in corpora.iterdir() if p.is_dir()):
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
