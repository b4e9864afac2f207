"""Hand-worked cases STAT-1 to STAT-8 of metrics.md section 13."""

import math
from fractions import Fraction

import pytest

from edi_analysis.metrics import stats

ABS = 1e-6


def test_wilson_stat3():
    p, lo, hi = stats.wilson(13, 16)
    assert p == 0.8125
    assert lo == pytest.approx(0.569911, abs=ABS)
    assert hi == pytest.approx(0.934084, abs=ABS)
    assert stats.wilson(0, 16)[1:] == pytest.approx((0.0, 0.193608), abs=ABS)
    assert stats.wilson(30, 100)[1:] == pytest.approx((0.218949, 0.395849), abs=ABS)


def test_wilson_empty_group_is_nan():
    assert all(math.isnan(v) for v in stats.wilson(0, 0))


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError, match="exceed"):
        stats.wilson(5, 4)


def test_katz_stat1():
    rl = stats.relative_likelihood(7, 34, 1, 34)
    assert rl.rl == pytest.approx(7.0, abs=1e-12)
    assert (rl.low, rl.high) == pytest.approx((0.909606, 53.869506), abs=ABS)
    assert rl.ci_method == "katz_log"
    assert not rl.significant


def test_adjusted_log_forced_stat1():
    rl = stats.relative_likelihood(7, 34, 1, 34, method="adjusted_log")
    assert rl.rl == pytest.approx(7.0)
    assert rl.rl_adjusted == pytest.approx(5.0, abs=1e-12)
    assert (rl.low, rl.high) == pytest.approx((0.924135, 27.052314), abs=ABS)


def test_zero_cell_fallback_stat4():
    rl = stats.relative_likelihood(0, 16, 15, 72)
    assert rl.rl == 0
    assert rl.ci_method == "adjusted_log"
    assert rl.rl_adjusted == pytest.approx(0.141740, abs=ABS)
    assert (rl.low, rl.high) == pytest.approx((0.008927, 2.250584), abs=ABS)
    assert not rl.significant
    swapped = stats.relative_likelihood(15, 72, 0, 16)
    assert swapped.rl is None
    assert (swapped.low, swapped.high) == pytest.approx((0.444329, 112.023842), abs=ABS)
    d, lo, hi = stats.newcombe(0, 16, 15, 72)
    assert (d, lo, hi) == pytest.approx((-0.208333, -0.315693, 0.000326), abs=ABS)


def test_both_zero_gives_nothing():
    rl = stats.relative_likelihood(0, 10, 0, 20)
    assert (rl.rl, rl.low, rl.high, rl.ci_method) == (None, None, None, None)


def test_newcombe_stat2():
    assert stats.newcombe(7, 34, 1, 34) == pytest.approx((0.176471, 0.018921, 0.340369), abs=ABS)


def test_four_fifths_stat5():
    rate_ratio = (3 / 63) / (7 / 72)
    assert rate_ratio == pytest.approx(0.489796, abs=ABS)
    assert stats.within_non_adverse_range(rate_ratio) is False
    rl2 = stats.relative_likelihood(7, 72, 3, 63)  # WRES orientation: L_White / L_BME
    assert rl2.rl == pytest.approx(2.041667, abs=ABS)
    assert (rl2.low, rl2.high) == pytest.approx((0.551127, 7.563413), abs=ABS)
    assert stats.within_non_adverse_range(rl2.rl) is False
    assert not rl2.significant


@pytest.mark.parametrize(("rl", "expected"), [(0.8, True), (1.25, True), (0.7999, False), (1.2501, False), (None, None)])
def test_non_adverse_band_is_inclusive(rl, expected):
    assert stats.within_non_adverse_range(rl) is expected


