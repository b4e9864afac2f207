"""HIA 6 computations against the worked examples of metrics.md section 13 and by hand."""

import pandas as pd
import pytest

from edi_analysis.metrics import harassment as hz
from edi_analysis.metrics import wres


def results(rows):
    return pd.DataFrame(rows, columns=["year", "question", "group_dimension", "group_value", "responses",
                                       "positive_responses"])


def test_target_value_rules():
    assert hz.target_value({"relative_reduction": 0.15}, 22.0) == pytest.approx(18.7)
    assert hz.target_value({"target_value": 15.0}, 22.0) == 15.0
    spec = {"annual_reduction": 0.1, "baseline_year": 2023, "target_year": 2025}
    assert hz.target_value(spec, 20.0) == pytest.approx(20.0 * 0.9 ** 2)
    assert hz.target_value({"type": "gap"}, 5.0) == 0.0
    with pytest.raises(ValueError):
        hz.target_value({}, 1.0)


@pytest.mark.parametrize(("positive", "status"), [(185, "on_track"), (215, "behind_within_uncertainty"),
                                                  (240, "off_track")])
def test_hia6_tracker_worked_example(positive, status):
    r = results([(2023, "q14a", "All staff", "All staff", 1000, 220), (2024, "q14a", "All staff", "All staff", 1000, positive)])
    table, target = hz.track(r, {"measure": "harassment_public", "baseline_year": 2023, "target_year": 2026,
                                 "relative_reduction": 0.15})
    assert target == pytest.approx(18.7)
    assert table.loc[2024, "milestone"] == pytest.approx(20.9, abs=1e-9)
    assert table.loc[2024, "status"] == status


def test_gap_target_uses_newcombe():
    r = results([(2024, "q14bc", "Ethnicity", "BME", 250, 60), (2024, "q14bc", "Ethnicity", "White", 750, 150)])
    gaps = hz.gap_series(r, "harassment_staff", "Ethnicity", "BME", "White")
    assert gaps.loc[2024, "value"] == pytest.approx(4.0)
    assert (gaps.loc[2024, "low"], gaps.loc[2024, "high"]) == pytest.approx((-1.730719, 10.275714), abs=1e-6)


def test_survey_table_gaps_and_suppression():
    r = results([(2024, "q16b", "Ethnicity", "BME", 200, 30), (2024, "q16b", "Ethnicity", "White", 800, 64),
                 (2024, "q16b", "Sexual orientation", "Bisexual", 9, 4),
                 (2024, "q16b", "Sexual orientation", "Heterosexual or Straight", 900, 72)])
    t = hz.survey_table(r, 2024, "discrimination_staff")
    bme = t.loc[("Ethnicity", "BME")]
    assert bme["pct"] == pytest.approx(15.0) and bme["gap"] == pytest.approx(7.0) and bme["adverse"] and bme["significant"]
    assert not t.loc[("Sexual orientation", "Bisexual"), "shown"]
    assert pd.isna(t.loc[("Sexual orientation", "Bisexual"), "gap"])
    assert hz.survey_table(r, 2022, "sexual_behaviour_public").empty  # not asked before 2023
    # the rows as dicts: the table's rows in its order, no gap (None) for the reference or a dimension without it
    rows = hz.survey_rows(r, 2024, "discrimination_staff", {"Ethnicity": "White", "Sexual orientation": "Gay",
                                                            "Age band": "35-44"})
    assert [(x["dimension"], x["group"]) for x in rows] == [("Ethnicity", "BME"), ("Ethnicity", "White"),
                                                            ("Sexual orientation", "Bisexual"),
                                                            ("Sexual orientation", "Heterosexual or Straight")]
    assert rows[0]["gap"] == pytest.approx(7.0) and rows[0]["responses"] == 200 and rows[0]["reference"] == "White"
    assert rows[1]["gap"] is None and rows[1]["adverse"] is None  # White against itself
    assert rows[2]["gap"] is None and rows[3]["gap"] is None  # no Gay respondents to compare with
    assert hz.survey_rows(r, 2022, "sexual_behaviour_public") == []


def test_suggested_target_from_peers():
    peers = pd.Series([10.0, 12.0, 14.0, 16.0, 18.0, 20.0])
    worse = hz.suggested_target(20.0, peers, baseline_year=2025)
    assert worse["target_value"] == pytest.approx(12.5) and worse["target_year"] == 2028
    better = hz.suggested_target(11.0, peers, baseline_year=2025)
    assert better["target_value"] == pytest.approx(9.9)
    assert hz.suggested_target(11.0, peers.head(3), baseline_year=2025)["target_value"] is None


