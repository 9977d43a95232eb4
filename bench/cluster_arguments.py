"""Clustering quality on labelled sets that no tuning used: the arguments of two consultations.

``repnum-2015/arguments.jsonl`` holds 3,994 arguments for or against the opinions of the
consultation (citizen proposals and the government's articles). Each carries the bill section
its opinion was posted under (``section_type_id``: 18 sections, 7 chapters through
``taxonomy.csv``). No clustering choice ever looked at them: the development sets were the
proposals of repnum, granddebat and rua, and the granddebat comments were the first held-out
set (``cluster_comments.py``). The labels are noisier than the proposals' (an argument answers
a proposal, which may itself be off-section, and many arguments are short: "Cela existe déjà").

``--set rua``: the 1,777 arguments of ``rua-2019/arguments.csv``, labelled by the section (3,
imbalanced) of the proposal they answer. The rua proposals were a development set, so these
are new texts on known labels: a weaker test than repnum's arguments.

The arguments are given to ``cluster_proposals`` as the pipeline gives a table row without a
title (the body alone as text), exact repeats of a body dropped (the pipeline marks copies as
duplicates). Protocol and output as in ``cluster_comments.py``: shipped defaults only, gold k
and automatic k, every baseline of ``cluster_labelled.baselines`` at gold k, mean ± std over 5
random 90 % subsets and over 5 seeds on the whole set, the default minus the best baseline
paired per subset. The lemmas are cached in ``bench/results/`` (git-ignored).

    nice -n 19 .venv/bin/python bench/cluster_arguments.py [--set repnum|rua] [--runs 5]
        [--share 0.9] [--labels section,chapter] > bench/results/arguments.txt
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
RUA = SHARED / "rua-2019"
LABELS = {"section": "bill sections", "chapter": "bill chapters"}


def load_arguments(name: str, keep_modals: bool = False) -> pd.DataFrame:
    """The arguments as proposals (empty title, body as text) with their labels."""
    if name == "rua":
        raw = pd.read_csv(RUA / "arguments.csv", dtype=str)
        raw = raw[raw["trashed"].isna()].rename(columns={"text": "body"})
        proposals = pd.read_csv(RUA / "proposals.csv", dtype=str)
        raw = raw.merge(proposals[["proposal_id", "section_label"]], on="proposal_id")
        raw["section_type_id"] = raw["section_label"]
    else:
        rows = [json.loads(line) for line in (REPNUM / "arguments.jsonl").open(encoding="utf-8")]
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
        taxonomy = pd.read_csv(REPNUM / "taxonomy.csv", dtype=str).set_index("section_type_id")
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
    frame["lemmas"] = parsed_lemmas(frame, name=f"arguments_{name}", keep_modals=keep_modals)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="random subsets (seed = run)")
    parser.add_argument("--share", type=float, default=0.9, help="share of the set per subset")
    parser.add_argument("--set", choices=["repnum", "rua"], default="repnum")
    parser.add_argument("--labels", default=None, help="default: section,chapter (rua: section)")
    parser.add_argument("--whole-seeds", type=int, default=5)
    args = parser.parse_args()
    if not SHARED.exists():
        raise SystemExit(f"needs the shared corpora at {SHARED}")
    labels = args.labels or ("section" if args.set == "rua" else "section,chapter")
    t_start = time.perf_counter()
    digest = source_digest()
    frame = load_arguments(args.set)
    vocab = vectors_vocab()
    default = ClusteringConfig()
    print(
        f"textmine sources {digest}; shipped defaults only: {default}\n"
        f"{args.set}: {len(frame)} arguments, text = body, title empty; median "
        f"{int(frame['text'].str.split().str.len().median())} words"
    )
    print(
        f"{args.runs} x {args.share:.0%} subsets (textmine random_state = run, baselines seeded "
        f"= run); unclustered_share={default.unclustered_share} counted as its own group; "
        "'excl' leaves out the unclustered rows; 'NMI d0' is NMI again (every row has depth 0)"
    )
    score_label_sets(
        frame, labels.split(","), vocab, args.runs, args.share, args.whole_seeds, LABELS
    )
    print_run_end(digest, t_start)


if __name__ == "__main__":
    main()
