"""Bootstrap intervals of the hourly pay gaps: seeded, by people or by counts of distinct rates."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import pay_bootstrap as pb
from edi_analysis.metrics.statutory_gaps import pay_gap_measures

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import frame, people


def test_resampling_counts_of_distinct_rates_gives_each_resample_its_exact_mean_and_median():
    values = np.array([10.0, 10.0, 12.5, 15.0, 15.0, 15.0, 20.0, 31.0])
    means, medians = pb._resampled_mean_median(values, 50, np.random.default_rng(7))
    # the same draws, made again and expanded back into people
    uniq, counts = np.unique(values, return_counts=True)
    draws = np.random.default_rng(7).multinomial(len(values), counts / len(values), size=50)
    people = [np.repeat(uniq, d) for d in draws]
    assert means == pytest.approx([p.mean() for p in people])
    assert medians == pytest.approx([np.median(p) for p in people])


def test_large_groups_get_the_same_bootstrap_interval_by_counts(monkeypatch):
    rng = np.random.default_rng(1)
    staff = pd.DataFrame({"sex": ["Male"] * 3000 + ["Female"] * 3000,
                          "hourly_rate": np.round(np.r_[rng.lognormal(3.1, 0.3, 3000), rng.lognormal(3.0, 0.3, 3000)], 2),
                          "full_pay_relevant": True})
    by_people = pb.bootstrap_gap_ci(staff, n_boot=1000)
    monkeypatch.setattr(pb, "_RESAMPLE_BY_COUNTS_FROM", 100)
    by_counts = pb.bootstrap_gap_ci(staff, n_boot=1000)
    for k in ("mean_gap", "median_gap"):
        assert by_counts[k] == pytest.approx(by_people[k], abs=0.6), k


def test_bootstrap_of_rates_is_the_bootstrap_of_the_table():
    rng = np.random.default_rng(11)
    s = pd.DataFrame({"sex": rng.choice(["Male", "Female", "Not recorded"], 400),
                      "hourly_rate": np.where(rng.random(400) < 0.05, np.nan, rng.choice([11.0, 13.5, 18.25, 40.0], 400)),
                      "full_pay_relevant": rng.random(400) < 0.9})
    fp = s[s["full_pay_relevant"] & s["hourly_rate"].notna()]
    r, f = (fp.loc[fp["sex"] == g, "hourly_rate"].to_numpy() for g in ("Male", "Female"))
    assert pb.bootstrap_rates_ci(r, f, n_boot=50) == pb.bootstrap_gap_ci(s, n_boot=50)


def test_bootstrap_interval_is_seeded_and_collapses_without_spread():
    flat = people(m=("Male", 50, 10.0), f=("Female", 60, 9.0))
    ci = pb.bootstrap_gap_ci(flat, n_boot=200)
    assert ci["mean_gap"] == pytest.approx((10.0, 10.0)) and ci["median_gap"] == pytest.approx((10.0, 10.0))
    rng = np.random.default_rng(1)
    spread = pd.concat([frame(["Male"] * 80, rng.normal(20, 4, 80)), frame(["Female"] * 120, rng.normal(18, 4, 120))],
                       ignore_index=True)
    a, b = pb.bootstrap_gap_ci(spread, n_boot=300), pb.bootstrap_gap_ci(spread, n_boot=300)
    assert a == b
    est = pay_gap_measures(spread).mean_gap
    assert a["mean_gap"][0] < est < a["mean_gap"][1]
    bigger = pd.concat([spread] * 9, ignore_index=True)
    wide = a["mean_gap"][1] - a["mean_gap"][0]
    assert pb.bootstrap_gap_ci(bigger, n_boot=300)["mean_gap"][1] - pb.bootstrap_gap_ci(bigger, n_boot=300)["mean_gap"][0] < wide
