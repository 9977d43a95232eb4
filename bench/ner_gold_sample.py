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

``--blind3`` lists the third blind split (``blind3.jsonl``, bench/RESULTS.md E10), drawn after
E7's 6 blind press releases had been read: every press release of ``communiques/`` that no
gold split holds nor nearly copies (half or more of the shorter text's 5-word shingles shared:
the site keeps several versions of one release under different names; the English copy left
out), one per group of near copies (the first by name): 15 left. Then institutional prose that
no split uses, shuffled with seed 1913: 4 of the repnum-2015 government's articles of 2,000 to
4,000 characters (earlier draws skipped them as not contributions) and 6 pages of 2,000 to
4,000 characters of the CNNum's 2014 report (pypdf's text of one page). The pages were added
after the articles had been annotated: legal text that cites codes and laws, they held 4 pairs,
and the split was to reach 150 (the draw still by seed, not by content).

``--blind7`` draws a fresh blind split of contributions (``blind7.jsonl``, issue 19 item 1), for
a precision measured on rows nobody tuned on, blind2 having been scored after each rule change:
``--blind2``'s window (60 to 1,200 characters, published, not trashed) and weighting (14 rows
with an inner capital then 4 without, 18 per table, 90 in all; a table with fewer than 14
capitalised rows left is filled up to 18 with rows without: the grand débat MEL's proposals had
11 and 22), seed 2026, excluding every row
used anywhere (``_used_anywhere``): any gold split (blind2 included), the audit's sample and its
judgments (``contribution_audit.tsv``), the contribution filter's whole training draw
(``ner_contribution_filter.train_sample()``, of which ``contribution_train.tsv`` judges the rows
with a prediction: ``_used`` covered neither) and the consultation rows of the prose gold
(``bench/data/prose_gold.csv``). Drawn and printed before any of its texts was read; annotated
by hand under docs/annotation_guideline_entities.md by a session that read neither the entity
rules nor their E-entries, without running textmine or spaCy on it; committed alone, to be
scored once at the end of issue 19's session.

blind7's gold: 90 contributions, 44 spans (33 ORG, 8 LOC, 3 PER) and 105 MISC names; 43
distinct scored pairs per document, summed (32 ORG, 8 LOC, 3 PER); 28 contributions hold a
scored name (rua proposals 2, rua arguments 3, MEL proposals 9, repnum opinions 7, repnum
arguments 7). Most of the rua rows name only benefits (RUA, RSA, AAH, APL, ASS: MISC), in every
spelling ("Revenu Universel d'Activité", "revenu Universel", "REVENU UNIVERSEL", "RU(A)").
Conventions where the guideline leaves room: bodies written in lower case are annotated
("pôle emploi", "sénat", "assemblée nationale", "union européenne"), "gouvernement" and "état" in
lower case are not; a country as the subject of a sentence stays LOC ("La France dispose de …");
"Sécurité Sociale" as the body that saves money is ORG, inside "numéro de Sécurité Sociale" the
identifier is MISC; "Collège de France", where lectures are given, is ORG (an establishment);
"HADOPI" after "la décision du Conseil constitutionnel sur" is the law (MISC); an unnamed
"Préfecture" capitalised in a text capitalised throughout is not a name; a surname in lower case
("post snowden") is PER; taxes, licences, software and exams (TVA, ISF, GNU GPL, Ubuntu, Capes),
websites named as sources ("Novethic.fr") and the TV news "20H" are MISC; a report title keeps
the body inside it (only the outermost span, MISC).
"""

from __future__ import annotations

import json
import random
import re
import sys

from bench import ner_eval

SEED = 19
SEED_BLIND2 = 1912
BLIND2_CAPITALISED, BLIND2_OTHER = 14, 4
SEED_BLIND3 = 1913
SEED_BLIND7 = 2026  # blind7: --blind2's window and weighting, a seed no draw used
BLIND3_ARTICLES = 4  # 15 press releases were left (107 gold pairs): prose to reach 150+
BLIND3_PAGES = 6  # the 4 articles held 4 pairs; pages of a report name more bodies
BLIND3_REPORT = "reports/cnnum-neutralite-plateformes-2014/cnnum-neutralite-plateformes-2014.pdf"
NEAR_COPY = 0.5  # share of the shorter text's 5-word shingles: versions of one release share
# 0.97-1.00, distinct releases at most 0.37 (a shared paragraph about a programme)  # per table: 5 tables, 90 contributions
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


# Gold files of later draws that _used never counts: its callers (draw_blind2, the filter's
# train_sample, draw_blind7) were drawn before them, and a shuffle of fewer rows would differ.
DRAWN_LATER = ("blind7.jsonl",)


def _used(skip: str = "") -> set[tuple[str, str]]:
    """(table, row id) of every contribution already in a gold split (but the file ``skip`` and
    ``DRAWN_LATER``) or the audit's sample."""
    from bench import ner_contribution_audit

    used = set()
    for path in sorted(ner_eval.GOLD_FILE.parent.glob("*.jsonl")):
        if path.name == skip or path.name in DRAWN_LATER:
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


