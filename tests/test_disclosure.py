"""Disclosure control: the worked example of metrics.md section 13."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.disclosure.suppress_old import suppress


@pytest.fixture
def bands():
    return pd.DataFrame(
        {"White": [120, 30], "BME": [80, 3], "Unknown": [10, 2]}, index=pd.Index(["5", "8c"], name="band")
    )


def test_primary_and_secondary(bands):
    out = suppress(bands)
    expected = pd.DataFrame(
        {"White": [120, 30], "BME": ["*", "<5"], "Unknown": ["*", "<5"]},
        index=bands.index,
        dtype=object,
    )
    pd.testing.assert_frame_equal(out, expected)


def test_no_line_keeps_exactly_one_hidden_cell(bands):
    hidden = suppress(bands).isin(["<5", "*"]).to_numpy()
    assert not (hidden.sum(axis=0) == 1).any()
    assert not (hidden.sum(axis=1) == 1).any()


def test_derived_values_follow_counts(bands):
    pct = bands.div(bands.sum(axis=1), axis=0) * 100
    out = suppress(pct, counts=bands)
    assert out.loc["8c", "BME"] == "<5"
    assert out.loc["5", "BME"] == "*"
    assert out.loc["5", "White"] == pytest.approx(120 / 210 * 100)


def test_zero_is_shown_and_internal_mode_shows_all():
    t = pd.DataFrame({"a": [0, 7], "b": [9, 12]})
    pd.testing.assert_frame_equal(suppress(t), t.astype(object))
    small = pd.DataFrame({"a": [1, 7], "b": [9, 12]})
    pd.testing.assert_frame_equal(suppress(small, mode="internal"), small.astype(object))


def test_secondary_tie_goes_to_first_in_table_order():
    t = pd.DataFrame({"a": [2, 8, 8], "b": [20, 20, 20]})
    out = suppress(t)
    assert out["a"].tolist() == ["<5", "*", 8]


def test_series_and_pay_group_threshold():
    n = pd.Series([40, 12, 8], index=["Asian", "Black", "Mixed"])
    means = pd.Series([20.5, 19.0, 18.0], index=n.index)
    out = suppress(means, counts=n, min_count=10, secondary=False)
    assert out.tolist() == [20.5, 19.0, "<10"]


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match="shape"):
        suppress(pd.DataFrame({"a": [1]}), counts=pd.DataFrame({"a": [1, 2]}))


def test_missing_counts_rejected():
    with pytest.raises(ValueError, match="missing"):
        suppress(pd.DataFrame({"a": [1.0, np.nan]}))