def test_pooled_counts_stat8():
    pooled = stats.relative_likelihood(4 + 6, 380 + 400, 12 + 10, 1550 + 1600)
    assert pooled.rl == pytest.approx(1.835664, abs=ABS)
    assert (pooled.low, pooled.high) == pytest.approx((0.872866, 3.860459), abs=ABS)
    single = stats.relative_likelihood(6, 400, 10, 1600)
    assert single.rl == pytest.approx(2.4, abs=1e-12)
    assert (single.low, single.high) == pytest.approx((0.877477, 6.564274), abs=ABS)


def test_interval_inverts_when_roles_swap():
    a = stats.relative_likelihood(7, 34, 2, 30)
    b = stats.relative_likelihood(2, 30, 7, 34)
    assert (1 / a.high, 1 / a.low) == pytest.approx((b.low, b.high))


def test_z_value_other_levels():
    assert stats.z_value(0.95) == 1.959963984540054
    assert stats.z_value(0.99) == pytest.approx(2.5758293035489)
    with pytest.raises(ValueError, match="ci_level"):
        stats.z_value(1.5)


def test_rl_summary_readings():
    within = stats.rl_summary(100, 1000, 100, 1100)
    assert within["reading"] == "within non-adverse range" and not within["volatile"]
    sig = stats.rl_summary(60, 300, 20, 300)
    assert sig["rl"] == pytest.approx(3.0) and sig["reading"] == "outside range, statistically significant"
    # STAT-5: WRES RL2 2.041667, Katz CI 0.55-7.56, three events -> volatile, not significant.
    s5 = stats.rl_summary(7, 72, 3, 63)
    assert s5["reading"] == "outside range, not statistically significant" and s5["volatile"]
    assert stats.rl_summary(0, 10, 0, 20)["reading"] == "not calculable"
    assert stats.rl_summary(1, 10, 1, 0)["rl"] is None


# The four-fifths boundary is compared exactly (docs/metrics-decisions.md, "Metrics: four-fifths boundary").
# 3 of 10 against 3 of 8 is exactly 0.80 but 0.7999999999999999 as a float; 5 of 6 against 2 of 3 is
# exactly 1.25 but 1.2500000000000002. (4 of 10 against 5 of 10 happens to divide to 0.8 exactly.)
@pytest.mark.parametrize(("counts", "expected"), [
    ((3, 10, 3, 8), True),         # exactly 0.80, float below
    ((7, 10, 7, 8), True),         # exactly 0.80, float below
    ((4, 10, 5, 10), True),        # exactly 0.80
    ((5, 6, 2, 3), True),          # exactly 1.25, float above
    ((5, 10, 4, 10), True),        # exactly 1.25
    ((79, 100, 100, 100), False),  # 0.79, just below
    ((81, 100, 100, 100), True),   # 0.81, just above
    ((124, 200, 100, 200), True),  # 1.24, just below
    ((126, 200, 100, 200), False),  # 1.26, just above
    ((3999, 5000, 1, 1), False),   # 0.7998: shows as 0.80 at 2 dp, still outside (the unrounded rule)
])
def test_four_fifths_boundary_is_exact(counts, expected):
    s = stats.rl_summary(*counts)
    assert s["within_range"] is expected
    assert s["reading"].startswith("within") is expected


def test_exact_ratio_and_float_boundary():
    assert stats.exact_ratio(3, 10, 3, 8) == Fraction(4, 5)
    assert stats.exact_ratio(1, 10, 0, 8) is None
    ratio, upper = (3 / 10) / (3 / 8), (5 / 6) / (2 / 3)
    assert ratio < 0.8 and upper > 1.25  # the float noise the comparison must not act on
    assert stats.within_non_adverse_range(ratio) is True
    assert stats.within_non_adverse_range(upper) is True
    assert stats.within_non_adverse_range(Fraction(4, 5)) is True
    assert stats.within_non_adverse_range(0.7999) is False and stats.within_non_adverse_range(1.2501) is False


def test_rl_summary_uses_given_bounds():
    assert stats.rl_summary(9, 10, 10, 10, bounds=(0.95, 1.05))["within_range"] is False
