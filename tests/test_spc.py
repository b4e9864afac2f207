"""SPC against every NHSRplotthedots reference case, hand-worked edge cases and the p-chart."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import spc as spc_mod
from edi_analysis.metrics.spc import SpcInputError, SpcResult, describe, p_chart, spc

# NHSRplotthedots' results for each case (tests/fixtures/spc/README.md says how they were made).
REFERENCE = Path(__file__).resolve().parent / "fixtures" / "spc"
CASES = sorted(REFERENCE.glob("*.json"))


def _num_equal(got, want):
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)


def _bool_equal(got, want):
    if want is None:
        return got is pd.NA or got is None
    return got is not pd.NA and bool(got) == want


def test_reference_cases_are_present():
    assert len(CASES) >= 6


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_matches_nhsrplotthedots(case_file):
    case = json.loads(case_file.read_text())
    prm = case["params"]
    res = spc(case["input"]["values"], case["input"]["dates"], improvement_direction=prm["improvement_direction"],
              target=prm["target"], rebase_indices=prm["rebase_indices"],
              fix_after_n_points=prm["fix_after_n_points"], screen_outliers=prm["screen_outliers"])
    got = res.points.set_index("index")
    for want in case["points"]:
        row = got.loc[want["index"]]
        where = f"point {want['index']}"
        assert row["rebase_group"] == want["rebase_group"], where
        for col in ("mean", "lpl", "upl"):
            assert _num_equal(row[col], want[col]), f"{where} {col}: {row[col]} != {want[col]}"
        for col in ("outside_limits", "close_to_limits"):
            assert _bool_equal(row[col], want[col]), f"{where} {col}"
        for col in ("relative_to_mean", "special_cause_type", "special_cause_flag", "point_type", "short_group_warning"):
            assert row[col] == want[col], f"{where} {col}: {row[col]!r} != {want[col]!r}"
    for want in case["groups"]:
        g = res.groups.set_index("rebase_group").loc[want["rebase_group"]]
        for col in ("n", "common_cause", "special_cause_improvement", "special_cause_concern", "variation_type_last_point"):
            assert g[col] == want[col], col
        for col in ("mean", "lpl", "upl"):
            assert _num_equal(g[col], want[col]), col
    assert res.summary == case["summary"]
    assert bool(res.warnings) == bool(case["warnings"])


def labels(x, mean=10.0, mr_bar=3.0):
    """The rule labels for a series against hand-chosen limits (mean +- 2.66 x mr_bar)."""
    out, _ = spc_mod._group_labels(np.asarray(x, float), mean, mr_bar)
    return out


def test_point_on_the_mean_breaks_a_run():
    assert labels([11] * 7) == ["7 Points Above CL"] * 7
    assert labels([11] * 6 + [10] + [11] * 6) == ["Common Cause"] * 13
    _, extra = spc_mod._group_labels(np.array([11.0, 10.0, 9.0]), 10.0, 3.0)
    assert extra["side"].tolist() == [1, 0, -1]


def test_trend_ending_in_a_tie_and_shared_peak():
    rise_tie_fall = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]
    got = labels(rise_tie_fall, mean=4.0, mr_bar=10.0)
    assert got[:6] == ["7 Point Trend (Increasing)"] * 6
    assert got[6:] == ["7 Point Trend (Decreasing)"] * 8  # the tie counts as Decreasing
    peak = labels([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1], mean=4.0, mr_bar=10.0)
    assert peak[5] == "7 Point Trend (Increasing)" and peak[6] == "7 Point Trend (Decreasing)"
    # A zero step ends a trend: six rises, a tie, six rises is no trend.
    assert set(labels([1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11], mean=6.0, mr_bar=10.0)) == {"Common Cause"}


def test_two_in_three_needs_the_same_side_and_ignores_outside_points():
    # mean 10, mr_bar 3: 2-sigma line at 15.32, upper limit at 17.98.
    got = labels([10.5, 16, 11, 16, 10.5, 9.5, 9])
    assert got[1] == got[3] == "2 in 3 Above CL" and got[2] == "Common Cause"
    assert labels([16, 9, 16]) == ["Common Cause"] * 3  # a point on the other side fails the window
    outside = labels([18.5, 16, 11])
    assert outside == ["Above UCL", "Common Cause", "Common Cause"]  # an outside point is not 'close'


def test_priority_outside_over_trend_over_run():
    got = labels([11, 12, 13, 14, 15, 16, 19], mean=10.0, mr_bar=3.0)
    assert got[-1] == "Above UCL"
    assert got[:-1] == ["7 Point Trend (Increasing)"] * 6


def test_all_equal_values_give_no_limits():
    res = spc([5.0] * 15, improvement_direction="increase", target=6)
    p = res.points
    assert p["lpl"].isna().all() and p["upl"].isna().all()
    assert p["outside_limits"].isna().all() and p["close_to_limits"].isna().all()
    assert (p["special_cause_type"] == "Common Cause").all()
    assert res.summary["assurance_type"] == "inconsistent"


def test_mostly_equal_values_collapse_the_limits():
    res = spc([5.0] * 14 + [6.0])
    p = res.points
    assert (p["lpl"] == p["mean"]).all() and (p["upl"] == p["mean"]).all()
    assert p["mean"].iloc[0] == pytest.approx(76 / 15)
    assert (p["special_cause_type"].iloc[:14] == "Below LCL").all()
    assert p["special_cause_type"].iloc[14] == "Above UCL"


def test_limits_by_hand_and_target_exactly_on_a_limit():
    x = [10.0, 12.0] * 8  # mean 11, every moving range 2, none screened out
    res = spc(x, improvement_direction="increase", target=11 + 2.66 * 2)
    g = res.groups.iloc[0]
    assert g["mean"] == 11 and g["upl"] == pytest.approx(16.32) and g["lpl"] == pytest.approx(5.68)
    assert res.summary["assurance_type"] == "inconsistent"
    assert spc(x, improvement_direction="increase", target=17).summary["assurance_type"] == "consistent_fail"
    assert spc(x, improvement_direction="decrease", target=17).summary["assurance_type"] == "consistent_pass"
    assert spc(x, improvement_direction="increase", target=5).summary["assurance_icon"] == "pass"


def test_screening_removes_large_moving_ranges_once():
    x = [10, 11, 10, 11, 10, 30, 10, 11, 10, 11, 10, 11, 10]
    # MRs: 1,1,1,1,20,20,1,1,1,1,1,1 -> mean 50/12; 20 >= 3.267 x 50/12, so both go; mean of the rest = 1.
    res = spc(x, screen_outliers=True)
    assert res.groups["upl"].iloc[0] - res.groups["mean"].iloc[0] == pytest.approx(2.66)
    unscreened = spc(x, screen_outliers=False)
    assert unscreened.groups["upl"].iloc[0] - unscreened.groups["mean"].iloc[0] == pytest.approx(2.66 * 50 / 12)


def test_short_groups_and_rebase():
    res = spc(list(range(20)), rebase_indices=[8])
    assert res.points["rebase_group"].tolist() == [0] * 8 + [1] * 12
    assert res.points["short_group_warning"].all()
    assert res.warnings
    assert not spc([1.0, 2.0] * 7).points["short_group_warning"].any()  # 14 points
    assert spc([1.0, 2.0, 1.5] * 4 + [1.0]).points["short_group_warning"].iloc[0] == np.False_  # 13 points


def test_fix_after_n_points_uses_the_first_n_only():
    x = [10.0, 12.0] * 6 + [30.0, 40.0]
    res = spc(x, fix_after_n_points=12)
    assert res.groups["mean"].iloc[0] == 11.0
    assert res.points["special_cause_type"].iloc[-1] == "Above UCL"


def test_neutral_direction():
    res = spc([10.0, 11.0] * 6 + [40.0], improvement_direction="neutral", target=12)
    assert res.points["point_type"].iloc[-1] == "special_cause_neutral_high"
    assert res.summary == {"variation_type": "special_cause_neutral_high", "variation_icon": "neutral_high",
                           "assurance_type": None, "assurance_icon": None}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(values=[1, "a", 3]), "every value must be a number"),
        (dict(values=[1, None, 3]), "missing or infinite value at position"),
        (dict(values=[1, 2, 3], dates=["2024-01-01", "2023-01-01", "2025-01-01"]), "not in time order at position 1"),
        (dict(values=[1, 2, 3], dates=["2024-01-01", "2024-01-01", "2025-01-01"]), "duplicate date"),
        (dict(values=[1, 2, 3], dates=["2024-01-01", "2025-01-01"]), "2 dates for 3 values"),
        (dict(values=[1, 2, 3], rebase_indices=[0]), "rebase_indices: 0 is not a position"),
        (dict(values=[1, 2, 3], rebase_indices=[5]), "rebase_indices: 5"),
        (dict(values=[1, 2, 3, 4], rebase_indices=[2, 1]), "must be increasing"),
        (dict(values=[1, 2, 3], fix_after_n_points=6), "at least 12"),
        (dict(values=[1, 2, 3], improvement_direction="up"), "improvement_direction"),
    ],
)
def test_input_errors(kwargs, message):
    values = kwargs.pop("values")
    with pytest.raises(SpcInputError, match=message):
        spc(values, **kwargs)


def test_plain_english_reading():
    res = spc([10.0, 11.0] * 6 + [40.0], improvement_direction="increase", target=50)
    # the spike lifts the mean: every other point sits below it, so the chart draws 12 concerns as well
    assert describe(res) == ("Special cause variation in 13 of 13 points (7 outside the process limits, 6 in a run of "
                             "seven on one side of the mean (a shift); 1 improving, 12 a concern); the latest point "
                             "shows special cause variation: improving (higher); the target is consistently not met.")
    flat = spc([10.0, 11.0] * 7, improvement_direction="decrease", target=10.5)
    assert describe(flat).startswith("Common cause variation: no significant change; the target is not reliably met")


def _drawn(labels, types, icon, *, assurance=None, target=None, direction="increase"):
    """An SPC result as a chart draws it: each point's label and type, and the icons."""
    points = pd.DataFrame({"special_cause_type": labels, "point_type": types})
    return SpcResult(points, pd.DataFrame(), {"variation_icon": icon, "assurance_icon": assurance}, direction, target)


