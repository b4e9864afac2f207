"""Hourly rates of pay against the worked example GPG-10 and hand-worked pay periods (metrics.md
sections 6 and 13)."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import hourly_rates as hr

ABS = 1e-6


def test_hourly_rate_gpg10():
    assert hr.hourly_rate(2600.0, 37.5) == pytest.approx(15.943933, abs=ABS)
    with_bonus = hr.hourly_rate(2600.0, 37.5, bonus_paid=1200.0, bonus_relates_to_days=365)
    assert with_bonus == pytest.approx(16.557632, abs=ABS)
    assert np.isnan(hr.hourly_rate(1000.0, 0))


def test_hourly_rates_gpg10_vectorised():
    rates = hr.hourly_rates(pd.Series([2600.0, 2600.0], index=["a", "b"]), 30.44, 37.5,
                            bonus_in_period=pd.Series([np.nan, 1200.0], index=["a", "b"]),
                            bonus_relates_to_days=pd.Series([np.nan, 365.0], index=["a", "b"]))
    assert list(rates.index) == ["a", "b"] and rates.dtype == "float64"
    assert rates.tolist() == pytest.approx([15.943933, 16.557632], abs=ABS)


def test_hourly_rates_by_pay_period():
    # By hand: weekly 700 over 7 days at 35 h = 700 x 7 / 7 / 35 = 20.00; four-weekly 2,240 over 28 days
    # at 40 h = 2,240 x 7 / 28 / 40 = 14.00; a 365-day award of 365 paid in the week counts 365 x 7 / 365
    # = 7.00, so (700 + 7) x 7 / 7 / 35 = 20.20.
    rates = hr.hourly_rates([700.0, 2240.0, 700.0], [7, 28, 7], [35, 40, 35],
                            bonus_in_period=[0, 0, 365.0], bonus_relates_to_days=[np.nan, np.nan, 365])
    assert rates.tolist() == pytest.approx([20.0, 14.0, 20.2], abs=1e-12)


def test_variable_hours_average_over_12_weeks():
    # 240 hours in the 12 weeks -> 20 h/week; 1,522 in a 30.44-day month = 50 a day, x 7 / 20 = 17.50.
    # Contractual hours, where given, win over the 12-week total; no hours at all gives no rate.
    rates = hr.hourly_rates([1522.0, 1522.0, 1522.0, 1522.0], 30.44, [np.nan, 35.0, 0.0, np.nan],
                            hours_12_weeks=[240.0, 240.0, 240.0, np.nan])
    assert rates.iloc[0] == pytest.approx(17.5, abs=1e-12)
    assert rates.iloc[1] == pytest.approx(10.0, abs=1e-12)  # 50 a day x 7 / 35
    assert rates.iloc[2:].isna().all()


def test_a_bonus_needs_the_days_it_relates_to():
    with pytest.raises(ValueError, match="bonus_relates_to_days"):
        hr.hourly_rates([2600.0], 30.44, 37.5, bonus_in_period=[1200.0])
    with pytest.raises(ValueError, match="bonus_relates_to_days"):
        hr.hourly_rate(2600.0, 37.5, bonus_paid=1200.0)
