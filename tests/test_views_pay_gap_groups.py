"""Pay gap comparisons, group tables, targets and the national view: intervals read plainly, hidden figures
worded, flags from the policy."""

import dataclasses
import sys
from pathlib import Path

import pytest
import yaml

from edi_analysis.disclosure import Policy
from edi_analysis.io import load_trust
from edi_analysis.results import pay_gaps as results
from edi_analysis.views import pay_gap_groups as gviews
from edi_analysis.pipeline.reader_text import developer_markers
from edi_analysis.views import pay_gaps as views

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import base_rows, staff_table, trust

ROOT = Path(__file__).resolve().parents[1]


def publish(code, year=2026, mode=None):
    data = load_trust(code, year, params_dir=ROOT / "params")
    res = results.compute(data)
    return res, Policy.from_params(data.params, mode=mode).apply(res)


@pytest.fixture(scope="module")
def syn08(synthetic_root):
    return publish("SYN08")


def test_ethnicity_comparison_has_intervals_and_plain_readings(syn08):
    res, pub = syn08
    table = views.comparison_table(pub, "ethnicity").data
    r = res.gaps[(res.gaps["comparison"] == "ethnicity") & (res.gaps["year"] == 2026)].iloc[0]
    lo, hi = r["median_gap_low"], r["median_gap_high"]
    assert table.loc["Median hourly pay gap", "95% interval"] == f"{lo:.1f}% to {hi:.1f}%"
    expected = "within noise" if lo <= 0 <= hi else "a clear gap"
    assert table.loc["Median hourly pay gap", "Reading"].startswith(expected)


def test_small_groups_are_combined_or_suppressed(synthetic_root):
    res, pub = publish("SYN02")
    t = res.groups["sex_ethnicity"]
    shown = views.group_table(pub, "sex_ethnicity", "x").data
    for group in t.loc[t["n"] < 10, "group"]:
        if group != "Unknown":
            assert shown.loc[group, "Median gap"] == shown.loc[group, "Median £/h"] == "fewer than 10"
    census = views.group_table(pub, "ethnicity_census5", "x").data
    too_few = [g for g in census.index if "too few to report" in g]
    assert too_few and all(census.loc[g, "Median £/h"] == "fewer than 10" for g in too_few)


def test_declaration_note_sets_the_record_beside_the_survey(syn08):
    res, pub = syn08
    html = views.declaration_note(pub)._repr_html_()
    assert f"{res.survey_disability['pct'].iloc[0]:.1f}% of staff survey respondents" in html


def test_declaration_note_does_not_quote_a_share_that_would_give_the_unrecorded_away():
    # two staff of unrecorded ethnicity: "99.2% of 262 staff" would leave them at 2
    pub = Policy().apply(results.compute(trust(staff_table(base_rows() + [("Female", "Z", "No", 19.5, 2)]))))
    html = views.declaration_note(pub)._repr_html_()
    assert "Ethnicity is recorded for all but a few staff (too few to publish)" in html
    assert "suppressed" not in html and "disability for 100.0%." in html


def test_targets_tracked_where_set_and_invited_where_not(syn08, synthetic_root):
    res, pub = syn08
    html = views.targets_view(pub)._repr_html_()  # SYN08 sets a disability target
    assert pub.target_settings[0]["characteristic"] == "disability"
    assert f"against a milestone of {res.targets['milestone'].iloc[-1]:.1f}%" in html
    none_set = views.targets_view(publish("SYN02")[1])._repr_html_()
    assert "No pay gap targets are set" in none_set and developer_markers(none_set) == []


@pytest.mark.parametrize(("row", "words"), [
    ({"value": -12.8, "low": -15.0, "high": -10.6, "status": "reversed", "met": False},
     "not on track: the gap has passed parity and now runs the other way by more than chance"),
    ({"value": -1.0, "low": -3.0, "high": 1.0, "status": "on_track", "met": True}, "target met"),
])
def test_a_pay_gap_past_its_target_is_read_by_its_interval(syn08, row, words):
    _, pub = syn08
    targets = pub.targets.copy()
    last = targets.index[-1]
    for col, v in row.items():
        targets.loc[last, col] = v
    html = views.targets_view(dataclasses.replace(pub, targets=targets))._repr_html_()
    assert f"the gap was {row['value']:.1f}%" in html and words in html
    assert "A gap whose whole interval has passed 0 is not on track: it has reversed." in html


def test_national_benchmark_uses_the_published_returns_or_says_plainly_they_are_missing(syn08, tmp_path):
    params = yaml.safe_load((ROOT / "params" / "SYN08.yaml").read_text())
    params.update(reference_data=str(tmp_path / "nowhere"), data_dir=str(ROOT / "data" / "synthetic" / "SYN08"))
    (tmp_path / "SYN08.yaml").write_text(yaml.safe_dump(params))
    data = load_trust("SYN08", 2026, params_dir=tmp_path)
    pub = Policy().apply(results.compute(data))
    note = views.national_view(pub)._repr_html_()
    # the board reads a plain sentence; where to get the returns stays with the analyst
    assert "National gender pay gap figures were not available for this report" in note
    assert developer_markers(note) == [] and "gender-pay-gap.service.gov.uk" in pub.national_problem
    shipped = ROOT / "data" / "reference"
    data = dataclasses.replace(data, params=dataclasses.replace(data.params, reference_data=shipped))
    html = views.national_view(Policy().apply(results.compute(data)))._repr_html_()
    assert "NHS trusts that published" in html and "placed as if it had reported" in html


def test_wide_intervals_are_flagged(syn08):
    pub = syn08[1]
    assert views.reading(pub, -1.0, 2.0, "x") == "within noise: no clear gap either way"
    assert views.reading(pub, 1.0, 4.0, "x") == "a clear gap: x are paid less"
    assert views.reading(pub, -20.0, -5.0, "x").startswith("a clear gap: x are paid more; the interval is wide")
    narrow = dataclasses.replace(pub, publication=dataclasses.replace(
        pub.publication, policy=dataclasses.replace(pub.publication.policy, wide_interval_pp=2.0)))
    assert "the interval is wide" in views.reading(narrow, 1.0, 4.0, "x")  # the flag follows the policy


def test_group_tables_show_pooled_totals_but_not_the_policys_working_rows(synthetic_root):
    _, pub = publish("SYN02")
    shown = gviews.group_table(pub, "sex_ethnicity", "x").data
    assert "BME" in shown.index and shown.loc["BME", "Note"] == "all its groups above, combined"
    assert shown.loc["White", "Median gap"] == "–"  # a total holding the reference has no gap
    assert "in_pool" not in set(pub.groups["sex_ethnicity"]["role"])  # nothing to split here


def test_declaration_note_flags_a_low_survey_base(syn08):
    res, pub = syn08
    n = Policy().low_survey_base - 1  # shown (at least min_survey_base) but a low base
    small = res.survey_disability.assign(respondents=n, disabled=n // 2, pct=(n // 2) / n * 100)
    low_pub = Policy().apply(dataclasses.replace(res, survey_disability=small))
    html = views.declaration_note(low_pub)._repr_html_()
    assert f"respondents (low base: fewer than {n + 1} responses)" in html
    assert "low base" not in views.declaration_note(pub)._repr_html_()
