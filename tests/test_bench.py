"""The benchmark: its table of ratios, its plain-Python floor, and the shape of bench/results.json."""

import json
import os
from pathlib import Path

import pytest

from edi_analysis.pipeline.bench import main, ratio_table, results_record, run_plain
from edi_analysis.pipeline.jobs import Job

ROOT = Path(__file__).resolve().parents[1]


def test_ratio_table_states_speed_up_against_baseline():
    text = ratio_table(40.0, [("pipeline, cold", 16.0), ("pipeline, warm", 0.1)])
    lines = text.splitlines()
    assert lines[2].endswith("1.00x")
    assert lines[3].startswith("pipeline, cold") and lines[3].endswith("2.50x")
    assert lines[4].endswith("400.00x")


def test_results_record_has_the_times_counts_and_ratios():
    record = results_record(naive=100.0, pipeline=20.0, floor=16.0, noop=0.5, reports_n=43, trusts=8, cores=2,
                            workers=2, pipeline_runs=[19.0, 20.0, 22.0], floor_runs=[16.0, 15.0, 17.0])
    assert {k: record[k] for k in ("naive_s", "pipeline_s", "floor_s", "noop_s", "reports", "trusts", "cores")} == {
        "naive_s": 100.0, "pipeline_s": 20.0, "floor_s": 16.0, "noop_s": 0.5, "reports": 43, "trusts": 8, "cores": 2}
    assert record["speedup_vs_naive"] == 5.0 and record["pipeline_over_floor"] == 1.25
    assert record["pipeline_runs_s"] == [19.0, 20.0, 22.0]


def test_plain_run_executes_every_cell_with_the_parameters_and_shows_the_last_value(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('name = "default"\nout = ""')
    params.metadata["tags"] = ["parameters"]

    nb.cells = [params, nbformat.v4.new_code_cell(
        "import pathlib\nclass Shown:\n    def _repr_html_(self):\n        pathlib.Path(out).write_text(name)\nShown()")]
    path = tmp_path / "plain.ipynb"
    nbformat.write(nb, str(path))
    job = Job(trust_code="X", trust_name="X", year=2026, notebook=path, params_file=None,
              out_file=tmp_path / "x.html", data_dir=tmp_path, code_hash="",
              parameters={"name": "given", "out": str(tmp_path / "shown.txt")})
    assert run_plain(job) >= 0
    assert (tmp_path / "shown.txt").read_text() == "given"


@pytest.mark.slow
def test_bench_writes_results_json_for_one_trust_and_one_notebook(tmp_path, synthetic_root, capsys):
    assert main(["--params", str(ROOT / "params"), "--notebooks", str(ROOT / "notebooks"), "--trust", "SYN02",
                 "--only", "wres", "--out", str(tmp_path / "bench")]) == 0
    record = json.loads((tmp_path / "bench" / "results.json").read_text())
    assert {"naive_s", "pipeline_s", "floor_s", "noop_s", "reports", "trusts", "cores", "speedup_vs_naive",
            "pipeline_over_floor"} <= set(record)
    assert (record["reports"], record["trusts"], record["cores"]) == (1, 1, os.cpu_count())
    assert all(record[k] > 0 for k in ("naive_s", "pipeline_s", "floor_s", "noop_s"))
    assert "floor (plain Python" in capsys.readouterr().out
