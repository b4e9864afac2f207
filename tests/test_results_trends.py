"""Trends results: every series as a tidy table, SPC columns computed from the whole series and hidden with it."""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.io import load_trust
from edi_analysis.results import trends as rt
from edi_analysis.results.base import TrustInfo

ROOT = Path(__file__).resolve().parents[1]
TRUST = TrustInfo("XXX", "Test trust", "Acute", "London", "Test ICS", True, 2026)
SPC = ["mean", "lpl", "upl", "special_cause_type", "point_type", "variation_icon"]


@pytest.fixture(scope="module")
def data(synthetic_root):
    return load_trust("SYN08", 2026, params_dir=ROOT / "params")


@pytest.fixture(scope="module")
def res(data):
    return rt.compute(data)


def quarters(numerators, denominators):
    """A constructed series, one row per quarter."""
    n = len(numerators)
    frame = pd.DataFrame({"period_end": pd.date_range("2022-03-31", periods=n, freq="QE"), "group": "BME",
                          "numerator": numerators, "denominator": denominators})
    frame["value"] = frame["numerator"] / frame["denominator"] * 1000
    return frame


def test_every_series_has_seventeen_quarters(res):
    assert list(res.series) == list(rt.TRENDS_SERIES) and len(res.series) == 8
    assert all(len(t) == 17 for t in res.series.values())
    assert all(list(t.columns) == rt.SERIES_COLUMNS for t in res.series.values())


def test_spc_columns_by_hand():
    # Values 10, 12, 10, 12, ...: mean 11, every moving range 2, limits 11 +- 2.66 x 2.
    values = [10, 12] * 6
    t = rt.series_table(quarters(values, [1000] * 12), unit="per_1000", direction="decrease")
    assert t["value"].tolist() == pytest.approx(values)
    assert t["mean"].tolist() == pytest.approx([11.0] * 12)
    assert t["lpl"].iloc[0] == pytest.approx(11 - 2.66 * 2) and t["upl"].iloc[0] == pytest.approx(11 + 2.66 * 2)
    assert set(t["point_type"]) == {"common_cause"} and set(t["variation_icon"]) == {"common_cause"}
    assert t["least_numerator"].iloc[0] == 10 and t["least_denominator"].iloc[0] == 1000
    # p-chart: pooled centre 132 / 12,000 = 0.011.
    assert t["p_centre"].iloc[0] == pytest.approx(0.011)


def test_too_few_quarters_leave_the_spc_columns_empty():
    short = rt.series_table(quarters([10] * (rt.MIN_POINTS - 1), [1000] * (rt.MIN_POINTS - 1)), unit="per_1000",
                            direction="decrease")
    assert short[SPC + ["p_centre"]].isna().all().all()
    enough = rt.series_table(quarters([10] * rt.MIN_POINTS, [1000] * rt.MIN_POINTS), unit="per_1000",
                             direction="decrease")
    assert enough["mean"].notna().all()


def test_percentages_have_no_p_chart(res):
    assert res.series["bme_senior"]["p_centre"].isna().all()
    assert res.series["disciplinary_bme"]["p_centre"].notna().all()


def publish(table, mode=None):
    return Policy(mode=mode or "publish").apply(rt.TrendsResults(TRUST, 2026, {"x": table}))


def test_one_hidden_quarter_hides_every_spc_figure_of_the_series():
    nums = [10] * 12
    nums[4] = 3
    pub = publish(rt.series_table(quarters(nums, [1000] * 12), unit="per_1000", direction="decrease"))
    t = pub.series["x"]
    assert t.loc[4, "numerator"] == Policy().primary_marker and is_hidden(t.loc[4, "value"])
    assert t.drop(index=4)["value"].map(is_shown).all()  # other quarters stay
    # The mean of all quarters and the 11 shown would give the hidden one back: every SPC figure goes.
    for col in SPC + ["p_centre", "p_lpl", "p_upl", "p_sigma_z", "least_numerator"]:
        assert t[col].map(is_hidden).all(), col
    assert t["least_denominator"].map(is_shown).all()


def test_a_small_denominator_hides_the_rate_and_the_spc():
    dens = [1000] * 12
    dens[7] = 9
    nums = [0] * 12
    pub = publish(rt.series_table(quarters(nums, dens), unit="per_1000", direction="decrease"))
    t = pub.series["x"]
    assert t.loc[7, "denominator"] == 9 and is_hidden(t.loc[7, "value"])
    assert t["mean"].map(is_hidden).all()


def test_internal_mode_keeps_every_value():
    nums = [10] * 12
    nums[4] = 3
    pub = publish(rt.series_table(quarters(nums, [1000] * 12), unit="per_1000", direction="decrease"), "internal")
    assert pub.publication.internal and pub.publication.hidden["series.x"] > 0
    assert not pub.series["x"].map(is_hidden).any().any()


def test_small_counts_hide_the_series_in_publish_mode_only(res):
    pub = Policy().apply(res)
    t = res.series["capability_disabled"]
    assert ((t["numerator"] > 0) & (t["numerator"] < Policy().min_count)).any()
    assert pub.series["capability_disabled"]["mean"].map(is_hidden).all()
    internal = Policy(mode="internal").apply(res)
    assert all(t["mean"].notna().all() for t in internal.series.values())


