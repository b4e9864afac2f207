"""HIA 6 results: survey by group under the survey base, targets, national comparison, counts beside rates."""

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.io import load_trust
from edi_analysis.results import harassment as rh
from edi_analysis.results import harassment_targets as ht
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
                               pd.DataFrame(columns=ht.NATIONAL_COLUMNS), rates, {})
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
    ]
    (tmp_path / "SYN02.yaml").write_text(yaml.safe_dump(params))
    res = rh.compute(load_trust("SYN02", 2026, params_dir=tmp_path))
    t = res.targets
    assert sorted(set(t["target"])) == [0, 1] and res.target_problems == ()
    first = t[t["target"] == 0]
    assert first["target_value"].iloc[0] == pytest.approx(first["value"].iloc[0] * 0.8)
    assert first["year"].tolist() == [2022, 2023, 2024, 2025]
    assert set(t["status"]) <= {"on_track", "behind_within_uncertainty", "off_track", "insufficient_data"}
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
