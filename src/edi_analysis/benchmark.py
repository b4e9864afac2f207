"""Where one organisation's figure sits among others' (benchmarking without league tables).

A position is stated as the share of organisations with a lower value and a
quartile, never as a bare rank, and always with the number compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Position", "position"]


@dataclass(frozen=True)
class Position:
    """One value's place in a distribution."""

    value: float
    n: int
    pct_lower: float  # % of the others with a strictly lower value, ties counted as half
    median: float
    quartile: str  # "lowest quarter", "second quarter", "third quarter", "highest quarter"


def position(value: float, others: pd.Series) -> Position:
    """Mid-rank percentile of ``value`` among ``others`` (NaN ignored).

    pct_lower = (number below + half the number equal) / n x 100, the
    mid-rank percentile (Hazen), so a value equal to every other sits at 50.
    """
    data = others.dropna().to_numpy(float)
    if len(data) == 0:
        raise ValueError("position: nothing to compare with.")
    below = float((data < value).sum())
    equal = float((data == value).sum())
    pct = (below + equal / 2) / len(data) * 100
    quartile = ("lowest quarter" if pct < 25 else "second quarter" if pct < 50 else "third quarter" if pct < 75
                else "highest quarter")
    return Position(float(value), len(data), pct, float(np.median(data)), quartile)
