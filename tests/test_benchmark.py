"""Positions in a distribution, by hand."""

import pandas as pd
import pytest

from edi_analysis.benchmark import position


def test_mid_rank_percentile_and_quartile():
    others = pd.Series([1.0, 2.0, 3.0, 4.0, None])
    p = position(2.5, others)
    assert (p.n, p.pct_lower, p.median, p.quartile) == (4, 50.0, 2.5, "third quarter")
    assert position(2.0, others).pct_lower == pytest.approx(37.5)  # one below, one tie
    assert position(0.0, others).quartile == "lowest quarter"
    assert position(9.0, others).quartile == "highest quarter"
    with pytest.raises(ValueError):
        position(1.0, pd.Series([None], dtype=float))
