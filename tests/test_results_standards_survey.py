"""Survey and year-on-year tables of the WRES/WDES results: hand-worked changes and the survey base rule."""

import dataclasses

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.metrics.stats import newcombe
from edi_analysis.results.standards_rl import RL_COLUMNS, likelihood_spec, rl_row
from edi_analysis.results.standards_survey import SURVEY_SPECS, _oriented, _pct_change, yoy_specs

YOY_SPECS = yoy_specs("BME", "White")


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
    alone = dataclasses.replace(YOY_SPECS["year_on_year.rl"], same=())  # the repeats are tested below
    out, _ = Policy().suppress_tables({"t": frame}, {"t": alone})
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


def test_a_trend_count_hidden_to_protect_the_pooled_window_is_hidden_in_the_trend():
    # Indicator 3: BME entrants 3 (2025) and 8 (2026), pooled 11. The 3 is hidden, so one more of the pooled
    # line must go; the trend repeats both years' counts, which must be hidden there too, ratio and change with them.
    lk = pd.DataFrame([rl_row("3", "BME", "White", "focus", fe, 100, 20, 400, basis=basis, years=y, in_window=True)
                       for fe, basis, y in ((3, "year", "2025"), (8, "year", "2026"), (11, "pooled", "2025-2026"))],
                      columns=list(RL_COLUMNS))
    trend = pd.DataFrame({"indicator": ["3", "3"], "numerator": "focus", "year": [2025, 2026],
                          "prev_year": [float("nan"), 2025], "years": ["2025", "2026"],
                          "prev_years": [float("nan"), "2025"], "focus_events": [3, 8], "focus_n": 100,
                          "reference_events": 20, "reference_n": 400, "prev_focus_events": [float("nan"), 3],
                          "prev_focus_n": [float("nan"), 100], "prev_reference_events": [float("nan"), 20],
                          "prev_reference_n": [float("nan"), 400], "rl": [0.6, 1.6], "prev_rl": [float("nan"), 0.6],
                          "change": [float("nan"), 1.0], "beyond_noise": [None, False]})
    specs = {"likelihoods": likelihood_spec("BME", "White", census=False), **YOY_SPECS}
    out, hidden = Policy().suppress_tables({"likelihoods": lk, "year_on_year.rl": trend},
                                           {"likelihoods": specs["likelihoods"], "year_on_year.rl": specs["year_on_year.rl"]})
    home = out["likelihoods"].set_index("years")["focus_events"]
    assert home["2025"] == "<5" and home["2026"] == "*" and home["2025-2026"] == 11  # the smaller of 8 and 11
    t = out["year_on_year.rl"].set_index("year")
    assert t.loc[2025, "focus_events"] == "<5" and t.loc[2026, "focus_events"] == "*"
    assert t.loc[2026, "prev_focus_events"] == "<5"
    assert all(is_hidden(t.loc[2026, c]) for c in ("rl", "prev_rl", "change", "beyond_noise"))
    assert hidden["year_on_year.rl"] == 3 + 4 + 1  # three counts, the 2026 row's figures, the 2025 ratio
