"""Survey and year-on-year tables of the WRES/WDES results: hand-worked changes and the survey base rule."""

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.metrics.stats import newcombe
from edi_analysis.results.standards_survey import SURVEY_SPECS, YOY_SPECS, _oriented, _pct_change


def test_percentage_change_by_hand():
    row = _pct_change(2026, 20, 100, (2025, 10, 100))
    assert row["pct"] == 20.0 and row["prev_pct"] == 10.0 and row["change"] == pytest.approx(10.0)
    _, lo, hi = newcombe(20, 100, 10, 100)
    assert (row["change_low"], row["change_high"]) == pytest.approx((lo * 100, hi * 100))
    assert row["beyond_noise"] is bool(lo > 0)
    first = _pct_change(2022, 5, 50, None)
    assert pd.isna(first["change"]) and first["beyond_noise"] is None


def test_counts_in_the_ratio_orientation():
    r = {"numerator": "reference", "focus_events": 2, "focus_n": 10, "reference_events": 6, "reference_n": 12}
    assert _oriented(r) == {"focus_events": 6, "focus_n": 12, "reference_events": 2, "reference_n": 10}


def test_change_hidden_when_either_year_is():
    frame = pd.DataFrame({"indicator": ["2", "2"], "year": [2025, 2026], "prev_year": [2024, 2025],
                          "focus_events": [3, 8], "focus_n": [40, 50], "reference_events": [30, 30],
                          "reference_n": [100, 100], "prev_focus_events": [9, 3], "prev_focus_n": [40, 40],
                          "prev_reference_events": [30, 30], "prev_reference_n": [100, 100],
                          "rl": [0.25, 0.5], "prev_rl": [0.7, 0.25], "change": [-0.45, 0.25],
                          "beyond_noise": [False, False]})
    out, _ = Policy().suppress_tables({"t": frame}, {"t": YOY_SPECS["year_on_year.rl"]})
    t = out["t"]
    assert is_hidden(t.loc[0, "rl"]) and is_hidden(t.loc[0, "change"])  # this year's ratio hidden
    assert is_hidden(t.loc[1, "prev_rl"]) and is_hidden(t.loc[1, "change"])  # last year's ratio hidden
    assert is_shown(t.loc[1, "rl"])


@pytest.mark.parametrize("responses, shown", [(11, True), (10, False)])
def test_survey_base_boundary(responses, shown):
    frame = pd.DataFrame({"positive": [4], "responses": [responses], "pct": [40.0], "low": [20.0], "high": [60.0]})
    out, _ = Policy().suppress_tables({"t": frame}, {"t": SURVEY_SPECS["adjustments"]})
    r = out["t"].to_dict("records")[0]
    assert is_shown(r["pct"]) is shown and is_shown(r["positive"]) is shown and r["responses"] == responses
