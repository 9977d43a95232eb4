"""Prose-proposal figures on a split of the hand-made gold (``bench/prose_recall.py``, P16).

The ``blind`` split (explanations of the bill's changes, repnum-2015 commit log rows 0-105) is
dev since P14 read its misses; the rules of P16 were written from it. Its figures are pinned
here so that a change that loses amendment aims or adds false alarms shows up: firm recall
50/52 = 0.962 and precision 53/54 = 0.981 at P16 (0.365 and 0.957 before). Needs ../shared.
``blind2`` is dev since P16 scored it; ``blind3`` is not used here. ``blind4`` (P20) is pinned
as scored once with the rules of P18: a larger blind estimate, dev for the next change.
``blind5`` (P23: announced measures and goals in 12 synthetic texts kept in the repository) is
pinned as scored once; it needs no ../shared. ``blind6`` (15 more, by another rule-blind writer)
was scored once in P27 (its figures in its test's docstring) and is dev since P29.
``blind7`` (15 more, by a third rule-blind writer, for the fix of blind6's misses) was scored
once in P31 (its figures in its test's docstring) and is dev since P33.
``blind8`` (15 more, by a fourth rule-blind writer, for the fix of blind7's misses) was scored
once in P35 (its figures in its test's docstring) and is dev since P36.
"""

from __future__ import annotations

import pytest

from tests.conftest import shared_path


def test_amendment_explanations_keep_their_dev_figures():
    shared_path("corpora", "repnum-2015", "bill_text", "commit_log_linked_proposals.jsonl")
    from bench.prose_recall import score

    figures = score("blind", show=False)
    assert figures["firm_recall"] >= 0.94, figures  # 49/52
    assert figures["precision"] >= 0.96, figures


def test_amendments_and_citizen_proposals_keep_their_dev_figures():
    """``blind2`` (P16, scored once, then read): dev for P18's rules, firm recall 47/57 = 0.825
    and precision 52/55 = 0.945 at P18 (0.596 and 0.886 at P16)."""
    shared_path("corpora", "repnum-2015", "opinions.jsonl")
    from bench.prose_recall import score

    figures = score("blind2", show=False)
    assert figures["firm_recall"] >= 0.8, figures  # 46/57
    assert figures["precision"] >= 0.92, figures


def test_consultation_rows_keep_their_blind_figures():
    """``blind4`` (P20: 70 rows of five consultation tables, 61 firm sentences), scored once with
    no rule changed: firm recall 45/61 = 0.738 and precision 54/57 = 0.947 (0.508 and 0.950 at
    the base of P16, 0c0eade). The floors allow one more miss and one more false alarm."""
    for table in (
        ("rua-2019", "proposals.csv"),
        ("rua-2019", "arguments.csv"),
        ("granddebat-mel-2019", "proposals.csv"),
        ("granddebat-mel-2019", "debate_comments.csv"),
        ("repnum-2015", "opinions.jsonl"),
        ("repnum-2015", "arguments.jsonl"),
    ):
        shared_path("corpora", *table)
    from bench.prose_recall import row_documents, score

    documents = row_documents("blind4")
    assert len(documents) == 70  # the draw is fixed by its seed
    assert not documents.keys() & (row_documents("blind2").keys() | row_documents("blind3").keys())
    figures = score("blind4", show=False)
    assert figures["firm_recall"] >= 0.72, figures  # 44/61
    assert figures["precision"] >= 0.93, figures  # 54/58


def test_blind5_spans_are_whole_body_sentences():
    """Each blind5 gold span is one sentence of a file's body: past the YAML front matter, on one
    line, starting with a capital or « and ending at a stop or a closing quote."""
    import csv

    from bench.prose_recall import GOLD, ROOT, _front_matter, split_files

    files = {f"tests/data/prose_blind5/{p.name}": p for p in split_files("blind5")}
    assert len(files) == 12
    rows = [r for r in csv.DictReader(GOLD.open(encoding="utf-8")) if r["split"] == "blind5"]
    assert len(rows) == 89 and sum(r["firm"] == "True" for r in rows) == 67  # README's counts
    for row in rows:
        path = files[row["file"]]
        assert path == ROOT / row["file"]
        start, end = int(row["start"]), int(row["end"])
        span = path.read_text(encoding="utf-8")[start:end]
        assert start >= len(_front_matter(path)), row
        assert "\n" not in span and span == span.strip(), row
        assert span[0].isupper() or span[0] in "«0123456789", span
        assert span[-1] in ".»", span


