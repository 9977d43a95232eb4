"""Clustering quality on a second labelled set that no tuning used: the repnum-2015 arguments.

``repnum-2015/arguments.jsonl`` holds 3,994 arguments for or against the opinions of the
consultation (citizen proposals and the government's articles). Each carries the bill section
its opinion was posted under (``section_type_id``: 18 sections, 7 chapters through
``taxonomy.csv``). No clustering choice ever looked at them: the development sets were the
proposals of repnum, granddebat and rua, and the granddebat comments were the first held-out
set (``cluster_comments.py``). The labels are noisier than the proposals' (an argument answers
a proposal, which may itself be off-section, and many arguments are short: "Cela existe déjà").

The arguments are given to ``cluster_proposals`` as the pipeline gives a table row without a
title (the body alone as text), exact repeats of a body dropped (the pipeline marks copies as
duplicates). Protocol and output as in ``cluster_comments.py``: shipped defaults only, gold k
and automatic k, every baseline of ``cluster_labelled.baselines`` at gold k, mean ± std over 5
random 90 % subsets and over 5 seeds on the whole set, the default minus the best baseline
paired per subset. The lemmas are cached in ``bench/results/`` (git-ignored).

    nice -n 19 .venv/bin/python bench/cluster_arguments.py [--runs 5] [--share 0.9]
        [--labels section,chapter] > bench/results/arguments.txt
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_comments import parsed_lemmas, score_label_sets
from cluster_data import SHARED, vectors_vocab
from cluster_heldout import print_run_end, source_digest

from textmine.config import ClusteringConfig

warnings.filterwarnings("ignore")

REPNUM = SHARED / "repnum-2015"
LABELS = {"section": "18 bill sections", "chapter": "7 bill chapters"}


def load_arguments() -> pd.DataFrame:
    """The arguments as proposals (empty title, body as text) with section and chapter labels."""
    rows = [json.loads(line) for line in (REPNUM / "arguments.jsonl").open(encoding="utf-8")]
    raw = pd.DataFrame(rows)
    raw = raw[~raw["is_trashed"].astype(bool)]
    body = raw["body"].fillna("").str.strip()
    repeated = body.duplicated()
    print(
        f"{len(rows)} arguments; {int((body == '').sum())} empty and "
        f"{int((repeated & (body != '')).sum())} repeated bodies skipped",
        file=sys.stderr,
    )
    raw, body = raw[(body != "") & ~repeated], body[(body != "") & ~repeated]
    taxonomy = pd.read_csv(REPNUM / "taxonomy.csv", dtype=str).set_index("section_type_id")
    section = raw["section_type_id"].astype(str)
    chapter = taxonomy.loc[section, "titre"] + " " + taxonomy.loc[section, "chapitre"]
    frame = pd.DataFrame(
        {
            "proposal_id": ("argument-" + raw["argument_id"].astype(str)).to_numpy(),
            "title": "",
            "body": body.to_numpy(),
            "text": body.to_numpy(),
            "section": section.to_numpy(),
            "chapter": chapter.to_numpy(),
            "depth": 0,  # cluster_comments.evaluate scores "depth 0" rows apart: all of them here
        }
    )
    frame["doc_id"] = frame["proposal_id"]
    frame["lemmas"] = parsed_lemmas(frame, name="arguments")
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="random subsets (seed = run)")
    parser.add_argument("--share", type=float, default=0.9, help="share of the set per subset")
    parser.add_argument("--labels", default="section,chapter")
    parser.add_argument("--whole-seeds", type=int, default=5)
    args = parser.parse_args()
    if not REPNUM.exists():
        raise SystemExit(f"needs the shared corpora at {REPNUM}")
    t_start = time.perf_counter()
    digest = source_digest()
    frame = load_arguments()
    vocab = vectors_vocab()
    default = ClusteringConfig()
    print(
        f"textmine sources {digest}; shipped defaults only: {default}\n"
        f"{len(frame)} arguments, text = body, title empty; median "
        f"{int(frame['text'].str.split().str.len().median())} words"
    )
    print(
        f"{args.runs} x {args.share:.0%} subsets (textmine random_state = run, baselines seeded "
        f"= run); unclustered_share={default.unclustered_share} counted as its own group; "
        "'excl' leaves out the unclustered rows; 'NMI d0' is NMI again (every row has depth 0)"
    )
    score_label_sets(
        frame, args.labels.split(","), vocab, args.runs, args.share, args.whole_seeds, LABELS
    )
    print_run_end(digest, t_start)


if __name__ == "__main__":
    main()
