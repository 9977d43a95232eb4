"""The dev and blind sets of numbered layouts keep the figures measured when the rules landed.

Figures from ``python -m bench.numbered_layouts`` (bench/RESULTS.md, P13): dev 33/33 found, 33
detections; blind (scored once, after development) 51/51 found, 54 detections (3 wrong: the
infinitive-led entries of a numbered table of contents), 51 right boundaries.
"""

from __future__ import annotations

from bench.numbered_layouts import SETS, score_folder


def test_dev_set_figures(nlp):
    overall = score_folder(SETS["dev"], nlp)["overall"]
    assert overall["gold"] == 33
    assert overall["correct"] == 33
    assert overall["detected"] == 33
    assert overall["boundaries"] == 33


def test_blind_set_figures(nlp):
    overall = score_folder(SETS["blind"], nlp)["overall"]
    assert overall["gold"] == 51
    assert overall["correct"] >= 51
    assert overall["detected"] - overall["correct"] <= 3
    assert overall["boundaries"] >= 51
