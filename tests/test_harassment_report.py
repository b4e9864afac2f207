"""The HIA 6 report: targets tracked, suggestions where none are set, suppression, and a 'so what' that follows the data."""

import re
from pathlib import Path

import pytest
import yaml

from edi_analysis.views import display
from edi_analysis import harassment_report as hr

ROOT = Path(__file__).resolve().parents[1]


def text(obj) -> str:
    return re.sub(r"<[^>]+>", " ", obj._repr_html_()).replace("&#x27;", "'")


@pytest.fixture(scope="module")
def rep(synthetic_root):
    return hr.build("SYN02", 2026, params_dir=ROOT / "params")


def test_question_maps_match_the_data(rep):
    assert rep.map_problems == ()
    assert set(rep.tables) >= {"harassment_public", "harassment_staff", "violence_public", "discrimination_staff",
                               "sexual_behaviour_staff", "harassment_reported"}


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
    rep = hr.build("SYN02", 2026, params_dir=tmp_path)
    assert len(rep.targets) == 2
    spec, table, target = rep.targets[0]
    assert target == pytest.approx(table.iloc[0]["value"] * 0.8)
    assert table.index.tolist() == [2022, 2023, 2024, 2025]
    assert set(table["status"]) <= {"on_track", "behind_within_uncertainty", "off_track", "insufficient_data"}
    html = text(hr.targets_view(rep))
    assert "Target: harassment, bullying or abuse from patients or the public to" in html
    assert "the gap between Disabled and Non-disabled staff" in html
    assert "Harassment, bullying or abuse from patients or the public" not in (
        text(hr.targets_view(rep)).split("Suggested targets")[-1] if "Suggested targets" in html else "")


def test_suggested_targets_where_none_are_set(rep):
    if rep.peers is None:
        pytest.skip("../shared/data is not beside the checkout")
    html = text(hr.targets_view(rep))
    assert "Suggested targets where the trust has set none" in html
    assert set(rep.suggestions) <= set(hr.KEY_MEASURES) and rep.suggestions


def test_small_groups_suppressed_in_group_tables(rep):
    table = hr.group_table(rep, "harassment_staff").data
    small = [g for g, r in rep.tables["harassment_staff"].iterrows() if r["responses"] < 11 and g[0] != "All staff"]
    assert small
    for dim, group in small:
        assert table.loc[f"{dim}: {group}", "% (95% CI)"] == "<11 responses"
        assert table.loc[f"{dim}: {group}", "Gap to reference"] == "–"


def test_so_what_has_three_findings_with_questions(rep):
    html = text(hr.so_what(rep))
    assert html.count("Board question:") == 3


def test_quarterly_charts_hidden_where_numbers_are_small(rep):
    html = text(hr.quarterly_charts(rep, "cases"))
    assert "not charted" in html
    internal = hr.build("SYN02", 2026, params_dir=ROOT / "params", sdc_mode="internal")
    assert "not charted" not in text(hr.quarterly_charts(internal, "cases"))


def test_triangulation_puts_the_sources_side_by_side(rep):
    table = hr.triangulation_table(rep, "Disability")
    assert isinstance(table, display.Table)
    sources = list(table.data.index)
    assert any(s.startswith("Staff survey") for s in sources) and "Violence and aggression incidents" in sources


def test_bad_target_is_a_clear_params_error(tmp_path):
    params = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    params["hia6_targets"] = [{"measure": "harassment_public", "baseline_year": 2022, "target_year": 2026}]
    (tmp_path / "SYN02.yaml").write_text(yaml.safe_dump(params))
    from edi_analysis.io import InputError, load_params

    with pytest.raises(InputError, match="give exactly one of target_value, relative_reduction or annual_reduction"):
        load_params(tmp_path / "SYN02.yaml")
