"""Hourly pay gaps within each level (e.g. pay band), by hand."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import gaps_within as gw

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import frame


def test_within_bands():
    staff = frame(["Male", "Female", "Male", "Female"], [10.0, 9.0, 20.0, 20.0])
    staff["pay_band"] = ["5", "5", "6", "6"]
    out = gw.pay_gaps_within(staff, "pay_band", order=["5", "6", "7"])
    assert out.loc["5", "mean_gap"] == pytest.approx(10.0)
    assert out.loc["6", "median_gap"] == 0.0
    assert out.loc["7", "n_Male"] == 0
    assert np.isnan(out.loc["7", "mean_gap"])


def test_within_total_row_holds_everyone_in_the_levels():
    from edi_analysis.metrics.pay_arrays import PayArrays
    s = frame(["Male", "Female", "Male", "Female", "Female"], [10.0, 8.0, 20.0, 12.0, 30.0]).assign(
        band=["5", "5", "6", "6", "7"])
    t = gw.within_of(PayArrays(s), "band", "sex", "Male", "Female", order=["5", "6"], total="All")
    assert list(t.index) == ["5", "6", "All"]
    # band 7 is not in the levels: the All row is men 10, 20 and women 8, 12
    assert t.loc["All"].tolist() == [2, 2, 15.0, 10.0, 15.0, 10.0, pytest.approx(100 / 3), pytest.approx(100 / 3)]
    pd.testing.assert_frame_equal(t.iloc[:2], gw.pay_gaps_within(s, "band", "sex", "Male", "Female", order=["5", "6"]))