def test_blind6_files_counts_and_spans():
    """blind6 holds the 15 files and the counts of its README, and each gold span is one whole
    sentence of a file's body (past the YAML front matter, on one line, from a capital, « or digit
    to a stop or a closing quote) holding its row's actor and amount as written; no detection."""
    import csv
    from collections import Counter
    from itertools import pairwise

    from bench.prose_recall import GOLD, ROOT, _front_matter, split_files

    files = {f"tests/data/prose_blind6/{p.name}": p for p in split_files("blind6")}
    assert len(files) == 15
    rows = [r for r in csv.DictReader(GOLD.open(encoding="utf-8")) if r["split"] == "blind6"]
    firm = Counter(r["category"] for r in rows if r["firm"] == "True")
    borderline = Counter(r["category"] for r in rows if r["firm"] == "False")
    assert len(rows) == 107 and sum(firm.values()) == 84  # README's counts
    assert firm == {"measure": 44, "goal": 19, "reco": 11, "call": 8, "measure-present": 2}
    assert borderline == {"measure": 17, "reco": 4, "call": 1, "obligation": 1}
    assert sum(1 for r in rows if r["firm"] == "True" and r["amount"]) == 20
    assert {r["file"] for r in rows} == set(files)  # every text has gold, none is elsewhere
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        path = files[row["file"]]
        assert path == ROOT / row["file"]
        text = path.read_text(encoding="utf-8")
        start, end = int(row["start"]), int(row["end"])
        span = text[start:end]
        assert start >= len(_front_matter(path)), row
        assert "\n" not in span and span == span.strip(), row
        assert span[0].isupper() or span[0] in "«0123456789", span
        assert span[-1] in ".»", span
        # a whole sentence: what precedes it ends a sentence, a line or a heading marker
        assert start == 0 or text[start - 1] in " \n", span
        assert row["actor"] in span and row["amount"] in span, row
        spans.setdefault(row["file"], []).append((start, end))
    for found in spans.values():
        found.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(found))  # no two rows overlap


# The announcement splits written for issue 19 and their README's counts: rows, firm rows per
# category, borderline rows per category, firm rows stating an amount, rows naming an actor
ANNOUNCEMENT_SPLITS = {
    "blind7": (
        128,
        {"measure": 59, "goal": 16, "reco": 12, "call": 8, "measure-present": 2},
        {"measure": 20, "reco": 7, "call": 1, "obligation": 3},
        23,
        53,
    ),
    "blind8": (
        113,
        {"measure": 51, "goal": 16, "reco": 8, "call": 5, "measure-present": 2},
        {"measure": 20, "reco": 7, "obligation": 3, "call": 1},
        19,
        55,
    ),
}


@pytest.mark.parametrize("split", sorted(ANNOUNCEMENT_SPLITS))
def test_announcement_split_files_counts_and_spans(split):
    """The split holds its 15 files and the counts of its README, and each gold span is one whole
    sentence of a file's body (past the YAML front matter, on one line, from a capital, « or digit
    to a stop or a closing quote, between spaces or line breaks) holding its row's actor and amount
    as written, with an amount the bench can read; no two rows overlap; no detection."""
    import csv
    from collections import Counter
    from itertools import pairwise

    from bench.prose_recall import GOLD, ROOT, _front_matter, euros, split_files

    total, firm_counts, borderline_counts, amounts, actors = ANNOUNCEMENT_SPLITS[split]
    files = {f"tests/data/prose_{split}/{p.name}": p for p in split_files(split)}
    assert len(files) == 15
    rows = [r for r in csv.DictReader(GOLD.open(encoding="utf-8")) if r["split"] == split]
    firm = Counter(r["category"] for r in rows if r["firm"] == "True")
    borderline = Counter(r["category"] for r in rows if r["firm"] == "False")
    assert len(rows) == total
    assert firm == firm_counts and borderline == borderline_counts
    assert sum(1 for r in rows if r["firm"] == "True" and r["amount"]) == amounts
    assert sum(1 for r in rows if r["actor"]) == actors
    assert {r["file"] for r in rows} == set(files)  # every text has gold, none is elsewhere
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        path = files[row["file"]]
        assert path == ROOT / row["file"]
        text = path.read_text(encoding="utf-8")
        start, end = int(row["start"]), int(row["end"])
        span = text[start:end]
        assert start >= len(_front_matter(path)), row
        assert "\n" not in span and span == span.strip(), row
        assert span[0].isupper() or span[0] in "«0123456789", span
        assert span[-1] in ".»", span
        assert start == 0 or text[start - 1] in " \n", span
        assert end == len(text) or text[end] in " \n", span  # the whole sentence, not a part
        assert row["actor"] in span and row["amount"] in span, row
        if row["amount"]:
            assert euros(row["amount"]) >= 1000, row  # read as written, in euros
        spans.setdefault(row["file"], []).append((start, end))
    for found in spans.values():
        found.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(found))  # no two rows overlap


