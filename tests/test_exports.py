"""The pipeline's exports stage: workbooks and the tidy table made in the benchmark pass, skipped when up to date."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from edi_analysis import io as inputs
from edi_analysis.pipeline import exports
from edi_analysis.pipeline.cache import code_fingerprint
from edi_analysis.pipeline.run import benchmark_stage
from edi_analysis.views import workbook

ROOT = Path(__file__).resolve().parents[1]


def _params(tmp_path: Path, code: str, data_dir: Path) -> inputs.TrustParams:
    p = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    p.update(trust_code=code, data_dir=str(data_dir), reference_data=str(ROOT / "data" / "reference"))
    path = tmp_path / "params" / f"{code}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(p))
    return inputs.load_params(path)


def test_paths(tmp_path):
    assert exports.workbook_path(tmp_path, "RXX", 2026) == tmp_path.resolve() / "2026" / "RXX" / (
        "RXX-2026-equality-tables.xlsx")
    assert exports.tidy_path(tmp_path, 2026).name == "equality-tables.csv"
    assert not exports.exports_present(tmp_path, 2026, ["RXX"])


@pytest.mark.slow
def test_the_benchmark_pass_writes_each_workbook_and_the_tidy_table(tmp_path, synthetic_root):
    good = _params(tmp_path, "SYN02", ROOT / "data" / "synthetic" / "SYN02")
    bad = _params(tmp_path, "BAD01", tmp_path / "no-data")
    out = tmp_path / "reports"
    kept = exports.workbook_path(out, "BAD01", 2026)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"earlier workbook")
    said = []
    run = {"workers": 1, "mode": None, "code_hash": code_fingerprint(), "force": False, "echo": said.append}
    assert benchmark_stage([good, bad], out, **run) == {2026: {"SYN02"}}
    assert kept.read_bytes() == b"earlier workbook"  # a trust that cannot be read keeps its earlier workbook
    path = exports.workbook_path(out, "SYN02", 2026)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["README", "Pay gaps", "WRES", "WDES", "Bullying and harassment", "Trends"]
    tidy = pd.read_csv(exports.tidy_path(out, 2026), dtype=str, keep_default_na=False)
    assert set(tidy["trust_code"]) == {"SYN02"}
    assert set(tidy["report"]) == {"Pay gaps", "WRES", "WDES", "Bullying and harassment", "Trends"}
    # the tidy table and the benchmark data set are the same published cells: the staff in post agree
    bench = pd.read_csv(out / "2026" / "benchmark.csv")
    in_post = bench.query("metric == 'Staff in post'")["value"].iloc[0]
    wres_total = tidy.query("report == 'WRES' and table == 'representation' and group_2 == 'All staff' "
                            "and group_3 == 'All levels' and measure == 'All staff'")
    assert float(wres_total["value"].iloc[0]) == in_post
    # the same hidden markers in the workbook as in the tidy table
    hidden = tidy[(tidy["suppressed"] == "True") & (tidy["report"] == "WRES")]
    ws = book["WRES"]
    markers = {c.value for row in ws.iter_rows() for c in row if c.value in ("<5", "*", "suppressed")}
    assert set(hidden["marker"]) == markers
    stamp = path.stat().st_mtime_ns
    said.clear()
    benchmark_stage([good, bad], out, **run)
    assert said == ["Benchmark data set 2026: up to date"] and path.stat().st_mtime_ns == stamp
    path.unlink()  # a missing workbook makes the stage run again
    benchmark_stage([good, bad], out, **run)
    assert path.exists() and workbook.file_name("SYN02", 2026) == path.name
