"""Sub-themes (``themes.sub_themes``): where are they kept, what do they cost, are they sensible?
(RESULTS.md E9)

1. **Samples of the million-word bench corpus** (``--lemmas``: the ``doc_lemmas`` of a
   ``pipeline_vs_spacy`` run, whose corpus is the communiqués and the repnum, rua and Grand
   Débat contributions; ``term_candidates`` beside it gives the phrases): ``--samples`` random
   1,000-document samples (seed = sample). For each: the topic model fitted without and with
   sub-themes, side by side (CPU seconds of each), every broad theme with its documents, the
   gain of its best split over the word-shuffled null, the **noise** of that gain (the same
   split measured between two shuffles of the theme's words: what a theme with no sub-topics
   scores), and the sub-themes' labels. ``--dev`` seeds chose ``sub_theme_min_gain`` (above
   their largest noise); the other seeds are read after, as they come.
2. **Two levels of labels** (``--labelled``): repnum's proposals (7 chapters over 18 sections)
   and the Grand Débat comments (4 themes over 29 questions) as documents, broad themes fitted
   at the top gold k: NMI of the main theme against the top labels, of the main sub-theme (the
   main theme where it has none) against the lower labels, next to a flat NMF with as many
   topics as there are sections (questions) and as there are leaves.

    nice -n 10 python -m bench.themes_two_levels --lemmas PATH/analysis/doc_lemmas.parquet \
        [--samples 5] [--dev 3] [--labelled] [--whole]
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score

from textmine.config import ThemesConfig
from textmine.phrases import PhraseIndex
from textmine.themes import ThemeModel
from textmine.themes.subthemes import _gain, _words_only, shuffled_words
from textmine.themes.topics import _clean, _vectorize

warnings.filterwarnings("ignore")

DEFAULT_LEMMAS = Path("bench/results/pipeline/outputs/latest/analysis/doc_lemmas.parquet")


def noise(texts: list[str], k: int, seed: int) -> float:
    """The gain of ``k`` topics between two shuffles of ``texts``' words (no sub-topics in
    either): how far above 1 chance alone puts the gain."""
    _, vectorizer = _vectorize(texts)
    first = _words_only(vectorizer.transform(shuffled_words(texts, seed + 1000)), vectorizer)
    second = _words_only(vectorizer.transform(shuffled_words(texts, seed)), vectorizer)
    return _gain(first, second, k, seed)


def sample_run(lemmas: pd.DataFrame, candidates: pd.DataFrame | None, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    sample = lemmas.iloc[np.sort(rng.choice(len(lemmas), 1000, replace=False))]
    phrases = (
        PhraseIndex.from_candidates(candidates[candidates["doc_id"].isin(sample["doc_id"])])
        if candidates is not None
        else None
    )
    seconds = {}
    models = {}
    for setting in (0, "auto"):
        began = time.process_time()
        models[setting] = ThemeModel(ThemesConfig(sub_themes=setting)).fit(sample, phrases)
        seconds[setting] = time.process_time() - began
    model = models["auto"]
    frame = _clean(sample)
    main = model.doc_weights_.argmax(axis=1)
    themes = model.themes_table()
    sub = model.sub_themes_table()
    print(
        f"\nsample {seed}: {len(frame)} documents, {model.n_topics_} themes; CPU s without"
        f" sub-themes {seconds[0]:.2f}, with {seconds['auto']:.2f}"
        f" (+{seconds['auto'] - seconds[0]:.2f})"
    )
    noises = []
    for row in themes.itertuples():
        texts = frame["lemmas"].to_numpy()[main == row.theme_id].tolist()
        level = (
            max(noise(texts, k, row.theme_id) for k in range(2, 6))
            if len(texts) >= ThemesConfig().sub_theme_min_documents
            else float("nan")
        )
        noises.append((len(texts), level))
        gain = "-" if pd.isna(row.sub_theme_gain) else f"{row.sub_theme_gain:.2f}"
        print(
            f"  theme {row.theme_id} «{row.label}»: {row.n_documents} documents, gain {gain},"
            f" noise {level:.2f}, {row.n_sub_themes} sub-themes"
        )
        for s in sub[sub["theme_id"] == row.theme_id].itertuples():
            print(f"      {s.sub_theme_id:2d} «{s.label}» ({s.n_documents} documents)")
    return {"seconds": seconds, "noise": noises, "themes": themes}


def labelled_run() -> None:
    from bench._data import load_comments, load_labelled, repnum_chapters

    repnum = load_labelled()["repnum"]
    sets = {
        "repnum (7 chapters / 18 sections)": repnum.assign(
            top=repnum_chapters(repnum)["gold"].to_numpy(), low=repnum["gold"]
        ),
        "comments (4 themes / 29 questions)": load_comments().assign(
            top=lambda f: f["debate_theme"], low=lambda f: f["debate_id"]
        ),
    }
    for name, frame in sets.items():
        frame = frame.assign(doc_id=frame["proposal_id"].astype(str))
        frame = frame.sort_values("doc_id").reset_index(drop=True)
        k_top, k_low = frame["top"].nunique(), frame["low"].nunique()
        docs = frame[["doc_id", "lemmas"]]
        print(f"\n{name}: {len(frame)} texts")
        flat = ThemeModel(ThemesConfig(n_topics=k_low, sub_themes=0)).fit(docs)
        kept = frame.set_index("doc_id").loc[flat.doc_ids_]
        print(
            f"  flat NMF at {k_low}: NMI vs lower {nmi(kept['low'], flat.doc_weights_):.3f},"
            f" vs top {nmi(kept['top'], flat.doc_weights_):.3f}"
        )
        for setting in ("auto", 2, 3):
            model = ThemeModel(ThemesConfig(n_topics=k_top, sub_themes=setting)).fit(docs)
            kept = frame.set_index("doc_id").loc[model.doc_ids_]
            leaves = leaf_labels(model)
            print(
                f"  sub_themes={setting}: themes vs top {nmi(kept['top'], model.doc_weights_):.3f};"
                f" {len(set(leaves))} leaves vs lower"
                f" {normalized_mutual_info_score(kept['low'], leaves):.3f}"
                f" (themes alone vs lower {nmi(kept['low'], model.doc_weights_):.3f});"
                f" sub-themes per theme {model.themes_table()['n_sub_themes'].tolist()},"
                f" gains {model.themes_table()['sub_theme_gain'].round(2).tolist()}"
            )
            same = ThemeModel(ThemesConfig(n_topics=len(set(leaves)), sub_themes=0)).fit(docs)
            kept = frame.set_index("doc_id").loc[same.doc_ids_]
            print(
                f"    flat NMF at as many topics ({len(set(leaves))}): NMI vs lower"
                f" {nmi(kept['low'], same.doc_weights_):.3f}"
            )


def nmi(gold: pd.Series, weights: np.ndarray) -> float:
    return normalized_mutual_info_score(gold, weights.argmax(axis=1))


def leaf_labels(model: ThemeModel) -> list[str]:
    """Each document's main sub-theme, or its main theme where that has no sub-themes."""
    main = model.doc_weights_.argmax(axis=1)
    leaves = [f"t{m}" for m in main]
    start = 0
    for fit in model.sub_fits_:
        block = model.sub_weights_[:, start : start + fit.n_topics]
        for i in np.flatnonzero(main == fit.parent):
            if block[i].sum() > 0:
                leaves[i] = f"s{start + int(block[i].argmax())}"
        start += fit.n_topics
    return leaves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lemmas", type=Path, default=DEFAULT_LEMMAS)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--dev", type=int, default=3, help="samples 0..dev-1 chose the settings")
    parser.add_argument("--labelled", action="store_true")
    parser.add_argument(
        "--whole", action="store_true", help="also fit the whole --lemmas corpus without and with"
    )
    args = parser.parse_args()
    if args.lemmas.exists():
        lemmas = pd.read_parquet(args.lemmas)
        terms = args.lemmas.with_name("term_candidates.parquet")
        candidates = pd.read_parquet(terms) if terms.exists() else None
        runs = [sample_run(lemmas, candidates, seed) for seed in range(args.samples)]
        dev = min(args.dev, args.samples)
        for part, seeds in (("dev", range(dev)), ("other", range(dev, args.samples))):
            picked = [runs[s] for s in seeds]
            if not picked:
                continue
            levels = [n for r in picked for _, n in r["noise"] if not np.isnan(n)]
            gains = [g for r in picked for g in r["themes"]["sub_theme_gain"].dropna()]
            split = sum(int((r["themes"]["n_sub_themes"] > 0).sum()) for r in picked)
            total = sum(len(r["themes"]) for r in picked)
            extra = [r["seconds"]["auto"] - r["seconds"][0] for r in picked]
            base = [r["seconds"][0] for r in picked]
            print(
                f"\n{part} samples {list(seeds)}: noise max {max(levels):.2f}"
                f" (median {np.median(levels):.2f}); gains {min(gains):.2f}-{max(gains):.2f};"
                f" {split}/{total} themes split; sub-themes cost +{np.mean(extra):.2f} CPU s"
                f" on {np.mean(base):.2f}"
            )
        if args.whole:
            for setting in (0, "auto"):
                began = time.process_time()
                model = ThemeModel(ThemesConfig(sub_themes=setting)).fit(lemmas, None)
                print(
                    f"\nwhole corpus ({len(lemmas)} documents), sub_themes={setting}:"
                    f" {time.process_time() - began:.1f} CPU s, {model.n_topics_} themes,"
                    f" {len(model.sub_themes_table())} sub-themes"
                )
    else:
        print(f"{args.lemmas} not found (run bench.pipeline_vs_spacy first): samples skipped")
    if args.labelled:
        labelled_run()


if __name__ == "__main__":
    main()
