"""Modal verbs out of the proposals' lemmas: does the clustering change? (issue: proposals).

spaCy's French stop words hold some inflections of the modal verbs and not others ("doit" and
"peut" are stop words, "devons", "devrait", "pourraient", "faut" are not), so "devoir",
"pouvoir", "falloir", "vouloir" and "aller" entered a proposal's lemmas depending on the form
used, and showed in cluster top terms ("devoir", "aller"). They name no topic. This compares,
with the shipped defaults at gold k, the lemmas as cached (``before``) with the same lemmas
without those five (``after``, what ``textmine.proposals`` now stores), on every labelled set:
the three development sets and the three held-out ones. 5 random 90 % subsets (random_state =
subset), paired differences. Nothing is chosen here: the list of modals was fixed beforehand.

    nice -n 19 .venv/bin/python bench/cluster_modals.py > bench/results/modals.txt
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_arguments import load_arguments
from cluster_comments import load_comments
from cluster_data import load_labelled, vectors_vocab
from cluster_heldout import (
    cell,
    print_run_end,
    repnum_chapters,
    run_textmine,
    source_digest,
    subsample,
)
from cluster_labelled import scores

from textmine.proposals.lexicon import MODAL_LEMMAS

warnings.filterwarnings("ignore")


def labelled_sets(keep_modals: bool) -> dict[str, pd.DataFrame]:
    """Every labelled set, its lemmas with or without the modal verbs."""
    development = load_labelled(keep_modals)
    return {
        "repnum sections": development["repnum"],
        "repnum chapters": repnum_chapters(development["repnum"]),
        "granddebat": development["granddebat"],
        "rua": development["rua"],
        "comments (held out)": load_comments(keep_modals).assign(gold=lambda f: f["debate_id"]),
        "repnum arguments (held out)": load_arguments("repnum", keep_modals).assign(
            gold=lambda f: f["section"]
        ),
        "rua arguments (held out)": load_arguments("rua", keep_modals).assign(
            gold=lambda f: f["section"]
        ),
    }


def main() -> None:
    started = time.perf_counter()
    digest = source_digest()
    vocab = vectors_vocab()
    print(f"modal lemmas left out: {sorted(MODAL_LEMMAS)}")
    print(
        f"{'set':30s} {'before NMI':>12s} {'after NMI':>12s} {'diff NMI':>16s} "
        f"{'before ARI':>12s} {'after ARI':>12s} {'diff ARI':>16s} {'texts touched':>14s}"
    )
    after_sets = labelled_sets(keep_modals=False)
    for name, frame in labelled_sets(keep_modals=True).items():
        k = frame["gold"].nunique()
        after = after_sets[name]
        touched = float((after["lemmas"] != frame["lemmas"]).mean())
        rows = {"before": [], "after": []}
        for run in range(5):
            for label, variant in (("before", frame), ("after", after)):
                part = subsample(variant, run, 0.9)
                predicted, _ = run_textmine(part, vocab, run, n_clusters=k)
                rows[label].append(scores(part["gold"].to_numpy(), predicted))
        nmi = {v: np.array([r["nmi"] for r in rows[v]]) for v in rows}
        ari = {v: np.array([r["ari"] for r in rows[v]]) for v in rows}
        d_nmi, d_ari = nmi["after"] - nmi["before"], ari["after"] - ari["before"]
        print(
            f"{name:30s} {cell(nmi['before']):>12s} {cell(nmi['after']):>12s} "
            f"{cell(d_nmi) + f' ({int((d_nmi > 0).sum())}/5)':>16s} "
            f"{cell(ari['before']):>12s} {cell(ari['after']):>12s} "
            f"{cell(d_ari) + f' ({int((d_ari > 0).sum())}/5)':>16s} {touched:14.0%}",
            flush=True,
        )
    print_run_end(digest, started)


if __name__ == "__main__":
    main()
