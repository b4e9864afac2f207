"""PayArrays: one staff table's pay as arrays; medians and ranked rates counted per block of equal rates."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics.pay_arrays import PayArrays, mean, median, median_of_blocks, median_of_counts


def staff():
    # rows 1 (no rate) and 2 (not full pay) are out of the hourly measures: full-pay rows are 0, 3, 4
    return pd.DataFrame({
        "sex": pd.Categorical(["Male", "Female", "Male", "Female", "Female"]),
        "hourly_rate": [10.0, np.nan, 12.0, 12.0, 8.0],
        "full_pay_relevant": pd.array([True, True, False, True, True], dtype="boolean"),
        "bonus_pay_12m": [np.nan, 100.0, 0.0, 50.0, np.nan],
        "band": ["5", "5", "6", None, "6"],
    })


def test_full_pay_rows_group_rates_in_table_order_and_bonus_filled():
    pay = PayArrays(staff())
    assert pay.n == 5
    assert pay.full_rows.tolist() == [0, 3, 4]
    assert pay.group_rates("sex", "Female").tolist() == [12.0, 8.0]  # rows 3 then 4
    assert pay.in_full("sex", "Male").tolist() == [True, False, False]
    assert pay.members("sex", "Nobody").tolist() == [False] * 5
    assert pay.bonus.tolist() == [0.0, 100.0, 0.0, 50.0, 0.0]
    with pytest.raises(ValueError):  # shared between measures: read-only
        pay.group_rates("sex", "Female")[0] = 1.0


def test_blocks_rank_the_distinct_full_pay_rates():
    pay = PayArrays(staff())
    assert pay.block_values.tolist() == [8.0, 10.0, 12.0]
    assert pay.blocks.tolist() == [1, 2, 0]  # rates 10, 12, 8
    assert pay.code("sex", "Male") == 1 and pay.code("sex", "Other") == -1  # categories Female, Male


def test_codes_of_a_text_column_and_the_split_by_them():
    pay = PayArrays(staff())
    codes, labels = pay.codes("band")
    assert list(labels) == ["5", "6"] and codes.tolist() == [0, 0, 1, -1, 1]
    positions, bounds = pay.split(np.ones(3, dtype=bool), "band")  # row 3 has no band: left out
    assert positions.tolist() == [0, 2] and bounds.tolist() == [0, 1, 2]


def test_median_of_blocks_by_hand():
    # values 1, 1, 2, 5, 5, 5: the middle two (positions 2 and 3) are 2 and 5
    assert median_of_blocks(np.array([2, 0, 1, 2, 0, 2]), np.array([1.0, 2.0, 5.0])) == 3.5
    assert median_of_blocks(np.array([1, 0, 1]), np.array([1.0, 4.0])) == 4.0  # 1, 4, 4
    assert median_of_blocks(np.array([], dtype=int), np.array([1.0])) is None
    assert median(np.array([])) is None and mean(np.array([])) is None
    assert median(np.array([3.0, 1.0])) == 2.0 and mean(np.array([3.0, 1.0])) == 2.0


def test_large_groups_give_numpys_median_and_ranked_rates():
    rng = np.random.default_rng(5)
    rates = np.round(rng.choice([9.5, 11.25, 14.0, 20.0, 31.5], 2001), 2)
    frame = pd.DataFrame({"sex": pd.Categorical(rng.choice(["Male", "Female"], 2001)), "hourly_rate": rates,
                          "full_pay_relevant": True, "bonus_pay_12m": 0.0})
    pay = PayArrays(frame)
    for n in (2001, 2000, 7, 2):  # counted per block (large) and partitioned (small): odd and even sizes
        at = np.arange(n)
        assert pay.median_at(at) == np.median(rates[:n])
        assert pay.sorted_rates_at(at).tolist() == sorted(rates[:n])
    female = rates[frame["sex"] == "Female"]
    assert pay.group_median("sex", "Female") == pd.Series(female).median()
    assert pay.group_sorted_rates("sex", "Female").tolist() == sorted(female)


def test_cells_by_group_and_each_groups_median_from_them():
    pay = PayArrays(staff().assign(sex=pd.Categorical(["Male", "Female", "Male", None, "Female"])))
    # full-pay rows 0 (Male, 10), 3 (missing, 12), 4 (Female, 8); blocks 8, 10, 12; columns Female, Male, nan
    cells, names = pay.cells_by("sex")
    assert names.tolist() == ["Female", "Male", "nan"]
    assert cells.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert pay.group_median("sex", "Female") == 8.0 and pay.group_median("sex", "Other") is None
    assert median_of_counts(np.array([2, 0, 1, 1]), np.array([1.0, 2.0, 3.0, 7.0])) == 2.0  # 1, 1, 3, 7
    assert median_of_counts(np.array([0, 0]), np.array([1.0, 2.0])) is None
