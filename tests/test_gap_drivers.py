"""What lies behind a gap: the level-mix decomposition and bonuses by award type, by hand."""

import sys
from pathlib import Path

import pandas as pd
import pytest

from edi_analysis.metrics import gap_drivers as gd

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import frame, people


def test_decomposition_by_hand():
    staff = pd.concat([
        people(a=("Male", 3, 10.0), b=("Female", 7, 10.0), c=("Male", 7, 20.0), d=("Female", 3, 18.0)),
    ], ignore_index=True)
    staff["pay_band"] = ["A"] * 10 + ["B"] * 10
    out = gd.decompose_gap(staff, "pay_band")
    # Means 17 and 12.4; band means 10 and 19.4; structure = (0.3-0.7)x10 + (0.7-0.3)x19.4 = 3.76.
    assert out["mean_gap"] == pytest.approx(4.6 / 17 * 100)
    assert out["structure"] == pytest.approx(3.76 / 17 * 100)
    assert out["within"] == pytest.approx(0.84 / 17 * 100)
    assert out["structure_share"] == pytest.approx(3.76 / 4.6)


def test_bonus_by_award_type():
    staff = frame(["Male", "Male", "Female", "Female", "Male"], 50.0, bonus=[3000, 9000, 3000, 0, 20000])
    staff["bonus_award_type"] = pd.array(["Local CEA", "Local CEA", "Local CEA", pd.NA, "NCIA"], dtype="string")
    out = gd.bonus_by_type(staff)
    assert out.index.tolist() == ["Local CEA", "NCIA"]
    assert out.loc["Local CEA", "mean_gap"] == pytest.approx(50.0)
    assert out.loc["NCIA", "n_Female"] == 0 and pd.isna(out.loc["NCIA", "mean_gap"])


def test_decomposition_when_one_group_has_no_level_recorded():
    # women's band not recorded: as value_counts gives them, a categorical's shares are 0 / 0 and left out of
    # the sum (no structure); a text column's are none, so structure is the men's band mix alone
    s = frame(["Male", "Male", "Female"], [10.0, 20.0, 12.0]).assign(band=pd.Categorical(["5", "6", None]))
    out = gd.decompose_gap(s, "band")
    assert out["mean_gap"] == pytest.approx(20.0) and out["structure"] == 0.0  # (15 - 12) / 15
    out = gd.decompose_gap(s.assign(band=s["band"].astype(object)), "band")
    assert out["structure"] == pytest.approx((0.5 * 10 + 0.5 * 20) / 15 * 100)
