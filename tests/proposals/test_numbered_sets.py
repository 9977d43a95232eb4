"""The dev and blind sets of numbered layouts keep the figures measured when the rules landed.

Figures from ``python -m bench.numbered_layouts`` (bench/RESULTS.md, P13, P15, P17 and P21):
dev 125/125 found, 125 detections, 125 right boundaries (5 documents added in P15: tables of
contents, Word; 9 in P17, one per kind the second blind set missed; 7 in P21 for the third's); the set once blind (scored once in
P13: 54 detections, 3 of them the infinitive-led entries of a numbered table of contents; a dev
figure since P15 fixed that kind) 51/51 found, 51 detections.

The second blind set (``numbered_blind2``, 16 documents in Markdown, HTML, text, DOCX, ODT and
PDF) was scored once in P17 with the code before the fixes: 78/101 found (recall 0.772), 98
detections (precision 0.796), 75 right boundaries. Its misses were then fixed from new dev
documents, so its figure below (101/101) is a dev figure; the blind one stays in the note.

The third blind set (``numbered_blind3``, 18 documents, written by someone who had not read the
rules) was scored once in P19 with the code of main after P17's fixes: 83/120 found (recall
0.692), 113 detections (precision 0.735), 82 right boundaries; per format md 21/21, txt 18/24,
docx 20/27, odt 10/20, html 8/15, pdf 6/13. Its misses were then fixed by kind from new dev
documents (P21): 120/120 since, a dev figure.

The fourth blind set (``numbered_blind4``, 18 documents, 137 items, written by another writer
who had not read the rules nor the earlier sets) was scored once in P22 with the code of main
after P21's fixes: 92/137 found (recall 0.672), 116 detections (precision 0.793), 85 right
boundaries; per format md 32/38, txt 0/6, docx 23/33, odt 16/23, html 13/18, pdf 8/19. Its
misses were then fixed by kind from new fixtures (P24): 137/137 since, a dev figure.

The fifth blind set (``numbered_blind5``, 19 documents, 136 items, written by a writer who had
read neither the rules nor the earlier sets) was scored once in P26 with the code of main at
cf7fce1 (after P24): 103/136 found (recall 0.757), 117 detections (precision 0.880), 97 right
boundaries; per format docx 23/29, html 18/18, md 23/30, odt 22/22, pdf 11/19, txt 6/18. With the
code before P24 (848ef13): 94/136, 108 detections. Its misses were then fixed by kind from new
fixtures (P28): 136/136 since, 136 detections, 136 right boundaries, a dev figure.

The sixth and seventh blind sets (``numbered_blind6``, 19 documents, 137 items;
``numbered_blind7``, 20 documents, 150 items; two writers who had read neither the rules nor
each other's set) were scored once in P30 on main at 0622351 (after P28): blind6 100/137 found
(recall 0.730), 114 detections (precision 0.877), 90 right boundaries, per format docx 24/30,
html 14/14, md 28/28, odt 14/21, pdf 14/24, txt 6/20; blind7 112/150 (recall 0.747), 125
detections (precision 0.896), 106 right boundaries, per format docx 26/31, html 9/17, md 33/33,
odt 8/26, pdf 20/20, txt 16/23. Their misses were fixed by kind from new fixtures (P32): the
floors below are dev figures (blind6 137/137, 134 boundaries; blind7 150/150, 144 boundaries).
"""

from __future__ import annotations

import importlib
import re

import pytest

from bench.numbered_layouts import SETS, by_format, load_gold, ratios, score_folder

DEV_GOLD = 125  # 97 (P17) + 28 in the documents written for P19's misses (P21)
BLIND2_SCORED = {"gold": 101, "detected": 98, "correct": 78, "boundaries": 75}  # P17, once
BLIND3_SCORED = {"gold": 120, "detected": 113, "correct": 83, "boundaries": 82}  # P19, once
# correct items per format when scored in P19 (blind, once)
BLIND3_CORRECT_BY_FORMAT = {"docx": 20, "html": 8, "md": 21, "odt": 10, "pdf": 6, "txt": 18}
BLIND4_SCORED = {"gold": 137, "detected": 116, "correct": 92, "boundaries": 85}  # P22, once
# correct items per format when scored in P22 (blind, once)
BLIND4_CORRECT_BY_FORMAT = {"docx": 23, "html": 13, "md": 32, "odt": 16, "pdf": 8, "txt": 0}


def test_dev_set_figures(nlp):
    overall = score_folder(SETS["dev"], nlp)["overall"]
    assert overall["gold"] == DEV_GOLD
    assert overall["correct"] == DEV_GOLD
    assert overall["detected"] == DEV_GOLD
    assert overall["boundaries"] == DEV_GOLD


