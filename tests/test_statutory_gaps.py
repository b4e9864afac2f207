"""The six statutory pay gap measures against the worked examples GPG-1 to GPG-7 and GPG-11 (metrics.md
section 13)."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import statutory_gaps as sg
from edi_analysis.metrics.pay_quartiles import QUARTILES

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import ABS, frame, people


def test_mean_gap_gpg1_uses_unrounded_means():
    men = people(a=("Male", 1344, 17.5), b=("Male", 1, 30.0))  # sum 23,550
    women = people(a=("Female", 3099, 15.0), b=("Female", 1, 415.0))  # sum 46,900
    res = sg.pay_gap_measures(pd.concat([men, women], ignore_index=True))
    assert res.mean_hourly["Male"] == pytest.approx(17.509294, abs=ABS)
    assert res.mean_hourly["Female"] == pytest.approx(15.129032, abs=ABS)
    assert res.mean_gap == pytest.approx(13.594274, abs=ABS)
    assert round(res.mean_gap, 1) == 13.6


def test_median_gap_gpg2_even_count_takes_mean_of_middle_two():
    staff = people(
        m1=("Male", 672, 10.0), m2=("Male", 1, 15.0), m3=("Male", 672, 20.0),
        f1=("Female", 1550, 13.0), f2=("Female", 1550, 15.0),
    )
    res = sg.pay_gap_measures(staff)
    assert res.median_hourly == {"Male": 15.0, "Female": 14.0}
    assert res.median_gap == pytest.approx(6.666667, abs=ABS)


def test_bonus_proportion_gpg3_counts_all_relevant_employees():
    sex = ["Male"] * 1375 + ["Female"] * 3125
    bonus = np.r_[np.full(1300, 100.0), np.zeros(75), np.full(2000, 100.0), np.zeros(1125)]
    full_pay = np.ones(4500, bool)
    full_pay[[0, 1, 2000, 2001, 3000]] = False  # bonus recipients not on full pay still count
    full_pay[1375 + 3000 : 1375 + 3050] = False
    staff = frame(sex, 12.0, full_pay=full_pay, bonus=bonus)
    res = sg.pay_gap_measures(staff)
    assert res.bonus_proportion["Male"] == pytest.approx(94.545455, abs=ABS)
    assert res.bonus_proportion["Female"] == pytest.approx(64.0, abs=ABS)
    assert res.n_relevant == {"Male": 1375, "Female": 3125}
    assert sum(res.n_full_pay.values()) == 4445


def test_bonus_gaps_gpg4_gpg5():
    mean_staff = frame(["Male", "Male", "Female", "Female"], 10.0, bonus=[1650 - 100, 1650 + 100, 1490, 1490])
    assert sg.pay_gap_measures(mean_staff).mean_bonus_gap == pytest.approx(9.696970, abs=ABS)
    median_staff = frame(["Male"] * 3 + ["Female"] * 3, 10.0, bonus=[100, 2300, 9000, 50, 2225, 9999])
    assert sg.pay_gap_measures(median_staff).median_bonus_gap == pytest.approx(3.260870, abs=ABS)


def test_bonus_gap_excludes_non_recipients():
    staff = frame(["Male", "Male", "Female", "Female"], 10.0, bonus=[1000, 0, 500, 0])
    res = sg.pay_gap_measures(staff)
    assert res.mean_bonus == {"Male": 1000.0, "Female": 500.0}
    assert res.mean_bonus_gap == 50.0


def test_quartiles_gpg6():
    men = [187, 110, 298, 750]
    women = [925, 1001, 813, 361]
    parts = [people(m=("Male", m, 10.0 * (k + 1)), f=("Female", w, 10.0 * (k + 1))) for k, (m, w) in enumerate(zip(men, women))]
    res = sg.pay_gap_measures(pd.concat(parts, ignore_index=True))
    expected = pd.DataFrame({"Male": men, "Female": women}, index=list(QUARTILES), dtype="int64")
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
    res = sg.pay_gap_measures(pd.concat([staff, rest], ignore_index=True))
    assert res.quartile_counts.loc["Lower"].to_dict() == {"Male": 15 + 1, "Female": 15 + 9}
    assert res.quartile_counts.loc["Lower middle"].to_dict() == {"Male": 3 + 10, "Female": 27}


def test_no_female_bonus_gpg11():
    staff = frame(["Male", "Male", "Female"], 10.0, bonus=[500, 700, 0])
    res = sg.pay_gap_measures(staff)
    assert res.mean_bonus_gap is None
    assert res.median_bonus_gap is None
    assert res.bonus_proportion["Female"] == 0.0


def test_negative_gap_when_focus_paid_more_and_other_groups_ignored():
    staff = frame(["Male", "Female", "Not recorded"], [10.0, 12.0, 100.0])
    res = sg.pay_gap_measures(staff)
    assert res.mean_gap == pytest.approx(-20.0)
    assert res.quartile_counts.to_numpy().sum() == 2


def test_rows_without_hourly_rate_are_out_of_hourly_measures():
    staff = frame(["Male", "Male", "Female"], [10.0, np.nan, 5.0])
    res = sg.pay_gap_measures(staff)
    assert res.n_full_pay == {"Male": 1, "Female": 1}
    assert res.n_relevant == {"Male": 2, "Female": 1}


def test_trend_has_a_row_per_year():
    s1 = frame(["Male", "Female"], [10.0, 9.0])
    s2 = frame(["Male", "Female"], [10.0, 9.5])
    out = sg.pay_gap_trend({2025: s2, 2024: s1})
    assert out.index.tolist() == [2024, 2025]
    np.testing.assert_allclose(out["mean_gap"], [10.0, 5.0])
