"""The synthetic trusts' people: staff records, promotion, pay and quarter-end snapshots."""

import numpy as np
import pandas as pd

from edi_analysis import synthetic_people as people

SMALL = next(p for p in people.PROFILES if p.code == "SYN02")


def _staff(n=300, year=2022, seed=1):
    return people._new_people(np.random.default_rng(seed), SMALL, n, year, 0, joiners=False)


def _one(band, point, year, enhance=0.0, hours=37.5):
    return pd.DataFrame({"pay_band": [band], "_point": [point], "_enhance": [enhance], "bank": [False],
                         "sex": ["Male"], "contracted_hours": [hours], "_award": [0.0], "_award_type": [""]})


def test_pay_follows_the_band_points_and_the_year_index():
    rng = np.random.default_rng(0)
    # Band 5 has 3 points; seniority 0.5 picks the middle one, GBP 32,324 in 2024/25 (index 1.0 in 2025):
    # 32324 / 52.143 weeks / 37.5 hours = 16.53 an hour.
    assert people._pay(rng, _one("5", 0.5, 2025), 2025)["hourly_rate"].iloc[0] == 16.53
    # In 2022 the scale was 0.877 of it: 32324 * 0.877 / 52.143 / 37.5 = 14.50.
    assert people._pay(rng, _one("5", 0.5, 2022), 2022)["hourly_rate"].iloc[0] == 14.50
    # The top of the band is the last point (36,483), and a 20% enhancement is paid on top: 22.39.
    assert people._pay(rng, _one("5", 1.0, 2025, enhance=0.2), 2025)["hourly_rate"].iloc[0] == 22.39


def test_new_people_are_unique_and_named_after_the_trust():
    staff = _staff()
    assert len(staff) == 300 and staff["staff_id"].is_unique
    assert staff["staff_id"].iloc[0] == "SYN02-000000" and staff["staff_id"].iloc[-1] == "SYN02-000299"
    assert set(staff["pay_band"]) <= set(people._PAY_POINTS)
    assert (staff.loc[staff["bank"], "contracted_hours"] == 0).all()


def test_promotion_moves_one_band_up_and_never_past_band_9():
    staff = _staff()
    before = staff["pay_band"].copy()
    after = people._promote(np.random.default_rng(2), staff.copy())["pay_band"]
    moved = before != after
    assert moved.any()
    order = {b: i for i, b in enumerate(people._BAND_ORDER)}
    assert (after[moved].map(order) == before[moved].map(order) + 1).all()
    assert not moved[before.isin(["9", "VSM"]) | staff["bank"]].any()


def test_declarations_start_in_2024():
    staff = _staff()
    before = staff["disability"].copy()
    people._declare(np.random.default_rng(3), staff, 2023)
    pd.testing.assert_series_equal(staff["disability"], before)
    people._declare(np.random.default_rng(3), staff, 2024)
    changed = staff["disability"] != before
    assert changed.any() and staff.loc[changed, "disability"].isin(["Yes", "No"]).all()


def test_quarterly_snapshots_end_on_the_annual_snapshot():
    first = _staff(year=2022)
    only = people._quarterly(np.random.default_rng(4), None, first, 2022)
    assert set(only["snapshot_date"]) == {"2022-03-31"} and len(only) == len(first)
    prev = first[people._SNAPSHOT_COLS].copy()
    cur = pd.concat([first.iloc[20:], _staff(n=30, year=2023, seed=5).assign(
        staff_id=[f"SYN02-9{i:05d}" for i in range(30)])], ignore_index=True)
    q = people._quarterly(np.random.default_rng(4), prev, cur, 2023)
    assert list(q["snapshot_date"].unique()) == ["2022-06-30", "2022-09-30", "2022-12-31", "2023-03-31"]
    march = q[q["snapshot_date"] == "2023-03-31"].drop(columns="snapshot_date")
    assert sorted(march["staff_id"]) == sorted(cur["staff_id"])
