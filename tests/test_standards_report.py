"""WRES and WDES reports: every indicator present, subgroup findings, suppression and the submission export."""

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis.views import display
from edi_analysis import standards_report as sr

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wres_rep(synthetic_root):
    return sr.build("SYN06", 2026, "WRES", params_dir=ROOT / "params")


@pytest.fixture(scope="module")
def wdes_rep(synthetic_root):
    return sr.build("SYN06", 2026, "WDES", params_dir=ROOT / "params")


def text(obj) -> str:
    return re.sub(r"<[^>]+>", " ", obj._repr_html_()).replace("&#x27;", "'")


def test_wres_has_every_indicator(wres_rep):
    sub = sr.submission_table(wres_rep)
    assert set(sub["indicator"]) == {str(i) for i in range(1, 10)}
    assert {"5", "6", "7", "8"} <= set(wres_rep.survey_results[2026])


def test_wdes_has_every_metric(wdes_rep):
    sub = sr.submission_table(wdes_rep)
    assert set(sub["indicator"]) == {"1", "2", "3", "4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7", "8", "10"}
    assert "Engagement score" in text(sr.engagement_table(wdes_rep))
    assert "facilitate the voices of disabled staff" in text(sr.voice_text(wdes_rep))
    assert "Cluster 4: AfC bands 8c-9 and VSM" in set(wdes_rep.representation.index.get_level_values("level"))


def test_relative_likelihood_columns_follow_the_orientation(wres_rep):
    t2 = sr.likelihood_table(wres_rep, "2").data
    assert list(t2.columns[:4]) == ["White: events", "White: applicants", "BME: events", "BME: applicants"]
    t3 = sr.likelihood_table(wres_rep, "3").data
    assert list(t3.columns[:2]) == ["BME: events", "BME: staff"]
    assert t3.index.tolist() == ["Pooled 2025-2026", "Single year 2026"]
    a = wres_rep.appointment[2026]
    assert t2.iloc[0]["White: events"] == a["focus_events"] and t2.iloc[0]["Relative likelihood"] == f"{a['rl']:.2f}"


def test_aggregate_hiding_a_subgroup_is_reported_for_the_trust_built_to_show_it(wres_rep):
    findings = text(sr.key_findings(wres_rep))
    assert "The aggregate hides a worse figure for a subgroup: UK-recruited (recruitment route)" in findings
    route = wres_rep.subgroups["process_route"].xs("pooled", level="basis")
    agg = wres_rep.process.loc[("All staff", "pooled")]
    assert route.loc["UK-recruited", "rl"] > agg["rl"]


def test_disciplinary_and_capability_are_never_mixed(wres_rep, wdes_rep):
    assert "disciplinary" in sr.likelihood_table(wres_rep, "3").caption
    assert "capability" not in sr.likelihood_table(wres_rep, "3").caption
    assert "capability process (performance only)" in sr.likelihood_table(wdes_rep, "3").caption


def test_small_counts_suppressed_in_tables_and_export(wres_rep):
    sub = sr.submission_table(wres_rep)
    hidden = sub[sub["suppressed"]]
    assert len(hidden) > 0 and (hidden["numerator"] == "<5").all() and hidden["value"].isna().all()
    board = sr.board_table(wres_rep).data
    for label, row in wres_rep.board.iterrows():
        shown = board.loc[label, "BME"]
        assert shown == ("<5" if 0 < row["focus"] < 5 else row["focus"])
        assert (board.loc[label, "Difference (pp)"] == "suppressed") == (0 < row["focus"] < 5)


def test_internal_mode_and_board_setting_show_everything(tmp_path, synthetic_root):
    params = yaml.safe_load((ROOT / "params" / "SYN06.yaml").read_text())
    params["data_dir"] = str(ROOT / "data" / "synthetic" / "SYN06")
    params["sdc"]["suppress_board"] = False
    (tmp_path / "SYN06.yaml").write_text(yaml.safe_dump(params))
    rep = sr.build("SYN06", 2026, "WRES", params_dir=tmp_path)
    assert not sr.board_table(rep).data.map(lambda v: v == "suppressed").any().any()
    internal = sr.build("SYN06", 2026, "WRES", params_dir=ROOT / "params", sdc_mode="internal")
    assert not sr.submission_table(internal)["suppressed"].any()


def test_export_writes_csv_and_links_it(wres_rep, tmp_path):
    note = sr.export_submission(wres_rep, str(tmp_path))
    csv = tmp_path / "wres_submission.csv"
    assert csv.exists() and 'href="wres_submission.csv"' in note._repr_html_()
    frame = pd.read_csv(csv, dtype=str)
    assert list(frame.columns[:4]) == ["standard", "trust_code", "year", "indicator"]
    assert isinstance(sr.export_submission(wres_rep, ""), display.Html)


def test_year_on_year_covers_every_year(wres_rep):
    t = sr.trend_table(wres_rep).data
    assert [c for c in t.columns if c.isdigit()] == ["2022", "2023", "2024", "2025", "2026"]
    assert t.loc["1. BME % of workforce", "Change since last year"].endswith("noise)")


def test_declaration_view_states_the_range(wdes_rep):
    assert "survey" in text(sr.declaration_view(wdes_rep))


def test_population_comparison_uses_the_catchment(wres_rep, tmp_path):
    if wres_rep.population is None:
        pytest.skip("../shared/data is not beside the checkout")
    t = wres_rep.population
    assert t.index[0] == "Catchment population" and t.loc["Catchment population"].drop("n").sum() == pytest.approx(100)
    assert "catchment_las" in wres_rep.population_source
    params = yaml.safe_load((ROOT / "params" / "SYN06.yaml").read_text())
    params.update(data_dir=str(ROOT / "data" / "synthetic" / "SYN06"), catchment_las=[])
    params.pop("reference_data")
    (tmp_path / "SYN06.yaml").write_text(yaml.safe_dump(params))
    rep = sr.build("SYN06", 2026, "WRES", params_dir=tmp_path)
    assert "reference_data" in text(sr.population_view(rep))
