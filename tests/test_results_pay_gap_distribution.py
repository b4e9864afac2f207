"""Published percentiles of hourly pay: hand-worked values, the same people as the gaps and bands tables, and
every percentile hidden with its small group."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.results import pay_gap_distribution as dist
from edi_analysis.results import pay_gaps

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import base_rows, staff_table, trust


def test_percentiles_interpolate_linearly_between_ranked_values():
    # 5 values: position p * (n - 1); p10 at 0.4 -> 10 + 0.4 * 10
    got = dist.quantiles(pd.Series([50.0, 10.0, 30.0, None, 20.0, 40.0]))
    assert got == pytest.approx({"p10": 14.0, "p25": 20.0, "median": 30.0, "p75": 40.0, "p90": 46.0})
    assert all(np.isnan(v) for v in dist.quantiles(pd.Series([], dtype="float64")).values())


@pytest.fixture(scope="module")
def constructed():
    # 80 men (60 at 22.00-22.59, 20 at 21.00-21.19, band 7) and 3 men in band 5; 8 disabled women: too few
    staff = staff_table(base_rows(disabled=8) + [("Male", "A", "No", 18.5, 3)])
    res = pay_gaps.compute(trust(staff))
    return res, Policy().apply(res)


def test_by_group_hand_worked(constructed):
    res, _ = constructed
    sex = res.distribution.set_index("comparison").loc["sex"]
    # men: 83 values; 18.50-18.52, 21.00-21.19, 22.00-22.59; the median is the 42nd value: 22.00 + 0.01 * (42 - 24) = 22.18
    assert sex["n_reference"] == 83 and sex["median_reference"] == pytest.approx(22.18)
    # p10 at position 8.2: between the 9th (21.05) and 10th (21.06) values
    assert sex["p10_reference"] == pytest.approx(21.052)
    assert list(res.distribution["comparison"]) == ["sex", "ethnicity", "disability"]
    assert res.distribution["n_reference"].dtype == "int64" and res.distribution["year"].dtype == "int64"


def test_same_people_as_the_gaps_and_bands_tables(constructed):
    res, _ = constructed
    gaps = res.gaps[res.gaps["year"] == 2026].set_index("comparison")
    d = res.distribution.set_index("comparison")
    assert (d["n_reference"] == gaps["n_full_pay_reference"]).all() and (d["n_focus"] == gaps["n_full_pay_focus"]).all()
    assert (d["median_reference"] == gaps["median_hourly_reference"]).all()
    bands = res.bands[res.bands["comparison"] == "sex"].reset_index(drop=True)
    band_dist = res.band_distribution
    assert list(band_dist["level"]) == list(bands["level"]) and band_dist["level"].iloc[-1] == "All"
    assert (band_dist[["n_reference", "n_focus"]].to_numpy() == bands[["n_reference", "n_focus"]].to_numpy()).all()
    assert np.allclose(band_dist["median_focus"], bands["median_focus"], equal_nan=True)


def test_small_groups_are_hidden_with_the_same_mask_as_the_tables_they_repeat(constructed):
    _, pub = constructed
    disability = pub.distribution.set_index("comparison").loc["disability"]
    assert disability["n_focus"] == 8  # a count of 8 is shown; its pay figures are not
    assert all(is_hidden(disability[f"{q}_focus"]) for q in dist.QUANTILES)
    assert not is_hidden(disability["median_reference"])
    bands = pub.bands[pub.bands["comparison"] == "sex"].reset_index(drop=True)
    for col in ("n_reference", "n_focus", "median_reference", "median_focus"):
        assert [str(v) for v in pub.band_distribution[col]] == [str(v) for v in bands[col]], col
    band5 = pub.band_distribution.set_index("level").loc["5"]
    assert is_hidden(band5["n_reference"]) and all(is_hidden(band5[f"{q}_reference"]) for q in dist.QUANTILES)