def test_missing_snapshots_are_recorded(tmp_path, synthetic_root):
    data = tmp_path / "data"
    shutil.copytree(synthetic_root / "SYN08" / "2026", data / "2026",
                    ignore=shutil.ignore_patterns("staff_snapshots.csv"))
    params = yaml.safe_load((ROOT / "params" / "SYN08.yaml").read_text())
    params.update(data_dir=str(data), years=[2026], report_year=2026)
    (tmp_path / "SYN08.yaml").write_text(yaml.safe_dump(params))
    res = rt.compute(load_trust("SYN08", 2026, params_dir=tmp_path))
    assert res.missing == "staff_snapshots" and res.series == {}
    assert Policy().apply(res).missing == "staff_snapshots"


def test_series_values_match_the_metric(data, res):
    t = res.series["disability_declared"]
    assert np.allclose(t["value"], t["numerator"] / t["denominator"] * 100)


def snapshots(disabled, non_disabled, unknown, date="2026-03-31"):
    """A constructed quarter-end snapshot: so many staff in each disability group, all White."""
    codes = ["Yes"] * disabled + ["No"] * non_disabled + ["Not declared"] * unknown
    return pd.DataFrame({"snapshot_date": pd.Timestamp(date), "bank": False, "disability": codes,
                         "ethnic_code": "A", "pay_band": "Band 5"})


def test_staff_counts_by_hand():
    t = rt.staff_counts(snapshots(3, 200, 7))
    assert t["disability"][["focus", "reference", "declared", "headcount"]].iloc[0].tolist() == [3, 200, 203, 210]
    assert t["ethnicity"][["focus", "reference", "declared", "headcount"]].iloc[0].tolist() == [0, 210, 210, 210]


def test_a_group_hidden_in_one_series_is_hidden_where_the_declared_total_would_give_it_back():
    # 3 Disabled staff: hidden as capability_disabled's denominator and disabled_share's numerator. Declared
    # (203) minus Non-disabled (200) would give them back: one of those two is hidden too, in every series
    # that repeats it.
    snaps = snapshots(3, 200, 7)
    cases = pd.DataFrame({"case_type": ["capability-performance"] * 2, "start_date": pd.Timestamp("2026-02-01"),
                          "ethnic_code": "A", "disability": ["No", "No"]})
    series = {key: rt.series_table(build(snaps, cases, rt.headcounts(snaps)), unit=unit, direction=direction)
              for key, (unit, direction, build) in rt.TRENDS_SERIES.items()}
    pub = Policy().apply(rt.TrendsResults(TRUST, 2026, series, rt.staff_counts(snaps)))
    s = {k: t.iloc[0] for k, t in pub.series.items() if len(t)}
    assert is_hidden(s["capability_disabled"]["denominator"]) and is_hidden(s["disabled_share"]["numerator"])
    non_disabled, declared = s["capability_non_disabled"]["denominator"], s["disability_declared"]["numerator"]
    assert is_hidden(non_disabled) or is_hidden(declared)
    assert is_hidden(pub.staff_counts["disability"].iloc[0]["reference"]) == is_hidden(non_disabled)
    assert is_hidden(pub.staff_counts["disability"].iloc[0]["declared"]) == is_hidden(declared)
    # The headcount is one count in every series that shows it.
    heads = [s[k]["denominator"] for k in ("disabled_share", "disability_declared", "ethnicity_declared")]
    assert heads == [210] * 3


def test_the_smallest_count_of_a_series_is_hidden_with_the_quarter_it_repeats():
    # March: 60 Disabled, 3 Non-disabled. The 3 is hidden, and the 60 with it (63 declared less 60 gives 3);
    # 60 is also the smallest Disabled headcount of the series (June: 80), repeated in every row.
    snaps = pd.concat([snapshots(60, 3, 7, "2026-03-31"), snapshots(80, 100, 7, "2026-06-30")], ignore_index=True)
    cases = pd.DataFrame({"case_type": ["grievance"], "start_date": pd.Timestamp("2026-02-01"), "ethnic_code": "A",
                          "disability": "No"})  # counted by no series here
    series = {key: rt.series_table(build(snaps, cases, rt.headcounts(snaps)), unit=unit, direction=direction)
              for key, (unit, direction, build) in rt.TRENDS_SERIES.items()}
    assert series["capability_disabled"]["least_denominator"].tolist() == [60, 60]
    assert series["capability_disabled"]["least_denominator_end"].tolist() == [pd.Timestamp("2026-03-31")] * 2
    pub = Policy().apply(rt.TrendsResults(TRUST, 2026, series, rt.staff_counts(snaps))).series
    assert str(pub["capability_non_disabled"]["denominator"].iloc[0]) == "<5"
    assert str(pub["capability_disabled"]["denominator"].iloc[0]) == "*"
    assert (pub["capability_disabled"]["least_denominator"].map(str) == "*").all()
    assert (pub["disabled_share"]["least_numerator"].map(str) == "*").all()
    assert pub["capability_disabled"]["denominator"].iloc[1] == 80