def test_annual_rates_and_triangulation():
    staff = pd.DataFrame({"staff_id": [f"P{i}" for i in range(300)], "ethnic_code": ["A"] * 200 + ["N"] * 100,
                          "disability": "No", "staff_group": "Clinical", "pay_band": "5", "bank": False})
    wf = {2026: wres.workforce(staff)}
    er = {2026: pd.DataFrame({"case_type": ["bullying-harassment"] * 3 + ["grievance"],
                              "ethnic_code": ["N", "N", "A", "A"], "disability": "No"})}
    inc = {2026: pd.DataFrame({"ethnic_code": ["N"] * 4 + ["A"] * 4, "disability": "No"})}
    rates = hz.annual_rates(er, inc, wf, "ethnicity", ["BME", "White"])
    assert rates.loc[(2026, "Bullying and harassment cases", "BME"), "rate"] == pytest.approx(20.0)
    assert rates.loc[(2026, "Violence and aggression incidents", "White"), "rate"] == pytest.approx(20.0)
    survey_rows = {"harassment_staff": hz.survey_table(results([(2025, "q14bc", "Ethnicity", "BME", 100, 30),
                                                                (2025, "q14bc", "Ethnicity", "White", 200, 40)]),
                                                       2025, "harassment_staff")}
    tri = hz.triangulate(survey_rows, rates, 2026, "Ethnicity", "BME", "White")
    assert tri.loc["Bullying and harassment cases", "ratio"] == pytest.approx(4.0)
    assert tri.loc["Violence and aggression incidents", "ratio"] == pytest.approx(2.0)
    assert tri.iloc[0]["ratio"] == pytest.approx(1.5)
    assert tri.loc["Grievances", "ratio"] == pytest.approx(0.0)


def test_direction_comes_from_the_item_map():
    assert hz.higher_is_better("equal_opportunities", [2024]) is True
    assert hz.higher_is_better("harassment_public", [2023, 2024]) is False
    with pytest.raises(KeyError, match="direction"):
        hz.higher_is_better("no_such_measure", [2024])


def test_a_reduction_target_is_refused_where_higher_is_better():
    assert hz.target_value({"target_value": 60.0}, 50.0, higher_is_better=True) == 60.0
    with pytest.raises(ValueError, match="higher is better"):
        hz.target_value({"relative_reduction": 0.1}, 50.0, higher_is_better=True)


@pytest.mark.parametrize(("positive", "status"), [(450, "off_track"), (535, "on_track"), (520, "behind_within_uncertainty"),
                                                  (620, "on_track")])
def test_a_higher_is_better_measure_falling_is_not_on_track(positive, status):
    # equal opportunities (q15, higher is better) from 50% toward 60% by 2026: milestone 2024 = 53.3%
    r = results([(2023, "q15", "All staff", "All staff", 1000, 500), (2024, "q15", "All staff", "All staff", 1000, positive)])
    table, target = hz.track(r, {"measure": "equal_opportunities", "baseline_year": 2023, "target_year": 2026,
                                 "target_value": 60.0})
    assert target == 60.0 and table.loc[2024, "milestone"] == pytest.approx(50 + 10 / 3)
    assert table.loc[2024, "status"] == status
    assert table.loc[2024, "met"] == (positive >= 600)  # met early


def test_a_gap_target_follows_its_measure_and_reverses_past_parity():
    # BME minus White believing in equal opportunities: -10 pp (adverse), target parity
    rows = [(2023, "q15", "Ethnicity", "BME", 1000, 400), (2023, "q15", "Ethnicity", "White", 1000, 500),
            (2024, "q15", "Ethnicity", "BME", 1000, 380), (2024, "q15", "Ethnicity", "White", 1000, 500),
            (2025, "q15", "Ethnicity", "BME", 1000, 600), (2025, "q15", "Ethnicity", "White", 1000, 500)]
    table, target = hz.track(results(rows), {"measure": "equal_opportunities", "type": "gap", "dimension": "Ethnicity",
                                             "focus": "BME", "reference": "White", "baseline_year": 2023,
                                             "target_year": 2026})
    assert target == 0.0
    assert table["status"].tolist() == ["on_track", "off_track", "reversed"]
