"""The documents of issue 19's entity gold, drawn at random (seeded) into dev and blind.

    python -m bench.ner_gold_sample

Press releases of ``../shared/corpora/communiques`` not in the train gold
(``tests/data/ner_gold/communiques.jsonl``) nor a near copy of one (same first 400 letters),
shuffled with seed 19: the first 6 go to blind, the next 6 to dev. Contributions: per table of
``ner_eval.CONTRIBUTION_SOURCES``, the rows of 60 to 1,200 characters (published, not
trashed), shuffled with seed 19: the first 6 to blind, the next 6 to dev. Drawn before anyone
read them, so that no split is chosen by its content. Prints one line per document.

``--blind2`` draws the second blind split of contributions (``blind2.jsonl``, issue 19 item 1,
bench/RESULTS.md E8), after E7's blind had been read: per table, the rows of 60 to 1,200
characters not in any gold split nor in the audit's sample (``ner_contribution_audit``),
shuffled with seed 1912; 14 rows with a capitalised word inside a sentence (a word starting
with a capital that follows neither a line start nor ".", "!", "?", ":") then 4 without, 18 per
table, 90 in all. The weighting: E7's 30 unweighted contributions held 22 gold pairs, too few
to measure a precision; capitals are where names (and the rules' false positives) are.
"""

from __future__ import annotations

import json
import random
import re
import sys

from bench import ner_eval

SEED = 19
SEED_BLIND2 = 1912
BLIND2_CAPITALISED, BLIND2_OTHER = 14, 4  # per table: 5 tables, 90 contributions
_INNER_CAPITAL = re.compile(r"(?<![.!?:\n])(?<![.!?:]\s)(?<!^)\b[A-ZÀ-Ý][\w'’-]*", re.M)
PER_SPLIT_RELEASES = 6
PER_SPLIT_CONTRIBUTIONS = 6  # per table: 5 tables, 30 contributions per split


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:400]


def draw() -> list[tuple[str, str | None, str]]:
    """(file, row id or None, split) of the drawn documents."""
    corpora = ner_eval.SHARED_CORPORA
    train = [json.loads(line)["file"] for line in ner_eval.GOLD_FILE.read_text().splitlines()]
    seen = {_key(ner_eval.load_press_release(corpora / f)) for f in train}
    releases = []
    for path in sorted((corpora / "communiques").iterdir()):
        if path.suffix not in (".md", ".markdown", ".txt") or "of-a-security" in path.name:
            continue  # the English copy of a release
        key = _key(ner_eval.load_press_release(path))
        if key not in seen and len(key) > 200:
            seen.add(key)
            releases.append(f"communiques/{path.name}")
    random.Random(SEED).shuffle(releases)
    drawn: list[tuple[str, str | None, str]] = []
    for i, name in enumerate(releases[: 2 * PER_SPLIT_RELEASES]):
        drawn.append((name, None, "blind" if i < PER_SPLIT_RELEASES else "dev"))
    for table in ner_eval.CONTRIBUTION_SOURCES:
        rows = ner_eval._table(corpora / table)
        ids = []
        for row_id, row in rows.items():
            if (
                str(row.get("published", "1")) in ("0", "0.0", "False")
                or row.get("trashed")
                or row.get("is_trashed") in (True, 1, "1")
            ):
                continue
            if row.get("kind", "citizen_proposal") != "citizen_proposal":
                continue
            text = ner_eval.load_contribution(corpora / table, row_id)
            if 60 <= len(text) <= 1200:
                ids.append(row_id)
        random.Random(SEED).shuffle(ids)
        for i, row_id in enumerate(ids[: 2 * PER_SPLIT_CONTRIBUTIONS]):
            drawn.append((table, row_id, "blind" if i < PER_SPLIT_CONTRIBUTIONS else "dev"))
    return drawn


def _used(skip: str = "") -> set[tuple[str, str]]:
    """(table, row id) of every contribution already in a gold split (but the file ``skip``)
    or the audit's sample."""
    from bench import ner_contribution_audit

    used = set()
    for path in sorted(ner_eval.GOLD_FILE.parent.glob("*.jsonl")):
        if path.name == skip:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "id" in record:
                used.add((record["file"], str(record["id"])))
    used |= {(table, row_id) for table, row_id, _ in ner_contribution_audit.sample()}
    return used


def draw_blind2() -> list[tuple[str, str | None, str]]:
    """(table, row id, "blind2") of the second blind split of contributions (module doc)."""
    corpora = ner_eval.SHARED_CORPORA
    used = _used(skip="blind2.jsonl")  # drawn before it existed
    drawn: list[tuple[str, str | None, str]] = []
    for table in ner_eval.CONTRIBUTION_SOURCES:
        rows = ner_eval._table(corpora / table)
        capitalised, other = [], []
        for row_id, row in rows.items():
            if (table, row_id) in used or _withdrawn(row):
                continue
            text = ner_eval.load_contribution(corpora / table, row_id)
            if 60 <= len(text) <= 1200:
                (capitalised if _INNER_CAPITAL.search(text) else other).append(row_id)
        random.Random(SEED_BLIND2).shuffle(capitalised)
        random.Random(SEED_BLIND2).shuffle(other)
        for row_id in capitalised[:BLIND2_CAPITALISED] + other[:BLIND2_OTHER]:
            drawn.append((table, row_id, "blind2"))
    return drawn


def _withdrawn(row: dict) -> bool:
    return (
        str(row.get("published", "1")) in ("0", "0.0", "False")
        or bool(row.get("trashed"))
        or row.get("is_trashed") in (True, 1, "1")
        or row.get("kind", "citizen_proposal") != "citizen_proposal"
    )


def main(argv: list[str] | None = None) -> int:
    if not ner_eval.SHARED_CORPORA.exists():
        print("shared corpora absent: nothing to draw")
        return 0
    args = sys.argv[1:] if argv is None else argv
    for name, row_id, split in draw_blind2() if "--blind2" in args else draw():
        print(split, name, row_id or "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
