"""Progress against a target: the HIA 6 worked example and the measure's direction (metrics.md section 11)."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import targets as tg


def test_target_tracking_matches_the_hia6_worked_example():
    observed = pd.DataFrame({"value": [22.0, 18.5], "low": [20.0, 16.0], "high": [24.0, 21.0]}, index=[2023, 2024])
    out = tg.track_target(observed, baseline_year=2023, target_value=22.0 * (1 - 0.15), target_year=2026)
    assert out.loc[2024, "milestone"] == pytest.approx(20.9, abs=1e-9)
    assert out.loc[2024, "status"] == "on_track"
    behind = observed.assign(value=[22.0, 21.5], low=[20.0, 19.065], high=[24.0, 24.153])
    assert tg.track_target(behind, baseline_year=2023, target_value=18.7, target_year=2026).loc[2024, "status"] == "behind_within_uncertainty"
    off = observed.assign(value=[22.0, 24.0], low=[20.0, 21.456], high=[24.0, 26.743])
    assert tg.track_target(off, baseline_year=2023, target_value=18.7, target_year=2026).loc[2024, "status"] == "off_track"
    missing = observed.assign(low=[20.0, np.nan])
    assert tg.track_target(missing, baseline_year=2023, target_value=18.7, target_year=2026).loc[2024, "status"] == "insufficient_data"
    with pytest.raises(ValueError, match="after the baseline"):
        tg.track_target(observed, baseline_year=2023, target_value=18.7, target_year=2023)


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
    out = tg.track_target(_observed(rows), baseline_year=2023, target_value=target, target_year=2027, **kwargs)
    assert out["status"].tolist() == expected
    assert out["met"].tolist() == met


def test_track_target_milestone_holds_at_the_target_after_the_target_year():
    out = tg.track_target(_observed([(2023, 20.0, 18.0, 22.0), (2025, 16.0, 14.0, 18.0), (2029, 11.0, 9.0, 13.0)]),
                          baseline_year=2023, target_value=12.0, target_year=2027)
    assert out["milestone"].tolist() == pytest.approx([20.0, 16.0, 12.0])
    assert out.loc[2029, "status"] == "on_track" and out.loc[2029, "met"]