def test_blind_set_figures(nlp):
    overall = score_folder(SETS["blind"], nlp)["overall"]
    assert overall["gold"] == 51
    assert overall["correct"] >= 51
    assert overall["detected"] == overall["correct"]
    assert overall["boundaries"] >= 51


def test_second_blind_set_after_its_misses_were_fixed(nlp):
    scores = score_folder(SETS["blind2"], nlp)
    overall = scores["overall"]
    assert overall["gold"] == BLIND2_SCORED["gold"]  # the gold is not edited after the score
    assert overall["correct"] == 101 > BLIND2_SCORED["correct"]
    assert overall["detected"] == 101
    assert overall["boundaries"] == 101
    for suffix, score in by_format(scores).items():  # issue 19's goal, per format
        recall, precision = ratios(score)
        assert recall >= 0.97 and precision >= 0.9, suffix


def test_third_blind_set_after_its_misses_were_fixed(nlp):
    """Scored once in P19 (83/120 found, 113 detections, 82 right boundaries; per format md
    21/21, txt 18/24, docx 20/27, odt 10/20, html 8/15, pdf 6/13). Its misses were fixed by
    kind from new dev documents in P21: the figures below are dev figures."""
    scores = score_folder(SETS["blind3"], nlp)
    overall = scores["overall"]
    assert overall["gold"] == BLIND3_SCORED["gold"]  # the gold is not edited after the score
    assert overall["correct"] == 120 > BLIND3_SCORED["correct"]
    assert overall["detected"] == 120
    assert overall["boundaries"] == 120
    for suffix, score in by_format(scores).items():  # issue 19's goal, per format
        recall, precision = ratios(score)
        assert recall >= 0.97 and precision >= 0.9, suffix
        assert score["correct"] >= BLIND3_CORRECT_BY_FORMAT[suffix], suffix


def test_fourth_blind_set_after_its_misses_were_fixed(nlp):
    """Scored once in P22 (92/137 found, recall 0.672; 116 detections, precision 0.793; 85 right
    boundaries; per format md 32/38, txt 0/6, docx 23/33, odt 16/23, html 13/18, pdf 8/19).
    Its misses were fixed by kind from new fixtures in P24: the figures below are dev figures."""
    scores = score_folder(SETS["blind4"], nlp)
    overall = scores["overall"]
    assert overall["gold"] == BLIND4_SCORED["gold"]  # the gold is not edited after the score
    assert overall["correct"] == 137 > BLIND4_SCORED["correct"]
    assert overall["detected"] == 137
    assert overall["boundaries"] == 137
    for suffix, score in by_format(scores).items():  # issue 19's goal, per format
        recall, precision = ratios(score)
        assert recall >= 0.97 and precision >= 0.9, suffix
        assert score["correct"] >= BLIND4_CORRECT_BY_FORMAT[suffix], suffix


# blind5 (issue 19 item 2): gold items per file format, written before any run on the set
BLIND5_GOLD_BY_FORMAT = {"docx": 29, "html": 18, "md": 30, "odt": 22, "pdf": 19, "txt": 18}
BLIND5_DOCUMENTS_BY_FORMAT = {"docx": 4, "html": 2, "md": 4, "odt": 3, "pdf": 3, "txt": 3}


BLIND5_SCORED = {"gold": 136, "detected": 117, "correct": 103, "boundaries": 97}  # P26, once
# correct items per format when scored in P26 (blind, once, main at cf7fce1)
BLIND5_CORRECT_BY_FORMAT = {"docx": 23, "html": 18, "md": 23, "odt": 22, "pdf": 11, "txt": 6}


def test_fifth_blind_set_after_its_misses_were_fixed(nlp):
    """Scored once in P26 on main at cf7fce1: 103/136 found (recall 0.757), 117 detections
    (precision 0.880), 97 right boundaries; per format docx 23/29, html 18/18, md 23/30, odt
    22/22, pdf 11/19, txt 6/18. Its misses were fixed by kind from new fixtures in P28: the
    figures below are dev figures."""
    scores = score_folder(SETS["blind5"], nlp)
    overall = scores["overall"]
    assert overall["gold"] == BLIND5_SCORED["gold"]  # the gold is not edited after the score
    assert overall["correct"] == 136 > BLIND5_SCORED["correct"]
    assert overall["detected"] == 136
    assert overall["boundaries"] == 136
    for suffix, score in by_format(scores).items():  # issue 19's goal, per format
        recall, precision = ratios(score)
        assert recall >= 0.97 and precision >= 0.9, suffix
        assert score["correct"] >= BLIND5_CORRECT_BY_FORMAT[suffix], suffix


