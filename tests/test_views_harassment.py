"""HIA 6 views: targets tracked, suggestions where none are set, hidden survey groups, a 'so what' that quotes
only published figures, and triangulation that never shows a rate beside the count it would give back."""

import dataclasses
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.io import load_trust
from edi_analysis.results import harassment as rh
from edi_analysis.results import harassment_targets as ht
from edi_analysis.views import display
from edi_analysis.views import harassment as vh

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed surveys (tests use importlib mode)
from harassment_fixtures import sums_survey

ROOT = Path(__file__).resolve().parents[1]


def text(obj) -> str:
    return re.sub(r"<[^>]+>", " ", obj._repr_html_()).replace("&#x27;", "'")


@pytest.fixture(scope="module")
def data(synthetic_root):
    return load_trust("SYN02", 2026, params_dir=ROOT / "params")


@pytest.fixture(scope="module")
def res(data):
    return rh.compute(data)


@pytest.fixture(scope="module")
def pub(res):
    return Policy().apply(res)


def test_views_read_published_results_only(res):
    with pytest.raises(TypeError, match="published"):
        vh.so_what(res)


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
    pub = Policy().apply(rh.compute(load_trust("SYN02", 2026, params_dir=tmp_path)))
    out = vh.targets_view(pub)
    html = text(out)
    assert "Target: harassment, bullying or abuse from patients or the public to" in html
    assert "the gap between Disabled and Non-disabled staff" in html
    assert out._repr_html_().count("<figure") == 2
    assert "Lower is better for this measure. A year is off track only when its whole interval lies above" in html
    assert "Harassment, bullying or abuse from patients or the public" not in (
        html.split("Suggested targets")[-1] if "Suggested targets" in html else "")


def test_a_falling_measure_where_higher_is_better_is_off_track(tmp_path, synthetic_root):
    # SYN02's "equal opportunities" (higher is better) falls from 55.5% (2022) to 51.9% (2025): never on track
    params = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    params["data_dir"] = str(ROOT / "data" / "synthetic" / "SYN02")
    params["hia6_targets"] = [{"measure": "equal_opportunities", "group": "all staff", "baseline_year": 2022,
                               "target_year": 2026, "target_value": 75.0}]
    (tmp_path / "SYN02.yaml").write_text(yaml.safe_dump(params))
    pub = Policy().apply(rh.compute(load_trust("SYN02", 2026, params_dir=tmp_path)))
    html = text(vh.targets_view(pub))
    assert "off track: behind the path by more than chance explains." in html
    assert "on track" not in html.replace("off track", "")
    assert "Higher is better for this measure. A year is off track only when its whole interval lies below" in html


def test_a_target_on_a_hidden_base_quotes_no_figure(tmp_path, synthetic_root):
    params = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    params["data_dir"] = str(ROOT / "data" / "synthetic" / "SYN02")
    params["hia6_targets"] = [{"measure": "harassment_public", "group": "all staff", "baseline_year": 2022,
                               "target_year": 2026, "relative_reduction": 0.2}]
    (tmp_path / "SYN02.yaml").write_text(yaml.safe_dump(params))
    res = rh.compute(load_trust("SYN02", 2026, params_dir=tmp_path))
    # A policy whose survey base is above every year's responses hides every figure of the target.
    strict = Policy(min_survey_base=int(res.targets["responses"].max()) + 1).apply(res)
    html = text(vh.targets_view(strict))
    assert "too few responses to publish" in html and "<figure" not in vh.targets_view(strict)._repr_html_()
    assert not re.search(r"\d+\.\d", html)


def test_suggested_targets_where_none_are_set(pub, res, data):
    peers = pd.DataFrame({"ods_code": [f"R{i}" for i in range(8)], "survey_year": 2024, "trust_type": "Community",
                          **{m: [10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0] for m in ht.KEY_MEASURES}})
    withpeers = Policy().apply(dataclasses.replace(res, national=ht.national_table(res.survey, peers, data.params, 2025)))
    html = text(vh.targets_view(withpeers))
    assert "Suggested targets where the trust has set none" in html
    table = text(vh.overview_table(withpeers))
    assert "community trusts (2024)" in table
    without = Policy().apply(dataclasses.replace(res, national=ht.national_table(res.survey, None, data.params, 2025)))
    assert "Suggested targets" not in text(vh.targets_view(without))  # no national data


def test_small_groups_hidden_in_group_tables(pub, res):
    table = vh.group_table(pub, "harassment_staff").data
    s = res.survey
    small = s[(s["measure"] == "harassment_staff") & (s["responses"] < Policy().min_survey_base)
              & (s["dimension"] != "All staff")]
    assert len(small)
    for _, r in small.iterrows():
        assert table.loc[f"{r['dimension']}: {r['group']}", "% (95% CI)"] == f"fewer than {Policy().min_survey_base} responses"
        assert table.loc[f"{r['dimension']}: {r['group']}", "Gap to reference"] == "–"


