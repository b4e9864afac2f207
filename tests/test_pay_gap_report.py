"""The gender pay gap report's views: right numbers, suppression where it should be, plain words."""

import dataclasses
from pathlib import Path

import pytest
import yaml

from edi_analysis import io as inputs
from edi_analysis import pay_gap_report as gpg
from edi_analysis.metrics.pay_gaps import pay_gap_measures

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rep(synthetic_root):
    return gpg.build("SYN08", 2026, params_dir=ROOT / "params")


def test_headline_values_match_the_measures(rep):
    table = gpg.headline_table(rep).data
    assert table.loc["Median hourly pay gap", "2026"] == f"{rep.result.median_gap:.1f}%"
    assert table.loc["Women receiving a bonus", "2026"] == f"{rep.result.bonus_proportion['Female']:.1f}%"


def test_small_bands_are_suppressed_in_publish_mode(rep):
    shown = gpg.band_table(rep).data
    n_men = rep.by_band["n_Male"]
    small = n_men[(n_men > 0) & (n_men < 5)].index
    assert len(small) > 0
    assert all(shown.loc[b, "Men"] == "<5" for b in small)
    assert all(shown.loc[b, "Median gap"] == "<10" for b in small)


def test_internal_mode_shows_everything(synthetic_root):
    rep = gpg.build("SYN08", 2026, params_dir=ROOT / "params", sdc_mode="internal")
    shown = gpg.band_table(rep).data
    assert not shown.map(lambda v: isinstance(v, str)).any().any()
    assert "Not for publication." in gpg.title(rep)._repr_html_()


def test_key_findings_state_the_figures(rep):
    html = gpg.key_findings(rep)._repr_html_()
    assert f"median gap {rep.result.median_gap:.1f}%" in html
    assert "Since 2022 the median gap has" in html


def test_few_female_bonus_recipients_are_suppressed_with_a_caution(synthetic_root):
    rep = gpg.build("SYN02", 2022, params_dir=ROOT / "params")
    assert 0 < rep.result.n_bonus["Female"] < 10
    table = gpg.headline_table(rep).data
    assert table.loc["Mean bonus gap", "2022"] == "<10 in a group"
    assert "bonus gaps can swing widely" in gpg.small_number_notes(rep)._repr_html_()


def test_no_female_bonus_recipients_reads_not_calculable(synthetic_root):
    rep = gpg.build("SYN02", 2022, params_dir=ROOT / "params", sdc_mode="internal")
    staff = rep.staff.assign(bonus_pay_12m=rep.staff["bonus_pay_12m"].where(rep.staff["sex"] == "Male", 0.0))
    rep = dataclasses.replace(rep, result=pay_gap_measures(staff))
    table = gpg.headline_table(rep).data
    assert table.loc["Mean bonus gap", "2022"] == "n/a (no one in one group)"
    assert table.loc["Women receiving a bonus", "2022"] == "0.0%"


def test_report_year_must_be_in_params(synthetic_root):
    with pytest.raises(inputs.InputError, match="not among the years"):
        gpg.build("SYN08", 2019, params_dir=ROOT / "params")


def test_bad_sdc_mode(synthetic_root):
    with pytest.raises(inputs.InputError, match="use 'publish' or 'internal'"):
        gpg.build("SYN08", 2026, params_dir=ROOT / "params", sdc_mode="open")


@pytest.fixture(scope="module")
def small(synthetic_root):
    return gpg.build("SYN02", 2026, params_dir=ROOT / "params")


def test_ethnicity_comparison_has_intervals_and_plain_readings(rep):
    table = gpg.comparison_table(rep, "ethnicity").data
    comp = rep.comparisons["ethnicity"]
    lo, hi = comp.ci["median_gap"]
    assert table.loc["Median hourly pay gap", "95% interval"] == f"{lo:.1f}% to {hi:.1f}%"
    expected = "within noise" if lo <= 0 <= hi else "a clear gap"
    assert table.loc["Median hourly pay gap", "Reading"].startswith(expected)


def test_small_ethnic_groups_are_combined_or_suppressed(small):
    t = small.group_tables["sex_ethnicity"]
    hidden = t[t["suppressed"]]
    shown = gpg.group_table(small, "sex_ethnicity", "x").data
    for group in hidden.index:
        assert shown.loc[group, "Median gap"] == "<10" and shown.loc[group, "Median £/h"] == "<10"
    census = small.group_tables["ethnicity_census5"].drop("Unknown")
    for group, row in census.iterrows():
        assert row["n"] >= 10 or row["suppressed"], group
        assert not row["suppressed"] or "too few to report" in group
    assert census["suppressed"].any() or any("(combined)" in g for g in census.index)


def test_declaration_note_sets_the_record_beside_the_survey(rep):
    html = gpg.declaration_note(rep)._repr_html_()
    assert f"{rep.survey_disabled_pct:.1f}% of staff survey respondents" in html


def test_targets_tracked_where_set_and_invited_where_not(rep, small):
    html = gpg.targets_view(rep)._repr_html_()  # SYN08 sets a disability target
    target, track = rep.targets[0]
    assert target["characteristic"] == "disability"
    assert f"against a milestone of {track.iloc[-1]['milestone']:.1f}%" in html
    assert "No pay gap targets are set" in gpg.targets_view(small)._repr_html_()


def test_national_benchmark_uses_the_published_returns_or_says_where_to_get_them(rep, tmp_path):
    if rep.national is None:
        pytest.skip("../shared/data is not beside the checkout")
    html = gpg.national_view(rep)._repr_html_()
    assert "NHS trusts that published" in html and "placed as if it had reported" in html
    params = yaml.safe_load((ROOT / "params" / "SYN08.yaml").read_text())
    params.update(reference_data=str(tmp_path / "nowhere"), data_dir=str(ROOT / "data" / "synthetic" / "SYN08"))
    (tmp_path / "SYN08.yaml").write_text(yaml.safe_dump(params))
    missing = gpg.build("SYN08", 2026, params_dir=tmp_path)
    note = gpg.national_view(missing)._repr_html_()
    assert "gender-pay-gap.service.gov.uk" in note and "reference_data" in note


def test_aggregate_hiding_a_subgroup_is_pointed_out(synthetic_root):
    rep = gpg.build("SYN06", 2026, params_dir=ROOT / "params")
    sentence = gpg.hidden_by_aggregate(rep)
    assert sentence and "UK-recruited" in sentence
    assert sentence in gpg.key_findings(rep)._repr_html_().replace("&#x27;", "'")


def test_wide_intervals_are_flagged():
    assert gpg._reading(-1.0, 2.0, "x") == "within noise: no clear gap either way"
    assert gpg._reading(1.0, 4.0, "x") == "a clear gap: x are paid less"
    assert gpg._reading(-20.0, -5.0, "x").startswith("a clear gap: x are paid more; the interval is wide")