BLIND6_GOLD = {".md": 28, ".txt": 20, ".html": 14, ".docx": 30, ".odt": 21, ".pdf": 24}


def _blind6_documents() -> list:
    folder = SETS["blind6"]
    return [
        path
        for path in sorted(folder.iterdir())
        if path.suffix in BLIND6_GOLD and path.name != "README.md"
    ]


def test_sixth_blind_set_loads_without_detection():
    """The sixth blind set is loaded, never scored here: it is scored once, on the final code."""
    import html
    import re

    documents = _blind6_documents()
    assert len(documents) == 19
    counts = dict.fromkeys(BLIND6_GOLD, 0)
    for path in documents:
        gold = load_gold(path.with_name(path.stem + ".gold.csv"))
        assert gold, path.name
        assert all(list(row) == ["number", "text_start", "text_end"] for row in gold), path.name
        assert all(all(value.strip() for value in row.values()) for row in gold), path.name
        # one number per item in every document of this set (no two lists share a number)
        assert len({row["number"] for row in gold}) == len(gold), path.name
        counts[path.suffix] += len(gold)
        if path.suffix in {".md", ".txt", ".html"}:
            raw = path.read_text(encoding="utf-8")
            if path.suffix == ".html":
                raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
            text = " ".join(raw.split())
            for row in gold:
                start = text.find(" ".join(row["text_start"].split()))
                assert start >= 0, (path.name, row["number"])
                assert text.find(" ".join(row["text_end"].split()), start) > start, (
                    path.name,
                    row["number"],
                )
    assert counts == BLIND6_GOLD
    assert sum(counts.values()) == 137
    # every gold file has its document
    golds = {path.name.removesuffix(".gold.csv") for path in SETS["blind6"].glob("*.gold.csv")}
    assert golds == {path.stem for path in documents}


# blind7 (issue 19 item 2): a third writer who had read neither the rules nor the earlier sets,
# independent of blind6; gold items per file format, written before any run on the set
BLIND7_GOLD_BY_FORMAT = {"docx": 31, "html": 17, "md": 33, "odt": 26, "pdf": 20, "txt": 23}
BLIND7_DOCUMENTS_BY_FORMAT = {"docx": 4, "html": 2, "md": 4, "odt": 3, "pdf": 3, "txt": 4}
# "12", "2.1", "A.1", "b", "IV", "iii": a number as the document shows it, punctuation dropped
_BLIND7_NUMBER = re.compile(r"(\d+|[A-Za-z]|[IVX]+|[ivx]+)(\.\d+)?")


BLIND6_SCORED = {"gold": 137, "detected": 114, "correct": 100, "boundaries": 90}  # P30, once
BLIND7_SCORED = {"gold": 150, "detected": 125, "correct": 112, "boundaries": 106}  # P30, once


def test_sixth_and_seventh_blind_sets_after_their_misses_were_fixed(nlp):
    """Scored once in P30 on main at 0622351: blind6 100/137 found, 114 detections, 90 right
    boundaries; blind7 112/150, 125 detections, 106 right boundaries. Their misses were fixed
    by kind from new fixtures in P32: the floors below are dev figures."""
    for name, scored, boundaries in (
        ("blind6", BLIND6_SCORED, 134),
        ("blind7", BLIND7_SCORED, 144),
    ):
        scores = score_folder(SETS[name], nlp)
        overall = scores["overall"]
        assert overall["gold"] == scored["gold"], name  # the gold is not edited after the score
        assert overall["correct"] == scored["gold"] > scored["correct"], name
        assert overall["detected"] == scored["gold"], name
        assert overall["boundaries"] >= boundaries, name
        for suffix, score in by_format(scores).items():  # issue 19's goal, per format
            recall, precision = ratios(score)
            assert recall >= 0.97 and precision >= 0.9, (name, suffix)


# blind8 (issue 19 item 2): a fourth writer who had read neither the rules nor the earlier sets,
# independent of blind6, blind7 and blind9; gold items per file format, written before any run
BLIND8_GOLD_BY_FORMAT = {"docx": 30, "html": 15, "md": 32, "odt": 21, "pdf": 23, "txt": 18}
BLIND8_DOCUMENTS_BY_FORMAT = {"docx": 4, "html": 2, "md": 5, "odt": 3, "pdf": 3, "txt": 3}
# "12", "2.1", "1.1.1", "A", "II.1": a number as the document shows it, punctuation dropped
_BLIND8_NUMBER = re.compile(r"(\d+|[A-Z]|[IVX]+)(\.\d+){0,2}")


