"""Time ``build_entity_index`` on a synthetic corpus (worst case: random co-occurrences).

Needs no data (synthetic mentions). Time: not recorded. Figures that matter go into
``bench/RESULTS.md``.

    python -m bench.entity_index_scale [--documents 2000] [--mentions 100]
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from textmine.config import EntitiesConfig
from textmine.entities import build_entity_index


def synthetic_mentions(n_documents: int, mentions_per_document: int, seed: int = 0) -> pd.DataFrame:
    rng = random.Random(seed)
    n_entities = n_documents * mentions_per_document // 10
    rows = []
    for d in range(n_documents):
        for k in range(mentions_per_document):
            name = f"Organisme {rng.randrange(n_entities)}"
            rows.append(
                {
                    "doc_id": f"d{d}",
                    "sent_id": k // 5,
                    "start_char": 10 * k,
                    "end_char": 10 * k + 5,
                    "text": name,
                    "label": "ORG",
                    "canonical": name,
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--mentions", type=int, default=100, help="mentions per document")
    args = parser.parse_args()
    mentions = synthetic_mentions(args.documents, args.mentions)
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{d}" for d in range(args.documents)],
            "date": ["2020-01-01"] * args.documents,
        }
    )
    started = time.perf_counter()
    _, index = build_entity_index(mentions, documents, EntitiesConfig())
    seconds = time.perf_counter() - started
    print(f"{len(mentions)} mentions, {len(index)} entities: build_entity_index {seconds:.1f} s")


if __name__ == "__main__":
    main()
