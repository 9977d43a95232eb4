"""Printing helpers shared by the benches: mean ± std cells and paired differences.

The benches print their figures (redirect them to ``bench/results/``, git-ignored, for raw
output); the figures that matter are copied into ``bench/RESULTS.md`` with their date, data and
verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def cell(values: Iterable[float]) -> str:
    """``mean±std`` of the values, 3 decimals."""
    values = np.asarray(list(values), dtype=float)
    return f"{values.mean():.3f}±{values.std():.3f}"


def paired(mine: Sequence[float], theirs: Sequence[float]) -> str:
    """The paired difference ``mine - theirs`` as ``mean±std won w/n``."""
    diff = np.asarray(mine, dtype=float) - np.asarray(theirs, dtype=float)
    return f"{cell(diff)} won {int((diff > 0).sum())}/{len(diff)}"
