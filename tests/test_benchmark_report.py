"""Benchmarking across trusts: the tidy data set, pooled group figures, funnel positions, peers and the views."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis import benchmark_report as br, io as inputs
from edi_analysis.metrics import benchmark
from edi_analysis.views import display

ROOT = Path(__file__).resolve().parents[1]
CODES = ("SYN02", "SYN06", "SYN08")


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory, synthetic_root):
    params = [inputs.load_params(ROOT / "params" / f"{c}.yaml") for c in CODES]
    data = benchmark.dataset(params, 2026)
    path = tmp_path_factory.mktemp("bench") / "benchmark.csv"
    data.to_csv(path, index=False)
    return path


def test_one_row_per_trust_metric_and_group(dataset_file):
    data = pd.read_csv(dataset_file)
    assert list(data.columns) == benchmark.COLUMNS
    assert not data.duplicated(["trust_code", "metric", "group"]).any()
    assert set(data["trust_code"]) == set(CODES)
    staff = inputs.read_input(ROOT / "data" / "synthetic" / "SYN02" / "2026" / "staff.csv", "staff")
    assert data.query("trust_code == 'SYN02' and metric == 'Staff in post'")["value"].iloc[0] == (~staff["bank"]).sum()
    hidden = data[data["suppressed"]]
    assert hidden["value"].isna().all() and hidden["numerator"].isna().all()


def test_group_figures_are_pooled_counts(dataset_file):
    g = br.build_group("Lakes and Fells ICS (fictional)", 2026, benchmark_file=dataset_file)
    assert set(g.features.index) == {"SYN02", "SYN06"}
    rows = g.data[g.data["metric"] == "BME staff, % of workforce"]
    pooled = benchmark.pooled(g.data, "BME staff, % of workforce", None)
    assert pooled.iloc[0]["value"] == pytest.approx(rows["numerator"].sum() / rows["denominator"].sum() * 100)


def test_league_table_sets_apart_only_trusts_beyond_the_limits(dataset_file):
    g = br.build_group("all", 2026, benchmark_file=dataset_file)
    table = br.league_table(g, "Staff survey: harassment_colleagues").data
    assert set(table["Compared with the group"]) <= {"above the limits", "below the limits", "within the expected range",
                                                     "suppressed"}
    performers = table[table["High performer"] == "yes"]
    assert (performers["Compared with the group"] == "below the limits").all()
    assert isinstance(br.funnel_chart(g, "Staff survey: harassment_colleagues"), display.Figure)


def test_population_and_peers(dataset_file):
    g = br.build_group("all", 2026, benchmark_file=dataset_file)
    pop = br.population_table(g)
    if isinstance(pop, display.Table):
        assert set(pop.data.index) == set(CODES)
    peers = br.peers_table(g, "SYN02", 2).data
    assert len(peers) == 2 and "SYN02" not in peers.index
    assert "Distance = 1 if the trust type differs" in br.all_peers_table(g)._repr_html_()


def test_trust_comparison_and_missing_data_set(dataset_file):
    table = br.trust_comparison(str(dataset_file), "SYN06", 2026, "wres").data
    assert list(table.columns) == ["This trust", "System", "Region", "All trusts"]
    assert "BME staff, % of workforce" in table.index
    assert "No benchmark data set" in br.trust_comparison("", "SYN06", 2026)._repr_html_()
    assert isinstance(br.trust_peers("", "SYN06", 2026), display.Html)


@pytest.mark.slow
def test_pipeline_makes_the_data_set_and_group_reports(tmp_path, synthetic_root):
    from edi_analysis.pipeline import run as reports

    params_dir = tmp_path / "params"
    params_dir.mkdir()
    for code in CODES:
        p = yaml.safe_load((ROOT / "params" / f"{code}.yaml").read_text())
        p["data_dir"] = str(ROOT / "data" / "synthetic" / code)
        p["reference_data"] = str(ROOT.parent / "shared" / "data")
        (params_dir / f"{code}.yaml").write_text(yaml.safe_dump(p))
    out = tmp_path / "reports"
    outcomes = reports.build_all(params_dir, ROOT / "notebooks", out, notebooks=["benchmarking"], echo=lambda *_: None)
    assert sorted((o.name, o.status) for o in outcomes) == [
        ("benchmarking/all-trusts benchmarking 2026", "built"),
        ("benchmarking/lakes-and-fells-ics-fictional benchmarking 2026", "built")]
    assert pd.read_parquet(out / "2026" / "benchmark.parquet").shape[0] == pd.read_csv(out / "2026" / "benchmark.csv").shape[0]
    index = (out / "index.html").read_text()
    assert 'href="2026/benchmarking/all-trusts.html"' in index and "benchmark.parquet" in index
    again = reports.build_all(params_dir, ROOT / "notebooks", out, notebooks=["benchmarking"], echo=lambda *_: None)
    assert {o.status for o in again} == {"skipped"}