def test_low_bases_are_flagged(pub, res):
    table = vh.group_table(pub, "harassment_staff").data
    policy = Policy()
    s = res.survey
    low = s[(s["measure"] == "harassment_staff") & (s["dimension"] != "All staff")
            & (s["responses"] >= policy.min_survey_base) & (s["responses"] < policy.low_survey_base)]
    assert len(low)
    for _, r in low.iterrows():
        assert table.loc[f"{r['dimension']}: {r['group']}", "% (95% CI)"].endswith("(low base)")


def test_so_what_has_three_findings_with_questions(pub):
    html = text(vh.so_what(pub))
    assert html.count("Board question:") == 3


def test_so_what_quotes_no_hidden_group(res):
    internal = Policy(mode="internal").apply(res)
    hidden = Policy().apply(res).survey
    small = hidden[hidden["pct"].map(is_hidden)]
    for view in (internal, Policy().apply(res)):
        html = text(vh.so_what(view))
        for _, r in small.iterrows():
            assert f": {r['group']} ({r['dimension'].lower()})" not in html


def test_quarterly_charts_hidden_where_numbers_are_small(pub, res):
    assert "not charted" in text(vh.quarterly_charts(pub, "cases"))
    internal = Policy(mode="internal").apply(res)
    assert "not charted" not in text(vh.quarterly_charts(internal, "cases"))


def test_triangulation_puts_the_sources_side_by_side(pub):
    table = vh.triangulation_table(pub, "Disability")
    assert isinstance(table, display.Table)
    sources = list(table.data.index)
    assert any(s.startswith("Staff survey") for s in sources) and "Violence and aggression incidents" in sources


def test_triangulation_never_shows_a_rate_of_a_hidden_count(pub):
    table = vh.triangulation_table(pub, "Disability").data
    r = pub.rates[(pub.rates["year"] == pub.year) & (pub.rates["dimension"] == "Disability")]
    hidden = set(r.loc[r["events"].map(is_hidden), "source"])
    assert hidden
    for source in hidden:
        row = table.loc[source]
        assert "suppressed" in (row["Disabled"], row["Non-disabled"]) and row["Ratio"] == ""


def test_low_base_footnote_only_where_flagged(pub):
    overview = vh.overview_table(pub)
    assert not any(n.startswith("Low base") for n in overview.notes)  # every all-staff base is large
    table = vh.group_table(pub, "harassment_staff")
    assert any(n.startswith("Low base") for n in table.notes)


def test_a_gap_is_not_shown_against_a_hidden_reference(data):
    inputs = {y: dict(d) for y, d in data.inputs.items()}
    inputs[2026]["staff_survey"] = sums_survey()
    pub = Policy().apply(rh.compute(dataclasses.replace(data, inputs=inputs)))
    s = pub.survey.set_index(["measure", "dimension", "group"])
    # Sex: Intersex (3) is hidden, so the smallest other group, Male (47, the reference), is hidden too.
    assert str(s.loc[("harassment_public", "Sex", "Male"), "responses"]) == "*"
    table = vh.group_table(pub, "harassment_public").data
    assert table.loc["Sex: Female", "Gap to reference"] == "–"
    assert table.loc["Sex: Female", "% (95% CI)"].startswith("20.0%")
    assert table.loc["Sex: Male", "% (95% CI)"] == f"fewer than {Policy().min_survey_base} responses"


def _series(nums, dens):
    """A published quarterly series (incidents per 1,000 staff, lower is better) built from counts."""
    from edi_analysis.results import trends as rt
    from edi_analysis.results.base import TrustInfo

    frame = pd.DataFrame({"period_end": pd.date_range("2022-03-31", periods=len(nums), freq="QE"), "group": "BME",
                          "numerator": nums, "denominator": dens})
    frame["value"] = frame["numerator"] / frame["denominator"] * 1000
    table = rt.series_table(frame, unit="per_1000", direction="decrease")
    info = TrustInfo("XXX", "Test trust", "Acute", "London", "Test ICS", True, 2026)
    return Policy().apply(rt.TrendsResults(info, 2026, {"bme_senior": table})).series["bme_senior"]


def test_a_concern_before_the_latest_quarter_reaches_the_so_what(pub):
    # 200 or 220 incidents per 1,000 staff, one quarter far above the limits early on; the latest is common cause
    nums = [200, 220] * 8 + [200]
    nums[2], nums[5] = 400, 20
    quarterly = {"incidents_BME": _series(nums, [1000] * 17)}
    html = text(vh.so_what(dataclasses.replace(pub, quarterly=quarterly)))
    assert "Signals of concern: Violence and aggression incidents: BME staff" in html
    assert "Special cause variation in 2 of 17 points (2 outside the process limits; 1 improving, 1 a concern)" in html