C, CC = "Common Cause", "common_cause"
CONCERN, GOOD = "special_cause_concern", "special_cause_improvement"


@pytest.mark.parametrize(("result", "expected"), [
    # nothing anywhere
    (_drawn([C] * 12, [CC] * 12, "common_cause"), "Common cause variation: no significant change."),
    # nine special-cause points earlier on, the last point common: never "no significant change"
    (_drawn(["Below LCL"] * 2 + ["7 Points Below CL"] * 7 + [C] * 3, [CONCERN] * 9 + [CC] * 3, "common_cause"),
     "Special cause variation in 9 of 12 points (2 outside the process limits, 7 in a run of seven on one side of the "
     "mean (a shift); 9 a concern); the latest point is within common cause variation."),
    # a trend ending at the latest point, improving
    (_drawn([C] * 5 + ["7 Point Trend (Increasing)"] * 7, [CC] * 5 + [GOOD] * 7, "improvement_high"),
     "Special cause variation in 7 of 12 points (7 in a run of seven rising or falling (a trend); 7 improving); the "
     "latest point shows special cause variation: improving (higher)."),
    # two of three near a limit, lower is better, with assurance
    (_drawn([C] * 9 + ["2 in 3 Above CL"] * 2 + [C], [CC] * 9 + [CONCERN] * 2 + [CC], "common_cause",
            assurance="inconsistent", target=5.0, direction="decrease"),
     "Special cause variation in 2 of 12 points (2 two of three close to a limit; 2 a concern); the latest point is "
     "within common cause variation; the target is not reliably met (it lies within the process limits, so it will "
     "be hit and missed by chance)."),
    # a neutral measure with a target gets no assurance
    (_drawn([C] * 11 + ["Above UCL"], [CC] * 11 + ["special_cause_neutral_high"], "neutral_high", target=3.0,
            direction="neutral"),
     "Special cause variation in 1 of 12 points (1 outside the process limits; 1 higher, neither better nor worse); "
     "the latest point shows special cause variation: higher, neither better nor worse; no assurance is given for a "
     "neutral measure."),
])
def test_reading_covers_the_whole_series(result, expected):
    assert describe(result) == expected


