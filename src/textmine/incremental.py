"""When a rerun may update a corpus-level model instead of fitting it again.

Topics and clusters are fitted on the whole corpus. After a small change (a few documents added
to thousands) fitting them again costs much more than the change, and moves clusters that
reviewers have already read. So a rerun *folds in* the change (clusters: new proposals join the
nearest cluster; topics: the number of topics chosen earlier is kept) until the changes
accumulated since the last full fit exceed ``refit_share`` of the corpus, or the section's
configuration changes, or ``--force`` is given. The state travels in ``manifest.json``
(``incremental``), so the decision is explicit and visible to the operator.

The change itself is measured here too: :func:`changed_proposals` for the clustering,
:func:`unchanged_documents` and :func:`count_changed_documents` for the per-document stages and
the topics, :func:`corpus_key` for the run as a whole (nothing changed: the previous run's
tables are reused).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from textmine import __version__, schema
from textmine.cache import content_key
from textmine.runs import CACHE_KEYS_FILE, analysis_path, review_fingerprint, unreadable_tables

MODE_REFIT = "refit"
MODE_FOLD_IN = "fold-in"


@dataclass(frozen=True)
class FitState:
    """How a corpus-level model was obtained in a run, and the change it has absorbed since."""

    mode: str  # MODE_REFIT or MODE_FOLD_IN
    fitted_in: str  # the run whose full fit this model descends from
    changed_since_fit: int  # items added, changed or removed since that full fit
    config: dict[str, Any]  # the section's configuration at that fit
    extra: dict[str, Any]  # what the fold-in reuses (e.g. the number of topics)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def plan_fit(
    previous: dict[str, Any] | None,
    config: dict[str, Any],
    n_changed: int,
    n_items: int,
    refit_share: float,
    run_id: str,
    force: bool = False,
) -> FitState:
    """Fold in when the previous fit has the same config and little has changed since; else refit.

    ``previous`` is the section's state in the previous run's manifest (None: no usable run).
    The returned state has ``extra`` from ``previous`` when folding in; the caller fills it when
    refitting.
    """
    if previous and not force and previous.get("config") == config:
        changed = int(previous.get("changed_since_fit", 0)) + n_changed
        if changed <= refit_share * n_items:
            return FitState(
                MODE_FOLD_IN,
                str(previous.get("fitted_in", "")),
                changed,
                config,
                dict(previous.get("extra") or {}),
            )
    return FitState(MODE_REFIT, run_id, 0, config, {})


def changed_proposals(current: pd.DataFrame, previous: pd.DataFrame | None) -> int:
    """Proposals added, changed (other lemmas) or removed since the previous run."""
    if previous is None:
        return len(current)

    def lemmas_by_id(frame: pd.DataFrame) -> dict[str, str]:
        lemmas = frame["lemmas"].fillna("").astype(str) if "lemmas" in frame else [""] * len(frame)
        return dict(zip(frame["proposal_id"].astype(str), lemmas, strict=True))

    now, before = lemmas_by_id(current), lemmas_by_id(previous)
    changed = sum(1 for pid, lemmas in now.items() if pid in before and before[pid] != lemmas)
    return len(now.keys() - before.keys()) + len(before.keys() - now.keys()) + changed


def unchanged_documents(
    keys: pd.DataFrame, previous: Path | None, tables: tuple[str, ...]
) -> list[str]:
    """Documents whose every key (parse and stages) is the same as in the previous run, whose
    rows of ``tables`` can therefore be carried over (:func:`textmine.runs.carry_over_rows`)."""
    if previous is None or not all(analysis_path(previous, table).is_file() for table in tables):
        return []
    if unreadable_tables(previous):  # a damaged table: its rows are computed again
        return []
    return same_key_documents(keys, previous)


def same_key_documents(keys: pd.DataFrame, previous: Path | None) -> list[str]:
    """Documents whose every key is the same as in the previous run (whether or not their rows
    can be carried over): what the fit plans count as unchanged."""
    if previous is None:
        return []
    try:
        before = pd.read_parquet(previous / CACHE_KEYS_FILE)
    except (OSError, ValueError):
        return []
    if list(before.columns) != list(keys.columns):
        return []
    same = keys.merge(before, on=list(keys.columns), how="inner")
    return sorted(same["doc_id"].unique())


def count_changed_documents(current: set[str], previous: set[str], carried: list[str]) -> int:
    """Documents added, removed, and changed (in both runs but not carried over)."""
    return len(current ^ previous) + len((current & previous) - set(carried))


def corpus_key(
    keys: pd.DataFrame, documents: pd.DataFrame, config_json: str, review_dir: Path
) -> str:
    """What a run's results depend on: a run with the same key as the previous one reuses its
    tables (every document's keys, every document's status, the config, the reviewers' files,
    textmine's version and the schema's)."""
    return content_key(
        sorted(keys.drop(columns=["model"]).itertuples(index=False, name=None)),
        documents[["doc_id", "status", "error"]].values.tolist(),
        config_json,
        review_fingerprint(review_dir),
        __version__,
        schema.SCHEMA_VERSION,  # a run with new tables does not reuse a run without them
    )
