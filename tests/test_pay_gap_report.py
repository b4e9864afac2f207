"""The gender pay gap report's views: right numbers, suppression where it should be, plain words."""

import dataclasses
from pathlib import Path

import pytest

from edi_analysis import inputs, pay_gap_report as gpg
from edi_analysis.pay_gaps import pay_gap_measures

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