def test_p_chart_by_hand():
    res = p_chart([10, 20, 30], [100, 200, 300])
    assert res.centre == pytest.approx(0.1)
    assert res.points["upl"].tolist() == pytest.approx([0.19, 0.1 + 3 * math.sqrt(0.09 / 200), 0.1 + 3 * math.sqrt(0.09 / 300)])
    assert res.points["lpl"].iloc[0] == pytest.approx(0.01)
    assert not res.laney and res.sigma_z == 0


def test_laney_adjustment_for_over_dispersed_data():
    # Equal denominators of 1,000; p = 5%, 8%, 4%, 9% around p-bar 6.5%.
    res = p_chart([50, 80, 40, 90], [1000] * 4)
    assert res.sigma_z == pytest.approx(4.548711658714829)
    assert res.laney
    # With equal denominators Laney's limits equal an XmR chart of p with 3/1.128: 0.065 + 3 x 0.04 / 1.128.
    assert res.points["upl"].iloc[0] == pytest.approx(0.17138297872340424)
    assert res.points["lpl"].iloc[0] == 0.0  # clipped at 0
    plain = p_chart([50, 80, 40, 90], [1000] * 4, laney=False)
    assert plain.points["upl"].iloc[0] == pytest.approx(0.065 + 3 * 0.007795832219846705)
    assert plain.points["outside_limits"].sum() == 2


def test_p_chart_input_errors():
    with pytest.raises(SpcInputError, match="each denominator"):
        p_chart([5, 20], [10, 10])
    with pytest.raises(SpcInputError, match="same length"):
        p_chart([1], [10])
