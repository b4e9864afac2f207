"""Each group's pay gathered once; pools and gaps as pay_gap_measures gives them (hand-worked values)."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics.pay_by_group import gap_pct, pay_by_group, pool_gaps, pooled
from edi_analysis.metrics.pay_gaps import pay_gap_measures

STAFF = pd.DataFrame({
    "group": ["R", "R", "R", "A", "A", "B", "B", None],
    "hourly_rate": [20.0, 10.0, 30.0, 12.0, np.nan, 8.0, 16.0, 50.0],
    "full_pay_relevant": [True, True, True, True, True, False, True, True],
    "bonus_pay_12m": [0.0, 100.0, 300.0, 50.0, 0.0, 0.0, np.nan, 10.0],
})


def test_groups_gathered_in_table_order_missing_group_left_out():
    parts = pay_by_group(STAFF, "group")
    assert sorted(parts) == ["A", "B", "R"]
    assert parts["R"].n_relevant == 3 and parts["R"].rates.tolist() == [20.0, 10.0, 30.0]
    assert parts["R"].bonuses.tolist() == [100.0, 300.0]
    # A: one rate missing (not in the hourly population), still relevant
    assert parts["A"].n_relevant == 2 and parts["A"].n == 1 and parts["A"].n_bonus == 1
    # B: one not full-pay relevant; a missing bonus is none
    assert parts["B"].rates.tolist() == [16.0] and parts["B"].n_bonus == 0


def test_pool_and_gaps_by_hand():
    parts = pay_by_group(STAFF, "group")
    pool = pooled(parts, ["A", "B", "Z"])  # Z: nobody
    assert pool.n_relevant == 4 and sorted(pool.rates.tolist()) == [12.0, 16.0]
    gaps = pool_gaps(parts["R"], pool)
    # reference mean 20, median 20; pool mean 14, median 14 -> 30%; bonus: ref mean 200, median 200; pool 50 -> 75%
    assert gaps["mean_gap"] == pytest.approx(30.0) and gaps["median_gap"] == pytest.approx(30.0)
    assert gaps["mean_bonus_gap"] == pytest.approx(75.0) and gaps["median_bonus_gap"] == pytest.approx(75.0)
    assert pool_gaps(parts["R"], parts["B"])["mean_bonus_gap"] is None  # nobody in B paid a bonus


def test_gap_undefined_cases():
    assert gap_pct(None, 1.0) is None and gap_pct(0.0, 1.0) is None and gap_pct(float("nan"), 1.0) is None
    assert gap_pct(10.0, 8.0) == pytest.approx(20.0)


def test_agrees_with_pay_gap_measures():
    rng = np.random.default_rng(7)
    n = 500
    staff = pd.DataFrame({"group": rng.choice(["R", "F"], n), "hourly_rate": rng.normal(20, 4, n).round(2),
                          "full_pay_relevant": rng.random(n) > 0.1,
                          "bonus_pay_12m": np.where(rng.random(n) > 0.7, rng.gamma(2, 100, n).round(2), 0.0)})
    res = pay_gap_measures(staff, by="group", reference="R", focus="F")
    gaps = pool_gaps(*(lambda p: (p["R"], p["F"]))(pay_by_group(staff, "group")))
    assert gaps == {"mean_gap": res.mean_gap, "median_gap": res.median_gap, "mean_bonus_gap": res.mean_bonus_gap,
                    "median_bonus_gap": res.median_bonus_gap}


def test_group_pay_gaps_uses_the_groups_it_is_given():
    from edi_analysis.metrics.pay_gaps import group_labels, group_pay_gaps

    staff = STAFF.assign(bonus_pay_12m=STAFF["bonus_pay_12m"].fillna(0))
    labelled = staff.assign(group=group_labels(staff["group"]))
    parts = pay_by_group(labelled, "group")
    same = group_pay_gaps(staff, "group", "R", min_group=1, parts=parts)
    pd.testing.assert_frame_equal(same, group_pay_gaps(staff, "group", "R", min_group=1))
    # what is given is what is used: the reference's pay doubled doubles nothing but its own figures
    doubled = {**parts, "R": type(parts["R"])(parts["R"].n_relevant, parts["R"].rates * 2, parts["R"].bonuses)}
    assert group_pay_gaps(staff, "group", "R", min_group=1, parts=doubled).loc["R", "mean_hourly"] == 40.0


def test_shared_pay_arrays_keep_each_groups_blocks_and_pools_count_their_median():
    from edi_analysis.metrics.pay_arrays import PayArrays
    staff = STAFF.assign(group=pd.Categorical(STAFF["group"], categories=["A", "B", "R", "nobody"]))
    pay = PayArrays(staff)
    parts = pay_by_group(staff, "group", pay=pay)
    assert sorted(parts) == ["A", "B", "R"]  # a category nobody is in is no group
    # full-pay rates 20, 10, 30, 12, 16, 50 rank 10 < 12 < 16 < 20 < 30 < 50: R's blocks are 3, 0, 4
    assert parts["R"].rates.tolist() == [20.0, 10.0, 30.0] and parts["R"].blocks.tolist() == [3, 0, 4]
    assert parts["R"].bonuses.tolist() == [100.0, 300.0]
    both = pooled(parts, ["R", "B"])  # 20, 10, 30, 16: fewer than the 6 blocks, partitioned
    assert both.blocks.tolist() == [3, 0, 4, 2] and both.median_hourly() == 18.0
    assert pooled(parts, ["R", "B", "A"]).median_hourly() == 16.0  # 20, 10, 30, 16, 12
    unshared = pay_by_group(staff, "group")
    assert unshared["R"].blocks is None and unshared["R"].median_hourly() == parts["R"].median_hourly() == 20.0


def test_a_group_as_large_as_the_blocks_counts_its_median():
    from edi_analysis.metrics.pay_arrays import PayArrays
    staff = pd.DataFrame({"group": ["R"] * 4 + ["F"] * 2, "hourly_rate": [10.0, 30.0, 10.0, 20.0, 10.0, 30.0],
                          "full_pay_relevant": True, "bonus_pay_12m": 0.0})
    parts = pay_by_group(staff, "group", pay=PayArrays(staff))
    # R: 10, 10, 20, 30 over 3 blocks: the middle two are 10 and 20; both groups: 10, 10, 10, 20, 30, 30
    assert parts["R"].median_hourly() == 15.0
    assert pooled(parts, ["R", "F"]).median_hourly() == 15.0 and pooled(parts, ["F"]).median_hourly() == 20.0