def _used_anywhere() -> set[tuple[str, str]]:
    """(table, row id) of every contribution any bench or gold file has used: ``_used()`` (the
    gold splits and the audit's sample), the audit's and the filter's judged rows, the filter's
    whole training draw and the prose gold's consultation rows."""
    import csv

    from bench import ner_contribution_filter

    used = _used()
    for name in ("contribution_audit.tsv", "contribution_train.tsv"):
        with ner_eval.GOLD_FILE.with_name(name).open(encoding="utf-8", newline="") as handle:
            used |= {(r["table"], r["id"]) for r in csv.DictReader(handle, delimiter="\t")}
    used |= {(table, row_id) for table, row_id, _ in ner_contribution_filter.train_sample()}
    prose_gold = ner_eval.PROJECT_ROOT / "bench" / "data" / "prose_gold.csv"
    with prose_gold.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table, _, row_id = row["file"].partition("#")
            if table in ner_eval.CONTRIBUTION_SOURCES:
                used.add((table, row_id))
    return used


def draw_blind7() -> list[tuple[str, str | None, str]]:
    """(table, row id, "blind7") of the seventh blind split, of contributions (module doc)."""
    corpora = ner_eval.SHARED_CORPORA
    used = _used_anywhere()
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
        random.Random(SEED_BLIND7).shuffle(capitalised)
        random.Random(SEED_BLIND7).shuffle(other)
        chosen = capitalised[:BLIND2_CAPITALISED]  # the MEL table has 11 left: others fill it
        chosen += other[: BLIND2_CAPITALISED + BLIND2_OTHER - len(chosen)]
        drawn += [(table, row_id, "blind7") for row_id in chosen]
    return drawn


def _withdrawn(row: dict) -> bool:
    return (
        str(row.get("published", "1")) in ("0", "0.0", "False")
        or bool(row.get("trashed"))
        or row.get("is_trashed") in (True, 1, "1")
        or row.get("kind", "citizen_proposal") != "citizen_proposal"
    )


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}


def _near_copy(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= NEAR_COPY


def draw_blind3() -> list[tuple[str, str | None, str]]:
    """(file, row id or None, "blind3") of the third blind split (module doc)."""
    corpora = ner_eval.SHARED_CORPORA
    used_files, used_ids = set(), set()
    for path in sorted(ner_eval.GOLD_FILE.parent.glob("*.jsonl")):
        if path.name == "blind3.jsonl":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "id" in record:
                used_ids.add((record["file"], str(record["id"])))
            else:
                used_files.add(record["file"])
    taken = [_shingles(ner_eval.load_press_release(corpora / f)) for f in sorted(used_files)]
    drawn: list[tuple[str, str | None, str]] = []
    for path in sorted((corpora / "communiques").iterdir()):
        if path.suffix not in (".md", ".markdown", ".txt") or "of-a-security" in path.name:
            continue
        shingles = _shingles(ner_eval.load_press_release(path))
        if any(_near_copy(shingles, other) for other in taken):
            continue
        taken.append(shingles)
        drawn.append((f"communiques/{path.name}", None, "blind3"))
    table = "repnum-2015/opinions.jsonl"
    rows = ner_eval._table(corpora / table)
    articles = [
        row_id
        for row_id, row in rows.items()
        if row.get("kind") == "government_article"
        and (table, row_id) not in used_ids
        and 2000 <= len(ner_eval.load_contribution(corpora / table, row_id)) <= 4000
    ]
    random.Random(SEED_BLIND3).shuffle(articles)
    drawn += [(table, row_id, "blind3") for row_id in articles[:BLIND3_ARTICLES]]
    from pypdf import PdfReader

    n_pages = len(PdfReader(corpora / BLIND3_REPORT).pages)
    pages = [
        page
        for page in range(1, n_pages + 1)
        if 2000 <= len(ner_eval.load_pdf_page(corpora / BLIND3_REPORT, page)) <= 4000
    ]
    random.Random(SEED_BLIND3).shuffle(pages)
    drawn += [(BLIND3_REPORT, f"page={page}", "blind3") for page in pages[:BLIND3_PAGES]]
    return drawn


def main(argv: list[str] | None = None) -> int:
    if not ner_eval.SHARED_CORPORA.exists():
        print("shared corpora absent: nothing to draw")
        return 0
    args = sys.argv[1:] if argv is None else argv
    if "--blind3" in args:
        documents = draw_blind3()
    elif "--blind7" in args:
        documents = draw_blind7()
    else:
        documents = draw_blind2() if "--blind2" in args else draw()
    for name, row_id, split in documents:
        print(split, name, row_id or "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
