"""Pay gap measures against the worked examples GPG-1 to GPG-11 (metrics.md section 13)."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.metrics import pay_gaps as pg

MIN_GROUP = Policy().min_pay_group

ABS = 1e-6


def frame(sex, rate, full_pay=True, bonus=0.0):
    n = len(sex)
    return pd.DataFrame(
        {
            "sex": pd.Series(sex, dtype="string"),
            "hourly_rate": np.asarray(rate, dtype=float) if np.ndim(rate) else np.full(n, float(rate)),
            "full_pay_relevant": np.broadcast_to(full_pay, n).astype(bool),
            "bonus_pay_12m": np.broadcast_to(bonus, n).astype(float),
        }
    )


def people(**blocks):
    """Build a staff frame from (sex, count, rate) blocks given as name=(sex, n, rate)."""
    parts = [frame([sex] * n, rate) for sex, n, rate in blocks.values()]
    return pd.concat(parts, ignore_index=True)


def test_mean_gap_gpg1_uses_unrounded_means():
    men = people(a=("Male", 1344, 17.5), b=("Male", 1, 30.0))  # sum 23,550
    women = people(a=("Female", 3099, 15.0), b=("Female", 1, 415.0))  # sum 46,900
    res = pg.pay_gap_measures(pd.concat([men, women], ignore_index=True))
    assert res.mean_hourly["Male"] == pytest.approx(17.509294, abs=ABS)
    assert res.mean_hourly["Female"] == pytest.approx(15.129032, abs=ABS)
    assert res.mean_gap == pytest.approx(13.594274, abs=ABS)
    assert round(res.mean_gap, 1) == 13.6


def test_median_gap_gpg2_even_count_takes_mean_of_middle_two():
    staff = people(
        m1=("Male", 672, 10.0), m2=("Male", 1, 15.0), m3=("Male", 672, 20.0),
        f1=("Female", 1550, 13.0), f2=("Female", 1550, 15.0),
    )
    res = pg.pay_gap_measures(staff)
    assert res.median_hourly == {"Male": 15.0, "Female": 14.0}
    assert res.median_gap == pytest.approx(6.666667, abs=ABS)


def test_bonus_proportion_gpg3_counts_all_relevant_employees():
    sex = ["Male"] * 1375 + ["Female"] * 3125
    bonus = np.r_[np.full(1300, 100.0), np.zeros(75), np.full(2000, 100.0), np.zeros(1125)]
    full_pay = np.ones(4500, bool)
    full_pay[[0, 1, 2000, 2001, 3000]] = False  # bonus recipients not on full pay still count
    full_pay[1375 + 3000 : 1375 + 3050] = False
    staff = frame(sex, 12.0, full_pay=full_pay, bonus=bonus)
    res = pg.pay_gap_measures(staff)
    assert res.bonus_proportion["Male"] == pytest.approx(94.545455, abs=ABS)
    assert res.bonus_proportion["Female"] == pytest.approx(64.0, abs=ABS)
    assert res.n_relevant == {"Male": 1375, "Female": 3125}
    assert sum(res.n_full_pay.values()) == 4445


def test_bonus_gaps_gpg4_gpg5():
    mean_staff = frame(["Male", "Male", "Female", "Female"], 10.0, bonus=[1650 - 100, 1650 + 100, 1490, 1490])
    assert pg.pay_gap_measures(mean_staff).mean_bonus_gap == pytest.approx(9.696970, abs=ABS)
    median_staff = frame(["Male"] * 3 + ["Female"] * 3, 10.0, bonus=[100, 2300, 9000, 50, 2225, 9999])
    assert pg.pay_gap_measures(median_staff).median_bonus_gap == pytest.approx(3.260870, abs=ABS)


def test_bonus_gap_excludes_non_recipients():
    staff = frame(["Male", "Male", "Female", "Female"], 10.0, bonus=[1000, 0, 500, 0])
    res = pg.pay_gap_measures(staff)
    assert res.mean_bonus == {"Male": 1000.0, "Female": 500.0}
    assert res.mean_bonus_gap == 50.0


def test_quartiles_gpg6():
    men = [187, 110, 298, 750]
    women = [925, 1001, 813, 361]
    parts = [people(m=("Male", m, 10.0 * (k + 1)), f=("Female", w, 10.0 * (k + 1))) for k, (m, w) in enumerate(zip(men, women))]
    res = pg.pay_gap_measures(pd.concat(parts, ignore_index=True))
    expected = pd.DataFrame({"Male": men, "Female": women}, index=list(pg.QUARTILES), dtype="int64")
    pd.testing.assert_frame_equal(res.quartile_counts, expected)
    assert res.quartile_counts.sum(axis=1).tolist() == [1112, 1111, 1111, 1111]
    np.testing.assert_allclose(res.quartile_pct["Male"], [16.816547, 9.900990, 26.822682, 67.506751], atol=ABS)
    np.testing.assert_allclose(res.quartile_pct["Female"], [83.183453, 90.099010, 73.177318, 32.493249], atol=ABS)
    assert res.quartile_counts.sum().tolist() == [1345, 3100]


def test_tie_across_boundary_gpg7():
    staff = people(
        low_m=("Male", 15, 5.0), low_f=("Female", 15, 5.0),
        tie_f=("Female", 36, 10.0), tie_m=("Male", 4, 10.0),
    )
    rest = frame(["Male"] * 90, np.arange(20.0, 110.0))
    res = pg.pay_gap_measures(pd.concat([staff, rest], ignore_index=True))
    assert res.quartile_counts.loc["Lower"].to_dict() == {"Male": 15 + 1, "Female": 15 + 9}
    assert res.quartile_counts.loc["Lower middle"].to_dict() == {"Male": 3 + 10, "Female": 27}


def test_tie_largest_remainder_gpg8():
    staff = pd.concat(
        [
            frame(["Female"], 1.0),
            people(m=("Male", 3, 5.0), f=("Female", 4, 5.0)),
            frame(["Male"] * 8, np.arange(10.0, 18.0)),
        ],
        ignore_index=True,
    )
    counts = pg.allocate_quartiles(staff["hourly_rate"], staff["sex"])
    assert counts.loc["Lower"].to_dict() == {"Female": 1 + 2, "Male": 1}
    assert counts.loc["Lower middle"].to_dict() == {"Female": 2, "Male": 2}


@pytest.mark.parametrize(("n", "sizes"), [(8, [2, 2, 2, 2]), (9, [3, 2, 2, 2]), (10, [3, 2, 3, 2]), (11, [3, 3, 3, 2]), (4445, [1112, 1111, 1111, 1111])])
def test_quartile_sizes_gpg9(n, sizes):
    assert pg.quartile_sizes(n) == sizes


def test_hourly_rate_gpg10():
    assert pg.hourly_rate(2600.0, 37.5) == pytest.approx(15.943933, abs=ABS)
    with_bonus = pg.hourly_rate(2600.0, 37.5, bonus_paid=1200.0, bonus_relates_to_days=365)
    assert with_bonus == pytest.approx(16.557632, abs=ABS)
    assert np.isnan(pg.hourly_rate(1000.0, 0))


def test_hourly_rates_gpg10_vectorised():
    rates = pg.hourly_rates(pd.Series([2600.0, 2600.0], index=["a", "b"]), 30.44, 37.5,
                            bonus_in_period=pd.Series([np.nan, 1200.0], index=["a", "b"]),
                            bonus_relates_to_days=pd.Series([np.nan, 365.0], index=["a", "b"]))
    assert list(rates.index) == ["a", "b"] and rates.dtype == "float64"
    assert rates.tolist() == pytest.approx([15.943933, 16.557632], abs=ABS)


def test_hourly_rates_by_pay_period():
    # By hand: weekly 700 over 7 days at 35 h = 700 x 7 / 7 / 35 = 20.00; four-weekly 2,240 over 28 days
    # at 40 h = 2,240 x 7 / 28 / 40 = 14.00; a 365-day award of 365 paid in the week counts 365 x 7 / 365
    # = 7.00, so (700 + 7) x 7 / 7 / 35 = 20.20.
    rates = pg.hourly_rates([700.0, 2240.0, 700.0], [7, 28, 7], [35, 40, 35],
                            bonus_in_period=[0, 0, 365.0], bonus_relates_to_days=[np.nan, np.nan, 365])
    assert rates.tolist() == pytest.approx([20.0, 14.0, 20.2], abs=1e-12)


def test_variable_hours_average_over_12_weeks():
    # 240 hours in the 12 weeks -> 20 h/week; 1,522 in a 30.44-day month = 50 a day, x 7 / 20 = 17.50.
    # Contractual hours, where given, win over the 12-week total; no hours at all gives no rate.
    rates = pg.hourly_rates([1522.0, 1522.0, 1522.0, 1522.0], 30.44, [np.nan, 35.0, 0.0, np.nan],
                            hours_12_weeks=[240.0, 240.0, 240.0, np.nan])
    assert rates.iloc[0] == pytest.approx(17.5, abs=1e-12)
    assert rates.iloc[1] == pytest.approx(10.0, abs=1e-12)  # 50 a day x 7 / 35
    assert rates.iloc[2:].isna().all()


def test_a_bonus_needs_the_days_it_relates_to():
    with pytest.raises(ValueError, match="bonus_relates_to_days"):
        pg.hourly_rates([2600.0], 30.44, 37.5, bonus_in_period=[1200.0])
    with pytest.raises(ValueError, match="bonus_relates_to_days"):
        pg.hourly_rate(2600.0, 37.5, bonus_paid=1200.0)


def test_no_female_bonus_gpg11():
    staff = frame(["Male", "Male", "Female"], 10.0, bonus=[500, 700, 0])
    res = pg.pay_gap_measures(staff)
    assert res.mean_bonus_gap is None
    assert res.median_bonus_gap is None
    assert res.bonus_proportion["Female"] == 0.0


def test_negative_gap_when_focus_paid_more_and_other_groups_ignored():
    staff = frame(["Male", "Female", "Not recorded"], [10.0, 12.0, 100.0])
    res = pg.pay_gap_measures(staff)
    assert res.mean_gap == pytest.approx(-20.0)
    assert res.quartile_counts.to_numpy().sum() == 2


def test_rows_without_hourly_rate_are_out_of_hourly_measures():
    staff = frame(["Male", "Male", "Female"], [10.0, np.nan, 5.0])
    res = pg.pay_gap_measures(staff)
    assert res.n_full_pay == {"Male": 1, "Female": 1}
    assert res.n_relevant == {"Male": 2, "Female": 1}


def test_within_bands():
    staff = frame(["Male", "Female", "Male", "Female"], [10.0, 9.0, 20.0, 20.0])
    staff["pay_band"] = ["5", "5", "6", "6"]
    out = pg.pay_gaps_within(staff, "pay_band", order=["5", "6", "7"])
    assert out.loc["5", "mean_gap"] == pytest.approx(10.0)
    assert out.loc["6", "median_gap"] == 0.0
    assert out.loc["7", "n_Male"] == 0
    assert np.isnan(out.loc["7", "mean_gap"])


def test_trend_has_a_row_per_year():
    s1 = frame(["Male", "Female"], [10.0, 9.0])
    s2 = frame(["Male", "Female"], [10.0, 9.5])
    out = pg.pay_gap_trend({2025: s2, 2024: s1})
    assert out.index.tolist() == [2024, 2025]
    np.testing.assert_allclose(out["mean_gap"], [10.0, 5.0])


def test_tie_break_larger_count_then_label():
    # Block of 4 at one rate (3 women, 1 man) split 2/2: quotas 1.5 and 0.5 tie on remainder,
    # so the larger group in the block takes the leftover place.
    staff = pd.concat([people(f=("Female", 3, 5.0), m=("Male", 1, 5.0)), frame(["Male"] * 4, [6.0, 7.0, 8.0, 9.0])],
                      ignore_index=True)
    counts = pg.allocate_quartiles(staff["hourly_rate"], staff["sex"])
    assert counts.loc["Lower"].to_dict() == {"Female": 2, "Male": 0}
    assert counts.loc["Lower middle"].to_dict() == {"Female": 1, "Male": 1}
    # Equal remainders and equal counts: ascending label decides.
    staff = pd.concat([frame(["Male"], 1.0), people(f=("Female", 1, 5.0), m=("Male", 1, 5.0)), frame(["Male"] * 5, np.arange(6.0, 11.0))],
                      ignore_index=True)
    labels = staff["sex"].map({"Female": "Women", "Male": "Men"})
    counts = pg.allocate_quartiles(staff["hourly_rate"], labels)
    assert counts.loc["Lower"].to_dict() == {"Men": 2, "Women": 0}
    assert counts.loc["Lower middle"].to_dict() == {"Men": 1, "Women": 1}


def test_quartiles_zero_and_negative_zero_are_one_tied_block():
    # 8 people, quartiles of 2. Rates 0, -0, 0 (A, B, A) are one block of equal rates over Lower (2 places) and
    # Lower middle (1): quotas A 4/3, B 2/3 -> A 1, B 0, leftover to B; Lower middle gets the last A. The block
    # 5, 5, 5 (B, B, A) spans Lower middle (1) and Upper middle (2): B takes the one place, then A 1, B 1.
    rates = pd.Series([0.0, -0.0, 0.0, 5.0, 5.0, 5.0, 9.0, 9.0])
    groups = pd.Series(["A", "B", "A", "B", "B", "A", "A", "B"], dtype="string")
    counts = pg.allocate_quartiles(rates, groups)
    assert counts.to_dict(orient="index") == {q: {"A": 1, "B": 1} for q in pg.QUARTILES}
    # were -0 a rate of its own, Lower would hold both A's
    assert counts.loc["Lower"].to_dict() != {"A": 2, "B": 0}


def test_quartiles_missing_rate_ranked_last():
    # a missing rate sorts after every rate (one person per quartile here): D, whose rate is missing, is Upper
    counts = pg.allocate_quartiles(pd.Series([1.0, np.nan, 2.0, 3.0]), pd.Series(["A", "D", "B", "C"]))
    assert {q: counts.loc[q].idxmax() for q in pg.QUARTILES} == {"Lower": "A", "Lower middle": "B",
                                                                  "Upper middle": "C", "Upper": "D"}
    assert counts.to_numpy().sum() == 4


PARENTS = {g: "BME" for g in ("Asian", "Black", "Mixed", "Other")}


def census_staff(sizes: dict[str, int]) -> pd.DataFrame:
    parts = [frame([g] * n, 10.0 + k) for k, (g, n) in enumerate(sizes.items())]
    out = pd.concat(parts, ignore_index=True).rename(columns={"sex": "census5"})
    return out


def test_merge_small_groups_worked_example():
    merged = pg.merge_small_groups({"White": 500, "Asian": 40, "Black": 12, "Mixed": 8, "Other": 6}, "White", PARENTS, min_size=MIN_GROUP)
    assert merged == {"Asian": "Asian", "Black": "Black", "Mixed": "Mixed and Other (combined)",
                      "Other": "Mixed and Other (combined)"}
    tiny = pg.merge_small_groups({"White": 500, "Asian": 40, "Black": 12, "Mixed": 4, "Other": 3}, "White", PARENTS, min_size=MIN_GROUP)
    assert tiny == {"Asian": "Asian", "Black": "Black", "Mixed": None, "Other": None}


def test_merge_pools_across_parents_as_a_last_resort():
    parents = {"H": "Asian", "J": "Asian", "M": "Black"}
    merged = pg.merge_small_groups({"A": 100, "H": 6, "J": 2, "M": 5}, "A", parents, min_size=MIN_GROUP)
    assert merged == {"H": "H, J and M (combined)", "J": "H, J and M (combined)", "M": "H, J and M (combined)"}
    assert pg.merge_small_groups({"A": 100, "H": 8}, "A", parents, min_size=MIN_GROUP) == {"H": None}


def test_group_pay_gaps_rows_for_the_worked_example():
    staff = census_staff({"White": 500, "Asian": 40, "Black": 12, "Mixed": 8, "Other": 6, "Unknown": 30})
    out = pg.group_pay_gaps(staff, "census5", "White", order=["White", "Asian", "Black", "Mixed", "Other"],
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
    out = pg.group_pay_gaps(staff, "census5", "White", order=["White", "Asian", "Black", "Mixed", "Other"],
                            parents=PARENTS, min_group=MIN_GROUP)
    row = out.loc["Mixed and Other (too few to report)"]
    assert row["suppressed"] and row["n"] == 7 and np.isnan(row["mean_gap"]) and np.isnan(row["mean_hourly"])


def test_group_pay_gaps_needs_the_reference_group():
    with pytest.raises(ValueError, match="reference group"):
        pg.group_pay_gaps(census_staff({"Asian": 20}), "census5", "White", min_group=MIN_GROUP)


def test_decomposition_by_hand():
    staff = pd.concat([
        people(a=("Male", 3, 10.0), b=("Female", 7, 10.0), c=("Male", 7, 20.0), d=("Female", 3, 18.0)),
    ], ignore_index=True)
    staff["pay_band"] = ["A"] * 10 + ["B"] * 10
    out = pg.decompose_gap(staff, "pay_band")
    # Means 17 and 12.4; band means 10 and 19.4; structure = (0.3-0.7)x10 + (0.7-0.3)x19.4 = 3.76.
    assert out["mean_gap"] == pytest.approx(4.6 / 17 * 100)
    assert out["structure"] == pytest.approx(3.76 / 17 * 100)
    assert out["within"] == pytest.approx(0.84 / 17 * 100)
    assert out["structure_share"] == pytest.approx(3.76 / 4.6)


def test_bootstrap_interval_is_seeded_and_collapses_without_spread():
    flat = people(m=("Male", 50, 10.0), f=("Female", 60, 9.0))
    ci = pg.bootstrap_gap_ci(flat, n_boot=200)
    assert ci["mean_gap"] == pytest.approx((10.0, 10.0)) and ci["median_gap"] == pytest.approx((10.0, 10.0))
    rng = np.random.default_rng(1)
    spread = pd.concat([frame(["Male"] * 80, rng.normal(20, 4, 80)), frame(["Female"] * 120, rng.normal(18, 4, 120))],
                       ignore_index=True)
    a, b = pg.bootstrap_gap_ci(spread, n_boot=300), pg.bootstrap_gap_ci(spread, n_boot=300)
    assert a == b
    est = pg.pay_gap_measures(spread).mean_gap
    assert a["mean_gap"][0] < est < a["mean_gap"][1]
    bigger = pd.concat([spread] * 9, ignore_index=True)
    wide = a["mean_gap"][1] - a["mean_gap"][0]
    assert pg.bootstrap_gap_ci(bigger, n_boot=300)["mean_gap"][1] - pg.bootstrap_gap_ci(bigger, n_boot=300)["mean_gap"][0] < wide


def test_bonus_by_award_type():
    staff = frame(["Male", "Male", "Female", "Female", "Male"], 50.0, bonus=[3000, 9000, 3000, 0, 20000])
    staff["bonus_award_type"] = pd.array(["Local CEA", "Local CEA", "Local CEA", pd.NA, "NCIA"], dtype="string")
    out = pg.bonus_by_type(staff)
    assert out.index.tolist() == ["Local CEA", "NCIA"]
    assert out.loc["Local CEA", "mean_gap"] == pytest.approx(50.0)
    assert out.loc["NCIA", "n_Female"] == 0 and pd.isna(out.loc["NCIA", "mean_gap"])


def test_target_tracking_matches_the_hia6_worked_example():
    observed = pd.DataFrame({"value": [22.0, 18.5], "low": [20.0, 16.0], "high": [24.0, 21.0]}, index=[2023, 2024])
    out = pg.track_target(observed, baseline_year=2023, target_value=22.0 * (1 - 0.15), target_year=2026)
    assert out.loc[2024, "milestone"] == pytest.approx(20.9, abs=1e-9)
    assert out.loc[2024, "status"] == "on_track"
    behind = observed.assign(value=[22.0, 21.5], low=[20.0, 19.065], high=[24.0, 24.153])
    assert pg.track_target(behind, baseline_year=2023, target_value=18.7, target_year=2026).loc[2024, "status"] == "behind_within_uncertainty"
    off = observed.assign(value=[22.0, 24.0], low=[20.0, 21.456], high=[24.0, 26.743])
    assert pg.track_target(off, baseline_year=2023, target_value=18.7, target_year=2026).loc[2024, "status"] == "off_track"
    missing = observed.assign(low=[20.0, np.nan])
    assert pg.track_target(missing, baseline_year=2023, target_value=18.7, target_year=2026).loc[2024, "status"] == "insufficient_data"
    with pytest.raises(ValueError, match="after the baseline"):
        pg.track_target(observed, baseline_year=2023, target_value=18.7, target_year=2023)


def _observed(rows):
    """(year, value, low, high) rows -> the observed table of track_target."""
    return pd.DataFrame([r[1:] for r in rows], columns=["value", "low", "high"], index=[r[0] for r in rows])


# baseline 2023, target year 2027: the milestone moves a quarter of the way each year
@pytest.mark.parametrize(("rows", "target", "kwargs", "expected", "met"), [
    # lower is better, falling on the path, then below the target a year early: met early
    ([(2023, 22.0, 20.0, 24.0), (2024, 20.0, 18.0, 22.0), (2026, 18.0, 16.0, 20.0)], 18.4, {},
     ["on_track", "on_track", "on_track"], [False, False, True]),
    # higher is better (e.g. equal opportunities): a falling measure is off track, never "on track"
    ([(2023, 40.0, 38.0, 42.0), (2024, 37.0, 35.0, 39.0), (2025, 41.0, 39.0, 45.0)], 48.0,
     {"higher_is_better": True}, ["on_track", "off_track", "behind_within_uncertainty"], [False] * 3),
    # higher is better, rising ahead of the path, then crossing the target
    ([(2023, 40.0, 38.0, 42.0), (2024, 43.0, 41.0, 45.0), (2025, 49.0, 47.0, 51.0)], 48.0,
     {"higher_is_better": True}, ["on_track", "on_track", "on_track"], [False, False, True]),
    # lower is better, crossing the target and back above the path after the target year (milestone = target)
    ([(2023, 22.0, 20.0, 24.0), (2025, 17.0, 15.0, 19.0), (2028, 21.0, 19.5, 22.5)], 18.0, {},
     ["on_track", "on_track", "off_track"], [False, True, False]),
    # a pay gap crossing zero: met while the interval includes parity, reversed once it lies wholly past it
    ([(2023, 10.4, 8.0, 12.8), (2025, -1.0, -3.0, 1.0), (2026, -12.8, -15.0, -10.6)], 0.0, {"parity": 0.0},
     ["on_track", "on_track", "reversed"], [False, True, False]),
])
def test_track_target_follows_the_measures_direction(rows, target, kwargs, expected, met):
    out = pg.track_target(_observed(rows), baseline_year=2023, target_value=target, target_year=2027, **kwargs)
    assert out["status"].tolist() == expected
    assert out["met"].tolist() == met


def test_track_target_milestone_holds_at_the_target_after_the_target_year():
    out = pg.track_target(_observed([(2023, 20.0, 18.0, 22.0), (2025, 16.0, 14.0, 18.0), (2029, 11.0, 9.0, 13.0)]),
                          baseline_year=2023, target_value=12.0, target_year=2027)
    assert out["milestone"].tolist() == pytest.approx([20.0, 16.0, 12.0])
    assert out.loc[2029, "status"] == "on_track" and out.loc[2029, "met"]


def test_group_labels_fill_blanks_and_keep_codes_categorical():
    from edi_analysis.metrics.pay_gaps import group_labels, pair_labels
    coded = pd.Series(["BME", None, "White"], dtype="category")
    got = group_labels(coded, "Unknown")
    assert isinstance(got.dtype, pd.CategoricalDtype) and got.tolist() == ["BME", "Unknown", "White"]
    text = group_labels(pd.Series(["BME", None], dtype="str"), "Unknown")
    assert text.dtype == "string" and text.tolist() == ["BME", "Unknown"]
    pair = pair_labels(pd.Series(["White", "Asian", "Black"]), "White", "BME")
    assert list(pair) == ["White", "BME", "BME"] and list(pair.categories) == ["White", "BME"]


def _mixed_staff(n=3000, seed=11):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "sex": pd.Categorical(rng.choice(["Male", "Female", "Not recorded"], n, p=[0.4, 0.55, 0.05])),
        "band": pd.Categorical(rng.choice(["2", "5", "7", None], n)),
        "hourly_rate": np.where(rng.random(n) < 0.03, np.nan, rng.choice([11.0, 13.5, 13.5, 18.25, 24.0, 40.0], n)),
        "full_pay_relevant": pd.array(rng.random(n) < 0.9, dtype="boolean"),
        "bonus_pay_12m": np.where(rng.random(n) < 0.1, rng.choice([100.0, 250.0], n), 0.0),
    })


def test_quartile_counts_from_shared_blocks_match_allocate_quartiles():
    from edi_analysis.metrics.pay_arrays import PayArrays
    s = _mixed_staff()
    pay = PayArrays(s)
    fp = s[s["full_pay_relevant"] & s["hourly_rate"].notna()]
    pd.testing.assert_frame_equal(pg.quartile_counts(pay, "sex"), pg.allocate_quartiles(fp["hourly_rate"], fp["sex"]))
    two = fp[fp["sex"] != "Not recorded"]
    pd.testing.assert_frame_equal(pg.quartile_counts(pay, "sex", ["Male", "Female"]),
                                  pg.allocate_quartiles(two["hourly_rate"], two["sex"].astype(str)))


def test_within_total_row_holds_everyone_in_the_levels():
    from edi_analysis.metrics.pay_arrays import PayArrays
    s = frame(["Male", "Female", "Male", "Female", "Female"], [10.0, 8.0, 20.0, 12.0, 30.0]).assign(
        band=["5", "5", "6", "6", "7"])
    t = pg.within_of(PayArrays(s), "band", "sex", "Male", "Female", order=["5", "6"], total="All")
    assert list(t.index) == ["5", "6", "All"]
    # band 7 is not in the levels: the All row is men 10, 20 and women 8, 12
    assert t.loc["All"].tolist() == [2, 2, 15.0, 10.0, 15.0, 10.0, pytest.approx(100 / 3), pytest.approx(100 / 3)]
    pd.testing.assert_frame_equal(t.iloc[:2], pg.pay_gaps_within(s, "band", "sex", "Male", "Female", order=["5", "6"]))


def test_decomposition_when_one_group_has_no_level_recorded():
    # women's band not recorded: as value_counts gives them, a categorical's shares are 0 / 0 and left out of
    # the sum (no structure); a text column's are none, so structure is the men's band mix alone
    s = frame(["Male", "Male", "Female"], [10.0, 20.0, 12.0]).assign(band=pd.Categorical(["5", "6", None]))
    out = pg.decompose_gap(s, "band")
    assert out["mean_gap"] == pytest.approx(20.0) and out["structure"] == 0.0  # (15 - 12) / 15
    out = pg.decompose_gap(s.assign(band=s["band"].astype(object)), "band")
    assert out["structure"] == pytest.approx((0.5 * 10 + 0.5 * 20) / 15 * 100)
