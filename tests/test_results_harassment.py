"""HIA 6 results: survey by group under the survey base, targets, national comparison, counts beside rates."""

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from edi_analysis.disclosure import Policy, RowSum, Same, Spec, is_hidden, is_shown
from edi_analysis.io import load_trust
from edi_analysis.results import harassment as rh
from edi_analysis.results import harassment_targets as ht
from edi_analysis.results import trends as rt
from edi_analysis.results.trends import SERIES_COLUMNS

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed surveys (tests use importlib mode)
from harassment_fixtures import constructed_survey, sums_survey

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data(synthetic_root):
    return load_trust("SYN02", 2026, params_dir=ROOT / "params")


@pytest.fixture(scope="module")
def res(data):
    return rh.compute(data)


@pytest.fixture(scope="module")
def pub(res):
    return Policy().apply(res)


def wilson(x, n, z=1.959963984540054):
    """The Wilson score interval, written out by hand (metrics.md section 5), in %."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * p, 100 * (centre - half), 100 * (centre + half)


def test_question_maps_match_the_data(res):
    assert res.map_problems == ()
    assert set(res.survey["measure"]) >= {"harassment_public", "harassment_staff", "violence_public",
                                          "discrimination_staff", "sexual_behaviour_staff", "harassment_reported"}
    assert list(res.survey.columns) == rh.SURVEY_COLUMNS and set(res.survey["survey_year"]) == {2025}


def test_benchmark_headlines_are_all_staff_rows(pub):
    s = pub.survey
    head = s[(s["dimension"] == "All staff") & (s["group"] == "All staff")].set_index("measure")
    for m in ("harassment_public", "harassment_managers", "harassment_colleagues", "discrimination_staff",
              "violence_public"):
        r = head.loc[m]
        assert r["pct"] == pytest.approx(100 * r["positive"] / r["responses"])


def test_survey_base_boundary_through_compute(data):
    inputs = {y: dict(d) for y, d in data.inputs.items()}
    inputs[2026]["staff_survey"] = constructed_survey()
    res = rh.compute(dataclasses.replace(data, inputs=inputs))
    pub = Policy().apply(res)
    s = pub.survey[pub.survey["measure"] == "harassment_public"].set_index(["dimension", "group"])
    bme, mixed = s.loc[("Ethnicity", "BME")], s.loc[("Ethnicity (Census 5)", "Mixed")]
    # 11 responses: shown, Wilson by hand; the gap to White is published.
    assert bme["responses"] == 11 and bme["positive"] == 3
    assert [bme["pct"], bme["low"], bme["high"]] == pytest.approx(list(wilson(3, 11)))
    assert is_shown(bme["gap"]) and bme["gap"] == pytest.approx(100 * 3 / 11 - 20.0)
    # 10 responses: the count of respondents is shown (it is at least min_count), nothing built on it is.
    assert mixed["responses"] == 10
    for col in ("positive", "pct", "low", "high", "gap", "gap_low", "gap_high", "ratio", "adverse", "significant"):
        assert is_hidden(mixed[col]), col
    # Internal mode keeps them.
    internal = Policy(mode="internal").apply(res).survey.set_index(["measure", "dimension", "group"])
    assert internal.loc[("harassment_public", "Ethnicity (Census 5)", "Mixed"), "pct"] == pytest.approx(20.0)


def test_rates_hide_a_small_count_and_everything_that_would_give_it_back(pub):
    r = pub.rates
    small = r[r["events"].map(is_hidden)]
    assert len(small)
    # Rate x headcount / 1,000 would give the count back: the rate, its interval and the ratio go with it.
    assert small[["rate", "low", "high"]].map(is_hidden).all().all()
    assert small["headcount"].map(is_shown).all()
    focus = r[(r["group"] != r["reference"]) & r["ref_events"].map(is_hidden)]
    assert focus["ratio"].map(is_hidden).all()


def test_count_beside_rate_by_hand():
    rates = pd.DataFrame({"year": [2026, 2026], "dimension": "Ethnicity", "source": "Grievances",
                          "group": ["BME", "White"], "reference": "White", "events": [3, 40],
                          "headcount": [200, 2000], "rate": [15.0, 20.0], "low": [5.1, 14.7], "high": [43.1, 27.2],
                          "ref_events": [40, 40], "ref_headcount": [2000, 2000], "ratio": [0.75, np.nan]})
    res = rh.HarassmentResults(rh.TrustInfo("XXX", "T", "Acute", "London", "ICS", True, 2026), 2026, 2025,
                               pd.DataFrame(columns=rh.SURVEY_COLUMNS), pd.DataFrame(columns=ht.TARGETS_COLUMNS),
                               pd.DataFrame(columns=ht.NATIONAL_COLUMNS), rates, {}, {})
    out = Policy().apply(res).rates
    assert [str(v) for v in out.loc[0, ["events", "rate", "low", "high", "ratio"]]] == [str(Policy().primary_marker)] + ["suppressed"] * 4
    assert out.loc[0, "headcount"] == 200 and out.loc[1, "rate"] == 20.0


def test_quarterly_series_use_the_trends_builder(res):
    assert set(res.quarterly) == {f"{k}_{g}" for k in ("incidents", "cases", "grievances")
                                  for g in ("BME", "White", "Disabled", "Non-disabled")}
    assert all(list(t.columns) == SERIES_COLUMNS for t in res.quarterly.values())


def test_targets_from_params_are_tracked(tmp_path, synthetic_root):
    params = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    params["data_dir"] = str(ROOT / "data" / "synthetic" / "SYN02")
    params["hia6_targets"] = [
        {"measure": "harassment_public", "group": "all staff", "baseline_year": 2022, "target_year": 2026,
         "relative_reduction": 0.2},
        {"measure": "harassment_staff", "type": "gap", "dimension": "Disability", "focus": "Disabled",
         "reference": "Non-disabled", "baseline_year": 2022, "target_year": 2027},
        {"measure": "equal_opportunities", "group": "all staff", "baseline_year": 2022, "target_year": 2026,
         "target_value": 75.0},
    ]
    (tmp_path / "SYN02.yaml").write_text(yaml.safe_dump(params))
    res = rh.compute(load_trust("SYN02", 2026, params_dir=tmp_path))
    t = res.targets
    assert sorted(set(t["target"])) == [0, 1, 2] and res.target_problems == ()
    # each target carries its measure's direction, and every rating follows it
    assert t.groupby("target")["higher_is_better"].first().tolist() == [False, False, True]
    for _, r in t.iterrows():
        better = (r["value"] >= r["milestone"]) if r["higher_is_better"] else (r["value"] <= r["milestone"])
        assert (r["status"] == "on_track") == better
        assert r["met"] == ((r["value"] >= 75.0) if r["higher_is_better"] else (r["value"] <= r["target_value"]))
    first = t[t["target"] == 0]
    assert first["target_value"].iloc[0] == pytest.approx(first["value"].iloc[0] * 0.8)
    assert first["year"].tolist() == [2022, 2023, 2024, 2025]
    assert set(t["status"]) <= {"on_track", "behind_within_uncertainty", "off_track", "reversed", "insufficient_data"}
    assert first["value"].tolist() == pytest.approx((100 * first["positive"] / first["responses"]).tolist())
    gap = t[t["target"] == 1]
    assert (gap["kind"] == "gap").all() and (gap["ref_responses"] != gap["responses"]).all()
    pub = Policy().apply(res)
    assert pub.targets["value"].map(is_shown).all()


def test_bad_target_is_a_clear_params_error(tmp_path):
    params = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    params["hia6_targets"] = [{"measure": "harassment_public", "baseline_year": 2022, "target_year": 2026}]
    (tmp_path / "SYN02.yaml").write_text(yaml.safe_dump(params))
    from edi_analysis.io import InputError, load_params

    with pytest.raises(InputError, match="give exactly one of target_value, relative_reduction or annual_reduction"):
        load_params(tmp_path / "SYN02.yaml")


def national(values, trust_type="Community", year=2024):
    return pd.DataFrame({"ods_code": [f"R{i}" for i in range(len(values))], "survey_year": year,
                         "trust_type": trust_type, **{m: values for m in ht.KEY_MEASURES + ("harassment_public",)}})


def test_suggested_targets_and_position_among_similar_trusts(res, data):
    peers = national([10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0])
    peers = pd.concat([peers, national([1.0] * 3, trust_type="Acute")], ignore_index=True)
    out = ht.national_table(res.survey, peers, data.params, 2025).set_index("measure")
    assert set(out.index) == set(ht.KEY_MEASURES) | {"harassment_public"}
    r = out.loc["harassment_managers"]
    pct = float(r["pct"])
    assert r["peer_year"] == 2024 and r["peer_n"] == 8 and r["peer_median"] == pytest.approx(17.0)
    assert r["peer_best_quartile"] == pytest.approx(13.5)
    below = sum(v < pct for v in range(10, 25, 2)) + 0.5 * sum(v == pct for v in range(10, 25, 2))
    assert r["pct_lower"] == pytest.approx(below / 8 * 100)
    expected = (13.5, "best_quartile") if pct > 13.5 else (pct * 0.9, "further_reduction")
    assert (r["target_value"], r["basis"]) == (pytest.approx(expected[0]), expected[1])
    assert pd.isna(out.loc["harassment_public", "target_value"])  # not a key measure: no suggestion
    assert ht.national_table(res.survey, None, data.params, 2025).empty


def test_a_lone_small_group_cannot_be_worked_back_from_all_staff(data):
    inputs = {y: dict(d) for y, d in data.inputs.items()}
    inputs[2026]["staff_survey"] = sums_survey()
    pub = Policy().apply(rh.compute(dataclasses.replace(data, inputs=inputs)))
    s = pub.survey[pub.survey["measure"] == "harassment_public"].set_index(["dimension", "group"])
    age = s.loc["Age band"]
    # 16-24 (3) is hidden; all staff minus the other bands would give it back, so the smallest other band
    # (45-54, 57) is hidden too, with its figures. The reference band (35-44) stays.
    assert str(age.loc["16-24", "responses"]) == "<5" and str(age.loc["45-54", "responses"]) == "*"
    assert age["positive"].map(is_hidden).sum() == 2 and is_shown(age.loc["35-44", "pct"])
    assert (s.loc["Age band", "sum_line"] == "part").all()
    # Religions do not add up to all staff: nothing more is hidden there.
    rel = s.loc["Religion"]
    assert str(rel.loc["Sikhism", "responses"]) == "<5" and rel.loc["Islam", "responses"] == 40
    assert (rel["sum_line"] == "").all()
    # The order in which figures are hidden is itself hidden with the count it repeats.
    assert is_hidden(age.loc["16-24", "hide_order"]) and age.loc["35-44", "hide_order"] == float("inf")


def results_of(survey=None, targets=None, national=None, rates=None, quarterly=None, quarter_years=None):
    """Constructed HIA 6 results: empty tables unless given."""
    empty = {"survey": rh.SURVEY_COLUMNS, "targets": ht.TARGETS_COLUMNS, "national": ht.NATIONAL_COLUMNS,
             "rates": rh.RATES_COLUMNS}
    given = {"survey": survey, "targets": targets, "national": national, "rates": rates}
    tables = {k: v if v is not None else pd.DataFrame(columns=empty[k]) for k, v in given.items()}
    return rh.HarassmentResults(rh.TrustInfo("XXX", "T", "Acute", "London", "ICS", True, 2026), 2026, 2025,
                                **tables, quarterly=quarterly or {}, quarter_years=quarter_years or {})


def test_a_reference_hidden_to_protect_a_small_group_is_hidden_in_every_gap_row():
    # Sex: Female 150, Male 47 (the reference), Intersex 3, adding up to all staff. Intersex is hidden and Male,
    # the smallest other group, with it; each Female row repeats Male's counts to draw its gap.
    survey = rh.survey_table(sums_survey(), 2025)
    pub = Policy().apply(results_of(survey=survey)).survey
    sex = pub[pub["dimension"] == "Sex"]
    assert str(sex[sex["group"] == "Intersex"]["responses"].iloc[0]) == "<5"
    assert (sex[sex["group"] == "Male"]["responses"].map(str) == "*").all()
    female = sex[sex["group"] == "Female"]
    assert len(female) and (female["ref_responses"].map(str) == "*").all()
    assert female[["ref_positive", "gap", "gap_low", "gap_high", "ratio"]].map(is_hidden).all().all()
    assert female["pct"].map(is_shown).all()
    # A reference left shown is shown in its copies too.
    age = pub[(pub["dimension"] == "Age band") & (pub["group"] == "25-34")]
    assert (age["ref_responses"] == 80).all()


def test_targets_repeat_the_survey_counts_and_hide_them_with_it():
    results = sums_survey()
    specs = [{"measure": "harassment_public", "group": "Sex: Male", "baseline_year": 2025, "target_year": 2027,
              "relative_reduction": 0.2},
             {"measure": "harassment_public", "type": "gap", "dimension": "Sex", "focus": "Female",
              "reference": "Male", "baseline_year": 2025, "target_year": 2027},
             {"measure": "harassment_public", "group": "Sex: Female", "baseline_year": 2025, "target_year": 2027,
              "relative_reduction": 0.2}]
    targets, problems = ht.targets_table(results, specs)
    assert problems == [] and len(targets) == 3
    pub = Policy().apply(results_of(survey=rh.survey_table(results, 2025), targets=targets)).targets
    male, gap, female = (pub[pub["target"] == i].iloc[0] for i in range(3))
    # Male's 47 responses are hidden in the survey table (to protect Intersex): hidden wherever they repeat.
    for cell in (male["responses"], male["ref_responses"], male["base_responses"], male["base_ref_responses"],
                 gap["ref_responses"], gap["base_ref_responses"]):
        assert str(cell) == "*"
    assert is_hidden(male["value"]) and is_hidden(gap["value"]) and is_hidden(gap["target_value"])
    assert female["responses"] == 150 and gap["responses"] == 150 and is_shown(female["value"])


def test_the_national_row_is_the_survey_all_staff_row():
    survey = rh.survey_table(constructed_survey(), 2025)
    everyone = survey[survey["group"] == "All staff"].iloc[:1]
    national = pd.DataFrame([{"measure": everyone["measure"].iloc[0], "survey_year": 2025, "responses": 199,
                              "positive": 40, "pct": 20.1}], columns=ht.NATIONAL_COLUMNS)
    with pytest.raises(ValueError, match="counts differ"):
        Policy().apply(results_of(survey=survey, national=national))
    assert Policy().apply(results_of(survey=survey, national=national.assign(responses=200))).national.loc[
        0, "responses"] == 200


def rates_rows(white_events=40):
    return pd.DataFrame({"year": [2026, 2026], "dimension": "Ethnicity", "source": "Bullying and harassment cases",
                         "group": ["BME", "White"], "reference": "White", "events": [30, white_events],
                         "headcount": [200, 2000], "rate": [150.0, 20.0], "low": 1.0, "high": 2.0,
                         "ref_events": [white_events, white_events], "ref_headcount": [2000, 2000],
                         "ratio": [7.5, np.nan]})


def test_the_reference_counts_in_a_rates_row_are_the_reference_row():
    # Another table adds White's events to a small count: White's events are hidden to protect it, and the
    # BME row's copy (and the ratio) with them.
    other = pd.DataFrame({"small": [2], "white": [40], "total": [42]})
    specs = {"rates": rh.RATES_SPEC,
             "other": Spec(counts=("small", "white", "total"), row_sums=(RowSum(("small", "white"), "total"),),
                           same=(Same("rates", {"white": "events"}, on={}, where={"group": "White"}),))}
    out, _ = Policy().suppress_tables({"rates": rates_rows(), "other": other}, specs)
    r = out["rates"].set_index("group")
    assert str(r.loc["White", "events"]) == "*" and str(r.loc["BME", "ref_events"]) == "*"
    assert is_hidden(r.loc["BME", "ratio"]) and r.loc["BME", "events"] == 30
    bad = rates_rows().assign(ref_events=[41, 40])
    with pytest.raises(ValueError, match="counts differ"):
        Policy().apply(results_of(rates=bad))


def series(numerators, start="2025-03-31", denominator=1000):
    frame = pd.DataFrame({"period_end": pd.date_range(start, periods=len(numerators), freq="QE"), "group": "White",
                          "numerator": numerators, "denominator": denominator})
    frame["value"] = frame["numerator"] / frame["denominator"] * 1000
    return rt.series_table(frame, unit="per_1000", direction="decrease")


def test_quarters_add_up_to_the_annual_count():
    # Quarters to March 2025 (financial year 2025, only one quarter: no sum), then April 2025 - March 2026:
    # 2 + 9 + 6 + 7 = 24, the year's count in the rates table.
    quarterly = {"cases_White": series([5, 2, 9, 6, 7])}
    years = rh.quarter_years(quarterly, rates_rows(white_events=24))["cases_White"]
    assert years[["year", "q1", "q2", "q3", "q4", "events"]].values.tolist() == [[2026, 2, 9, 6, 7, 24]]
    assert years["q1_end"].iloc[0] == pd.Timestamp("2025-06-30")
    assert rh.quarter_years(quarterly, rates_rows(white_events=25))["cases_White"].empty  # not their sum
    res = results_of(rates=rates_rows(white_events=24), quarterly=quarterly,
                     quarter_years=rh.quarter_years(quarterly, rates_rows(white_events=24)))
    q = Policy().apply(res).quarterly["cases_White"].set_index("period_end")
    # The year's count less three shown quarters would give the small one back: the smallest other goes too.
    assert str(q.loc["2025-06-30", "numerator"]) == "<5" and str(q.loc["2025-12-31", "numerator"]) == "*"
    assert is_hidden(q.loc["2025-12-31", "value"]) and q.loc["2025-09-30", "numerator"] == 9


def test_a_groups_quarterly_headcount_is_one_count_in_each_series():
    quarterly = {"cases_White": series([5, 6]), "grievances_White": series([5, 6], denominator=999)}
    with pytest.raises(ValueError, match="counts differ"):
        Policy().apply(results_of(quarterly=quarterly))
