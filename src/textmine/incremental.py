"""When a rerun may update a corpus-level model instead of fitting it again.

Topics and clusters are fitted on the whole corpus. After a small change (a few documents added
to thousands) fitting them again costs much more than the change, and moves clusters that
reviewers have already read. So a rerun *folds in* the change (clusters: new proposals join the
nearest cluster; topics: the number of topics chosen earlier is kept) until the changes
accumulated since the last full fit exceed ``refit_share`` of the corpus, or the section's
configuration changes, or ``--force`` is given. The state travels in ``manifest.json``
(``incremental``), so the decision is explicit and visible to the operator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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