# blind9 (issue 19 item 2): a writer who had read neither the rules nor the earlier sets,
# independent of blind6 to blind8; gold items per file format, written with the documents
BLIND9_GOLD_BY_FORMAT = {"docx": 28, "html": 15, "md": 27, "odt": 20, "pdf": 22, "txt": 27}
BLIND9_DOCUMENTS_BY_FORMAT = {"docx": 4, "html": 2, "md": 4, "odt": 3, "pdf": 3, "txt": 4}
# "12", "2.1", "1.1.1", "A.1", "b", "vii": the number as the document shows it, without its
# label or punctuation
_BLIND9_NUMBER = re.compile(r"(\d+(\.\d+)*|[A-Za-z](\.\d+)?|[ivx]+)")


BLIND8_SCORED = {"gold": 139, "detected": 134, "correct": 123, "boundaries": 118}  # P34, once
BLIND9_SCORED = {"gold": 139, "detected": 138, "correct": 117, "boundaries": 116}  # P34, once


def test_eighth_and_ninth_blind_sets_keep_their_scored_figures(nlp):
    """Scored once in P34 on the session's final code (81f9b55): blind8 123/139 found, 134
    detections, 118 right boundaries; blind9 117/139, 138 detections, 116 right boundaries. Not
    fixed yet (their misses are P34's list): the floors are the scored figures, so that a change
    that loses them on documents nobody tuned on shows up here."""
    for name, scored in (("blind8", BLIND8_SCORED), ("blind9", BLIND9_SCORED)):
        overall = score_folder(SETS[name], nlp)["overall"]
        assert overall["gold"] == scored["gold"], name  # the gold is not edited after the score
        assert overall["correct"] >= scored["correct"], name
        wrong = overall["detected"] - overall["correct"]
        assert wrong <= scored["detected"] - scored["correct"], name
        assert overall["boundaries"] >= scored["boundaries"], name


# The blind sets whose gold is checked here without any detection: documents and gold items per
# format, and the form of a number as the documents show it (None: any)
LOADED_SETS = {
    "blind5": (BLIND5_DOCUMENTS_BY_FORMAT, BLIND5_GOLD_BY_FORMAT, None),
    "blind7": (BLIND7_DOCUMENTS_BY_FORMAT, BLIND7_GOLD_BY_FORMAT, _BLIND7_NUMBER),
    "blind8": (BLIND8_DOCUMENTS_BY_FORMAT, BLIND8_GOLD_BY_FORMAT, _BLIND8_NUMBER),
    "blind9": (BLIND9_DOCUMENTS_BY_FORMAT, BLIND9_GOLD_BY_FORMAT, _BLIND9_NUMBER),
}


@pytest.mark.parametrize("name", sorted(LOADED_SETS))
def test_a_blind_set_loads_without_detection(name):
    """Each blind set's documents and gold load (every document has its gold, three non-empty
    fields, one row per number, the counts per format its writer gave) without running any
    detection: a set is scored once, by the integrator, on the final code."""
    documents_by_format, gold_by_format, number_form = LOADED_SETS[name]
    folder = SETS[name]
    documents: dict[str, int] = {}
    gold: dict[str, int] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "README.md" or path.name.endswith(".gold.csv"):
            continue
        suffix = path.suffix.lstrip(".")
        rows = load_gold(path.with_name(path.stem + ".gold.csv"))
        assert rows, path.name
        for row in rows:
            assert set(row) == {"number", "text_start", "text_end"}, path.name
            assert all(value.strip() for value in row.values()), (path.name, row)
            if number_form is not None:
                assert number_form.fullmatch(row["number"]), (path.name, row["number"])
        numbers = [row["number"] for row in rows]
        assert len(numbers) == len(set(numbers)), path.name  # one gold row per item
        documents[suffix] = documents.get(suffix, 0) + 1
        gold[suffix] = gold.get(suffix, 0) + len(rows)
    assert documents == documents_by_format
    assert gold == gold_by_format
    golds = {path.name.removesuffix(".gold.csv") for path in folder.glob("*.gold.csv")}
    assert golds == {path.stem for path in folder.iterdir() if path.suffix != ".csv"} - {"README"}


@pytest.mark.parametrize("name", [f"blind{n}" for n in range(2, 10)])
def test_a_blind_set_builds_byte_for_byte(name, tmp_path):
    """The DOCX, ODT and PDF files are their builder's output (bench/make_numbered_<set>.py),
    unchanged by hand."""
    builder = importlib.import_module(f"bench.make_numbered_{name}")
    builder.main([str(tmp_path)])
    for file_name in builder.BUILDERS:
        assert (tmp_path / file_name).read_bytes() == (SETS[name] / file_name).read_bytes(), (
            file_name
        )
