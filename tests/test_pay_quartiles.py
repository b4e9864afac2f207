"""Pay quartiles against the worked examples GPG-8 and GPG-9, and tied rates at boundaries (metrics.md
sections 6 and 13)."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import pay_quartiles as pq

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import frame, people


def test_tie_largest_remainder_gpg8():
    staff = pd.concat(
        [
            frame(["Female"], 1.0),
            people(m=("Male", 3, 5.0), f=("Female", 4, 5.0)),
            frame(["Male"] * 8, np.arange(10.0, 18.0)),
        ],
        ignore_index=True,
    )
    counts = pq.allocate_quartiles(staff["hourly_rate"], staff["sex"])
    assert counts.loc["Lower"].to_dict() == {"Female": 1 + 2, "Male": 1}
    assert counts.loc["Lower middle"].to_dict() == {"Female": 2, "Male": 2}


@pytest.mark.parametrize(("n", "sizes"), [(8, [2, 2, 2, 2]), (9, [3, 2, 2, 2]), (10, [3, 2, 3, 2]), (11, [3, 3, 3, 2]), (4445, [1112, 1111, 1111, 1111])])
def test_quartile_sizes_gpg9(n, sizes):
    assert pq.quartile_sizes(n) == sizes


def test_tie_break_larger_count_then_label():
    # Block of 4 at one rate (3 women, 1 man) split 2/2: quotas 1.5 and 0.5 tie on remainder,
    # so the larger group in the block takes the leftover place.
    staff = pd.concat([people(f=("Female", 3, 5.0), m=("Male", 1, 5.0)), frame(["Male"] * 4, [6.0, 7.0, 8.0, 9.0])],
                      ignore_index=True)
    counts = pq.allocate_quartiles(staff["hourly_rate"], staff["sex"])
    assert counts.loc["Lower"].to_dict() == {"Female": 2, "Male": 0}
    assert counts.loc["Lower middle"].to_dict() == {"Female": 1, "Male": 1}
    # Equal remainders and equal counts: ascending label decides.
    staff = pd.concat([frame(["Male"], 1.0), people(f=("Female", 1, 5.0), m=("Male", 1, 5.0)), frame(["Male"] * 5, np.arange(6.0, 11.0))],
                      ignore_index=True)
    labels = staff["sex"].map({"Female": "Women", "Male": "Men"})
    counts = pq.allocate_quartiles(staff["hourly_rate"], labels)
    assert counts.loc["Lower"].to_dict() == {"Men": 2, "Women": 0}
    assert counts.loc["Lower middle"].to_dict() == {"Men": 1, "Women": 1}


def test_quartiles_zero_and_negative_zero_are_one_tied_block():
    # 8 people, quartiles of 2. Rates 0, -0, 0 (A, B, A) are one block of equal rates over Lower (2 places) and
    # Lower middle (1): quotas A 4/3, B 2/3 -> A 1, B 0, leftover to B; Lower middle gets the last A. The block
    # 5, 5, 5 (B, B, A) spans Lower middle (1) and Upper middle (2): B takes the one place, then A 1, B 1.
    rates = pd.Series([0.0, -0.0, 0.0, 5.0, 5.0, 5.0, 9.0, 9.0])
    groups = pd.Series(["A", "B", "A", "B", "B", "A", "A", "B"], dtype="string")
    counts = pq.allocate_quartiles(rates, groups)
    assert counts.to_dict(orient="index") == {q: {"A": 1, "B": 1} for q in pq.QUARTILES}
    # were -0 a rate of its own, Lower would hold both A's
    assert counts.loc["Lower"].to_dict() != {"A": 2, "B": 0}


def test_quartiles_missing_rate_ranked_last():
    # a missing rate sorts after every rate (one person per quartile here): D, whose rate is missing, is Upper
    counts = pq.allocate_quartiles(pd.Series([1.0, np.nan, 2.0, 3.0]), pd.Series(["A", "D", "B", "C"]))
    assert {q: counts.loc[q].idxmax() for q in pq.QUARTILES} == {"Lower": "A", "Lower middle": "B",
                                                                  "Upper middle": "C", "Upper": "D"}
    assert counts.to_numpy().sum() == 4


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
    pd.testing.assert_frame_equal(pq.quartile_counts(pay, "sex"), pq.allocate_quartiles(fp["hourly_rate"], fp["sex"]))
    two = fp[fp["sex"] != "Not recorded"]
    pd.testing.assert_frame_equal(pq.quartile_counts(pay, "sex", ["Male", "Female"]),
                                  pq.allocate_quartiles(two["hourly_rate"], two["sex"].astype(str)))
