"""Pay gaps of other characteristics: merge, then suppress, against the worked example (metrics.md
section 7)."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import group_gaps as gg

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import MIN_GROUP, frame

PARENTS = {g: "BME" for g in ("Asian", "Black", "Mixed", "Other")}


def census_staff(sizes: dict[str, int]) -> pd.DataFrame:
    parts = [frame([g] * n, 10.0 + k) for k, (g, n) in enumerate(sizes.items())]
    out = pd.concat(parts, ignore_index=True).rename(columns={"sex": "census5"})
    return out


def test_merge_small_groups_worked_example():
    merged = gg.merge_small_groups({"White": 500, "Asian": 40, "Black": 12, "Mixed": 8, "Other": 6}, "White", PARENTS, min_size=MIN_GROUP)
    assert merged == {"Asian": "Asian", "Black": "Black", "Mixed": "Mixed and Other (combined)",
                      "Other": "Mixed and Other (combined)"}
    tiny = gg.merge_small_groups({"White": 500, "Asian": 40, "Black": 12, "Mixed": 4, "Other": 3}, "White", PARENTS, min_size=MIN_GROUP)
    assert tiny == {"Asian": "Asian", "Black": "Black", "Mixed": None, "Other": None}


def test_merge_pools_across_parents_as_a_last_resort():
    parents = {"H": "Asian", "J": "Asian", "M": "Black"}
    merged = gg.merge_small_groups({"A": 100, "H": 6, "J": 2, "M": 5}, "A", parents, min_size=MIN_GROUP)
    assert merged == {"H": "H, J and M (combined)", "J": "H, J and M (combined)", "M": "H, J and M (combined)"}
    assert gg.merge_small_groups({"A": 100, "H": 8}, "A", parents, min_size=MIN_GROUP) == {"H": None}


def test_group_pay_gaps_rows_for_the_worked_example():
    staff = census_staff({"White": 500, "Asian": 40, "Black": 12, "Mixed": 8, "Other": 6, "Unknown": 30})
    out = gg.group_pay_gaps(staff, "census5", "White", order=["White", "Asian", "Black", "Mixed", "Other"],
                            parents=PARENTS, min_group=MIN_GROUP)
    assert out.index.tolist() == ["White", "Asian", "Black", "Mixed and Other (combined)", "Unknown"]
    assert out.loc["Mixed and Other (combined)", "n"] == 14
    assert out.loc["Asian", "mean_gap"] == pytest.approx((10 - 11) / 10 * 100)
    combined_mean = (8 * 13 + 6 * 14) / 14
    assert out.loc["Mixed and Other (combined)", "mean_gap"] == pytest.approx((10 - combined_mean) / 10 * 100)
    assert np.isnan(out.loc["Unknown", "mean_gap"]) and out.loc["Unknown", "median_hourly"] == 15.0
    assert out.loc["Unknown", "share_pct"] == pytest.approx(30 / 596 * 100)


def test_group_pay_gaps_suppresses_what_cannot_be_pooled():
    staff = census_staff({"White": 500, "Asian": 40, "Black": 12, "Mixed": 4, "Other": 3})
    out = gg.group_pay_gaps(staff, "census5", "White", order=["White", "Asian", "Black", "Mixed", "Other"],
                            parents=PARENTS, min_group=MIN_GROUP)
    row = out.loc["Mixed and Other (too few to report)"]
    assert row["suppressed"] and row["n"] == 7 and np.isnan(row["mean_gap"]) and np.isnan(row["mean_hourly"])


def test_group_pay_gaps_needs_the_reference_group():
    with pytest.raises(ValueError, match="reference group"):
        gg.group_pay_gaps(census_staff({"Asian": 20}), "census5", "White", min_group=MIN_GROUP)


def test_group_labels_fill_blanks_and_keep_codes_categorical():
    coded = pd.Series(["BME", None, "White"], dtype="category")
    got = gg.group_labels(coded, "Unknown")
    assert isinstance(got.dtype, pd.CategoricalDtype) and got.tolist() == ["BME", "Unknown", "White"]
    text = gg.group_labels(pd.Series(["BME", None], dtype="str"), "Unknown")
    assert text.dtype == "string" and text.tolist() == ["BME", "Unknown"]
    pair = gg.pair_labels(pd.Series(["White", "Asian", "Black"]), "White", "BME")
    assert list(pair) == ["White", "BME", "BME"] and list(pair.categories) == ["White", "BME"]
