"""The pay gap report's views: right numbers, hidden figures worded and never quoted, plain words."""

import dataclasses
import sys
from pathlib import Path

import pytest
import yaml

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.io import load_trust
from edi_analysis.results import pay_gaps as results
from edi_analysis.views import display
from edi_analysis.views import pay_gaps as views

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import base_rows, staff_table, trust

ROOT = Path(__file__).resolve().parents[1]


def publish(code, year=2026, mode=None, **kw):
    data = load_trust(code, year, params_dir=ROOT / "params", **kw)
    res = results.compute(data)
    return res, Policy.from_params(data.params, mode=mode).apply(res)


@pytest.fixture(scope="module")
def syn08(synthetic_root):
    return publish("SYN08")


def sex_row(res, year=2026):
    return res.gaps[(res.gaps["comparison"] == "sex") & (res.gaps["year"] == year)].iloc[0]


def test_headline_values_match_the_measures(syn08):
    res, pub = syn08
    table = views.headline_table(pub).data
    assert display.fmt_pct(table.loc["Median hourly pay gap", "2026"]) == f"{sex_row(res)['median_gap']:.1f}%"
    assert display.fmt_pct(table.loc["Women receiving a bonus", "2026"]) == f"{sex_row(res)['bonus_pct_focus']:.1f}%"


def test_title_names_every_characteristic(syn08):
    html = views.title(syn08[1])._repr_html_()
    assert "Pay gaps 2026: sex, ethnicity, disability, sexual orientation, religion and age" in html
    assert "Gender pay gap" not in html


def test_small_bands_are_suppressed_in_publish_mode(syn08):
    res, pub = syn08
    shown = views.band_table(pub).data
    b = res.bands[res.bands["comparison"] == "sex"].set_index("level")["n_reference"]
    small = b[(b > 0) & (b < 5)].index
    assert len(small) > 0
    assert all(shown.loc[lv, "Men"] == "<5" for lv in small)
    assert all(shown.loc[lv, "Median gap"] == "<10" for lv in small)


def test_internal_mode_shows_everything(synthetic_root):
    _, pub = publish("SYN08", mode="internal")
    shown = views.band_table(pub).data
    assert not shown.map(lambda v: isinstance(v, str)).any().any()
    assert "Not for publication." in views.title(pub)._repr_html_()


def test_few_female_bonus_recipients_are_suppressed_with_a_caution(synthetic_root):
    res, pub = publish("SYN02", 2022)
    assert 0 < sex_row(res, 2022)["n_bonus_focus"] < 10
    table = views.headline_table(pub).data
    assert table.loc["Mean bonus gap", "2022"] == "fewer than 10 in a group"
    assert "bonus gaps can swing widely" in views.small_number_notes(pub)._repr_html_()


def test_no_female_bonus_recipients_reads_not_calculable(synthetic_root):
    data = load_trust("SYN02", 2022, params_dir=ROOT / "params")
    staff = data.staff().assign(bonus_pay_12m=data.staff()["bonus_pay_12m"].where(data.staff()["sex"] == "Male", 0.0))
    data = dataclasses.replace(data, inputs={2022: {**data.inputs[2022], "staff": staff}}, years=(2022,))
    pub = Policy(mode="internal").apply(results.compute(data))
    table = views.headline_table(pub).data
    assert table.loc["Mean bonus gap", "2022"] == "n/a (no one in one group)"
    assert display.fmt_pct(table.loc["Women receiving a bonus", "2022"]) == "0.0%"


def test_aggregate_hiding_a_subgroup_is_pointed_out(synthetic_root):
    _, pub = publish("SYN06")
    sentence = views.hidden_by_aggregate(pub)
    assert sentence and "UK-recruited" in sentence
    # the recruitment route table leads with it, so the board reads it beside the figures
    assert sentence in views.recruitment_route_table(pub)._repr_html_().replace("&#x27;", "'")


def test_no_view_quotes_a_hidden_gap():
    res = results.compute(trust(staff_table(base_rows(disabled=9))))
    pub = Policy().apply(res)
    row = pub.gaps[pub.gaps["comparison"] == "disability"].iloc[0]
    assert is_hidden(row["median_gap"])
    raw = res.gaps[res.gaps["comparison"] == "disability"].iloc[0]
    for view in (views.comparison_table(pub, "disability"), views.targets_view(pub)):
        html = view._repr_html_()
        for col in ("median_gap", "mean_gap", "median_gap_low", "median_gap_high"):
            assert f"{abs(raw[col]):.1f}%" not in html, col
    internal = views.comparison_table(Policy(mode="internal").apply(res), "disability")._repr_html_()
    assert f"{abs(raw['median_gap']):.1f}%" in internal  # the same figure, shown when not publishing


def test_views_refuse_unpublished_results(syn08):
    res, _ = syn08
    with pytest.raises(TypeError, match="published"):
        views.headline_table(res)


def test_method_notes_state_the_policys_thresholds(syn08):
    res, _ = syn08
    strict = Policy(min_count=7, min_pay_group=12, volatile_group=40)
    html = views.small_numbers_method(strict.apply(res))._repr_html_()
    assert "Counts of 1 to 6 are shown as &lt;7" in html and "fewer than 12 staff" in html and "under 40" in html
    assert "not for publication" in views.small_numbers_method(Policy(mode="internal").apply(res))._repr_html_()
