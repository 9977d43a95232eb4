"""Time the review loop on a synthetic run: write sheets, load a reviewer's folder, apply decisions.

Prints seconds per step and the size of the sheets written. Needs no data (synthetic tables);
time: not recorded as a whole, seconds per step at 20,000 proposals (session 2 measured the sheets
of 12,700 proposals written in 1.7 s). Figures that matter go into ``bench/RESULTS.md``.

    python -m bench.bench_review [n_proposals]   # default 20000
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from textmine import schema
from textmine.review import apply_decisions, load_decisions, write_review_sheets

WORDS = [
    "numérique",
    "territoires",
    "données",
    "ouvertes",
    "formation",
    "agents",
    "publics",
    "collectivités",
    "accès",
    "réseau",
    "fibre",
    "médiation",
    "inclusion",
    "administration",
    "algorithmes",
    "transparence",
    "services",
]


def synthetic_tables(n_proposals: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = random.Random(seed)
    n_clusters = max(2, n_proposals // 100)
    rows = [
        {
            "proposal_id": f"p-{i:06d}",
            "doc_id": f"d-{i // 20:05d}",
            "kind": "numbered",
            "start_char": 0,
            "end_char": 200,
            "text": "Proposer de " + " ".join(rng.choices(WORDS, k=30)) + ".",
            "confidence": rng.random(),
            "cluster_id": rng.randrange(-1, n_clusters),
        }
        for i in range(n_proposals)
    ]
    proposals = pd.DataFrame(rows)
    clusters = [
        {
            "cluster_id": c,
            "label": " · ".join(rng.sample(WORDS, 2)),
            "top_terms": rng.sample(WORDS, 5),
            "size": int((proposals["cluster_id"] == c).sum()),
            "representative_ids": list(proposals[proposals["cluster_id"] == c]["proposal_id"][:5]),
        }
        for c in range(n_clusters)
    ]
    n_entities = n_proposals // 4
    index = pd.DataFrame(
        {
            "entity_id": [f"e-{i:06d}" for i in range(n_entities)],
            "canonical": [f"Entité {i}" for i in range(n_entities)],
            "label": "ORG",
            "aliases": [[] for _ in range(n_entities)],
            "n_mentions": 1,
        }
    )
    return {
        "proposals": schema.conform("proposals", proposals),
        "clusters": schema.conform("clusters", pd.DataFrame(clusters)),
        "entity_index": schema.conform("entity_index", index),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n_proposals", nargs="?", type=int, default=20_000)
    n = parser.parse_args().n_proposals
    tables = synthetic_tables(n)
    with tempfile.TemporaryDirectory() as tmp:
        run, review = Path(tmp, "run"), Path(tmp, "review")
        review.mkdir()
        start = time.perf_counter()
        paths = write_review_sheets(tables, run)
        print(f"write_review_sheets  {n} proposals: {time.perf_counter() - start:.2f} s")
        for path in paths:
            print(f"  {path.name}: {path.stat().st_size / 1e6:.2f} MB")
        # a reviewer rejects every 10th proposal and moves every 25th, in the CSV
        sheet = pd.read_csv(run / "proposals_review.csv", sep=";", dtype=str, encoding="utf-8-sig")
        sheet.loc[sheet.index % 10 == 0, "decision"] = "rejeter"
        sheet.loc[sheet.index % 25 == 1, "move_to_cluster"] = "0"
        sheet.to_csv(
            review / "proposals_review.csv",
            sep=";",
            index=False,
            encoding="cp1252",
            errors="replace",
        )
        start = time.perf_counter()
        decisions = load_decisions(review)
        print(
            f"load_decisions (Excel-saved CSV): {time.perf_counter() - start:.2f} s, "
            f"{len(decisions)} decisions, {len(decisions.problems)} problems"
        )
        start = time.perf_counter()
        applied, log = apply_decisions(tables, decisions)
        print(
            f"apply_decisions: {time.perf_counter() - start:.2f} s, "
            f"{len(log)} log rows {log['status'].value_counts().to_dict()}"
        )
        start = time.perf_counter()
        write_review_sheets(applied, Path(tmp, "run2"))
        print(f"write_review_sheets (pre-filled): {time.perf_counter() - start:.2f} s")
        again = Path(tmp, "again")
        again.mkdir()
        xlsx = "proposals_review.xlsx"
        (again / xlsx).write_bytes(Path(tmp, "run2", xlsx).read_bytes())
        start = time.perf_counter()
        reloaded = load_decisions(again)
        print(
            f"load_decisions (pre-filled XLSX): {time.perf_counter() - start:.2f} s, "
            f"{len(reloaded)} decisions, {len(reloaded.problems)} problems"
        )


if __name__ == "__main__":
    main()