def test_announced_measures_keep_their_figures():
    """``blind5`` (P23: 12 synthetic announcements of public bodies, 67 firm sentences), scored
    once blind (firm recall 31/67, precision 34/41, 8 of the 16 amounts), then dev: its misses
    were fixed by kind in P25 (firm recall 65/67 = 0.970, precision 67/67, 15 of the 16 firm
    sentences stating an amount found with that amount; P29: 66/67, 16/16). The floors allow two
    more misses, one false alarm and one amount fewer."""
    from bench.prose_recall import score

    figures = score("blind5", show=False)
    assert figures["firm_recall"] >= 0.94, figures  # 63/67
    assert figures["precision"] >= 0.98, figures  # 67/68
    assert figures["amount_linked"] >= 0.87, figures  # 14/16


def test_announcements_of_blind6_keep_their_dev_figures():
    """``blind6`` (P27: 15 synthetic texts of public bodies by a writer who had read no rule, 84
    firm sentences), scored once at the end of the session with P25's rules: firm recall 60/84 =
    0.714, precision 63/66 = 0.955, 16 of the 20 firm sentences stating an amount found with that
    amount (848ef13, before P25: 43/84, 0.907, 12). Dev since: its misses were fixed by kind in
    P29 (firm recall 84/84, precision 88/88, 20 of the 20 amounts: tuned figures). The floors
    allow one more miss, one more false alarm and one amount fewer."""
    from bench.prose_recall import score

    figures = score("blind6", show=False)
    assert figures["firm_recall"] >= 0.98, figures  # 83/84
    assert figures["precision"] >= 0.98, figures  # 88/89
    assert figures["amount_linked"] >= 0.95, figures  # 19/20


def test_announcements_of_blind7_keep_their_dev_figures():
    """``blind7`` (P31: 15 synthetic texts of public bodies by a third writer who had read no
    rule, 97 firm sentences), scored once by the integrator on main at 0622351 with P29's rules:
    firm recall 67/97 = 0.691, precision 70/72 = 0.972, 15 of the 23 firm sentences stating an
    amount found with that amount (acbf179, before P29: 61/97, 0.942). Dev since: its misses were
    fixed by kind in P33 (firm recall 96/97, precision 99/99, 23 of the 23 amounts: tuned
    figures). The floors allow one more miss, one more false alarm and one amount fewer."""
    from bench.prose_recall import score

    figures = score("blind7", show=False)
    assert figures["firm_recall"] >= 0.98, figures  # 95/97
    assert figures["precision"] >= 0.99, figures  # 99/100
    assert figures["amount_linked"] >= 0.95, figures  # 22/23


def test_announcements_of_blind8_keep_their_dev_figures():
    """``blind8`` (P35: 15 synthetic texts of public bodies by a fourth writer who had read no
    rule, 82 firm sentences), scored once by the integrator on main at 81f9b55 with P33's rules:
    firm recall 63/82 = 0.768, precision 67/76 = 0.882, 16 of the 19 firm sentences stating an
    amount found with that amount. Dev since: its 9 false alarms were fixed by kind in P36 (firm
    recall 63/82, precision 67/67, 16 of the 19 amounts: tuned figures). The floors allow one
    more miss, one more false alarm and one amount fewer."""
    from bench.prose_recall import score

    figures = score("blind8", show=False)
    assert figures["firm_recall"] >= 0.75, figures  # 62/82
    assert figures["precision"] >= 0.98, figures  # 67/68
    assert figures["amount_linked"] >= 0.78, figures  # 15/19
