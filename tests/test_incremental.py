"""When reruns fold changes into corpus-level models and when they fit them again."""

from textmine.incremental import MODE_FOLD_IN, MODE_REFIT, plan_fit

CONFIG = {"clustering": {"n_clusters": "auto"}, "model": "fr_core_news_md"}


def _previous(changed_since_fit: int = 0, config: dict | None = None) -> dict:
    return {
        "mode": MODE_REFIT,
        "fitted_in": "20260101T000000-0001",
        "changed_since_fit": changed_since_fit,
        "config": config or CONFIG,
        "extra": {"n_topics": 7},
    }


def test_first_run_fits():
    state = plan_fit(None, CONFIG, n_changed=100, n_items=100, refit_share=0.1, run_id="r1")
    assert state.mode == MODE_REFIT and state.fitted_in == "r1" and state.changed_since_fit == 0


def test_small_change_folds_in_and_keeps_what_was_chosen():
    state = plan_fit(_previous(), CONFIG, n_changed=3, n_items=1000, refit_share=0.1, run_id="r2")
    assert state.mode == MODE_FOLD_IN
    assert state.fitted_in == "20260101T000000-0001"
    assert state.changed_since_fit == 3 and state.extra == {"n_topics": 7}


def test_changes_accumulate_until_the_share_is_crossed():
    near = plan_fit(_previous(95), CONFIG, n_changed=5, n_items=1000, refit_share=0.1, run_id="r")
    assert near.mode == MODE_FOLD_IN and near.changed_since_fit == 100
    over = plan_fit(_previous(99), CONFIG, n_changed=5, n_items=1000, refit_share=0.1, run_id="r")
    assert over.mode == MODE_REFIT and over.changed_since_fit == 0


def test_config_change_force_or_zero_share_refit():
    other = {"clustering": {"n_clusters": 12}, "model": "fr_core_news_md"}
    assert plan_fit(_previous(), other, 1, 1000, 0.1, "r").mode == MODE_REFIT
    assert plan_fit(_previous(), CONFIG, 1, 1000, 0.1, "r", force=True).mode == MODE_REFIT
    assert plan_fit(_previous(), CONFIG, 1, 1000, 0.0, "r").mode == MODE_REFIT
    # Nothing changed (only a review decision): even a zero share keeps the fit.
    assert plan_fit(_previous(), CONFIG, 0, 1000, 0.0, "r").mode == MODE_FOLD_IN


# --- what changed since the previous run (moved out of the flow)

import pandas as pd  # noqa: E402

from textmine.incremental import (  # noqa: E402
    changed_proposals,
    corpus_key,
    count_changed_documents,
    same_key_documents,
    unchanged_documents,
)
from textmine.runs import ANALYSIS_DIR, CACHE_KEYS_FILE  # noqa: E402


def _proposals(**lemmas: str) -> pd.DataFrame:
    return pd.DataFrame({"proposal_id": list(lemmas), "lemmas": list(lemmas.values())})


def test_changed_proposals_counts_added_removed_and_relemmatised():
    previous = _proposals(p1="créer guichet", p2="ouvrir donnée", p3="former agent")
    current = _proposals(p1="créer guichet", p2="ouvrir donnée publique", p4="mutualiser")
    assert changed_proposals(current, previous) == 3  # p2 changed, p3 removed, p4 added
    assert changed_proposals(current, None) == 3


def _keys(**parse: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(parse), "model": "m", "parse": list(parse.values())})


def test_unchanged_documents_are_those_with_every_key_equal(tmp_path):
    previous = tmp_path / "previous"
    (previous / ANALYSIS_DIR).mkdir(parents=True)
    _keys(d1="a", d2="b").to_parquet(previous / CACHE_KEYS_FILE)
    tables = ("sentences",)
    assert unchanged_documents(_keys(d1="a", d2="c"), previous, tables) == []  # no rows to carry
    pd.DataFrame({"doc_id": ["d1"]}).to_parquet(previous / ANALYSIS_DIR / "sentences.parquet")
    assert unchanged_documents(_keys(d1="a", d2="c", d3="d"), previous, tables) == ["d1"]
    assert unchanged_documents(_keys(d1="a"), None, tables) == []
    other_columns = _keys(d1="a").assign(extra="x")
    assert unchanged_documents(other_columns, previous, tables) == []
    # A truncated table of the previous run: nothing is carried over (its rows are computed).
    path = previous / ANALYSIS_DIR / "sentences.parquet"
    path.write_bytes(path.read_bytes()[:-20])
    assert unchanged_documents(_keys(d1="a", d2="c"), previous, tables) == []
    # ... but the document is still unchanged for the fit plans (a miss is not a change).
    assert same_key_documents(_keys(d1="a", d2="c"), previous) == ["d1"]


def test_changed_documents_are_added_removed_or_not_carried():
    assert count_changed_documents({"d1", "d2", "d4"}, {"d1", "d2", "d3"}, carried=["d1"]) == 3


def test_corpus_key_moves_with_any_input(tmp_path):
    keys = _keys(d1="a")
    documents = pd.DataFrame({"doc_id": ["d1"], "status": ["ok"], "error": [None]})
    key = corpus_key(keys, documents, "{}", tmp_path)
    assert key == corpus_key(keys, documents, "{}", tmp_path)
    assert key != corpus_key(_keys(d1="b"), documents, "{}", tmp_path)
    assert key != corpus_key(keys, documents.assign(status="error"), "{}", tmp_path)
    assert key != corpus_key(keys, documents, '{"x": 1}', tmp_path)
    (tmp_path / "proposals_review.csv").write_text("décision")
    assert key != corpus_key(keys, documents, "{}", tmp_path)
